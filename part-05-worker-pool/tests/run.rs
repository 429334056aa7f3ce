//! Part 5's own flags, through its binary: `--workers` and `--sweep`.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_05(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-05-worker-pool")).args(args))
}

/// Claim: zero, negative or non-numeric worker counts, and negative, huge or
/// non-numeric capacities, are refused with one line naming the flag, exit 2.
#[test]
fn bad_worker_counts_get_one_line_and_exit_2() {
    for args in [
        &["--workers", "0"][..],
        &["--workers", "-2"],
        &["--workers", "many"],
        &["--sweep", "1,0"],
        &["--capacity", "-1"],
        &["--capacity", "100001"],
        &["--capacity", "lots"],
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

/// Claim: `--sweep` refuses the flags it cannot honour (`--timeline`, `--workers`), exit 2.
#[test]
fn sweep_refuses_flags_it_cannot_honour() {
    for flag in [&["--timeline"][..], &["--workers", "3"]] {
        let mut args = vec!["--articles", "4", "--latency", "0-0", "--sweep", "1,2"];
        args.extend_from_slice(flag);
        let out = part_05(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(flag[0]), "{args:?}: {stderr}");
    }
}

/// Claim: `--sweep` honours `--panic-on`: each row says how its run ended, and the sweep goes on.
#[test]
fn sweep_honours_panic_on_row_by_row() {
    let args = [
        "--articles",
        "6",
        "--latency",
        "0-0",
        "--seed",
        "1",
        "--sweep",
        "1,3",
        "--panic-on",
        "2",
    ];
    let out = part_05(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let errors = stdout
        .lines()
        .filter(|line| line.contains("panicked: simulated LLM failure on article 2"));
    assert_eq!(
        errors.count(),
        2,
        "one failed row per worker count:\n{stdout}"
    );
}

/// Claim: a pool of thousands of workers prints a screenful of worker rows, not thousands.
#[test]
fn a_large_pool_summarises_its_worker_loads() {
    let out = part_05(&[
        "--articles",
        "30",
        "--workers",
        "1500",
        "--latency",
        "0-0",
        "--quiet",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1480 more workers not shown"), "{stdout}");
    assert!(
        stdout
            .lines()
            .filter(|line| line.trim_start().starts_with("worker-"))
            .count()
            <= 20
    );
}

/// Claim: Ctrl-C during a run ends it with status 130 and a line saying so.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_ends_the_run_with_status_130() {
    use std::process::Stdio;

    let mut child = Command::new(env!("CARGO_BIN_EXE_part-05-worker-pool"))
        .args([
            "--articles",
            "100000",
            "--latency",
            "5-10",
            "--quiet",
            "--seed",
            "1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The header is printed once the Ctrl-C handler is set up.
    common::testing::deadline::first_lines_within_deadline(&mut child, 1, "part-05-worker-pool");
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let out = common::testing::deadline::wait_within_deadline(child, "part-05-worker-pool");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
}

/// Claim: against 10 calls a second, the sweep shows 5 workers with no call
/// refused and 20 with some, and computes the knob's right setting: 5.
#[test]
fn sweep_against_a_rate_limit_shows_the_knobs_right_setting() {
    let out = part_05(&[
        "--articles",
        "20",
        "--fast",
        "--rate-limit",
        "10",
        "--sweep",
        "5,20",
        "--seed",
        "42",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The table's rows: after its `workers ... refused` header line.
    let table = stdout.split_once("refused\n").map_or("", |(_, rows)| rows);
    // (completed, refused): the row's last two columns.
    let row = |workers: &str| -> (u64, u64) {
        let row = table
            .lines()
            .find(|line| line.split_whitespace().next() == Some(workers))
            .unwrap_or_else(|| panic!("no row for {workers} workers:\n{stdout}"));
        let mut columns = row.split_whitespace().rev().map(|n| n.parse().unwrap());
        let refused = columns.next().unwrap();
        (columns.next().unwrap(), refused)
    };
    assert_eq!(row("5"), (20, 0), "{stdout}");
    let (completed, refused) = row("20");
    assert!(refused > 0, "{stdout}");
    assert_eq!(
        completed + refused,
        20,
        "each refused call ends one article: {stdout}"
    );
    assert!(
        stdout.contains("5 workers are sure never to see a refusal"),
        "{stdout}"
    );
}
