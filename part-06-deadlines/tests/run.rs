//! Part 6's own flag, through its binary: `--timeout`.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_06(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-06-deadlines")).args(args))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The report's line that counts the articles.
fn articles_line(out: &Output) -> String {
    stdout(out)
        .lines()
        .find(|line| line.trim_start().starts_with("articles "))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Claim: a zero, unitless or out-of-range timeout, and `--unreliable` beside `--latency`, get one line and exit 2.
#[test]
fn bad_timeouts_get_one_line_and_exit_2() {
    for args in [
        &["--timeout", "0"][..],
        &["--timeout", "0ms"],
        &["--timeout", "4"],
        &["--timeout", "-1s"],
        &["--timeout", "601s"],
        &["--timeout", "soon"],
        &["--unreliable", "--latency", "0-1"],
    ] {
        let out = part_06(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(args[0]), "{args:?}: {stderr}");
    }
}

/// Claim: the README's seeded `--unreliable` run reproduces its counts: 3 succeeded, 17 timed out.
///
/// Seed 4479 leaves every article at least 19 ms (at `--fast`) from its
/// 133 ms deadline, so the counts do not depend on the machine.
#[test]
fn the_seeded_unreliable_run_reproduces_its_counts() {
    let out = part_06(&[
        "--articles",
        "20",
        "--workers",
        "5",
        "--unreliable",
        "--fast",
        "--seed",
        "4479",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(
        articles_line(&out),
        "articles         20: 3 succeeded, 17 failed (17 timed out), each reported once"
    );
    let report = stdout(&out);
    assert!(
        report.contains("each article capped at its 133.3 ms deadline"),
        "the ideal accounts for the deadline: {report}"
    );
}

/// Claim: a cut call's line says so, as the series prints it, and the timeline marks it `!`.
#[test]
fn a_cut_call_is_said_and_marked() {
    let out = part_06(&[
        "--articles",
        "2",
        "--workers",
        "2",
        "--latency",
        "500-500",
        "--timeout",
        "20ms",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("[0] Summarization cancelled: deadline exceeded"),
        "{text}"
    );
    assert!(
        text.contains("article 0 |") && text.contains("!\n"),
        "{text}"
    );
    assert_eq!(
        articles_line(&out),
        "articles         2: 0 succeeded, 2 failed (2 timed out), each reported once"
    );
}

/// Claim: `--timeout none` gives Part 5's results: nothing cut, however slow the calls.
#[test]
fn timeout_none_cuts_nothing() {
    let out = part_06(&[
        "--articles",
        "4",
        "--latency",
        "30-30",
        "--timeout",
        "none",
        "--quiet",
    ]);
    assert_eq!(
        articles_line(&out),
        "articles         4: 4 succeeded, 0 failed, each reported once"
    );
}

/// Claim: the sweep caps each row's ideal at the deadline and counts the articles it cut.
#[test]
fn the_sweep_counts_the_cut_articles_per_row() {
    let out = part_06(&[
        "--articles",
        "6",
        "--latency",
        "500-500",
        "--timeout",
        "20ms",
        "--sweep",
        "1,3",
    ]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("timed out"), "{text}");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("workers"))
        .skip(1)
        .map(|row| row.split_whitespace().collect())
        .filter(|cells: &Vec<&str>| cells.len() > 2)
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    for row in rows {
        assert_eq!(row.last(), Some(&"6"), "every article cut: {text}");
    }
    // One worker: six articles, each capped at its 20 ms deadline.
    assert!(text.contains("120.0 ms"), "{text}");
}
