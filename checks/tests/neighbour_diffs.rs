//! A diff of two neighbouring parts' `lib.rs` is the lesson, so it must stay
//! the technique and nothing else. Each part's README shows that diff (the
//! block after `<!-- diff: … -->`): this checks that the block is the real
//! diff of today's files, and that the diff stays within its budget of
//! changed code lines (comments and blank lines not counted). The diff of
//! the whole `src/` (`lib.rs` and `main.rs`: the mistakes sit beside it)
//! stays within [`SRC_LINES`] changed lines, comments included.
//!
//! These are the maintainers' checks, not a learner's: a learner changes a
//! part's code on purpose and should meet that part's own tests first. So
//! they are `#[ignore]`d in `cargo test --workspace`, and `.ci/run` runs
//! them with `cargo test -p checks --test neighbour_diffs -- --ignored`.
//! After changing a part's `lib.rs`, refresh the READMEs' blocks with
//! `UPDATE_DIFFS=1 cargo test -p checks --test neighbour_diffs -- --ignored`
//! (which then fails, having rewritten them), and run it again without.

use std::fs;
use std::path::{Path, PathBuf};

use similar::{ChangeTag, TextDiff};

/// (previous part, part, most changed code lines).
const TRANSITIONS: [(&str, &str, usize); 6] = [
    ("part-01-sequential", "part-02-threads", 23),
    ("part-02-threads", "part-03-mutex", 18),
    ("part-03-mutex", "part-04-channels", 15),
    ("part-04-channels", "part-05-worker-pool", 35),
    ("part-05-worker-pool", "part-06-deadlines", 7),
    ("part-06-deadlines", "part-07-shutdown", 36),
];

/// The most lines, added or removed, in a diff of two neighbours' `src/`.
const SRC_LINES: usize = 150;

/// The most lines a README's "Key change" section may take, prose included.
const SECTION_LINES: usize = 150;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lib_rs(part: &str) -> String {
    let path = workspace().join(part).join("src/lib.rs");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn unified_diff(from: &str, to: &str) -> String {
    TextDiff::from_lines(lib_rs(from), lib_rs(to))
        .unified_diff()
        .context_radius(3)
        .header(&format!("{from}/src/lib.rs"), &format!("{to}/src/lib.rs"))
        .to_string()
}

fn is_code(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with("//")
}

/// Claim: each transition changes at most its budget of code lines in
/// `lib.rs` (trimmed, comments and blank lines left out).
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn each_transition_stays_within_its_budget_of_changed_code_lines() {
    for (from, to, budget) in TRANSITIONS {
        // The code lines alone, trimmed: indentation and comments are not
        // the lesson's, so a line that only moved in or out does not count.
        let code = |text: String| -> String {
            let lines = text.lines().map(str::trim).filter(|line| is_code(line));
            lines.map(|line| format!("{line}\n")).collect()
        };
        let (old, new) = (code(lib_rs(from)), code(lib_rs(to)));
        let changed = TextDiff::from_lines(&old, &new)
            .iter_all_changes()
            .filter(|change| change.tag() != ChangeTag::Equal)
            .count();
        assert!(
            changed <= budget,
            "{from} -> {to}: {changed} code lines changed, more than the {budget} the lesson allows; \
             does the diff show something besides the technique?"
        );
    }
}

/// Claim: the workspace README's table of budgets is the one this check holds.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn the_readme_states_the_budgets_this_check_holds() {
    let readme = fs::read_to_string(workspace().join("README.md")).expect("README.md");
    for (step, (_, _, budget)) in TRANSITIONS.iter().enumerate() {
        let row = format!("| {} → {} |", step + 1, step + 2);
        let line = readme
            .lines()
            .find(|line| line.starts_with(&row))
            .unwrap_or_else(|| panic!("README.md has no budget row `{row}`"));
        assert!(
            line.trim_end().ends_with(&format!("| {budget} |")),
            "README.md's row `{line}` does not give the budget {budget} that this check holds"
        );
    }
}

/// The files in `part`'s `src/`, by name.
fn src_files(part: &str) -> Vec<String> {
    let dir = workspace().join(part).join("src");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Claim: a diff of two neighbours' whole `src/` stays within [`SRC_LINES`] changed lines.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn each_transition_of_the_whole_src_stays_within_its_budget() {
    for (from, to, _) in TRANSITIONS {
        let mut names = src_files(from);
        names.extend(src_files(to));
        names.sort();
        names.dedup();
        let read = |part: &str, name: &str| {
            fs::read_to_string(workspace().join(part).join("src").join(name)).unwrap_or_default()
        };
        let changed: usize = names
            .iter()
            .map(|name| {
                let (old, new) = (read(from, name), read(to, name));
                TextDiff::from_lines(&old, &new)
                    .iter_all_changes()
                    .filter(|change| change.tag() != ChangeTag::Equal)
                    .count()
            })
            .sum();
        assert!(
            changed <= SRC_LINES,
            "{from}/src -> {to}/src: {changed} lines changed, more than {SRC_LINES}: does the \
             diff of the whole crate show something besides the technique and its knob?"
        );
    }
}

/// Checks that the block after `marker` in the README at `readme` (a path
/// under the workspace) is `diff`. With `UPDATE_DIFFS` set, writes `diff`
/// there instead and still fails, so that a run that rewrote a README never
/// passes: run again without it.
fn check_block(readme: &str, marker: &str, diff: &str) {
    let path = workspace().join(readme);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{readme}: {e}"));
    let marker = format!("<!-- diff: {marker} -->\n```diff\n");
    let start = text
        .find(&marker)
        .unwrap_or_else(|| panic!("{readme} has no `{}` block", marker.trim()))
        + marker.len();
    let end = start + text[start..].find("```\n").expect("the block is closed");
    if text[start..end] == *diff {
        return;
    }
    if std::env::var_os("UPDATE_DIFFS").is_some() {
        fs::write(&path, format!("{}{diff}{}", &text[..start], &text[end..]))
            .expect("the README is writable");
        panic!(
            "{readme}: its `{}` block is refreshed; run again without UPDATE_DIFFS",
            marker.trim()
        );
    }
    panic!(
        "{readme} shows a stale `{}` block: refresh it with \
         `UPDATE_DIFFS=1 cargo test -p checks --test neighbour_diffs -- --ignored`",
        marker.trim()
    );
}

/// Claim: each part's README shows the real diff of its `lib.rs` against the previous part's.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn each_readme_shows_the_real_diff_from_the_previous_part() {
    for (from, to, _) in TRANSITIONS {
        check_block(
            &format!("{to}/README.md"),
            &format!("{from} {to}"),
            &unified_diff(from, to),
        );
    }
}

/// The function `name`, from its doc comment to its closing brace, in `path`.
fn function(path: &str, name: &str) -> String {
    let source = fs::read_to_string(workspace().join(path)).expect("the file exists");
    let start = source
        .find(&format!("pub fn {name}("))
        .unwrap_or_else(|| panic!("{path} has no `pub fn {name}`"));
    let doc = source[..start].rfind("\n\n").map_or(0, |blank| blank + 2);
    let end = start + source[start..].find("\n}\n").expect("the function ends") + 3;
    source[doc..end].to_owned()
}

/// Claim: Part 2's README shows the real diff from `process_all` to its
/// scoped-threads alternative: what `Arc` and `'static` were for.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn part_2_readme_shows_the_real_diff_to_scoped_threads() {
    let old = function("part-02-threads/src/lib.rs", "process_all");
    let new = function("part-02-threads/examples/scoped.rs", "process_all_scoped");
    let diff = TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(
            "process_all (lib.rs)",
            "process_all_scoped (examples/scoped.rs)",
        )
        .to_string();
    check_block(
        "part-02-threads/README.md",
        "process_all process_all_scoped",
        &diff,
    );
}

/// Claim: each README's "Key change" section, diff and prose, fits in 150 lines.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn each_key_change_section_fits_in_150_lines() {
    for (_, to, _) in TRANSITIONS {
        let readme = fs::read_to_string(workspace().join(to).join("README.md")).expect("README");
        let section: Vec<&str> = readme
            .lines()
            .skip_while(|line| !line.starts_with("## Key change"))
            .collect();
        assert!(
            !section.is_empty(),
            "{to}/README.md has no `## Key change` section"
        );
        let length = 1 + section[1..]
            .iter()
            .take_while(|l| !l.starts_with("## "))
            .count();
        assert!(
            length <= SECTION_LINES,
            "{to}/README.md: the Key change section is {length} lines, over {SECTION_LINES}"
        );
    }
}
