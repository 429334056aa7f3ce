//! The shared command line, through Part 1's binary: bad input gets one line
//! and exit status 2, and a seed repeats a run exactly.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_01(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-01-sequential")).args(args))
}

/// Claim: each bad value is refused with one line that names its flag, exit 2, no run started.
#[test]
fn bad_input_gets_one_line_naming_the_flag_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["--articles", "0"], "--articles"),
        (&["--articles", "-3"], "--articles"),
        (&["--articles", "abc"], "--articles"),
        (&["--articles", "99999999999"], "--articles"),
        (&["--latency", "1500-500"], "--latency"),
        (&["--latency", "fast"], "--latency"),
        (&["--seed", "-1"], "--seed"),
        (&["--workers", "5"], "--workers"),
    ];
    for (args, flag) in cases {
        let out = part_01(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{args:?} printed more than one line: {stderr}"
        );
        assert!(
            stderr.contains(flag),
            "{args:?}: the error does not name {flag}: {stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "{args:?} started a run: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Claim: the article limit's error says why there is one.
#[test]
fn article_limit_is_explained() {
    let out = part_01(&["--articles", "99999999999"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kept in memory"), "{stderr}");
}

/// Claim: the same seed prints the same latencies, call for call.
#[test]
fn same_seed_prints_the_same_latencies() {
    let run = || {
        let out = part_01(&["--seed", "7", "--articles", "3", "--latency", "1-9"]);
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|line| line.contains("started"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first.len(), 9, "{first:?}");
    assert_eq!(first, run());
}

/// Claim: a run prints the report, the timeline and the projection.
#[test]
fn run_prints_report_timeline_and_projection() {
    let out = part_01(&["--seed", "3", "--articles", "4", "--latency", "0-2"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    for part in [
        "Report",
        "peak in flight   1 call",
        "Timeline",
        "article 3 |",
        "Scaling projection",
        "10,000",
    ] {
        assert!(stdout.contains(part), "missing {part:?} in:\n{stdout}");
    }
}

/// Claim: a reader that stops early (`| head`) ends the run quietly, with no panic.
#[test]
fn closed_pipe_ends_the_run_without_a_panic() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let mut child = Command::new(env!("CARGO_BIN_EXE_part-01-sequential"))
        .args([
            "--seed",
            "1",
            "--articles",
            "40",
            "--latency",
            "1-2",
            "--timeline",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .expect("a header line");
    // The reader is dropped here; the run still has 120 calls' lines to print.
    let out = child.wait_with_output().expect("the run ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(first.starts_with("part-01-sequential"), "{first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}
