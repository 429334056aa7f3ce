//! Each README's test table maps its claims to the tests that prove them,
//! and names the file each test is in, so that a reader can open it. This
//! holds every such table to the code: each test a table lists must be
//! defined, as a test, in the file the table names.
//!
//! A test table is one whose header is `| claim | test |` or
//! ``| claim | test in `FILE` |``. In a row's test cell, `` `FILE`: ``
//! names the file for that row and the rows below it, until the next one;
//! every other `` `name` `` that is a Rust identifier, outside parentheses,
//! is a test. Paths are relative to the README's folder. A test is a `fn`
//! under `#[test]` (or `#[tokio::test]`), or a contract's `claim! { … }`,
//! which its includers turn into tests.
//!
//! A maintainers' check, like `neighbour_diffs.rs`: `#[ignore]`d in `cargo
//! test --workspace`, so that a learner who changes a part meets that
//! part's own tests first; `.ci/run` runs it with `-- --ignored`.

use std::fs;
use std::path::{Path, PathBuf};

/// The READMEs that must have a test table: a check that finds no table
/// would pass for nothing.
const WITH_TABLES: [&str; 9] = [
    "part-01-sequential/README.md",
    "part-02-threads/README.md",
    "part-03-mutex/README.md",
    "part-04-channels/README.md",
    "part-05-worker-pool/README.md",
    "part-06-deadlines/README.md",
    "part-07-shutdown/README.md",
    "compare/README.md",
    "bonus-async-tasks/README.md",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One test a table lists: where the table is, and where it says the test is.
#[derive(Debug)]
struct Listed {
    readme: String,
    line: usize,
    file: String,
    test: String,
}

/// Claim: every test a README's table lists is defined, as a test, in the file the table names.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn each_readme_table_names_the_file_that_holds_each_test() {
    let readmes = readmes(&workspace(), "");
    for required in WITH_TABLES {
        assert!(
            readmes.iter().any(|readme| readme == required),
            "{required} is missing"
        );
    }
    let mut listed = Vec::new();
    let mut errors = Vec::new();
    for readme in &readmes {
        let text = fs::read_to_string(workspace().join(readme)).expect("a README is readable");
        match tables(readme, &text) {
            Ok(tests) => listed.extend(tests),
            Err(error) => errors.push(error),
        }
    }
    for required in WITH_TABLES {
        assert!(
            listed.iter().any(|test| test.readme == required),
            "{required} has no test table (`| claim | test |`) that lists a test"
        );
    }
    errors.extend(listed.iter().filter_map(misplaced));
    assert!(
        errors.is_empty(),
        "{} of {} tests listed in the READMEs' tables are not where the table says:\n  {}",
        errors.len(),
        listed.len(),
        errors.join("\n  ")
    );
}

/// Every `README.md` under `dir` (a path relative to the workspace), build
/// output and hidden folders left out.
fn readmes(root: &Path, dir: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(root.join(dir))
        .expect("a folder of the workspace is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let relative = if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        };
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                found.extend(readmes(root, &relative));
            }
        } else if name == "README.md" {
            found.push(relative);
        }
    }
    found
}

/// The tests listed in `readme`'s test tables, each with the file it is
/// listed under; or why a row cannot be read.
fn tables(readme: &str, text: &str) -> Result<Vec<Listed>, String> {
    let mut listed = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((_, line)) = lines.next() {
        let header = cells(line);
        let is_test_table = header.len() >= 2
            && header[0] == "claim"
            && header[1].starts_with("test")
            && lines.peek().is_some_and(|(_, next)| next.starts_with("|-"));
        if !is_test_table {
            continue;
        }
        lines.next();
        let mut file = spans(&header[1])
            .into_iter()
            .find(|span| span.ends_with(".rs"));
        while let Some((index, row)) = lines.next_if(|(_, row)| row.starts_with('|')) {
            let line = index + 1;
            let cells = cells(row);
            let Some(cell) = cells.get(1) else {
                return Err(format!("{readme}:{line}: a row with no test cell"));
            };
            for (span, names_a_file) in test_cell(cell) {
                if names_a_file {
                    file = Some(span);
                } else if is_identifier(&span) {
                    let Some(file) = file.clone() else {
                        return Err(format!(
                            "{readme}:{line}: `{span}` is listed before any file is named"
                        ));
                    };
                    listed.push(Listed {
                        readme: readme.to_owned(),
                        line,
                        file,
                        test: span,
                    });
                }
            }
        }
    }
    Ok(listed)
}

/// A table row's cells, trimmed; `\|` stays inside its cell.
fn cells(row: &str) -> Vec<String> {
    let Some(inner) = row.trim().strip_prefix('|') else {
        return Vec::new();
    };
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cells.last_mut().expect("one cell").push(c);
                if let Some(next) = chars.next() {
                    cells.last_mut().expect("one cell").push(next);
                }
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().expect("one cell").push(c),
        }
    }
    cells.pop(); // what follows the closing `|`
    cells
        .into_iter()
        .map(|cell| cell.trim().to_owned())
        .collect()
}

/// The `` `code` `` spans of a test cell outside parentheses, each with
/// whether it names a file (`` `tests/cli.rs`: ``).
fn test_cell(cell: &str) -> Vec<(String, bool)> {
    let mut outside = String::new();
    let mut depth = 0_usize;
    let mut in_code = false;
    for c in cell.chars() {
        match c {
            '`' => in_code = !in_code,
            '(' if !in_code => depth += 1,
            ')' if !in_code && depth > 0 => {
                depth -= 1;
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            outside.push(c);
        }
    }
    let mut found = Vec::new();
    let mut rest = outside.as_str();
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else {
            break;
        };
        let span = &rest[start + 1..start + 1 + len];
        rest = &rest[start + len + 2..];
        let names_a_file = span.ends_with(".rs") && rest.trim_start().starts_with(':');
        found.push((span.to_owned(), names_a_file));
    }
    found
}

fn spans(cell: &str) -> Vec<String> {
    test_cell(cell).into_iter().map(|(span, _)| span).collect()
}

fn is_identifier(span: &str) -> bool {
    span.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && span
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What is wrong with where `listed` says its test is, if anything.
fn misplaced(listed: &Listed) -> Option<String> {
    let Listed {
        readme,
        line,
        file,
        test,
    } = listed;
    let folder = Path::new(readme).parent().expect("a README is in a folder");
    let path = workspace().join(folder).join(file);
    let Ok(source) = fs::read_to_string(&path) else {
        return Some(format!(
            "{readme}:{line}: `{test}` is listed under {file}, which does not exist"
        ));
    };
    if defines_test(&source, test) {
        return None;
    }
    let elsewhere: Vec<String> = rust_files(&workspace().join(folder), "")
        .into_iter()
        .filter(|other| other != file)
        .filter(|other| {
            fs::read_to_string(workspace().join(folder).join(other))
                .is_ok_and(|source| defines_test(&source, test))
        })
        .collect();
    Some(if elsewhere.is_empty() {
        format!(
            "{readme}:{line}: `{test}` is listed under {file}, and no test of that name exists in {}",
            folder.display()
        )
    } else {
        format!(
            "{readme}:{line}: `{test}` is listed under {file}, but is defined in {}",
            elsewhere.join(", ")
        )
    })
}

/// Whether `source` defines a test named `name`: a `fn` under `#[test]`
/// (or an async runtime's `#[…::test]`), or a contract's `claim!`.
fn defines_test(source: &str, name: &str) -> bool {
    let lines: Vec<&str> = source.lines().collect();
    lines.iter().enumerate().any(|(index, line)| {
        let line = line.trim_start();
        let declared = ["fn ", "async fn ", "pub fn "]
            .iter()
            .any(|prefix| line.starts_with(&format!("{prefix}{name}(")));
        declared && {
            // The attributes and doc comments above the `fn`, then what is above them.
            let above = lines[..index]
                .iter()
                .rev()
                .map(|line| line.trim())
                .take_while(|line| line.starts_with("#[") || line.starts_with("//"));
            let mut is_test = false;
            let mut attributes = 0;
            for attribute in above {
                attributes += 1;
                is_test |= attribute == "#[test]" || attribute.ends_with("::test]");
            }
            let opening = index
                .checked_sub(attributes + 1)
                .map(|above| lines[above].trim());
            is_test || opening == Some("claim! {")
        }
    })
}

/// Every `.rs` file under `dir` (relative to `root`), build output left out.
fn rust_files(root: &Path, dir: &str) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for path in entries.map(|entry| entry.expect("a folder entry").path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let relative = if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        };
        if path.is_dir() && name != "target" && !name.starts_with('.') {
            found.extend(rust_files(root, &relative));
        } else if name.ends_with(".rs") {
            found.push(relative);
        }
    }
    found.sort();
    found
}

/// Claim: the table reader reads a file prefix, a header's file, several
/// tests in a cell, and leaves parentheses, commands and escaped pipes alone.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn the_table_reader_reads_the_tables_as_written() {
    let readme = "\
| claim | test in `tests/pipeline.rs` |
|---|---|
| a (with `a_parenthesis`) | `first` (`cargo test` runs it: `not_a_test`) |
| b \\| c | `tests/cli.rs`: `second`, `third` |
| d | `fourth` |
| e | `cargo bench -p compare -- capacity`: a measurement |

| claim | test |
|---|---|
| f | `examples/scoped.rs`: `fifth` |
";
    let listed = tables("README.md", readme).expect("the tables are readable");
    let read: Vec<(&str, &str)> = listed
        .iter()
        .map(|l| (l.file.as_str(), l.test.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("tests/pipeline.rs", "first"),
            ("tests/cli.rs", "second"),
            ("tests/cli.rs", "third"),
            ("tests/cli.rs", "fourth"),
            ("examples/scoped.rs", "fifth"),
        ]
    );
    let contract = "claim! {\n    /// Claim: one.\n    fn claimed() {}\n}\n";
    let tests = "#[test]\n#[ignore = \"x\"]\nfn tested() {}\n\nfn helper() {}\n";
    assert!(defines_test(contract, "claimed"));
    assert!(defines_test(tests, "tested"));
    assert!(!defines_test(tests, "helper"), "a helper is not a test");
    assert!(!defines_test(tests, "test"), "a prefix is not a name");
}
