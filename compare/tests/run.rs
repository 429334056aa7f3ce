//! compare's table through its binary: Part 7's row, the `accounted`
//! column on every row, and `--cancel-after`, which stops Part 7's row and
//! no other. Each run is a few articles at a few milliseconds per call (or
//! none): the five claims take about a third of a second in all.

use std::process::{Command, Output};
use std::sync::OnceLock;

use common::testing::deadline::output_within_deadline;

/// Every row of the table, in order: the seven parts, then the peers.
const ROWS: [&str; 9] = [
    "part-01-sequential",
    "part-02-threads",
    "part-03-mutex",
    "part-04-channels",
    "part-05-worker-pool",
    "part-06-deadlines",
    "part-07-shutdown",
    "rayon",
    "tokio",
];

const PART_7: &str = "part-07-shutdown";

/// A table of one article and no latency: no time at all.
const NO_TIME: [&str; 4] = ["--articles", "1", "--latency", "0-0"];

/// compare with `args`, without the timelines, which no claim here reads.
fn compare(args: &[&str]) -> Output {
    output_within_deadline(
        Command::new(env!("CARGO_BIN_EXE_compare"))
            .args(args)
            .arg("--no-timeline"),
    )
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The table a run printed: its header and its rows, up to the blank line
/// under them.
#[derive(Debug)]
struct Table {
    header: String,
    rows: Vec<String>,
}

impl Table {
    fn of(out: &Output) -> Table {
        let stdout = stdout(out);
        let mut lines = stdout.lines().skip_while(|line| !line.starts_with("part "));
        let header = lines
            .next()
            .unwrap_or_else(|| {
                panic!("compare printed no table (no line `part  time …`):\n{stdout}")
            })
            .to_owned();
        let rows = lines
            .take_while(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        Table { header, rows }
    }

    /// The row of `part`, if the table has one.
    fn row(&self, part: &str) -> Option<&str> {
        self.rows
            .iter()
            .map(String::as_str)
            .find(|row| row.split_whitespace().next() == Some(part))
    }

    /// The cell of `part`'s row under `column`. The columns after the first
    /// are right-aligned under their names, so a cell runs from the end of
    /// the name before to the end of its own (counted in characters: a
    /// time may be in `µs`).
    fn cell(&self, part: &str, column: &str) -> String {
        let row = self
            .row(part)
            .unwrap_or_else(|| panic!("the table has no {part} row:\n{self}"));
        let at = self
            .header
            .find(column)
            .unwrap_or_else(|| panic!("the table has no `{column}` column:\n{self}"));
        let start = self.header[..at].trim_end().len();
        let row: Vec<char> = row.chars().collect();
        row.get(start..at + column.len())
            .map(|cell| cell.iter().collect::<String>().trim().to_owned())
            .unwrap_or_default()
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.header)?;
        for row in &self.rows {
            writeln!(f, "{row}")?;
        }
        Ok(())
    }
}

/// Claim: the table has a Part 7 row, between Part 6's and the peers', that ran.
#[test]
fn the_table_has_a_part_7_row() {
    let out = compare(&["--articles", "3", "--latency", "0-0", "--seed", "1"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let table = Table::of(&out);
    assert!(
        table.row(PART_7).is_some(),
        "the table has no {PART_7} row: is compare::shutdown among the contenders main \
         runs, after compare::deadlines?\n{table}"
    );
    let names: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|row| row.split_whitespace().next())
        .collect();
    assert_eq!(
        names, ROWS,
        "the table's rows are not the seven parts, then the two peers, in order\n{table}"
    );
    assert!(
        table.cell(PART_7, "time").ends_with('s'),
        "{PART_7}'s row has no time: its run did not end as a run does\n{table}"
    );
}

/// Claim: every row accounts for all N articles, as `N / N`, when some succeed and the others fail.
///
/// `--rate-limit 1 --burst 3` admits three calls and refuses the rest: in
/// every row at most one article succeeds and the others fail, refused;
/// each ended once, so each is accounted for.
#[test]
fn every_row_accounts_for_every_article() {
    let out = compare(&[
        "--articles",
        "4",
        "--latency",
        "0-0",
        "--rate-limit",
        "1",
        "--burst",
        "3",
        "--seed",
        "1",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    let table = Table::of(&out);
    for part in ROWS {
        let accounted = table.cell(part, "accounted");
        assert_eq!(
            accounted, "4 / 4",
            "{part}'s row accounts for {accounted:?} of 4 articles: the column counts every \
             article once however it ended (succeeded, failed, cancelled or queued), and here \
             the rate limit failed most of them\n{table}"
        );
    }
}

/// The README's stopped table, scaled down: Part 7's row stopped 1 ms into
/// its run, on one worker, with 48 ms of calls ahead of it (two articles of
/// three 8 ms calls), so that even on a loaded machine the stop comes long
/// before the run could end. Two claims read this one run.
fn stopped_run() -> &'static Output {
    static RUN: OnceLock<Output> = OnceLock::new();
    RUN.get_or_init(|| {
        compare(&[
            "--articles",
            "2",
            "--workers",
            "1",
            "--latency",
            "8-8",
            "--cancel-after",
            "1ms",
            "--seed",
            "1",
        ])
    })
}

/// The count before `what` (`succeeded`, `cancelled`, …) in `line`.
fn count_before(line: &str, what: &str) -> usize {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .iter()
        .position(|word| word.trim_end_matches([',', ';']) == what)
        .and_then(|at| words.get(at.checked_sub(1)?)?.parse().ok())
        .unwrap_or_else(|| panic!("no count of {what} in: {line}"))
}

/// Claim: `--cancel-after` stops Part 7's row: some articles cancelled or queued, and every article still accounted for.
#[test]
fn cancel_after_stops_part_7s_row_with_every_article_accounted_for() {
    let out = stopped_run();
    assert!(out.status.success(), "{}", stdout(out));
    let table = Table::of(out);
    assert!(
        table.row(PART_7).is_some(),
        "the table has no {PART_7} row for --cancel-after to stop\n{table}"
    );
    let stdout = stdout(out);
    let Some(line) = stdout
        .lines()
        .find(|line| line.starts_with(&format!("{PART_7} was stopped")))
    else {
        panic!(
            "--cancel-after 1ms did not stop {PART_7}'s row, whose calls take 48 ms: is the \
             flag handed to compare::shutdown, and does its timer drop the stop's sender?\n{stdout}"
        );
    };
    let [succeeded, failed, cancelled, queued] =
        ["succeeded", "failed", "cancelled", "queued"].map(|what| count_before(line, what));
    assert!(
        cancelled + queued > 0 && succeeded + failed + cancelled + queued == 2,
        "a stop 1 ms into {PART_7}'s run leaves its two articles cancelled or queued: {line}"
    );
    let accounted = table.cell(PART_7, "accounted");
    assert_eq!(
        accounted, "2 / 2",
        "{PART_7}'s stopped row accounts for {accounted:?} of 2 articles: the cancelled \
         and the queued count too\n{table}"
    );
    for column in ["ideal", "speedup"] {
        assert_eq!(
            table.cell(PART_7, column),
            "-",
            "{PART_7}'s stopped row shows an {column}, as if it had run every article\n{table}"
        );
    }
}

/// Claim: `--cancel-after` stops no row but Part 7's: each other row runs every article and shows its ideal and speedup.
#[test]
fn cancel_after_leaves_every_other_row_unstopped() {
    let out = stopped_run();
    assert!(out.status.success(), "{}", stdout(out));
    let table = Table::of(out);
    for part in ROWS.into_iter().filter(|&part| part != PART_7) {
        for column in ["ideal", "speedup"] {
            let cell = table.cell(part, column);
            assert!(
                cell != "-" && !cell.is_empty(),
                "{part}'s row shows no {column} under --cancel-after, as a stopped row would: \
                 only Part 7's row has a stop, and every other row runs every article\n{table}"
            );
        }
        let accounted = table.cell(part, "accounted");
        assert_eq!(accounted, "2 / 2", "{part}'s row\n{table}");
    }
}

/// Claim: a zero, unitless, `none` or out-of-range `--cancel-after` gets one line and exit 2.
#[test]
fn bad_cancel_afters_get_one_line_and_exit_2() {
    for value in ["0", "0ms", "5", "none", "-1s", "601s", "soon"] {
        // Should the value be taken, the table it starts takes no time.
        let out = compare(&[&["--cancel-after", value][..], &NO_TIME].concat());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--cancel-after {value} was not refused as bad input (exit 2): {stderr}"
        );
        assert_eq!(
            stderr.lines().count(),
            1,
            "--cancel-after {value}: a bad flag gets one line (cli::parse), not clap's usage:\n{stderr}"
        );
        assert!(
            stderr.contains("--cancel-after"),
            "--cancel-after {value}: the line names the flag: {stderr}"
        );
    }
}
