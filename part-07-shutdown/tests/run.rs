//! Part 7's stop, through its binary: `--cancel-after`, Ctrl-C and
//! `SIGTERM`, the shutdown report and the exit status.

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_07(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-07-shutdown")).args(args))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The shutdown report's lines, from `Shutdown` on, trimmed.
fn shutdown_report(out: &Output) -> Vec<String> {
    stdout(out)
        .lines()
        .skip_while(|line| !line.starts_with("Shutdown"))
        .map(|line| line.trim().to_owned())
        .collect()
}

/// The count on the report's line that starts with `what`.
fn count(report: &[String], what: &str) -> String {
    report
        .iter()
        .find(|line| line.starts_with(what))
        .and_then(|line| line[what.len()..].split_whitespace().next())
        .unwrap_or_default()
        .to_owned()
}

/// Claim: a zero, unitless or out-of-range `--cancel-after` gets one line and exit 2.
#[test]
fn bad_cancel_afters_get_one_line_and_exit_2() {
    for value in ["0", "0ms", "5", "-1s", "601s", "soon"] {
        let out = part_07(&["--cancel-after", value]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{value}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{value}: {stderr}");
        assert!(stderr.contains("--cancel-after"), "{value}: {stderr}");
    }
}

/// Claim: the README's seeded stop reproduces its counts: 1 succeeded, 5 cancelled, 14 queued, accounted for 20 / 20, and exit 0.
///
/// Seed 11959 at a tenth of the series' latencies, stopped after 220 ms
/// (the README's 2.2 s): no call ends within 38 ms of the stop, so the
/// counts do not depend on the machine.
#[test]
fn the_seeded_stop_reproduces_its_counts() {
    let out = part_07(&[
        "--articles",
        "20",
        "--workers",
        "5",
        "--latency",
        "50-150",
        "--cancel-after",
        "220ms",
        "--seed",
        "11959",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    let report = shutdown_report(&out);
    let counts = ["succeeded", "failed", "cancelled", "queued"].map(|what| count(&report, what));
    assert!(
        counts == ["1", "0", "5", "14"],
        "the seeded stop gave {counts:?} (succeeded, failed, cancelled, queued), not 1, 0, 5, \
         14: the stop reached the run's threads otherwise than Part 7's code does; \
         `tests/pipeline.rs`'s claims say where. The report: {report:#?}"
    );
    assert!(
        report.contains(&"accounted for     20 / 20".to_owned()),
        "{report:#?}"
    );
    assert!(
        stdout(&out)
            .contains("20: 1 succeeded, 0 failed, 5 cancelled, 14 queued, each reported once"),
        "{}",
        stdout(&out)
    );
}

/// Claim: the series' own `-cancel-after=1s` run on 3 workers gives 0 succeeded, 3 cancelled, 7 queued, whatever the seed: no article's three calls fit in a second.
#[test]
fn a_stop_after_a_second_cancels_the_first_three_and_queues_the_rest() {
    for seed in ["1", "2"] {
        let out = part_07(&[
            "--articles",
            "10",
            "--workers",
            "3",
            "--fast",
            "--cancel-after",
            "1s",
            "--seed",
            seed,
            "--quiet",
        ]);
        assert!(out.status.success(), "{}", stdout(&out));
        let report = shutdown_report(&out);
        let counts =
            ["succeeded", "failed", "cancelled", "queued"].map(|what| count(&report, what));
        assert!(
            counts == ["0", "0", "3", "7"],
            "seed {seed}: a stop after 1 s gave {counts:?} (succeeded, failed, cancelled, \
             queued), not 0, 0, 3, 7: the three articles in flight should be cut and the rest \
             never started; `tests/pipeline.rs`'s claims say where it differs. The report: \
             {report:#?}"
        );
    }
}

/// Claim: an article whose analysis panics is reported as failed (panicked), the others go on, every article is accounted for, and the run exits 1 naming it.
#[test]
fn a_panicking_article_is_reported_and_the_run_exits_1_naming_it() {
    let out = part_07(&[
        "--articles",
        "10",
        "--workers",
        "3",
        "--latency",
        "0-0",
        "--panic-on",
        "4",
        "--quiet",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("(article 4 first)"), "{stderr}");
    let report = shutdown_report(&out);
    assert_eq!(count(&report, "failed"), "1", "{report:#?}");
    assert_eq!(count(&report, "succeeded"), "9", "{report:#?}");
    assert!(
        report.contains(&"accounted for     10 / 10".to_owned()),
        "{report:#?}"
    );
}

/// Claim: Ctrl-C (`SIGINT`) or `SIGTERM` stops the run gracefully: calls in flight cut, the rest queued, the shutdown report printed, status 130.
#[cfg(target_os = "linux")]
#[test]
fn a_signal_stops_the_run_gracefully_with_status_130() {
    use std::process::Stdio;

    use common::testing::deadline::Lines;

    for signal in ["-INT", "-TERM"] {
        let child = Command::new(env!("CARGO_BIN_EXE_part-07-shutdown"))
            .args([
                "--articles",
                "20",
                "--workers",
                "5",
                "--latency",
                "5000-5000",
                "--timeout",
                "none",
                "--seed",
                "1",
                "--no-timeline",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        // A worker's first line: the run, and so its stop, has started.
        // (If the test fails before the run ends, `lines` kills it.)
        let mut lines = Lines::of(child, "part-07-shutdown");
        lines.until(|line| line.starts_with("[worker"));
        let sent = Command::new("kill")
            .args([signal, &lines.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let (rest, out) = lines.rest();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{signal}: {stderr}");
        assert!(stderr.contains("stopping"), "{signal}: {stderr}");
        let report: Vec<String> = rest
            .iter()
            .skip_while(|line| !line.starts_with("Shutdown"))
            .map(|line| line.trim().to_owned())
            .collect();
        assert!(
            report
                .first()
                .is_some_and(|line| line.starts_with("Shutdown  (stopped by a signal")),
            "{signal}: {rest:#?}"
        );
        // Every call takes 5 s: none succeeded; each worker that had taken
        // an article by the signal had it cut, and the rest are queued.
        let counts = ["succeeded", "cancelled", "queued"]
            .map(|what| count(&report, what).parse::<usize>().unwrap_or(usize::MAX));
        let [succeeded, cancelled, queued] = counts;
        assert!(
            succeeded == 0 && (1..=5).contains(&cancelled) && cancelled + queued == 20,
            "{signal}: {report:#?}"
        );
    }
}
