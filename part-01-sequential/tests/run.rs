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
        (&["--articles", "99999999999999999999999"], "--articles"),
        (&["--articles", "3", "--panic-on", "3"], "--panic-on"),
        (&["--rate-limit", "0"], "--rate-limit"),
        (&["--rate-limit", "-3"], "--rate-limit"),
        (&["--rate-limit", "ten"], "--rate-limit"),
        (&["--burst", "5"], "--rate-limit"),
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

/// Claim: a run too big for the memory is refused with the estimate and the largest count that fits.
#[test]
fn too_many_articles_for_the_memory_are_refused_with_the_estimate() {
    let out = part_01(&["--articles", "99999999999"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the run would need about 40.0 TB") && stderr.contains("articles fit"),
        "{stderr}"
    );
}

/// Claim: an address-space limit (`ulimit -v`) counts as the memory there is.
#[cfg(target_os = "linux")]
#[test]
fn an_address_space_limit_is_respected() {
    let binary = env!("CARGO_BIN_EXE_part-01-sequential");
    let out = output_within_deadline(Command::new("sh").args([
        "-c",
        &format!("ulimit -v 1000000 && exec {binary} --articles 2000000 --latency 0-0"),
    ]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("can use 1.0 GB"), "{stderr}");
}

/// Claim: a run whose ideal is over a minute says so in its header, with the `--fast` hint.
#[test]
fn a_run_over_a_minute_says_so_with_the_fast_hint() {
    use std::process::Stdio;

    // 1,000 articles at the series' latency: about 50 minutes. Read the
    // header, then end the run.
    let mut child = Command::new(env!("CARGO_BIN_EXE_part-01-sequential"))
        .args(["--articles", "1000", "--seed", "1", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let header =
        common::testing::deadline::first_lines_within_deadline(&mut child, 3, "part-01-sequential");
    let _ = child.kill();
    let _ = child.wait();
    let hint = &header[2];
    assert!(
        hint.contains("min") && hint.contains("--fast"),
        "{header:#?}"
    );
}

/// Claim: a panic on Part 1's only thread ends the whole run, as the README says.
#[test]
fn a_panic_ends_the_sequential_run() {
    let out = part_01(&["--articles", "3", "--latency", "0-0", "--panic-on", "1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(101), "{stderr}");
    assert!(
        stderr.contains("simulated LLM failure on article 1"),
        "{stderr}"
    );
}

/// Claim: a full stdout ends the run with one line on stderr and exit 1, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_one_error_line_and_exit_1() {
    let out = with_dev_full(&["--articles", "2", "--latency", "0-0"], Stream::Stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
}

/// Claim: with stderr full, a usage error still prints its line (on stdout) and exits 2.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_moves_the_error_line_to_stdout() {
    let out = with_dev_full(&["--articles", "0"], Stream::Stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("--articles"), "{stdout}");
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
            "5-10",
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
    // The reader is dropped here; the run still has 120 calls' lines to
    // print, over more than half a second.
    let out = common::testing::deadline::wait_within_deadline(child, "part-01-sequential");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(first.starts_with("part-01-sequential"), "{first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

#[cfg(target_os = "linux")]
enum Stream {
    Stdout,
    Stderr,
}

/// Part 1 with one of its output streams on `/dev/full`, where every write fails.
#[cfg(target_os = "linux")]
fn with_dev_full(args: &[&str], full: Stream) -> Output {
    use std::process::Stdio;

    let dev_full = || Stdio::from(std::fs::File::create("/dev/full").expect("Linux has /dev/full"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_part-01-sequential"));
    command.args(args).stdin(Stdio::null());
    match full {
        Stream::Stdout => command.stdout(dev_full()).stderr(Stdio::piped()),
        Stream::Stderr => command.stdout(Stdio::piped()).stderr(dev_full()),
    };
    let child = command.spawn().expect("the binary runs");
    common::testing::deadline::wait_within_deadline(child, "part-01-sequential")
}
