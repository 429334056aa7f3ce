//! The claims the parts' tests share, written once.
//!
//! Each function runs the `process_all` it is given (a part's own) on a small
//! workload, within the deadline of [`super::deadline`], and panics with a
//! message that says what went wrong, so a part's test is one line that
//! names its claim. Concurrency is checked with the client's in-flight gauge
//! and rendezvous, never with a stopwatch.

use std::time::Duration;

use super::deadline::within_deadline;
use super::lesson::{Cause, says};
use super::probe::{Probe, Seen};
use super::{PATIENCE, verify, workload};
use crate::instruments::Stats;
use crate::limiter::RateLimit;
use crate::outcome::execute;
use crate::schedule::list_schedule;
use crate::sync::Arc;
use crate::workload::Task;
use crate::{AIResult, Articles, LatencyRange, LlmClient, MAX_THREADS, PipelineError, Schedule};

/// The probe is shared through std's `Arc`, even under loom: it observes
/// the part, it is not part of what loom explores.
type ProbeArc<T> = std::sync::Arc<T>;

/// A client for `w`, observed by `probe`.
fn probed(w: crate::Workload, probe: &ProbeArc<Probe>) -> crate::client::LlmClientBuilder {
    LlmClient::builder(w).observer(probe.clone())
}

/// Runs `process_all` on `client`'s articles, within the deadline; `probe`,
/// the client's observer, says what is still waiting if it hangs.
pub fn run<F>(
    process_all: F,
    client: &Arc<LlmClient>,
    probe: &Probe,
) -> Result<Vec<AIResult>, PipelineError>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let shared = Arc::clone(client);
    within_deadline(client, probe, move || {
        process_all(shared.articles(), &shared)
    })
}

/// Runs `claim` on every one of `cases` at once, each on a thread of its own
/// (the runs mostly wait), in the lesson of the calling test. A case that
/// fails fails the test with its own message. Each case's thread has the
/// test's name, so its panic reads as the test's (the workshop runner
/// tells the check's own panic from an article's by the thread).
pub fn side_by_side<T: Send>(cases: impl IntoIterator<Item = T>, claim: impl Fn(T) + Sync) {
    let lesson = super::lesson::current();
    let expected_hang = super::deadline::expected_hang();
    let test = std::thread::current().name().map(str::to_owned);
    std::thread::scope(|scope| {
        let claim = &claim;
        let runs: Vec<_> = cases
            .into_iter()
            .map(|case| {
                let case_thread = match &test {
                    Some(name) => std::thread::Builder::new().name(name.clone()),
                    None => std::thread::Builder::new(),
                };
                case_thread
                    .spawn_scoped(scope, move || {
                        super::lesson::resume(lesson);
                        super::deadline::resume_expected_hang(expected_hang);
                        claim(case);
                    })
                    .expect("a thread for each case")
            })
            .collect();
        let mut failed = None;
        for run in runs {
            if let Err(failure) = run.join() {
                failed.get_or_insert(failure);
            }
        }
        if let Some(failure) = failed {
            std::panic::resume_unwind(failure);
        }
    });
}

/// Every one of `articles` articles is processed exactly once, with its own
/// result. Returns the results, in the order the part returned them.
///
/// The calls take 5–10 ms: an article needs at least 15 ms, far longer than
/// starting its threads takes, so a part that returns without waiting for
/// its threads (no `join`) returns before any result is ready (only a pause
/// of 15 ms between its last spawn and its return could hide it).
pub fn every_article_once<F>(process_all: F, articles: usize) -> Vec<AIResult>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(
        articles,
        LatencyRange::from_millis(5, 10).expect("ordered range"),
    );
    let probe = ProbeArc::new(Probe::default());
    let client = Arc::new(probed(w, &probe).build());
    let results = run(process_all, &client, &probe).expect("the run succeeds");
    verified(&w, &results);
    results
}

/// Fails the test unless `results` hold every article of `w` once, each
/// with its own result; where results are missing, says why in the lesson's
/// words.
fn verified(w: &crate::Workload, results: &[AIResult]) {
    if let Err(problem) = verify(w, results) {
        let advice = if results.len() < w.articles {
            says(Cause::MissingResults)
        } else {
            String::new()
        };
        panic!("{} articles: {problem}. {advice}", w.articles);
    }
}

/// The full set comes back even when article 0 finishes last: it is held
/// back until the seven others are analysed and their threads have exited,
/// that is, after their results were delivered. Returns the results in the
/// order the part returned them, for the ordering claims.
pub fn every_article_once_with_article_0_last<F>(process_all: F) -> Vec<AIResult>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    article_0_held_back(process_all).0
}

/// The run of [`every_article_once_with_article_0_last`], with what the
/// probe saw.
fn article_0_held_back<F>(process_all: F) -> (Vec<AIResult>, Seen)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(8, LatencyRange::ZERO);
    let probe = ProbeArc::new(Probe::default().hold_back(0, w.articles, PATIENCE));
    let client = Arc::new(probed(w, &probe).build());
    let results = run(process_all, &client, &probe).expect("the run succeeds");
    verified(&w, &results);
    (results, probe.seen())
}

/// Input order is kept: even with article 0 held back until every other
/// article is done, the results come back in the order of the input.
pub fn results_keep_input_order<F>(process_all: F)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let order = super::ids(&every_article_once_with_article_0_last(process_all));
    assert!(
        order.iter().copied().eq(0..order.len()),
        "the results must come back in input order, not {order:?}. {}",
        says(Cause::OutOfOrder)
    );
}

/// No order is kept: with article 0 held back until every other result has
/// been delivered, article 0's result is the last one returned.
pub fn results_arrive_in_completion_order<F>(process_all: F)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let (results, seen) = article_0_held_back(process_all);
    let order = super::ids(&results);
    if order.last() != Some(&0) {
        if seen.held_back_gave_up {
            panic!(
                "article 0's first call was held until the 7 other articles were done, yet none \
                 of them could finish while it was held: each article waited for the one before \
                 it, and they ran one after another ({order:?}). {}",
                says(Cause::TookTurns)
            );
        }
        panic!(
            "article 0 finished last, yet its result is not the last one returned ({order:?}): \
             the order was put back. {}",
            says(Cause::PutBackInOrder)
        );
    }
}

/// The peak number of calls in flight is exactly `expected`, on `articles`
/// articles with 1–2 ms calls. Returns what the client measured.
///
/// For `expected` above 1, a rendezvous holds the calls until `expected` are
/// in flight together, so a part that can reach it does, whatever the
/// scheduling; the part's design must keep the peak from going higher. For
/// `expected` of 1, the rendezvous waits 100 ms for a second call in flight,
/// which only a part that overlaps calls would send.
pub fn peak_in_flight_is<F>(process_all: F, articles: usize, expected: usize) -> Stats
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(
        articles,
        LatencyRange::from_millis(1, 2).expect("ordered range"),
    );
    let rendezvous = if expected == 1 {
        (2, Duration::from_millis(100))
    } else {
        (expected, PATIENCE)
    };
    let probe = ProbeArc::new(Probe::default().rendezvous(rendezvous.0, rendezvous.1));
    let client = Arc::new(probed(w, &probe).build());
    let results = run(process_all, &client, &probe).expect("the run succeeds");
    verified(&w, &results);
    let stats = client.stats();
    assert!(
        stats.peak_in_flight == expected,
        "{articles} articles: expected a peak of {expected} calls in flight, measured {}. {}",
        stats.peak_in_flight,
        if stats.peak_in_flight < expected {
            says(Cause::TookTurns)
        } else {
            String::new()
        }
    );
    // What the calls did, not only what the gauge counted: the waits met.
    let waiting = probe.seen().most_waiting;
    assert_eq!(
        waiting, expected,
        "{articles} articles: {expected} calls were counted in flight together, yet at most \
         {waiting} waited for their answers at the same moment: does the client let only one \
         call wait at a time (a lock around its wait)?"
    );
    stats
}

/// A pool whose job channel holds `capacity` jobs, with `workers` workers:
/// however many articles there are, its feeder takes at most `capacity`
/// articles from the input ahead of the ones the workers have started, plus
/// the one it is sending and one per worker between `recv` and its first
/// call. What waits in its queue is bounded, so memory does not grow with
/// the work still to come. And the bound is `capacity`, not something
/// tighter: calls last 1–2 ms, so the feeder, faster than the workers, does
/// fill the channel. Returns what the client measured.
pub fn read_ahead_is_bounded_by<F>(
    process_all: F,
    articles: usize,
    capacity: usize,
    workers: usize,
) -> Stats
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(
        articles,
        LatencyRange::from_millis(1, 2).expect("ordered range"),
    );
    let probe = ProbeArc::new(Probe::default());
    let client = Arc::new(probed(w, &probe).build());
    let results = run(process_all, &client, &probe).expect("the run succeeds");
    verified(&w, &results);
    let stats = client.stats();
    let seen = probe.seen();
    assert!(
        seen.taken == articles,
        "{articles} articles, yet {} were taken from the client's stream. {}",
        seen.taken,
        says(Cause::OwnInput)
    );
    let most = capacity + 1 + workers;
    assert!(
        seen.most_read_ahead <= most,
        "{articles} articles: up to {} articles were taken from the input before any thread \
         started them, more than the {most} a channel of {capacity} allows. {}",
        seen.most_read_ahead,
        says(Cause::ReadTooFarAhead)
    );
    assert!(
        seen.most_read_ahead >= capacity.min(articles - 1),
        "{articles} articles: the input was never taken more than {} articles ahead of the \
         calls, though the channel should hold {capacity}. {}",
        seen.most_read_ahead,
        says(Cause::ReadTooLittleAhead)
    );
    stats
}

/// Against the provider's rate limit `limit`, on `articles` articles with
/// the series' latency scaled down 30 times (as `--fast` does, with `limit`
/// sped up to match): every article still comes back exactly once, each
/// refused one marked with the one call that was refused, and the report's
/// ideal leaves refused calls out: where the ideal is a floor (one call at a
/// time, or every article at once), the run does not beat it.
/// Returns what the client measured, for the part to say how many calls
/// were refused.
pub fn every_article_once_under_a_rate_limit<F>(
    process_all: F,
    articles: usize,
    schedule: Schedule,
    limit: RateLimit,
) -> Stats
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    every_article_once_under_a_rate_limit_sped_up(process_all, articles, schedule, limit, 30)
}

/// [`every_article_once_under_a_rate_limit`] with the latency scaled down
/// `speedup` times (`limit` sped up to match, by the caller): for a run of
/// one call at a time, whose time is the sum of the latencies.
pub fn every_article_once_under_a_rate_limit_sped_up<F>(
    process_all: F,
    articles: usize,
    schedule: Schedule,
    limit: RateLimit,
    speedup: u32,
) -> Stats
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(articles, LatencyRange::DEFAULT.scaled_down(speedup));
    let probe = ProbeArc::new(Probe::default());
    let client = Arc::new(probed(w, &probe).rate_limit(Some(limit)).build());
    // Keep a copy of the results, which `execute` checks by id only.
    let kept = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = Arc::clone(&kept);
    let keeping = move |articles: Articles, client: &Arc<LlmClient>| {
        let results = process_all(articles, client);
        if let Ok(results) = &results {
            keep.lock().expect("not poisoned").clone_from(results);
        }
        results
    };
    let shared = Arc::clone(&client);
    let outcome = within_deadline(&client, &probe, move || execute(schedule, &shared, keeping))
        .expect("the run succeeds: refused calls are results, not errors");
    let results = kept.lock().expect("not poisoned").clone();
    verified(&w, &results);
    let stats = client.stats();
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r.failed, Some(crate::Failed::Refused(_))))
            .count() as u64,
        stats.calls_refused,
        "each refused call ends its article, so as many articles are marked refused as calls were"
    );
    if !matches!(schedule, Schedule::Pool { .. }) {
        assert!(
            outcome.elapsed >= outcome.ideal,
            "{:?} beat the ideal {:?}: it must count a refused call as taking no time",
            outcome.elapsed,
            outcome.ideal
        );
    }
    stats
}

/// The report's ideal for `schedule` is what that schedule reaches on this
/// workload if threads cost nothing, computed here from the latencies; the
/// lower bound is at or below it; and the run does not beat its floor: the
/// ideal where it is one (one call at a time, or every article at once), the
/// lower bound for a pool, whose list schedule another order can beat.
pub fn reported_ideal_is_right<F>(process_all: F, schedule: Schedule)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(6, LatencyRange::from_millis(1, 5).expect("ordered range"));
    let probe = ProbeArc::new(Probe::default());
    let client = Arc::new(probed(w, &probe).build());
    let shared = Arc::clone(&client);
    let outcome = within_deadline(&client, &probe, move || {
        execute(schedule, &shared, process_all)
    })
    .expect("the run succeeds");
    let article = |id| -> Duration { Task::ALL.iter().map(|&task| w.latency(id, task)).sum() };
    let expected = match schedule {
        Schedule::Sequential => (0..6).map(article).sum(),
        Schedule::ThreadPerArticle => (0..6).map(article).max().expect("six articles"),
        Schedule::Pool { workers } => list_schedule((0..6).map(article), workers.get()),
    };
    assert_eq!(outcome.ideal, expected, "{schedule:?}");
    let expected_bound = match schedule {
        // The slowest article, or all the work split evenly over the workers.
        Schedule::Pool { workers } => {
            let total: Duration = (0..6).map(article).sum();
            let longest = (0..6).map(article).max().expect("six articles");
            longest.max(total / workers.get() as u32)
        }
        Schedule::Sequential | Schedule::ThreadPerArticle => expected,
    };
    assert_eq!(
        outcome.lower_bound, expected_bound,
        "{schedule:?}: the lower bound"
    );
    // The list schedule of a pool is one order among others; the lower bound
    // is a floor for every design of this shape.
    let floor = match schedule {
        Schedule::Pool { .. } => outcome.lower_bound,
        Schedule::Sequential | Schedule::ThreadPerArticle => expected,
    };
    assert!(
        outcome.elapsed >= floor,
        "{:?} beat the floor {floor:?}",
        outcome.elapsed
    );
}

/// A run that would need more than [`MAX_THREADS`] threads (with `articles`
/// articles) is refused before any call starts.
pub fn refused_before_any_thread_starts<F>(process_all: F, articles: usize)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(articles, LatencyRange::ZERO);
    let probe = ProbeArc::new(Probe::default());
    let client = Arc::new(probed(w, &probe).build());
    let error = run(process_all, &client, &probe).expect_err("the run is refused");
    assert!(
        matches!(
            error,
            PipelineError::TooManyThreads {
                limit: MAX_THREADS,
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(
        client.stats().calls_started,
        0,
        "work started before the refusal"
    );
}

/// When the LLM panics on articles 4 and 7 of 10, the run ends (it does not
/// hang) with an error that names the thread, whose name starts with
/// `thread`, and one of those articles; and every thread is joined when it
/// returns, whatever the order of the joins: two threads panic, so a join
/// loop that stops at the first panic it meets leaves the other one
/// unjoined.
///
/// What shows an unjoined thread: the ledger of spawns and joins that
/// `common::sync::thread` keeps under a test's deadline; and, for threads
/// that are not the shim's (Part 2's std threads), a call still in flight
/// or a thread that made calls still alive at the return. For those, the
/// claim runs twice, side by side, holding article 9 in one run and article 0 in the other in flight for
/// 150 ms (until the others are done, which with two failing never
/// happens): a loop that joins in input order and stops at article 4
/// returns while article 9's call runs, and one that joins last first and
/// stops at article 7 returns while article 0's does.
pub fn panic_is_reported<F>(process_all: F, thread: &str)
where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let process_all = ProbeArc::new(process_all);
    // The two runs each hold an article for 150 ms: side by side.
    side_by_side([9, 0], |held| {
        let process_all = ProbeArc::clone(&process_all);
        panic_is_reported_with(move |a, c: &Arc<LlmClient>| process_all(a, c), thread, held);
    });
}

fn panic_is_reported_with<F>(process_all: F, thread: &str, held: usize)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(10, LatencyRange::ZERO);
    let probe = ProbeArc::new(
        Probe::default()
            .hold_back(held, w.articles, Duration::from_millis(150))
            .panic_on(&[4, 7]),
    );
    let client = Arc::new(probed(w, &probe).build());
    let outcome = run(process_all, &client, &probe);
    let in_flight = client.stats().in_flight;
    assert!(
        in_flight == 0,
        "process_all returned before joining every thread it started: {} still in flight. {}",
        if in_flight == 1 {
            "1 call was".to_owned()
        } else {
            format!("{in_flight} calls were")
        },
        says(Cause::Unjoined)
    );
    let alive = probe.seen().threads_alive;
    assert!(
        alive == 0,
        "process_all returned before joining every thread it started: {} that made calls \
         still ran. {}",
        crate::out::plural(alive, "thread"),
        says(Cause::Unjoined)
    );
    match outcome {
        Err(PipelineError::Panicked {
            thread: name,
            message,
        }) => {
            assert!(name.starts_with(thread), "the error names thread '{name}'");
            assert!(
                message.contains("article 4") || message.contains("article 7"),
                "{message}"
            );
        }
        other => panic!("expected the panic of article 4 or 7 as an error, got {other:?}"),
    }
}

/// Under loom: in every interleaving with up to `preemption_bound`
/// preemptions, every one of `articles` articles is processed exactly once,
/// with its own result, and the run ends (loom reports a run that cannot
/// end as a deadlock).
#[cfg(loom)]
pub fn every_article_once_in_every_interleaving<F>(
    process_all: F,
    articles: usize,
    preemption_bound: usize,
) where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(preemption_bound);
    let explored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        model.check(move || {
            super::loom_channel::forget_waits();
            one_execution(&process_all, articles);
        });
    }));
    if let Err(failure) = explored {
        let message = failure
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| failure.downcast_ref::<&str>().copied())
            .unwrap_or("a panic without a message");
        panic!("{}", loom_report(message, &super::loom_channel::waiting()));
    }
}

/// One execution of a loom model: a run of `articles` articles, every one
/// processed once with its own result.
#[cfg(loom)]
fn one_execution<F>(process_all: &F, articles: usize)
where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    let w = workload(articles, LatencyRange::ZERO);
    // Dropped by hand only once the run has ended: when loom reports a
    // deadlock it unwinds, and dropping a loom `Arc` while unwinding
    // aborts the whole test binary instead of showing the report.
    let client = std::mem::ManuallyDrop::new(Arc::new(LlmClient::builder(w).build()));
    let results = process_all(client.articles(), &client).expect("the run succeeds");
    assert_eq!(verify(&w, &results), Ok(()));
    drop(std::mem::ManuallyDrop::into_inner(client));
}

/// `path` without its `dir/..` detours (a module that `#[path]` puts
/// beside `src/`).
#[cfg(loom)]
fn tidy(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// loom's failure, in the learner's words: for a deadlock, each thread that
/// cannot move, by name, with the part's line where it waits, the likely
/// mistake, and how to read it.
#[cfg(loom)]
pub(crate) fn loom_report(message: &str, waiting: &[super::loom_channel::Waiting]) -> String {
    if !message.starts_with("deadlock") || waiting.is_empty() {
        return format!("loom found an interleaving that fails: {message}");
    }
    let mut report = "loom found a deadlock: in one interleaving, no thread can move.\n".to_owned();
    for blocked in waiting {
        report.push_str(&format!(
            "  {} waits in `{}`, at {}:{}\n",
            blocked.thread,
            blocked.operation,
            tidy(blocked.at.file()),
            blocked.at.line()
        ));
    }
    report.push_str("  every other thread has finished.\n");
    let cause = if waiting.iter().all(|blocked| blocked.operation == "recv") {
        Cause::KeptSender
    } else {
        Cause::Blocked
    };
    let advice = says(cause);
    if !advice.is_empty() {
        report.push_str(&format!("Likely mistake: {advice}\n"));
    }
    report.push_str(
        "How to read it: a thread in `recv` waits for a message, or for every sender to be \
         dropped; one in `send` waits for room in a full channel (at capacity 0, for a receiver).\n",
    );
    if waiting.iter().any(|blocked| blocked.operation == "select!") {
        report.push_str("One in `select!` waits until either of its operations can proceed.\n");
    }
    report.push_str(
        "So look for the sender still alive, or for the receiver that nobody drains while it waits.",
    );
    report
}

#[cfg(test)]
mod tests {
    /// Claim: each case of `side_by_side` runs on a thread named after the test, so that its panic reads as the test's own.
    #[test]
    fn each_case_runs_on_a_thread_named_after_the_test() {
        let test = std::thread::current().name().map(str::to_owned);
        super::side_by_side([1, 2], |_| {
            assert_eq!(
                std::thread::current().name().map(str::to_owned),
                test,
                "a case's thread is not named after its test"
            );
        });
    }
}
