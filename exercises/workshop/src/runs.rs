//! Running an exercise's checks, each in a process of its own.
//!
//! libtest on stable names a test only when it ends, so one process runs
//! all the checks would leave the room staring at nothing while a stalled
//! check waits out its second. One process per check lets the runner say
//! which check starts and which is still running, and runs several at once:
//! the checks mostly wait, so a few stalled ones cost a few seconds in all.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::verdict::{Outcome, Run};

/// How many checks run at once. They spend their time waiting on the
/// simulated LLM's latency or on a stalled pipeline, not computing, so
/// four share a two-core laptop well.
pub const AT_ONCE: usize = 4;

/// The environment variable that stretches the checks' deadline, read by
/// `common/src/testing/deadline.rs`.
pub const DEADLINE_VAR: &str = "PIPELINE_DEADLINE";

/// The deadline each pipeline run in a check has, as
/// `common/src/testing/deadline.rs` computes it: 10 s, or
/// `PIPELINE_DEADLINE` seconds, never under 6 s.
pub fn pipeline_deadline() -> Duration {
    std::env::var(DEADLINE_VAR)
        .ok()
        .and_then(|secs| secs.trim().parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_secs)
        .max(Duration::from_secs(6))
}

/// How long the runner lets one check's process live: its pipeline's
/// deadline, and then some. The checks fail on their own long before; this
/// only ends a process that hangs outside any pipeline run.
fn backstop() -> Duration {
    pipeline_deadline() + Duration::from_secs(20)
}

/// The checks the test binary `binary` holds (its `#[ignore]`d tests), as
/// `--ignored --list` names them; or, if it crashed, how.
pub fn list(binary: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let output = Command::new(binary)
        .args(["--ignored", "--list"])
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "`{} --ignored --list` {}. Its last lines:\n{}",
            binary.display(),
            describe(&ended(output.status)),
            last_lines(&stdout, &String::from_utf8_lossy(&output.stderr))
        ));
    }
    Ok(parse_list(&stdout))
}

/// Reads libtest's `--list` output: one `NAME: test` line a test.
fn parse_list(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect()
}

/// What happens while the checks run, as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// A check's process has started.
    Started(&'a str),
    /// A check's process has ended.
    Ended(&'a Run),
    /// Nothing has started or ended for a while: these checks are still
    /// running, each for this long.
    StillRunning(Vec<(&'a str, Duration)>),
}

/// Runs each of `names`, [`AT_ONCE`] at a time, each as
/// `binary --ignored --exact NAME` in `dir`, and tells `on` as each starts
/// and ends. `quiet_for` says how long `on` has been silent: once that
/// reaches `heartbeat`, `on` hears which checks are still running. Returns
/// the runs in the order of `names`.
pub fn run_all(
    binary: &Path,
    dir: &Path,
    names: &[String],
    heartbeat: Duration,
    quiet_for: &dyn Fn() -> Duration,
    on: &mut dyn FnMut(Event<'_>),
) -> Vec<Run> {
    enum Message {
        Started(usize, Instant),
        Ended(usize, Run),
    }
    let next = Mutex::new(0..names.len());
    let (message_tx, message_rx) = mpsc::channel();
    let mut runs: Vec<Option<Run>> = vec![None; names.len()];
    let backstop = backstop();
    thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(names.len()) {
            let message_tx = message_tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let Some(index) = next.lock().expect("no runner panics").next() else {
                        break;
                    };
                    let _ = message_tx.send(Message::Started(index, Instant::now()));
                    let run = run_one(binary, dir, &names[index], backstop);
                    let _ = message_tx.send(Message::Ended(index, run));
                }
            });
        }
        // The runners hold the only senders left: the loop ends with them.
        drop(message_tx);
        let mut running: Vec<(usize, Instant)> = Vec::new();
        loop {
            let wait = heartbeat.saturating_sub(quiet_for());
            match message_rx.recv_timeout(wait.max(Duration::from_millis(10))) {
                Ok(Message::Started(index, at)) => {
                    running.push((index, at));
                    on(Event::Started(&names[index]));
                }
                Ok(Message::Ended(index, run)) => {
                    running.retain(|&(running, _)| running != index);
                    on(Event::Ended(&run));
                    runs[index] = Some(run);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if !running.is_empty() && quiet_for() >= heartbeat {
                        let still = running
                            .iter()
                            .map(|&(index, at)| (names[index].as_str(), at.elapsed()))
                            .collect();
                        on(Event::StillRunning(still));
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
    runs.into_iter().flatten().collect()
}

/// How a check's process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    /// It exited with this status.
    Code(i32),
    /// A signal ended it (Unix).
    Signal(i32),
    /// It was still running at the backstop, and the runner killed it.
    Killed(Duration),
}

fn ended(status: ExitStatus) -> Ended {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ended::Signal(signal);
        }
    }
    Ended::Code(status.code().unwrap_or(-1))
}

/// Runs the check `name` in a process of its own.
fn run_one(binary: &Path, dir: &Path, name: &str, backstop: Duration) -> Run {
    let started = Instant::now();
    let spawned = Command::new(binary)
        .args(["--ignored", "--exact", name, "--color", "never"])
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => {
            return Run {
                name: name.to_owned(),
                outcome: Outcome::Crashed {
                    how: format!("it could not start: {error}"),
                    output: String::new(),
                },
                took: started.elapsed(),
            };
        }
    };
    // Drain both pipes as the check writes, so that a full pipe cannot stall it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|pipe| Box::new(pipe) as _));
    let stderr = drain(child.stderr.take().map(|pipe| Box::new(pipe) as _));
    let ended = loop {
        match child.try_wait() {
            Ok(Some(status)) => break ended(status),
            Ok(None) if started.elapsed() >= backstop => {
                let _ = child.kill();
                let _ = child.wait();
                break Ended::Killed(backstop);
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(_) => {
                let _ = child.kill();
                break Ended::Code(-1);
            }
        }
    };
    let took = started.elapsed();
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Run {
        name: name.to_owned(),
        outcome: outcome(name, ended, &stdout, &stderr),
        took,
    }
}

/// What one check's process said, read from libtest's `test NAME ... ok`
/// or `... FAILED` line: a pass needs the line and a clean exit; a check
/// with no line got no verdict, and crashed.
fn outcome(name: &str, ended: Ended, stdout: &str, stderr: &str) -> Outcome {
    let said = stdout.lines().find_map(|line| {
        line.strip_prefix("test ")?
            .strip_prefix(name)?
            .strip_prefix(" ... ")
            .map(str::trim_end)
    });
    match (said, ended) {
        (Some("ok"), Ended::Code(0)) => Outcome::Passed,
        (Some("FAILED"), _) => Outcome::Failed {
            message: panic_message(name, stdout),
        },
        _ => Outcome::Crashed {
            how: match (said, ended) {
                (None, Ended::Code(0)) => "the test binary ran no check of that name".to_owned(),
                (Some("ok"), ended) => format!("it passed, then its process {}", describe(&ended)),
                (_, ended) => format!("its process {} before libtest's verdict", describe(&ended)),
            },
            output: last_lines(stdout, stderr),
        },
    }
}

/// How a process ended, after "its process ".
fn describe(ended: &Ended) -> String {
    match *ended {
        Ended::Code(code) => format!("exited with status {code}"),
        Ended::Signal(signal) => {
            let name = match signal {
                2 => " (SIGINT)",
                4 => " (SIGILL)",
                6 => " (SIGABRT: an abort, or a stack overflow)",
                7 => " (SIGBUS)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                15 => " (SIGTERM)",
                _ => "",
            };
            format!("was killed by signal {signal}{name}")
        }
        Ended::Killed(after) => format!(
            "was still running after {} s, and the runner killed it",
            after.as_secs()
        ),
    }
}

/// The last lines a crashed process printed: where it died is at the end.
fn last_lines(stdout: &str, stderr: &str) -> String {
    const LINES: usize = 12;
    let lines: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(LINES)..].join("\n")
}

/// The check's own panic message, from libtest's report of its captured
/// output (`---- NAME stdout ----`): the lines after the panic of the
/// check's thread, without the line naming the thread and location, and
/// without the `note: run with RUST_BACKTRACE` line. Other threads' panics
/// (an article's, on purpose) are left out; failing those, the last panic,
/// or the whole captured output.
fn panic_message(name: &str, stdout: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let Some((_, section)) = stdout.split_once(&header) else {
        return last_lines(stdout, "");
    };
    let section: Vec<&str> = section
        .lines()
        .take_while(|line| *line != "failures:" && !line.starts_with("---- "))
        .collect();
    let mut panics: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    let mut in_panic = false;
    for line in &section {
        if let Some(thread) = panicking_thread(line) {
            panics.push((thread, Vec::new()));
            in_panic = true;
        } else if line.starts_with("note: run with `RUST_BACKTRACE") {
            in_panic = false;
        } else if in_panic && let Some((_, lines)) = panics.last_mut() {
            lines.push(line);
        }
    }
    // The test thread's last panic is the one that failed the check: an
    // earlier one on that thread was caught by the claim, which said more.
    let lines = panics
        .iter()
        .rfind(|(thread, _)| *thread == Some(name))
        .or(panics.last())
        .map_or(&section, |(_, lines)| lines);
    lines.join("\n").trim().to_owned()
}

/// The thread named by a panic's first line (`thread 'NAME' (ID) panicked
/// at FILE:LINE:COLUMN:`), if `line` is one.
fn panicking_thread(line: &str) -> Option<Option<&str>> {
    let rest = line.strip_prefix("thread '")?;
    let (thread, _) = rest.split_once(" panicked at ")?;
    Some(thread.rsplit_once('\'').map(|(thread, _)| thread))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libtest's report of a check that stalled, as printed by a check of
    /// exercise 4 whose `drop(result_tx)` is missing (thread ids vary).
    const STALLED: &str = "
running 1 test
test a_panicking_article_ends_the_run_with_an_error_naming_it ... FAILED

failures:

---- a_panicking_article_ends_the_run_with_an_error_naming_it stdout ----

thread 'article-4' (11790) panicked at common/src/client.rs:120:13:
simulated LLM failure on article 4 (Summarization)
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

thread 'a_panicking_article_ends_the_run_with_an_error_naming_it' (11787) panicked at common/src/testing/deadline.rs:119:21:
the pipeline stopped: for 1.00 s no call has started or ended. Still waiting:
  9 of 10 articles analysed, 1 call panicked

Likely mistakes:
  - a sender is still alive: drop(result_tx)


failures:
    a_panicking_article_ends_the_run_with_an_error_naming_it

test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 6 filtered out; finished in 1.06s

";

    const NAME: &str = "a_panicking_article_ends_the_run_with_an_error_naming_it";

    /// Claim: a failed check's message is its own thread's panic, without
    /// the thread line, the backtrace note, or another thread's panic.
    #[test]
    fn a_failed_check_yields_its_own_panic_message() {
        assert_eq!(
            outcome(NAME, Ended::Code(101), STALLED, ""),
            Outcome::Failed {
                message: "the pipeline stopped: for 1.00 s no call has started or ended. \
                          Still waiting:\n  9 of 10 articles analysed, 1 call panicked\n\n\
                          Likely mistakes:\n  - a sender is still alive: drop(result_tx)"
                    .to_owned()
            }
        );
    }

    /// Claim: when the check's thread panicked twice (the claim caught the first and said more), the last panic is the message.
    #[test]
    fn a_checks_last_panic_is_its_message() {
        let printed = format!(
            "test {NAME} ... FAILED\n\nfailures:\n\n---- {NAME} stdout ----\n\
             thread '{NAME}' (7) panicked at common/src/testing/deadline.rs:1:1:\n\
             the pipeline did not return within 3 s\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
             thread '{NAME}' (7) panicked at common/src/testing/shutdown.rs:1:1:\n\
             a call went on after the stop. Hint 1 covers this\n\n\
             failures:\n    {NAME}\n"
        );
        assert_eq!(
            outcome(NAME, Ended::Code(101), &printed, ""),
            Outcome::Failed {
                message: "a call went on after the stop. Hint 1 covers this".to_owned()
            }
        );
    }

    /// Claim: with no panic of the check's own thread, the last panic is the
    /// message; with no panic at all, the captured output is.
    #[test]
    fn a_message_is_found_without_the_checks_own_thread() {
        let other = STALLED.replace(
            &format!("thread '{NAME}' (11787)"),
            "thread '<unnamed>' (11787)",
        );
        let Outcome::Failed { message } = outcome(NAME, Ended::Code(101), &other, "") else {
            panic!("not a failure");
        };
        assert!(message.starts_with("the pipeline stopped"), "{message}");
        let printed = format!(
            "test {NAME} ... FAILED\n\nfailures:\n\n---- {NAME} stdout ----\nassertion failed\n\n\
             failures:\n    {NAME}\n"
        );
        assert_eq!(
            outcome(NAME, Ended::Code(101), &printed, ""),
            Outcome::Failed {
                message: "assertion failed".to_owned()
            }
        );
    }

    #[test]
    fn a_passed_check_needs_its_line_and_a_clean_exit() {
        let passed = "\nrunning 1 test\ntest every_article_once ... ok\n\n\
                      test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 6 filtered out\n";
        assert_eq!(
            outcome("every_article_once", Ended::Code(0), passed, ""),
            Outcome::Passed
        );
        // Another check's line says nothing about this one.
        assert!(matches!(
            outcome("every_article", Ended::Code(0), passed, ""),
            Outcome::Crashed { .. }
        ));
        let Outcome::Crashed { how, .. } =
            outcome("every_article_once", Ended::Signal(11), passed, "")
        else {
            panic!("a passed line and a crash is a crash");
        };
        assert!(how.contains("signal 11"), "{how}");
    }

    /// Claim: a process that died before libtest's verdict crashed, with
    /// how it ended and its last lines.
    #[test]
    fn a_crash_is_read_as_a_crash() {
        let stdout = "\nrunning 1 test\n";
        let stderr = "\nthread 'every_article_once' has overflowed its stack\n\
                      fatal runtime error: stack overflow, aborting\n";
        assert_eq!(
            outcome("every_article_once", Ended::Signal(6), stdout, stderr),
            Outcome::Crashed {
                how: "its process was killed by signal 6 (SIGABRT: an abort, or a stack \
                      overflow) before libtest's verdict"
                    .to_owned(),
                output: "running 1 test\nthread 'every_article_once' has overflowed its stack\n\
                         fatal runtime error: stack overflow, aborting"
                    .to_owned(),
            }
        );
        let Outcome::Crashed { how, .. } = outcome(
            "every_article_once",
            Ended::Killed(Duration::from_secs(30)),
            stdout,
            "",
        ) else {
            panic!("a killed check crashed");
        };
        assert!(how.contains("after 30 s"), "{how}");
        let none = "\nrunning 0 tests\n\ntest result: ok. 0 passed; 0 failed\n";
        let Outcome::Crashed { how, .. } = outcome("every_article_once", Ended::Code(0), none, "")
        else {
            panic!("no check run is no pass");
        };
        assert!(how.contains("ran no check"), "{how}");
    }

    #[test]
    fn the_list_is_read_from_libtest() {
        let stdout = "every_article_in_flight_at_once: test\nevery_article_once: test\n\n\
                      2 tests, 0 benchmarks\n";
        assert_eq!(
            parse_list(stdout),
            ["every_article_in_flight_at_once", "every_article_once"]
        );
        assert!(parse_list("\n0 tests, 0 benchmarks\n").is_empty());
    }

    /// A stand-in for a checks binary, run as `SCRIPT --ignored --exact
    /// NAME --color never`: `slow` takes 0.6 s, `crash` aborts, `fail`
    /// fails as libtest reports it, and every other check passes.
    #[cfg(unix)]
    const FAKE_CHECKS: &str = r#"#!/bin/sh
case "$3" in
  slow) sleep 0.3; echo "test slow ... ok" ;;
  crash) echo "running 1 test"; kill -ABRT $$ ;;
  fail) printf 'test fail ... FAILED\n\nfailures:\n\n---- fail stdout ----\n\n'
        printf "thread 'fail' (7) panicked at src/lib.rs:1:1:\nboom\n\nfailures:\n    fail\n"
        exit 101 ;;
  *) echo "test $3 ... ok" ;;
esac
"#;

    /// Claim: every check runs in a process of its own, at most
    /// [`AT_ONCE`] at a time; each start and end is told as it happens, a
    /// check still running is named at every heartbeat, and the runs come
    /// back in the order of the names, each with its outcome.
    #[cfg(unix)]
    #[test]
    fn checks_run_side_by_side_and_are_told_as_they_go() {
        use std::cell::Cell;
        use std::os::unix::fs::PermissionsExt;

        let dir = std::env::temp_dir().join(format!("workshop-runs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("checks");
        std::fs::write(&script, FAKE_CHECKS).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let names: Vec<String> = ["slow", "a", "crash", "b", "fail", "c", "d"]
            .map(str::to_owned)
            .to_vec();
        let said = Cell::new(Instant::now());
        let (mut running, mut most, mut started, mut ended) = (0, 0, 0, 0);
        let mut still_running = Vec::new();
        let runs = run_all(
            &script,
            &dir,
            &names,
            Duration::from_millis(100),
            &|| said.get().elapsed(),
            &mut |event| {
                match event {
                    Event::Started(_) => {
                        started += 1;
                        running += 1;
                        most = most.max(running);
                    }
                    Event::Ended(_) => {
                        ended += 1;
                        running -= 1;
                    }
                    Event::StillRunning(checks) => {
                        still_running.extend(checks.iter().map(|(name, _)| (*name).to_owned()))
                    }
                }
                said.set(Instant::now());
            },
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!((started, ended), (names.len(), names.len()));
        assert!(most <= AT_ONCE && most > 1, "{most} checks at once");
        assert!(
            still_running.iter().any(|name| name == "slow"),
            "no heartbeat named the slow check: {still_running:?}"
        );
        let got: Vec<&str> = runs.iter().map(|run| run.name.as_str()).collect();
        assert_eq!(got, names);
        assert_eq!(runs[0].outcome, Outcome::Passed);
        assert!(runs[0].took >= Duration::from_millis(300));
        let Outcome::Crashed { how, output } = &runs[2].outcome else {
            panic!("{:?}", runs[2]);
        };
        assert!(how.contains("SIGABRT"), "{how}");
        assert_eq!(output, "running 1 test");
        assert_eq!(
            runs[4].outcome,
            Outcome::Failed {
                message: "boom".to_owned()
            }
        );
        for run in [&runs[1], &runs[3], &runs[5], &runs[6]] {
            assert_eq!(run.outcome, Outcome::Passed, "{}", run.name);
        }
    }
}
