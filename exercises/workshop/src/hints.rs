//! An exercise's hints file (`exercises/ex-0N-*/HINTS.md`), cut into the
//! sections the runner prints as written. The file is Markdown for a learner
//! to read; the parser only finds its sections, in this order:
//!
//! - `## Hint 1`, `## Hint 2`, `## Hint 3`: each may open with a `Covers:`
//!   line and a list of the checks it answers, one `` - `check_name` `` a
//!   line; the rest of the section is the hint.
//! - `## Break it`: a list of tasks, each a `- ` item whose other lines are
//!   indented.
//!
//! Text before the first section (a title, a word on how to use the file)
//! is the reader's and is never printed. A `## ` line inside a fenced code
//! block is code, not a section.

use std::fmt;

/// One exercise's hints and break-it tasks, as written in its hints file.
#[derive(Debug)]
pub struct Hints<'a> {
    /// The three graded hints, hint 1 first.
    pub hints: [Hint<'a>; 3],
    /// The break-it tasks, each as written: its `- ` line and the lines
    /// indented under it.
    pub break_it: Vec<&'a str>,
}

/// One graded hint.
#[derive(Debug)]
pub struct Hint<'a> {
    /// The checks whose failure this hint answers.
    pub covers: Vec<&'a str>,
    /// The hint, as written.
    pub text: &'a str,
}

impl Hints<'_> {
    /// The hint (1 to 3) that covers the failing check `name`.
    pub fn covering(&self, name: &str) -> Option<usize> {
        self.hints
            .iter()
            .position(|hint| hint.covers.contains(&name))
            .map(|index| index + 1)
    }
}

/// Why a hints file cannot be read, and at which line.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed {
    /// The line, from 1, where the file stops making sense.
    pub line: usize,
    /// What is wrong there, and what the parser expected.
    pub reason: String,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

fn malformed<T>(line: usize, reason: impl Into<String>) -> Result<T, Malformed> {
    Err(Malformed {
        line,
        reason: reason.into(),
    })
}

/// The sections a hints file holds, in their order.
const SECTIONS: [&str; 4] = ["Hint 1", "Hint 2", "Hint 3", "Break it"];

/// One line of the file: its number (from 1), where it starts, its text
/// without the line break, and whether it is inside a fenced code block
/// (a fence line itself counts as code).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    start: usize,
    text: &'a str,
    code: bool,
}

fn lines(file: &str) -> Result<Vec<Line<'_>>, Malformed> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut fence = None;
    for (index, raw) in file.split_inclusive('\n').enumerate() {
        let text = raw.trim_end_matches(['\n', '\r']);
        let is_fence = text.trim_start().starts_with("```");
        lines.push(Line {
            number: index + 1,
            start,
            text,
            code: fence.is_some() || is_fence,
        });
        if is_fence {
            fence = match fence {
                None => Some(index + 1),
                Some(_) => None,
            };
        }
        start += raw.len();
    }
    match fence {
        Some(opened) => malformed(opened, "this code fence is never closed"),
        None => Ok(lines),
    }
}

/// The text of `lines` as written, without the blank lines around it.
fn span<'a>(file: &'a str, lines: &[Line<'a>]) -> &'a str {
    let mut written = lines.iter().filter(|line| !line.text.trim().is_empty());
    match (written.next(), written.next_back()) {
        (Some(first), Some(last)) => &file[first.start..last.start + last.text.len()],
        (Some(only), None) => only.text,
        _ => "",
    }
}

/// Reads a hints file: see the module's documentation for its form.
pub fn parse(file: &str) -> Result<Hints<'_>, Malformed> {
    let lines = lines(file)?;
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].code && lines[i].text.starts_with("## "))
        .collect();
    for (index, expected) in SECTIONS.iter().enumerate() {
        match headings.get(index) {
            Some(&i) if lines[i].text[3..].trim() == *expected => {}
            Some(&i) => {
                return malformed(
                    lines[i].number,
                    format!("`{}` where `## {expected}` belongs", lines[i].text),
                );
            }
            None => return malformed(lines.len(), format!("no `## {expected}` section")),
        }
    }
    if let Some(&extra) = headings.get(SECTIONS.len()) {
        return malformed(
            lines[extra].number,
            format!(
                "`{}` after `## Break it`, the last section",
                lines[extra].text
            ),
        );
    }
    let body = |index: usize| {
        let end = headings.get(index + 1).copied().unwrap_or(lines.len());
        &lines[headings[index] + 1..end]
    };
    let heading = |index: usize| lines[headings[index]].number;
    let hints = [
        hint(file, body(0), heading(0))?,
        hint(file, body(1), heading(1))?,
        hint(file, body(2), heading(2))?,
    ];
    // Each check points at one hint: a check under two would send a learner
    // to whichever comes first.
    for later in 1..3 {
        for name in &hints[later].covers {
            if let Some(earlier) = (0..later).find(|&i| hints[i].covers.contains(name)) {
                return malformed(
                    heading(later),
                    format!("`{name}` is covered by hint {} already", earlier + 1),
                );
            }
        }
    }
    let break_it = break_it(file, body(3), heading(3))?;
    Ok(Hints { hints, break_it })
}

fn hint<'a>(file: &'a str, body: &[Line<'a>], heading: usize) -> Result<Hint<'a>, Malformed> {
    let first = body.iter().position(|line| !line.text.trim().is_empty());
    let mut text_from = first.unwrap_or(body.len());
    let mut covers = Vec::new();
    if let Some(first) = first.filter(|&i| body[i].text.starts_with("Covers")) {
        if body[first].text != "Covers:" {
            return malformed(
                body[first].number,
                "`Covers:` stands alone on its line, the checks under it, one a line: - `check_name`",
            );
        }
        let items = body[first + 1..]
            .iter()
            .take_while(|line| line.text.starts_with("- "));
        for line in items {
            let name = line.text[2..]
                .trim()
                .strip_prefix('`')
                .and_then(|name| name.strip_suffix('`'))
                .filter(|name| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            match name {
                Some(name) => covers.push(name),
                None => {
                    return malformed(
                        line.number,
                        "a check under `Covers:` is written - `check_name`",
                    );
                }
            }
        }
        if covers.is_empty() {
            return malformed(
                body[first].number,
                "`Covers:` lists no check: list them, or leave the line out",
            );
        }
        text_from = first + 1 + covers.len();
    }
    let text = span(file, &body[text_from..]);
    if text.is_empty() {
        return malformed(heading, "this hint has no text");
    }
    Ok(Hint { covers, text })
}

fn break_it<'a>(
    file: &'a str,
    body: &[Line<'a>],
    heading: usize,
) -> Result<Vec<&'a str>, Malformed> {
    let mut starts = Vec::new();
    for (index, line) in body.iter().enumerate() {
        let indented = line.text.starts_with([' ', '\t']);
        let in_a_task = !starts.is_empty() && (indented || line.code);
        if line.text.trim().is_empty() || in_a_task {
            continue;
        }
        if !line.text.starts_with("- ") {
            return malformed(
                line.number,
                "a break-it task is a `- ` item, its other lines indented under it",
            );
        }
        starts.push(index);
    }
    if starts.is_empty() {
        return malformed(
            heading,
            "no break-it task: `## Break it` lists at least one",
        );
    }
    let ends = starts.iter().skip(1).copied().chain([body.len()]);
    Ok(starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| span(file, &body[start..end]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WELL_FORMED: &str = "\
# Exercise 9: hints and break-it tasks

Read one hint at a time.

## Hint 1

Covers:
- `every_article_once`
- `results_keep_input_order`

One thread per article,
then one join per thread.

## Hint 2

The lines and the shape.

## Hint 3

Covers:
- `a_panic_is_reported`

```rust
## not a section: code
let handle = spawn();
```

## Break it

- Delete `drop(result_tx)`. Predict, then
  check.

- Split the lock:

  ```rust
  let copy = results.lock().clone();
  ```

  Check: it usually passes.
";

    /// Claim: each section comes back as written, its code and `## ` lines in
    /// code included, and each check finds the hint that covers it.
    #[test]
    fn a_hints_file_is_cut_into_its_sections_as_written() {
        let hints = parse(WELL_FORMED).unwrap();
        assert_eq!(
            hints.hints[0].covers,
            ["every_article_once", "results_keep_input_order"]
        );
        assert_eq!(
            hints.hints[0].text,
            "One thread per article,\nthen one join per thread."
        );
        assert!(hints.hints[1].covers.is_empty());
        assert_eq!(hints.hints[1].text, "The lines and the shape.");
        assert_eq!(
            hints.hints[2].text,
            "```rust\n## not a section: code\nlet handle = spawn();\n```"
        );
        assert_eq!(
            hints.break_it,
            [
                "- Delete `drop(result_tx)`. Predict, then\n  check.",
                "- Split the lock:\n\n  ```rust\n  let copy = results.lock().clone();\n  ```\n\n  \
                 Check: it usually passes.",
            ]
        );
        assert_eq!(hints.covering("results_keep_input_order"), Some(1));
        assert_eq!(hints.covering("a_panic_is_reported"), Some(3));
        assert_eq!(hints.covering("no_such_check"), None);
        let crlf = WELL_FORMED.replace('\n', "\r\n");
        let hints = parse(&crlf).expect("a file with Windows line ends");
        assert_eq!(hints.hints[2].covers, ["a_panic_is_reported"]);
        assert_eq!(hints.break_it.len(), 2);
    }

    /// Claim: every way a file can stray from its form is an error naming
    /// the line, never a panic and never a silently dropped hint.
    #[test]
    fn a_malformed_hints_file_is_an_error_that_names_its_line() {
        let cases = [
            ("## Hint 2", "## Hint 9", 14, "where `## Hint 2` belongs"),
            ("## Break it\n", "", 38, "no `## Break it` section"),
            (
                "- Split the lock:",
                "- Split the lock:\n## Hint 4",
                34,
                "the last section",
            ),
            (
                "Covers:\n- `a_panic",
                "Covers: `a_panic",
                20,
                "stands alone",
            ),
            (
                "- `results_keep_input_order`",
                "- results_keep_input_order",
                9,
                "is written",
            ),
            (
                "Covers:\n- `a_panic_is_reported`\n",
                "Covers:\n",
                20,
                "lists no check",
            ),
            (
                "The lines and the shape.\n",
                "",
                14,
                "this hint has no text",
            ),
            (
                "`a_panic_is_reported`",
                "`every_article_once`",
                18,
                "covered by hint 1 already",
            ),
            ("- Delete", "Delete", 30, "a break-it task is a `- ` item"),
            (
                "## Break it\n\n",
                "## Break it\n\n```\ncode\n```\n\n",
                30,
                "a break-it task is",
            ),
            ("  ```\n\n  Check", "\n  Check", 35, "never closed"),
        ];
        for (from, to, line, reason) in cases {
            assert!(WELL_FORMED.contains(from), "{from:?}");
            let file = WELL_FORMED.replacen(from, to, 1);
            match parse(&file) {
                Ok(_) => panic!("read as well formed after {from:?} -> {to:?}:\n{file}"),
                Err(error) => {
                    assert!(error.reason.contains(reason), "{error} (wanted {reason:?})");
                    assert_eq!(error.line, line, "{error}");
                }
            }
        }
        let (before, _) = WELL_FORMED.split_once("- Delete").unwrap();
        let error = parse(before).expect_err("a `## Break it` with no task");
        assert!(error.reason.contains("no break-it task"), "{error}");
        assert_eq!(error.line, 28, "{error}");
    }
}
