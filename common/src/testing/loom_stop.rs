//! Part 7's loom claims: the pool with one stop for the run, the stop
//! modelled as a race.
//!
//! The stop is what the run's stop channel says: its sender is dropped
//! (Ctrl-C, SIGTERM or `--cancel-after` do it in a real run). Here a thread
//! of its own, the `stopper`, drops it, and loom explores every point at
//! which that can happen: before the feeder sends the first job, while it
//! waits in its `select!` on a full job channel, between a worker's take and
//! its look at the stop, between any two calls of an article, after the
//! last result. The client's one seam, [`Observer::wait`], stands for the
//! moment a call's answer is due, as in `loom_deadline`: the call is cut
//! (`Cancelled`) if the stop has come by then, and answers otherwise; and
//! the client itself starts no call after the stop.
//!
//! In every interleaving, the run must end (loom reports a thread that can
//! never end as a deadlock), every thread it spawned must have been joined
//! when `process_all` returns (`loom_thread`'s ledger), and every article
//! must be reported once, with its own result: succeeded, cancelled at a
//! call with the answers before it, or queued, never started. Across the interleavings, each of the
//! three must occur, or the model did not reach what it is for.
//!
//! The price is one thread of loom's five: main, the feeder, up to two
//! workers, and the stopper; with the deadline's race of Part 6 as well,
//! one worker.
//!
//! Counts kept across the executions are std atomics, outside the model
//! (as the channel model keeps its bookkeeping), so that keeping them adds
//! nothing for loom to explore.

use std::sync::atomic::{AtomicBool as StdAtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use loom::sync::atomic::AtomicBool;

use super::claims::loom_report;
use super::lesson::{Cause, says};
use super::{verify, workload};
use crate::client::{Observer, Waited};
use crate::sync::Arc;
use crate::sync::channel::{self, Receiver};
use crate::{AIResult, Articles, Failed, LatencyRange, LlmClient, PipelineError};

/// The race's state and the tallies are shared through std's `Arc`: they
/// observe the run, they are not what loom explores.
type StdArc<T> = std::sync::Arc<T>;

/// How the executions loom explored ended: in how many of them some article
/// was reported each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcomes {
    /// Every execution loom explored.
    pub executions: usize,
    /// Executions in which an article succeeded, with all its answers.
    pub succeeded: usize,
    /// Executions in which an article was cancelled at a call.
    pub cancelled: usize,
    /// Executions in which an article was reported queued, never started.
    pub queued: usize,
    /// Executions in which an article was cut at its deadline.
    pub timed_out: usize,
}

/// Under loom, with the stop racing a run of `articles` articles: in every
/// interleaving with up to `preemption_bound` preemptions, the run ends,
/// every thread it spawned is joined when `process_all` returns, and
/// every article is reported once with its own result; and succeeded,
/// cancelled and queued articles each occur in some interleaving.
/// `process_all` is the part's, given the stop's receiver.
pub fn accounted_for_at_any_stop<F>(
    process_all: F,
    articles: usize,
    preemption_bound: usize,
) -> Outcomes
where
    F: Fn(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let outcomes = explore(process_all, articles, preemption_bound, false);
    every_ending_occurs(&outcomes, articles, "the stop fires");
    outcomes
}

/// The same, with Part 6's deadline racing too (on a thread of its own, as
/// in `loom_deadline`): an article may also be cut at its deadline, and
/// that occurs in some interleaving as well. `process_all` is given a
/// timeout by its caller; the pool has one worker, for loom's five threads.
pub fn accounted_for_at_any_stop_or_deadline<F>(
    process_all: F,
    articles: usize,
    preemption_bound: usize,
) -> Outcomes
where
    F: Fn(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let outcomes = explore(process_all, articles, preemption_bound, true);
    let fires = "the stop and the deadline fire";
    every_ending_occurs(&outcomes, articles, fires);
    assert!(
        outcomes.timed_out > 0,
        "{articles} articles: loom explored {} interleavings, in which {fires} at every point \
         they can, yet no article was ever cut at its deadline: is the article's deadline given \
         to its calls?",
        outcomes.executions
    );
    outcomes
}

/// Fails, saying which, if an ending never occurred.
fn every_ending_occurs(outcomes: &Outcomes, articles: usize, fires: &str) {
    let explored = format!(
        "{articles} articles: loom explored {} interleavings, in which {fires} at every point \
         it can",
        outcomes.executions
    );
    assert!(
        outcomes.succeeded > 0,
        "{explored}, yet no article ever succeeded, not even where the stop came after the \
         last answer: is every article taken as stopped, whatever the stop says?"
    );
    assert!(
        outcomes.cancelled > 0,
        "{explored}, yet no article was ever cancelled at a call: does each call get the run's \
         stop?"
    );
    assert!(
        outcomes.queued > 0,
        "{explored}, yet no article was ever reported queued: after the stop, do the feeder and \
         the workers report the articles they will not start, each once?"
    );
}

/// Runs the model, and returns how its executions ended; a failing
/// execution fails the claim with loom's report, in the part's words.
fn explore<F>(process_all: F, articles: usize, preemption_bound: usize, deadline: bool) -> Outcomes
where
    F: Fn(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let tally = StdArc::new(Tally::default());
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(preemption_bound);
    let explored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let tally = StdArc::clone(&tally);
        model.check(move || {
            super::loom_channel::forget_waits();
            one_execution(&process_all, articles, deadline, &tally);
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
    let outcomes = tally.outcomes();
    println!(
        "{articles} articles, up to {preemption_bound} preemptions{}: {} interleavings, an \
         article succeeded in {}, cancelled in {}, queued in {}, timed out in {}",
        if deadline { ", with the deadline" } else { "" },
        outcomes.executions,
        outcomes.succeeded,
        outcomes.cancelled,
        outcomes.queued,
        outcomes.timed_out
    );
    outcomes
}

/// One execution: the stopper's thread (and the deadline's, if `deadline`)
/// racing a run of `articles` articles, whose results are checked and
/// counted in `tally`.
fn one_execution<F>(process_all: &F, articles: usize, deadline: bool, tally: &Tally)
where
    F: Fn(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>,
{
    let w = workload(articles, LatencyRange::ZERO);
    let race = StdArc::new(Race {
        deadline_races: deadline,
        ..Race::default()
    });
    // The stop carries no message: dropping its sender is the stop, for
    // every receiver at once.
    let (stop_tx, stop_rx) = channel::bounded::<()>(0);
    let stopper = {
        let race = StdArc::clone(&race);
        loom::thread::Builder::new()
            .name("stopper".to_owned())
            .spawn(move || {
                // Marked before the drop: a result that says the stop had
                // come, where this is not yet set, was made up.
                race.stop_came.store(true, Ordering::SeqCst);
                drop(stop_tx);
            })
            .expect("loom starts the stopper's thread")
    };
    let deadline = deadline.then(|| {
        let race = StdArc::clone(&race);
        loom::thread::Builder::new()
            .name("deadline".to_owned())
            .spawn(move || race.passed.store(true, Ordering::SeqCst))
            .expect("loom starts the deadline's thread")
    });
    // Dropped by hand only once the run has ended, as in `claims`: loom's
    // `Arc` cannot be dropped while unwinding from a deadlock it reports.
    let client = std::mem::ManuallyDrop::new(Arc::new(
        LlmClient::builder(w).observer(race.clone()).build(),
    ));
    // The threads the run spawns enter the ledger, and leave it when joined.
    super::loom_thread::keep_ledger();
    let results = process_all(client.articles(), &client, stop_rx).expect("the run succeeds");
    // Read before the stopper is joined: where the stop had not come by the
    // time the run returned, nothing in it was stopped.
    let stop_came = race.stop_came.load(Ordering::SeqCst);
    let unjoined = super::loom_thread::close_ledger();
    assert!(
        unjoined.is_empty(),
        "{}",
        advised(
            &format!(
                "{articles} articles: process_all returned before joining {}: every thread is \
                 joined before the results are returned.",
                unjoined.join(", ")
            ),
            Cause::Unjoined
        )
    );
    stopper.join().expect("the stopper's thread ends");
    if let Some(deadline) = deadline {
        deadline.join().expect("the deadline's thread ends");
    }
    for result in &results {
        if let Some(failed @ (Failed::Cancelled(_) | Failed::Queued)) = result.failed {
            assert!(
                stop_came,
                "{articles} articles: article {} is reported {failed:?}, yet the stop had not \
                 come when the run ended: only `TryRecvError::Disconnected` (or a `recv` that fails) means the \
                 stop; `Empty` means the run goes on",
                result.article_id
            );
        }
    }
    if let Err(problem) = verify(&w, &results) {
        let failure = format!("{articles} articles, the stop at some point of the run: {problem}.");
        if problem.contains("has no result") {
            let missing = format!(
                "{failure} After a stop, every article not started is reported queued, once."
            );
            panic!("{}", advised(&missing, Cause::MissingResults));
        }
        panic!("{failure}");
    }
    drop(std::mem::ManuallyDrop::into_inner(client));
    tally.count(&results);
}

/// `failure`, and what the lesson says about `cause`, if it says anything.
fn advised(failure: &str, cause: Cause) -> String {
    match says(cause) {
        advice if advice.is_empty() => failure.to_owned(),
        advice => format!("{failure} {advice}"),
    }
}

/// The stop's and the deadline's race in one execution, and the seam
/// through which they end the calls.
#[derive(Debug, Default)]
struct Race {
    /// Whether the deadline's thread runs in this model.
    deadline_races: bool,
    /// Set by the deadline's thread: the deadline has passed. A loom
    /// atomic, so that loom explores every point at which it can be set.
    passed: AtomicBool,
    /// Outside the model: set by the stopper just before the stop, so that
    /// where it is still unset when the run returns, the stop had not come.
    stop_came: StdAtomicBool,
}

impl Observer for Race {
    /// The moment the call's answer is due: cut if the run's stop has come
    /// (the channel is disconnected), or if its article has a deadline and
    /// the deadline has passed; answered otherwise.
    fn wait(
        &self,
        _latency: Duration,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Waited {
        if stop.is_some_and(crate::client::stopped) {
            return Waited::Stopped;
        }
        if self.deadline_races && deadline.is_some() && self.passed.load(Ordering::SeqCst) {
            return Waited::Cut;
        }
        Waited::Answered
    }
}

/// The counts over every execution.
#[derive(Debug, Default)]
struct Tally {
    executions: AtomicUsize,
    succeeded: AtomicUsize,
    cancelled: AtomicUsize,
    queued: AtomicUsize,
    timed_out: AtomicUsize,
}

impl Tally {
    fn count(&self, results: &[AIResult]) {
        self.executions.fetch_add(1, Ordering::SeqCst);
        let some = |ended: fn(Option<Failed>) -> bool| results.iter().any(|r| ended(r.failed));
        for (count, occurred) in [
            (&self.succeeded, some(|failed| failed.is_none())),
            (
                &self.cancelled,
                some(|failed| matches!(failed, Some(Failed::Cancelled(_)))),
            ),
            (&self.queued, some(|failed| failed == Some(Failed::Queued))),
            (
                &self.timed_out,
                some(|failed| matches!(failed, Some(Failed::TimedOut(_)))),
            ),
        ] {
            if occurred {
                count.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    fn outcomes(&self) -> Outcomes {
        Outcomes {
            executions: self.executions.load(Ordering::SeqCst),
            succeeded: self.succeeded.load(Ordering::SeqCst),
            cancelled: self.cancelled.load(Ordering::SeqCst),
            queued: self.queued.load(Ordering::SeqCst),
            timed_out: self.timed_out.load(Ordering::SeqCst),
        }
    }
}
