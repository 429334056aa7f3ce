//! Every pipeline run in a test has a deadline: a learner's wrong edit makes
//! a test fail, with a diagnosis, never hang.
//!
//! Each claim runs its pipeline on a thread of its own and waits for
//! it at most [`deadline`] (10 s; `PIPELINE_DEADLINE=60` stretches it to a
//! minute, for a slow laptop). If the pipeline has not returned by then, the
//! test fails with what the client and its probe saw is still waiting and
//! the mistakes that leave a run in that state. The stuck thread is left
//! behind; the test process ends it.
//!
//! A run that can no longer make progress fails sooner: once no call is in
//! flight and nothing has happened (no article taken, no call started or
//! ended, no article finished) for a second, or ten times the workload's
//! longest latency if that is longer, while `process_all` has not
//! returned, nothing is left that could wake it. The deadline stays as the
//! backstop for everything else.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::PATIENCE;
use super::lesson::{self, Cause};
use super::probe::{Probe, Seen};
use crate::client::LlmClient;
use crate::instruments::Stats;
use crate::out::{Time, plural};

/// The name of the thread a test runs its pipeline on: the thread that
/// calls `process_all`.
pub(crate) const DEADLINE_RUNNER: &str = "pipeline-under-test";

/// The environment variable that stretches the deadline, in whole seconds.
const DEADLINE_VAR: &str = "PIPELINE_DEADLINE";

/// How long a test waits for a pipeline: the tests' workloads take well
/// under a second on any laptop, so this is only ever spent by a hung run.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// Once one run in this test process has missed its deadline, the mistake
/// is shown; the next hung runs get this long, so that a test binary full of
/// hanging tests (on two cores, two at a time) still ends within a minute.
/// It is still longer than [`PATIENCE`], which a few tests wait out on
/// purpose, so that no run fails only because another one hung.
const AFTER_A_HANG: Duration = Duration::from_secs(PATIENCE.as_secs() + 1);

static HUNG: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// A deadline set by [`expecting_a_hang`] for this thread's runs.
    static EXPECTED_HANG: std::cell::Cell<Option<Duration>> = const { std::cell::Cell::new(None) };
}

/// Runs `test` with a deadline of `limit` for the pipelines it runs on this
/// thread: for a test that shows a mistake which hangs, so that it fails
/// with the deadline's diagnosis in a second instead of ten. Such a hang
/// does not shorten the deadline of the other tests.
pub fn expecting_a_hang<T>(limit: Duration, test: impl FnOnce() -> T) -> T {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            EXPECTED_HANG.with(|expected| expected.set(None));
        }
    }
    EXPECTED_HANG.with(|expected| expected.set(Some(limit)));
    let _restore = Restore;
    test()
}

/// The deadline [`expecting_a_hang`] set for this thread's runs, if any:
/// for a claim that runs cases on threads of its own.
pub(crate) fn expected_hang() -> Option<Duration> {
    EXPECTED_HANG.with(std::cell::Cell::get)
}

/// Sets this thread's expected hang to `limit` (from [`expected_hang`] on
/// another thread).
pub(crate) fn resume_expected_hang(limit: Option<Duration>) {
    EXPECTED_HANG.with(|expected| expected.set(limit));
}

/// The deadline in force: 10 s, or `PIPELINE_DEADLINE` seconds; 6 s once
/// a run in this process has hung.
pub fn deadline() -> Duration {
    if let Some(limit) = EXPECTED_HANG.with(std::cell::Cell::get) {
        return limit;
    }
    let deadline = std::env::var(DEADLINE_VAR)
        .ok()
        .and_then(|secs| secs.trim().parse().ok())
        .map_or(DEFAULT_DEADLINE, Duration::from_secs)
        // Never below what a test may wait out on purpose.
        .max(AFTER_A_HANG);
    if HUNG.load(Ordering::SeqCst) {
        deadline.min(AFTER_A_HANG)
    } else {
        deadline
    }
}

/// Runs `pipeline` on a thread of its own and returns what it returns, or
/// fails the test with a diagnosis if it has not returned within
/// [`deadline`]. `client` is the client the pipeline calls and `probe` its
/// observer: what they measured says what is still waiting.
///
/// It also fails the test if the pipeline returned before joining every
/// thread it started through `common::sync::thread` (a ledger of spawns and
/// joins, kept only here), whatever the order of its joins.
pub(crate) fn within_deadline<T, F>(client: &LlmClient, probe: &Probe, pipeline: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (done_tx, done_rx) = mpsc::channel();
    let runner = thread::Builder::new()
        .name(DEADLINE_RUNNER.to_owned())
        .spawn(move || {
            #[cfg(not(loom))]
            let ledger = {
                let ledger = std::sync::Arc::new(super::threads::Ledger::default());
                ledger.keep_here();
                ledger
            };
            let value = pipeline();
            #[cfg(not(loom))]
            let unjoined = ledger.unjoined();
            #[cfg(loom)]
            let unjoined: Vec<String> = Vec::new();
            let _ = done_tx.send((value, unjoined));
        })
        .expect("the test can start a thread");
    let limit = deadline();
    let still = stall_after(client);
    let started = Instant::now();
    probe.progress();
    let outcome = loop {
        match done_rx.recv_timeout(TICK) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let stats = client.stats();
                if stats.in_flight == 0 && probe.quiet_for() >= still {
                    let header = format!(
                        "the pipeline stopped: for {} no call has started or ended and none is \
                         in flight, yet process_all has not returned, and nothing is left that \
                         could wake it. Still waiting:",
                        Time(still)
                    );
                    let articles = client.workload().articles;
                    panic!("{}", diagnosis(&header, &stats, &probe.seen(), articles))
                }
                if started.elapsed() >= limit {
                    break Err(mpsc::RecvTimeoutError::Timeout);
                }
            }
            other => break other,
        }
    };
    match outcome {
        Ok((value, unjoined)) => {
            let _ = runner.join();
            if !unjoined.is_empty() {
                panic!(
                    "process_all returned before joining every thread it started: {} never \
                     joined ({}). {}",
                    if unjoined.len() == 1 {
                        "1 thread was".to_owned()
                    } else {
                        format!("{} threads were", unjoined.len())
                    },
                    named(&unjoined),
                    lesson::says(Cause::Unjoined)
                );
            }
            value
        }
        // The pipeline itself panicked, instead of returning.
        Err(mpsc::RecvTimeoutError::Disconnected) => match runner.join() {
            Err(panic) => {
                let error = crate::PipelineError::panicked(None, panic);
                let message = match error {
                    crate::PipelineError::Panicked { message, .. } => message,
                    other => other.to_string(),
                };
                panic!(
                    "process_all panicked instead of returning: {message}\n\
                     (A `todo!()` left? Or a thread's panic unwrapped out of `join()`: it should \
                     come back as an error, `PipelineError::panicked(thread.name(), panic)`.)"
                )
            }
            Ok(()) => unreachable!("the runner sends before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            if EXPECTED_HANG.with(std::cell::Cell::get).is_none() {
                HUNG.store(true, Ordering::SeqCst);
            }
            let header = format!(
                "the pipeline did not return within {} s ({DEADLINE_VAR}=<seconds> stretches \
                 this). Still waiting:",
                limit.as_secs()
            );
            let articles = client.workload().articles;
            panic!(
                "{}",
                diagnosis(&header, &client.stats(), &probe.seen(), articles)
            )
        }
    }
}

/// Runs `command` (a part's binary) to completion, as `Command::output`
/// does, but kills it and fails the test if it has not exited within
/// [`deadline`].
pub fn output_within_deadline(command: &mut Command) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    wait_within_deadline(child, &format!("{command:?}"))
}

/// Waits for `child`, named `what` in a failure, reading what it writes to
/// the pipes it has; kills it and fails the test if it has not exited
/// within [`deadline`].
pub fn wait_within_deadline(mut child: Child, what: &str) -> Output {
    // Drain both pipes as the binary writes, so a full pipe cannot stall it.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let limit = deadline();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the binary can be waited for") {
            break status;
        }
        if started.elapsed() > limit {
            HUNG.store(true, Ordering::SeqCst);
            kill(&mut child);
            let stdout = stdout.join().unwrap_or_default();
            panic!(
                "{what} did not exit within {} s ({DEADLINE_VAR}=<seconds> stretches this): \
                 its pipeline never returned. The part's `tests/pipeline.rs` says what is still \
                 waiting. The last lines it printed:\n{}",
                limit.as_secs(),
                tail(&stdout)
            );
        }
        thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

/// The first `count` lines `child` writes to its stdout, read within
/// [`deadline`]; what follows is drained, so a full pipe cannot stall it.
/// Kills `child` and fails the test, naming `what`, if they do not come.
pub fn first_lines_within_deadline(child: &mut Child, count: usize, what: &str) -> Vec<String> {
    let stdout = child.stdout.take().expect("stdout is piped");
    let (lines_tx, lines_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let _ = lines_tx.send(lines.by_ref().take(count).collect::<Vec<_>>());
        lines.for_each(drop);
    });
    let limit = deadline();
    match lines_rx.recv_timeout(limit) {
        Ok(lines) if lines.len() == count => lines,
        Ok(lines) => panic!(
            "{what} ended after {} lines, not {count}: {lines:?}",
            lines.len()
        ),
        Err(_) => {
            HUNG.store(true, Ordering::SeqCst);
            kill(child);
            panic!(
                "{what} printed fewer than {count} lines within {} s ({DEADLINE_VAR}=<seconds> \
                 stretches this)",
                limit.as_secs()
            );
        }
    }
}

/// `child`'s stdout, line by line, each line awaited within [`deadline`]:
/// for a test that acts on what a run has printed so far (sends it a
/// signal, say) and then reads the rest. It owns the child: a test that
/// fails while reading (no such line, or no end within the deadline) kills
/// it, so no run outlives its test.
#[derive(Debug)]
pub struct Lines {
    lines: mpsc::Receiver<String>,
    child: Option<Child>,
    what: String,
}

impl Lines {
    /// Starts reading `child`'s stdout (piped); `what` names it in a failure.
    pub fn of(mut child: Child, what: &str) -> Self {
        let stdout = child.stdout.take().expect("stdout is piped");
        let (lines_tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines {
            lines,
            child: Some(child),
            what: what.to_owned(),
        }
    }

    /// The child's process id, to signal it.
    pub fn id(&self) -> u32 {
        self.child
            .as_ref()
            .expect("until `rest`, the child is here")
            .id()
    }

    /// Reads lines until one satisfies `found`, and returns it; fails the
    /// test (and kills the child) if the output ends first or no such line
    /// comes within [`deadline`].
    pub fn until(&mut self, found: impl Fn(&str) -> bool) -> String {
        let limit = deadline();
        let started = Instant::now();
        loop {
            let left = limit.saturating_sub(started.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) if found(&line) => return line,
                Ok(_) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("{} ended without the line the test waits for", self.what)
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    HUNG.store(true, Ordering::SeqCst);
                    panic!(
                        "{} did not print the line the test waits for within {} s",
                        self.what,
                        limit.as_secs()
                    )
                }
            }
        }
    }

    /// The lines left, up to the end of the output, and the child's exit
    /// (its stderr with it), all of which must come within [`deadline`].
    pub fn rest(mut self) -> (Vec<String>, Output) {
        let limit = deadline();
        let started = Instant::now();
        let mut rest = Vec::new();
        loop {
            let left = limit.saturating_sub(started.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) => rest.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    HUNG.store(true, Ordering::SeqCst);
                    panic!(
                        "{} did not end its output within {} s",
                        self.what,
                        limit.as_secs()
                    )
                }
            }
        }
        let child = self.child.take().expect("the child is waited for once");
        (rest, wait_within_deadline(child, &self.what))
    }
}

impl Drop for Lines {
    /// A test that failed before [`Lines::rest`] waited for the child: kill it.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            kill(&mut child);
        }
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}

/// The first few of `names`, and how many more there are.
fn named(names: &[String]) -> String {
    const SHOWN: usize = 4;
    let mut text = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// How often the deadline looks at a run that has not returned.
const TICK: Duration = Duration::from_millis(50);

/// How long a run may go with no call in flight and nothing happening
/// before it counts as stalled: a second, or ten of the workload's longest
/// calls.
fn stall_after(client: &LlmClient) -> Duration {
    (client.workload().latency.max() * 10).max(Duration::from_secs(1))
}

/// What a run that stalled or missed its deadline (`header`) is waiting
/// for, and why it may be, in the words of the lesson under test.
fn diagnosis(header: &str, stats: &Stats, seen: &Seen, articles: usize) -> String {
    let alive = seen.threads_alive;
    let mut text = format!(
        "{header}\n\
         \x20 {} of {articles} articles analysed, {} panicked; {} of {articles} taken from the input\n\
         \x20 {} in flight; {} made calls, {alive} of them still alive (working or blocked)\n",
        stats.articles_done,
        plural(seen.calls_panicked as usize, "call"),
        seen.taken,
        plural(stats.in_flight, "call"),
        plural(stats.threads.len(), "thread"),
    );
    if !seen.takers.is_empty() {
        text.push_str(&format!(
            "  the input was taken by: {}\n",
            seen.takers.join(", ")
        ));
    }
    text.push_str(LIKELY_MISTAKE);
    text.push('\n');
    let (cause, state) = cause(stats, seen, articles);
    text.push_str("  ");
    text.push_str(state);
    let says = lesson::says(cause);
    if !says.is_empty() {
        text.push(' ');
        text.push_str(&says);
    }
    text.push('\n');
    text
}

/// The state of a run with a call that never ends.
pub(crate) const STUCK_IN_CALL: &str = "calls are still in flight: a thread is stuck inside a \
                                        call, waiting for something that another thread never \
                                        does.";

/// Where a diagnosis turns from the state to its guess at the cause.
pub(crate) const LIKELY_MISTAKE: &str = "Likely mistake:";

/// The cause the instruments point at, and the state that shows it.
fn cause(stats: &Stats, seen: &Seen, articles: usize) -> (Cause, &'static str) {
    // An article whose call panicked is finished too: it will never be done.
    let all_done = stats.articles_done + seen.calls_panicked >= articles as u64;
    if stats.in_flight > 0 {
        (Cause::StuckInCall, STUCK_IN_CALL)
    } else if stats.calls_started == 0 && seen.taken > 0 {
        (
            Cause::WaitsBeforeAnyCall,
            "articles were taken from the input, yet no call has started: the threads that \
             should make the calls are waiting for something first.",
        )
    } else if all_done {
        (
            Cause::KeptSender,
            "every article was analysed (or its call panicked) and no call is running, yet \
             process_all still waits for results.",
        )
    } else if seen.threads_alive > 0 {
        (
            Cause::Blocked,
            "articles are left, no call is running, and the threads that made calls are still \
             alive: they are blocked, waiting for each other.",
        )
    } else {
        (
            Cause::ThreadsGone,
            "articles are left, no call is running, and every thread that made calls has \
             ended (a call that panics ends its thread), yet process_all still waits.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LatencyRange;
    use crate::testing::workload;

    /// Claim: a `Lines` dropped before its run ended (its test failed) kills the run.
    #[cfg(target_os = "linux")]
    #[test]
    fn lines_dropped_early_kill_their_run() {
        let child = Command::new("sleep")
            .arg("60")
            .stdout(Stdio::piped())
            .spawn()
            .expect("sleep runs");
        let lines = Lines::of(child, "sleep 60");
        let pid = lines.id();
        drop(lines);
        let alive = Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(Stdio::null())
            .status()
            .expect("kill runs");
        assert!(
            !alive.success(),
            "sleep {pid} outlived the Lines that read it"
        );
    }

    #[test]
    fn a_pipeline_within_the_deadline_returns_its_value() {
        let client = LlmClient::builder(workload(1, LatencyRange::ZERO)).build();
        assert_eq!(within_deadline(&client, &Probe::default(), || 7), 7);
    }

    /// Claim: the stall rule: a run with no call in flight and nothing
    /// happening for a second is a verdict, long before the deadline; a
    /// call in flight for longer than a second is not a stall.
    ///
    /// Both sides take their second, so they run side by side.
    #[test]
    fn the_stall_rule_fails_a_stuck_run_in_a_second_and_spares_a_long_call() {
        std::thread::scope(|scope| {
            scope.spawn(a_run_that_can_no_longer_make_progress_is_a_verdict_before_the_deadline);
            scope.spawn(a_call_in_flight_for_longer_than_a_second_is_no_stall);
        });
    }

    fn a_run_that_can_no_longer_make_progress_is_a_verdict_before_the_deadline() {
        let client = LlmClient::builder(workload(1, LatencyRange::ZERO)).build();
        let probe = Probe::default();
        // Waits for a message that never comes, with no call in flight.
        let (_never_tx, never_rx) = mpsc::channel::<()>();
        let never = std::sync::Mutex::new(never_rx);
        let verdict = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            within_deadline(&client, &probe, move || never.lock().unwrap().recv())
        }));
        let payload = verdict.expect_err("a stalled run fails");
        let message = payload.downcast_ref::<String>().expect("a message");
        assert!(
            message.starts_with("the pipeline stopped: for 1.00 s"),
            "{message}"
        );
    }

    fn a_call_in_flight_for_longer_than_a_second_is_no_stall() {
        let w = workload(1, LatencyRange::ZERO);
        // The only call is held for 1.5 s: a rendezvous of 2 that never fills.
        let probe =
            std::sync::Arc::new(Probe::default().rendezvous(2, Duration::from_millis(1_500)));
        let client = std::sync::Arc::new(LlmClient::builder(w).observer(probe.clone()).build());
        let shared = std::sync::Arc::clone(&client);
        let article = w.articles().next().expect("one article");
        let answered = within_deadline(&client, &probe, move || {
            shared.summarize(&article, None, None)
        });
        assert!(answered.is_ok());
    }

    #[test]
    fn a_collector_waiting_on_a_live_sender_is_diagnosed_in_the_parts_words() {
        let stats = Stats {
            calls_started: 9,
            calls_completed: 9,
            calls_refused: 0,
            calls_timed_out: 0,
            calls_cancelled: 0,
            articles_done: 3,
            in_flight: 0,
            peak_in_flight: 3,
            threads: Vec::new(),
        };
        let seen = Seen {
            taken: 3,
            ..Seen::default()
        };
        lesson::checking("ex-04-channels");
        let text = diagnosis("the pipeline did not return", &stats, &seen, 3);
        assert!(
            text.contains("3 of 3 articles analysed, 0 calls panicked"),
            "{text}"
        );
        assert!(text.contains("drop(result_tx)"), "{text}");
        assert!(text.contains("cargo exercise hint 4 1"), "{text}");
        assert_eq!(lesson::another_parts_word(&text, 4), None, "{text}");
    }

    #[test]
    fn a_blocked_feeder_and_a_kept_receiver_are_told_apart() {
        let stats = Stats {
            calls_started: 6,
            calls_completed: 6,
            calls_refused: 0,
            calls_timed_out: 0,
            calls_cancelled: 0,
            articles_done: 2,
            in_flight: 0,
            peak_in_flight: 1,
            threads: Vec::new(),
        };
        let seen = Seen {
            taken: 4,
            most_read_ahead: 2,
            threads_alive: 1,
            takers: vec!["the thread that called process_all".to_owned()],
            ..Seen::default()
        };
        lesson::checking("part-05-worker-pool");
        let text = diagnosis("the pipeline did not return", &stats, &seen, 10);
        assert!(text.contains("4 of 10 taken from the input"), "{text}");
        assert!(
            text.contains("the input was taken by: the thread that called process_all"),
            "{text}"
        );
        assert!(text.contains("feeder on the collector's thread"), "{text}");
        assert!(!text.contains("drop(job_rx)"), "a worker is alive: {text}");

        // The same run with every worker gone: a receiver kept alive, not the feeder.
        let seen = Seen {
            threads_alive: 0,
            calls_panicked: 1,
            ..seen
        };
        let text = diagnosis("the pipeline did not return", &stats, &seen, 10);
        assert!(text.contains("drop(job_rx)"), "{text}");
        assert!(!text.contains("feeder on the collector's thread"), "{text}");
    }
}
