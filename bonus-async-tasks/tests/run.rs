//! The bonus binary's stop, through its command line: `--cancel-after`
//! prints Part 7's shutdown report and exits 0; a bad duration gets one
//! line and exits 2. Each run has a deadline.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn bonus(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_bonus-async-tasks")).args(args))
}

/// Claim: `--cancel-after` stops the run, accounts for every article in Part 7's words (`accounted for 10 / 10`) and exits 0.
#[test]
fn cancel_after_accounts_for_every_article_and_exits_0() {
    // At --fast, 1s is 33 ms and a call takes 17-50 ms: the stop comes
    // while articles are in flight.
    let out = bonus(&[
        "--articles",
        "10",
        "--limit",
        "3",
        "--cancel-after",
        "1s",
        "--fast",
        "--seed",
        "7",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}{stdout}");
    assert!(
        stdout.contains("Shutdown  (stopped by --cancel-after 1.00 s (33.3 ms with --fast), "),
        "the report says what stopped the run: {stdout}"
    );
    assert!(
        stdout.contains("\n  accounted for     10 / 10\n"),
        "every article accounted for, in Part 7's format: {stdout}"
    );
}

/// Claim: a zero or unitless `--cancel-after` gets one line and exits 2.
#[test]
fn bad_cancel_after_gets_one_line_and_exits_2() {
    for value in ["0", "5", "-1s", "soon"] {
        let out = bonus(&["--articles", "10", "--cancel-after", value]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{value}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{value}: {stderr}");
        assert!(stderr.contains("--cancel-after"), "{value}: {stderr}");
    }
}
