//! What a learner reaches from a part stays small: `common/src/lib.rs` and
//! the files of `common` that define what the parts' `lib.rs` name (one
//! go-to-definition away) hold at most [`BUDGET`] code lines outside
//! `#[cfg(test)]`, and none of them is test support.
//!
//! A maintainers' check, like `neighbour_diffs.rs`: `#[ignore]`d in `cargo
//! test --workspace`, run by `.ci/run` with `-- --ignored`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The most code lines (not blank, not a comment) a learner reaches.
const BUDGET: usize = 400;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The parts' `lib.rs`, by path.
fn parts() -> Vec<PathBuf> {
    let mut parts: Vec<PathBuf> = fs::read_dir(workspace())
        .expect("the workspace")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            name.starts_with("part-0").then(|| path.join("src/lib.rs"))
        })
        .collect();
    parts.sort();
    parts
}

/// The names a part's `lib.rs` takes from `common`: in `use common::…`
/// lines (braces included) and in paths such as `common::sync::Arc`.
fn names_from_common(source: &str) -> BTreeSet<String> {
    let text: String = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices("common::") {
        let path = &text[at + "common::".len()..];
        let end = path
            .find(|c: char| !(c.is_alphanumeric() || "_:{}, ".contains(c)))
            .unwrap_or(path.len());
        let path = &path[..end];
        // `use common::{a, b}` ends at its `;`; a path in code, at the first
        // character that is not part of a path.
        let path = match path.find('{') {
            Some(open) if !path[..open].contains(' ') => {
                &path[..path.find('}').map_or(path.len(), |close| close + 1)]
            }
            _ => path.split(' ').next().unwrap_or_default(),
        };
        for name in path.split(|c: char| "{}, :".contains(c)) {
            if !name.is_empty() && name != "self" {
                names.insert(name.to_owned());
            }
        }
    }
    names
}

/// Where `name` is defined in `common/src`: its module file, or the file
/// with its `pub` item.
fn definition(name: &str, files: &[PathBuf]) -> Option<PathBuf> {
    let src = workspace().join("common/src");
    for module in [
        src.join(format!("{name}.rs")),
        src.join(name).join("mod.rs"),
    ] {
        if module.exists() {
            return Some(module);
        }
    }
    let kinds = ["fn", "struct", "enum", "const", "trait", "type", "static"];
    files
        .iter()
        .find(|file| {
            read(file).lines().any(|line| {
                let line = line.trim_start();
                kinds.iter().any(|kind| {
                    line.strip_prefix(&format!("pub {kind} {name}"))
                        .is_some_and(|rest| {
                            !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                        })
                })
            })
        })
        .cloned()
}

/// Every `.rs` file of `common/src`, test support included.
fn common_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("common/src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            common_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The names the sync shim re-exports in a normal build: each `pub use`
/// under a `#[cfg(not(…loom…))]`, such as `crossbeam_channel as channel`
/// and `std::thread`.
fn shim_reexports() -> BTreeSet<String> {
    let sync = read(&workspace().join("common/src/sync.rs"));
    let mut names = BTreeSet::new();
    for (_, after) in sync
        .match_indices("#[cfg(not(")
        .map(|(at, _)| sync.split_at(at))
    {
        let (cfg, rest) = after.split_once('\n').expect("a line after the cfg");
        if !cfg.contains("loom") {
            continue;
        }
        let Some(statement) = rest.trim_start().strip_prefix("pub use ") else {
            continue;
        };
        let (statement, _) = statement.split_once(';').expect("a `pub use` statement");
        names.extend(
            statement
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|word| !word.is_empty())
                .map(str::to_owned),
        );
    }
    assert!(
        names.contains("thread") && names.contains("channel"),
        "sync.rs re-exports the real crates under cfg(not(loom)): {names:?}"
    );
    names
}

fn is_test_support(file: &Path) -> bool {
    file.components().any(|part| part.as_os_str() == "testing")
}

/// Code lines before the file's first `#[cfg(test)]`: not blank, not a comment.
fn code_lines(file: &Path) -> usize {
    read(file)
        .lines()
        .take_while(|line| !line.starts_with("#[cfg(test)]"))
        .filter(|line| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with("//")
        })
        .count()
}

/// Claim: what a learner reaches from the parts' `lib.rs` in `common` is at
/// most 400 code lines, and none of it is test support.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn a_learner_reaches_at_most_400_code_lines_of_common() {
    let mut files = Vec::new();
    common_files(&workspace().join("common/src"), &mut files);
    files.sort();
    let mut reached = BTreeSet::from([workspace().join("common/src/lib.rs")]);
    for part in parts() {
        for name in names_from_common(&read(&part)) {
            match definition(&name, &files) {
                // The shim's names are the real crates' (`Arc` is std's, the
                // loom model of `Mutex` is test support), reached through
                // `sync.rs`, which is counted by its module's name.
                Some(file) if is_test_support(&file) && shim_reexports().contains(&name) => {}
                None if shim_reexports().contains(&name) => {}
                Some(file) if is_test_support(&file) => panic!(
                    "{} names `{name}` from common, which is test support ({}): a learner's \
                     code must not reach it",
                    part.display(),
                    file.display()
                ),
                Some(file) => {
                    reached.insert(file);
                }
                None => panic!(
                    "{} names `{name}` from common, which defines it nowhere",
                    part.display()
                ),
            }
        }
    }
    let lines: Vec<(usize, String)> = reached
        .iter()
        .map(|file| {
            let shown = file.strip_prefix(workspace()).unwrap_or(file);
            (code_lines(file), shown.display().to_string())
        })
        .collect();
    let total: usize = lines.iter().map(|(count, _)| count).sum();
    assert!(
        lines.iter().any(|(_, file)| file.ends_with("sync.rs")),
        "the sync shim is not counted: {lines:?}"
    );
    assert!(
        total <= BUDGET,
        "a learner reaches {total} code lines of common from the parts' lib.rs, more than \
         {BUDGET}: {lines:?}. Does machinery (test support, the report's arithmetic) sit in a \
         file a learner opens? Move it to a module of its own."
    );
    assert!(parts().len() >= 5, "the parts were not found");
}

/// Claim: the names are read the way a learner's go-to-definition finds them.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn names_are_read_from_use_lines_and_paths() {
    let source = "use common::Part;\nuse common::sync::{Arc, channel, thread};\n\
                  // common::Ignored\nlet x = common::MAX_THREADS;";
    let names: Vec<String> = names_from_common(source).into_iter().collect();
    assert_eq!(
        names,
        ["Arc", "MAX_THREADS", "Part", "channel", "sync", "thread"]
    );
}
