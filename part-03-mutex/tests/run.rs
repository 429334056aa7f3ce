//! Part 3's own flag, through its binary: `--lock`.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_03(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-03-mutex")).args(args))
}

/// Claim: an unknown `--lock` is refused with one line that lists the values it takes, exit 2.
#[test]
fn an_unknown_lock_lists_the_allowed_values() {
    let out = part_03(&["--lock", "bogus"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--lock") && stderr.contains("push, wide, match, split"),
        "{stderr}"
    );
}

/// Claim: `--lock wide` runs the series' bad lock: one call in flight at a time.
#[test]
fn the_wide_lock_flag_runs_the_serialized_version() {
    let out = part_03(&[
        "--lock",
        "wide",
        "--articles",
        "4",
        "--latency",
        "1-2",
        "--seed",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("peak in flight   1 call"), "{stdout}");
}
