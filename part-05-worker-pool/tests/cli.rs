//! Part 5's own flags, through its binary: `--workers` and `--sweep`.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_05(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-05-worker-pool")).args(args))
}

/// Claim: zero, negative or non-numeric worker counts are refused with one line naming the flag, exit 2.
#[test]
fn bad_worker_counts_get_one_line_and_exit_2() {
    for args in [
        &["--workers", "0"][..],
        &["--workers", "-2"],
        &["--workers", "many"],
        &["--sweep", "1,0"],
    ] {
        let out = part_05(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(args[0]), "{args:?}: {stderr}");
    }
}

/// Claim: the sweep prints one row per worker count, on the same workload.
#[test]
fn sweep_prints_the_series_table() {
    let out = part_05(&[
        "--seed",
        "2",
        "--articles",
        "6",
        "--latency",
        "0-2",
        "--sweep",
        "1,3,6",
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("workers") && stdout.contains("speedup") && stdout.contains("ideal"),
        "{stdout}"
    );
    let table = stdout
        .split_once("\n  workers ")
        .map_or("", |(_, table)| table);
    let counts: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|row| row.split_whitespace().next())
        .collect();
    assert_eq!(counts, ["1", "3", "6"], "{stdout}");
}

/// Claim: a run prints the worker lines, the articles per worker and the knob.
#[test]
fn run_prints_workers_loads_and_knob() {
    let out = part_05(&[
        "--seed",
        "2",
        "--articles",
        "8",
        "--workers",
        "3",
        "--latency",
        "0-1",
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    for part in [
        "3 workers",
        "[worker ",
        "processing article 7",
        "Articles per worker",
        "worker-3",
        "Worker-count knob",
    ] {
        assert!(stdout.contains(part), "missing {part:?} in:\n{stdout}");
    }
}
