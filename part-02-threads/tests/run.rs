//! How Part 2's binary ends when an article's call panics (`--panic-on`).

use std::process::{Command, Output};

use common::testing::deadline::output_within_deadline;

fn part_02(args: &[&str]) -> Output {
    output_within_deadline(Command::new(env!("CARGO_BIN_EXE_part-02-threads")).args(args))
}

/// Claim: a panicking article ends the run with exit 1 and an error line naming its thread.
#[test]
fn a_panicking_article_ends_the_run_with_exit_1_and_an_error_naming_it() {
    let out = part_02(&["--articles", "5", "--latency", "0-0", "--panic-on", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: thread 'article-3' panicked: simulated LLM failure on article 3"),
        "{stderr}"
    );
}

/// Claim: with stderr full, the error line of a panicking article goes to stdout, exit 1, no crash.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_moves_the_error_line_to_stdout() {
    use std::process::Stdio;

    let full = std::fs::File::create("/dev/full").expect("Linux has /dev/full");
    let child = Command::new(env!("CARGO_BIN_EXE_part-02-threads"))
        .args(["--articles", "5", "--latency", "0-0", "--panic-on", "3"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(full)
        .spawn()
        .expect("the binary runs");
    let out = common::testing::deadline::wait_within_deadline(child, "part-02-threads");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error: thread 'article-3' panicked"),
        "{stdout}"
    );
}
