//! Part 6's loom claims: the pool with a deadline per article, its firing
//! modelled as a race.
//!
//! loom has no clock: a call's wait cannot last, and a deadline cannot pass.
//! What can be modelled is the order of events, so the deadline passing is
//! an event on a thread of its own, the `deadline` thread, which sets a loom
//! flag; and the client's one seam, [`Observer::wait`], stands for the
//! moment a call's answer is due: a call with a deadline is cut if the flag
//! is set by then, and answers otherwise. A call with no deadline always
//! answers. loom then explores every point at which the deadline can fire:
//! before the first call, between any two calls of any article, after the
//! last.
//!
//! Why a race and not one model per outcome (every call cut, or none): a
//! model where the deadline has always passed cuts every article at its
//! first call, so the path that matters most in Part 6, an article cut at
//! its second or third call that keeps the answers before the cut, would
//! never run. The race runs it, and cuts some articles and not others in
//! the same run. The price is one thread of loom's five: main, the feeder,
//! up to two workers, and the deadline.
//!
//! The simplification: every article's deadline passes at the same event,
//! whereas a real worker makes each article's deadline when it takes the
//! article, so a later article's deadline is later. The model keeps what
//! `process_all` must handle, a cut at any call of any article at any
//! point of the run, and leaves the instants to the timed tests.
//!
//! Counts kept across the executions are std atomics, outside the model
//! (as the channel model keeps its bookkeeping), so that keeping them adds
//! nothing for loom to explore.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex as StdMutex, PoisonError};
use std::time::{Duration, Instant};

use loom::sync::atomic::AtomicBool;

use super::claims::loom_report;
use super::lesson::{Cause, says};
use super::{verify, workload};
use crate::client::{Observer, Waited};
use crate::instruments::Instruments;
use crate::sync::Arc;
use crate::sync::channel::Receiver;
use crate::workload::Task;
use crate::{AIResult, Articles, Failed, LatencyRange, LlmClient, PipelineError};

/// The clock's state and the tallies are shared through std's `Arc`: they
/// observe the run, they are not what loom explores.
type StdArc<T> = std::sync::Arc<T>;

/// How the executions loom explored ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcomes {
    /// Executions in which the deadline fired while a call waited: at least
    /// one call was cut.
    pub cut: usize,
    /// Executions in which every call answered: the deadline fired after
    /// the last answer, or there was none.
    pub answered: usize,
    /// Executions in which an article was cut after its first call, so that
    /// its result keeps the answers before the cut.
    pub cut_after_an_answer: usize,
    /// Calls made with a deadline, over every execution.
    pub calls_with_a_deadline: usize,
}

impl Outcomes {
    /// Every execution loom explored.
    pub fn executions(&self) -> usize {
        self.cut + self.answered
    }
}

/// Under loom, with the deadline racing the calls: in every interleaving
/// with up to `preemption_bound` preemptions, every one of `articles`
/// articles is reported once, with its own result, the answers before a
/// cut kept; and the deadline fired (cut a call) in some executions and
/// not in others. `process_all` is the part's, with a timeout.
pub fn cut_or_answered_in_every_interleaving<F>(
    process_all: F,
    articles: usize,
    preemption_bound: usize,
) -> Outcomes
where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let outcomes = explore(process_all, articles, preemption_bound);
    let explored = format!(
        "{articles} articles: loom explored {} interleavings, in which the deadline fires at \
         every point it can",
        outcomes.executions()
    );
    if outcomes.cut == 0 {
        if outcomes.calls_with_a_deadline == 0 {
            panic!(
                "{explored}, yet no call was ever cut: no call was given a deadline. {}",
                says(Cause::NoDeadline)
            );
        }
        panic!(
            "{explored}, yet no call was ever cut, though {} calls had a deadline",
            outcomes.calls_with_a_deadline
        );
    }
    assert!(
        outcomes.answered > 0,
        "{explored}, and a call was cut in every one, even where the deadline fired after every \
         answer was in: is a call cut whatever its deadline?"
    );
    // What the race is for (see the module's doc): cuts after an answer.
    assert!(
        outcomes.cut_after_an_answer > 0,
        "{explored}, yet no article was cut after its first call: no interleaving kept an \
         answer before a cut"
    );
    outcomes
}

/// Under loom, with the same race and no timeout: every article is
/// reported once with all its answers, and no call is cut in any
/// interleaving, since no call has a deadline.
pub fn never_cut_without_a_deadline<F>(
    process_all: F,
    articles: usize,
    preemption_bound: usize,
) -> Outcomes
where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>
        + Send
        + Sync
        + 'static,
{
    let outcomes = explore(process_all, articles, preemption_bound);
    assert!(
        outcomes.calls_with_a_deadline == 0 && outcomes.cut == 0,
        "{articles} articles with no timeout: {} calls had a deadline, and a call was cut in {} \
         of {} interleavings. {}",
        outcomes.calls_with_a_deadline,
        outcomes.cut,
        outcomes.executions(),
        says(Cause::DeadlineFromNothing)
    );
    outcomes
}

/// Runs the model, and returns how its executions ended; a failing
/// execution fails the claim with loom's report, in the part's words.
fn explore<F>(process_all: F, articles: usize, preemption_bound: usize) -> Outcomes
where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>
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
            one_execution(&process_all, articles, &tally);
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
        "{articles} articles, up to {preemption_bound} preemptions: {} interleavings, a call \
         cut in {} ({} after an answer), every call answered in {}",
        outcomes.executions(),
        outcomes.cut,
        outcomes.cut_after_an_answer,
        outcomes.answered
    );
    outcomes
}

/// One execution: the deadline's thread, racing a run of `articles`
/// articles, whose results are checked and counted in `tally`.
fn one_execution<F>(process_all: &F, articles: usize, tally: &Tally)
where
    F: Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    let w = workload(articles, LatencyRange::ZERO);
    let clock = StdArc::new(Clock::default());
    let deadline = {
        let clock = StdArc::clone(&clock);
        loom::thread::Builder::new()
            .name("deadline".to_owned())
            .spawn(move || clock.passed.store(true, Ordering::SeqCst))
            .expect("loom starts the deadline's thread")
    };
    // Dropped by hand only once the run has ended, as in `claims`: loom's
    // `Arc` cannot be dropped while unwinding from a deadlock it reports.
    let client = std::mem::ManuallyDrop::new(Arc::new(
        LlmClient::builder(w).observer(clock.clone()).build(),
    ));
    let results = process_all(client.articles(), &client).expect("the run succeeds");
    deadline.join().expect("the deadline's thread ends");
    let cut = clock.cut();
    // A cut article missing from the results is the likely mistake: say so
    // before `verify` says only that it is missing.
    for &(article, task) in &cut {
        assert!(
            results.iter().any(|result| result.article_id == article),
            "{articles} articles: article {article} has no result; in this interleaving its \
             {task} call was cut at the deadline. {}",
            says(Cause::MissingResults)
        );
    }
    if let Err(problem) = verify(&w, &results) {
        panic!("{articles} articles: {problem}");
    }
    for &(article, task) in &cut {
        let reported = results
            .iter()
            .find(|result| result.article_id == article)
            .and_then(|result| result.failed);
        assert_eq!(
            reported,
            Some(Failed::TimedOut(task)),
            "{articles} articles: article {article}'s {task} call was cut at the deadline, so its \
             result says so"
        );
    }
    drop(std::mem::ManuallyDrop::into_inner(client));
    tally.count(&clock, &cut);
}

/// What the deadline's race did in one execution, and the seam through
/// which it cuts the calls.
#[derive(Debug, Default)]
struct Clock {
    /// Set by the deadline's thread: the deadline has passed. A loom
    /// atomic, so that loom explores every point at which it can be set.
    passed: AtomicBool,
    /// Outside the model: the call each thread has made and not yet waited
    /// for, by loom's thread id (loom runs every modelled thread on one OS
    /// thread, so std's thread-locals cannot tell them apart).
    calls: StdMutex<HashMap<loom::thread::ThreadId, (usize, Task)>>,
    /// Outside the model: the calls that were cut, in the order of the cuts.
    cut: StdMutex<Vec<(usize, Task)>>,
    /// Outside the model: calls made with a deadline.
    with_a_deadline: AtomicUsize,
}

impl Clock {
    fn cut(&self) -> Vec<(usize, Task)> {
        self.cut
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Observer for Clock {
    fn admitted(&self, article: usize, task: Task, _instruments: &Instruments) {
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        calls.insert(loom::thread::current().id(), (article, task));
    }

    /// The moment the call's answer is due: cut if its article has a
    /// deadline and the deadline has passed. No std lock is held across the
    /// load, where loom may switch threads (they share one OS thread).
    fn wait(
        &self,
        _latency: Duration,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Waited {
        let call = self
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&loom::thread::current().id())
            .expect("a call waits only once admitted");
        if stop.is_some_and(crate::client::stopped) {
            return Waited::Stopped;
        }
        if deadline.is_none() {
            return Waited::Answered;
        }
        self.with_a_deadline.fetch_add(1, Ordering::SeqCst);
        if !self.passed.load(Ordering::SeqCst) {
            return Waited::Answered;
        }
        let mut cut = self.cut.lock().unwrap_or_else(PoisonError::into_inner);
        cut.push(call);
        Waited::Cut
    }
}

/// The counts over every execution.
#[derive(Debug, Default)]
struct Tally {
    cut: AtomicUsize,
    answered: AtomicUsize,
    cut_after_an_answer: AtomicUsize,
    calls_with_a_deadline: AtomicUsize,
}

impl Tally {
    fn count(&self, clock: &Clock, cut: &[(usize, Task)]) {
        let outcome = if cut.is_empty() {
            &self.answered
        } else {
            &self.cut
        };
        outcome.fetch_add(1, Ordering::SeqCst);
        if cut.iter().any(|&(_, task)| task != Task::ALL[0]) {
            self.cut_after_an_answer.fetch_add(1, Ordering::SeqCst);
        }
        self.calls_with_a_deadline.fetch_add(
            clock.with_a_deadline.load(Ordering::SeqCst),
            Ordering::SeqCst,
        );
    }

    fn outcomes(&self) -> Outcomes {
        Outcomes {
            cut: self.cut.load(Ordering::SeqCst),
            answered: self.answered.load(Ordering::SeqCst),
            cut_after_an_answer: self.cut_after_an_answer.load(Ordering::SeqCst),
            calls_with_a_deadline: self.calls_with_a_deadline.load(Ordering::SeqCst),
        }
    }
}
