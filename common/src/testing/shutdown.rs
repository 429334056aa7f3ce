//! The claims of a part that can be stopped (Part 7), written once for the
//! part's tests and its exercise's checks.
//!
//! Each takes the part as `part(stop)`: the part's `process_all` with `stop`
//! as the run's stop. The probe holds the stop's only sender and drops it at
//! a chosen point of the run (as the `n`th call begins to wait, or once `n`
//! articles are done), so that a stop comes at the same point of the work
//! whatever the scheduling, and the claims count what happened after it
//! rather than time it. One claim is about time, the time to stop, and its
//! margin is wide: a 12 s call in flight must be cut within a second.

use std::time::{Duration, Instant};

use super::claims::{run, side_by_side};
use super::deadline::{LIKELY_MISTAKE, STUCK_IN_CALL, expecting_a_hang};
use super::failure_of;
use super::lesson::{self, Cause, says};
use super::probe::{Probe, Seen, StopAt};
use super::{verify, workload};
use crate::instruments::CallRecord;
use crate::out::{Time, plural};
use crate::outcome::Ended;
use crate::sync::Arc;
use crate::sync::channel::{self, Receiver};
use crate::{AIResult, Articles, Failed, LatencyRange, LlmClient, PipelineError, Workload};

type ProbeArc<T> = std::sync::Arc<T>;

/// How long a call in flight may go on after the stop: it is cut at once,
/// and this is ten thousand times what that takes.
pub const STOP_BOUND: Duration = Duration::from_secs(1);

/// The call in flight of the time-to-stop claim: far longer than the
/// bound, as a hung provider's.
pub const HANG: Duration = Duration::from_secs(12);

/// Every article of these claims' runs makes calls, so the stop, which
/// comes as a call waits, does come: a run that ended before it without
/// a call (every article queued) fails in [`run_stopped`].
const STOP_CAME: &str = "the stop came during the run";

/// A part given `stop`, as the claims call it.
pub trait Stoppable<F>: Fn(Receiver<()>) -> F {}
impl<P, F> Stoppable<F> for P where P: Fn(Receiver<()>) -> F {}

/// When a run of the claims is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Before `process_all` is called.
    Before,
    /// From inside the run.
    At(StopAt),
    /// Never: the stop's sender lives until the run is over.
    Never,
}

impl When {
    /// The stop the run was given, as it was planned: for a run that ended
    /// before it.
    fn planned(self) -> String {
        match self {
            When::At(_) => format!("{} (planned)", self.describe()),
            _ => self.describe(),
        }
    }

    fn describe(self) -> String {
        match self {
            When::Before => "a stop before the run".to_owned(),
            When::At(StopAt::Wait(n)) => format!("a stop as call {n} began to wait"),
            When::At(StopAt::Done(n)) => {
                format!("a stop once {} were done", plural(n as usize, "article"))
            }
            When::Never => "no stop".to_owned(),
        }
    }
}

/// What one stopped run gave.
struct Stopped {
    results: Vec<AIResult>,
    ended: Ended,
    seen: Seen,
    returned: Instant,
    calls: Vec<CallRecord>,
}

/// Runs the part on `w`, stopped `when`, within the test's deadline (which
/// also fails the run if it returned before joining every thread it
/// started), and fails unless every article is accounted for once, with its
/// own result, and none panicked but those the probe made panic. An
/// article with no result is told as `missing`: where the claim's run can
/// lose one.
fn run_stopped<P, F>(part: &P, w: Workload, when: When, probe: Probe, missing: Cause) -> Stopped
where
    P: Stoppable<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let (stop_tx, stop) = channel::bounded(0);
    // The sender for the whole run when it never stops, dropped after.
    let mut kept = None;
    let probe = match when {
        When::Before => {
            drop(stop_tx);
            probe
        }
        When::At(at) => probe.stopping(stop_tx, at),
        When::Never => {
            kept = Some(stop_tx);
            probe
        }
    };
    let probe = ProbeArc::new(probe);
    let client = Arc::new(
        LlmClient::builder(w)
            .observer(probe.clone())
            .record_calls(w.articles)
            .build(),
    );
    let results = run(part(stop), &client, &probe);
    let returned = Instant::now();
    drop(kept);
    let results = results.unwrap_or_else(|error| {
        let advice = match lesson::unfinished(&error) {
            Some(todo) => todo,
            None => says(Cause::PanicEndsRun),
        };
        panic!(
            "{} articles, {}: the run failed: {error}. {advice}",
            w.articles,
            when.describe(),
        )
    });
    let seen = probe.seen();
    // Until the stop, no article is queued or cancelled, nor lost.
    let stopped = when == When::Before || seen.stopped_at.is_some();
    if let Err(problem) = verify(&w, &results) {
        let advice = match results.len().cmp(&w.articles) {
            std::cmp::Ordering::Less if stopped => says(missing),
            std::cmp::Ordering::Less => says(Cause::MissingResults),
            std::cmp::Ordering::Greater => says(Cause::StartedAfterStop),
            std::cmp::Ordering::Equal => says(Cause::ResultOfAnother),
        };
        panic!(
            "{} articles, {}: {problem}; every article needs exactly one result, \
             succeeded, failed, cancelled or queued. {advice}",
            w.articles,
            when.describe()
        );
    }
    let ended = Ended::of(&results);
    assert!(
        stopped || ended.queued + ended.cancelled == 0,
        "{} articles, {}: the run ended before any stop, yet with {} queued and {} cancelled \
         (and {} succeeded): until the stop, every article should succeed. {}",
        w.articles,
        when.planned(),
        ended.queued,
        ended.cancelled,
        ended.succeeded,
        says(Cause::StopThatNeverCame)
    );
    assert!(
        ended.panicked.len() as u64 <= seen.calls_panicked,
        "{} articles, {}: articles {:?} came back panicked, only {} of them in a call the \
         test made panic: the analysis itself panicked (the output above shows where). {}",
        w.articles,
        when.describe(),
        ended.panicked,
        seen.calls_panicked,
        says(Cause::PanickedAnalysis)
    );
    Stopped {
        ended,
        results,
        seen,
        returned,
        calls: client.instruments().calls(),
    }
}

/// The invariant of a stopped run: every article is accounted for once
/// (succeeded + failed + cancelled + queued = total), each with its own
/// result, and every thread joined, for a stop at many points of a run of
/// 10 articles: before it, as calls 1, 2, 5, 10 and 20 begin to wait, once
/// all 10 are done, and never; on each of `workers` pools (`pool(w)` is the
/// part with `w` workers). Across those points, succeeded, cancelled and
/// queued articles each occur.
pub fn every_article_accounted_for_at_any_stop<Q, P, F>(pool: Q, workers: &[usize])
where
    Q: Fn(usize) -> P + Sync,
    P: Stoppable<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(10, LatencyRange::ZERO);
    let whens = [
        When::Before,
        When::At(StopAt::Wait(1)),
        When::At(StopAt::Wait(2)),
        When::At(StopAt::Wait(5)),
        When::At(StopAt::Wait(10)),
        When::At(StopAt::Wait(20)),
        When::At(StopAt::Done(10)),
        When::Never,
    ];
    let cases: Vec<(usize, When)> = workers
        .iter()
        .flat_map(|&count| whens.map(|when| (count, when)))
        .collect();
    let seen = std::sync::Mutex::new(Vec::new());
    side_by_side(cases, |(count, when)| {
        let run = run_stopped(
            &pool(count),
            w,
            when,
            Probe::default(),
            Cause::DroppedQueued,
        );
        let ended = run.ended;
        let workers = plural(count, "worker");
        assert!(
            ended.accounted_for() == w.articles,
            "{workers}, {}: accounted for {} / {}",
            when.describe(),
            ended.accounted_for(),
            w.articles
        );
        if when == When::Never {
            assert!(
                ended.succeeded == w.articles,
                "{workers}, no stop: {} of {} articles succeeded: {ended:?}",
                ended.succeeded,
                w.articles,
            );
        }
        seen.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(ended);
    });
    let seen = seen
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let occurred = |count: fn(&Ended) -> usize| seen.iter().map(count).sum::<usize>();
    let (succeeded, cancelled, queued) = (
        occurred(|e| e.succeeded),
        occurred(|e| e.cancelled),
        occurred(|e| e.queued),
    );
    assert!(
        succeeded > 0 && cancelled > 0 && queued > 0,
        "across {} stopped runs: {succeeded} succeeded, {cancelled} cancelled, {queued} \
         queued; each should occur (a stop as a call waits cuts it: cancelled; a stop before \
         the run leaves every article queued). {}",
        seen.len(),
        if cancelled == 0 {
            says(Cause::NoStop)
        } else {
            says(Cause::DroppedQueued)
        }
    );
}

/// After the stop, no call starts, and the jobs a worker takes are reported
/// queued, never started: one worker, a job channel of `capacity` filled
/// before the stop, which comes as call 1, 4 or 8 begins to wait. Only the
/// article in flight is cancelled.
pub fn after_a_stop_no_call_starts<P, F>(part: P, capacity: usize)
where
    P: Stoppable<F> + Sync,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(10, LatencyRange::ZERO);
    side_by_side([1, 4, 8], |nth| {
        let when = When::At(StopAt::Wait(nth));
        let probe = Probe::default().filling(capacity, w.articles);
        let run = run_stopped(&part, w, when, probe, Cause::DroppedQueued);
        // Counted as each call is admitted, and read from the client's
        // record of each call's start: none after the stop.
        let after = run.seen.calls_after_the_stop;
        let stopped_at = run.seen.stopped_at.expect(STOP_CAME);
        let late: Vec<String> = run
            .calls
            .iter()
            .filter(|call| call.start > stopped_at)
            .map(|call| format!("article {}'s {}", call.article, call.task))
            .collect();
        assert!(
            after == 0 && late.is_empty(),
            "1 worker, {}: {} started after the stop, though none should (the client's record: \
             {}). {}",
            when.describe(),
            plural(after as usize, "call"),
            if late.is_empty() {
                "none".to_owned()
            } else {
                late.join(", ")
            },
            says(Cause::NoStop)
        );
        let cancelled: Vec<usize> = run
            .results
            .iter()
            .filter(|result| matches!(result.failed, Some(Failed::Cancelled(_))))
            .map(|result| result.article_id)
            .collect();
        assert!(
            cancelled.len() <= 1,
            "1 worker, {}: articles {cancelled:?} were reported cancelled, though only the one \
             article in flight can be: the jobs taken after the stop never started, and are \
             queued. {}",
            when.describe(),
            says(Cause::StartedAfterStop)
        );
    });
}

/// The time to stop: at the series' latencies (0.5–1.5 s a call), with a
/// call of 12 s in flight, a stop as the third call begins to wait ends the
/// run, every thread joined, within [`STOP_BOUND`]. Three workers, ten
/// articles, no deadline.
pub fn a_stop_ends_the_run_at_once<P, F>(part: P)
where
    P: Stoppable<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(10, LatencyRange::DEFAULT);
    let when = When::At(StopAt::Wait(3));
    let probe = Probe::default().first_wait_hangs(HANG);
    // A run that does not cut the hung call would take 12 s: a deadline of
    // a few seconds ends the test first, and the failure says why.
    let limit = STOP_BOUND * 3;
    let mut stopped = None;
    if let Some(failure) = failure_of(|| {
        stopped = Some(expecting_a_hang(limit, || {
            run_stopped(&part, w, when, probe, Cause::DroppedQueued)
        }));
    }) {
        // A call in flight after the stop is the likely cause; any other
        // stall (no call in flight) has the diagnosis of its own.
        if failure.contains("did not return within") && failure.contains(STUCK_IN_CALL) {
            // The state, without its general guess: the advice above is the
            // guess, in this claim's words.
            let state = failure
                .split(LIKELY_MISTAKE)
                .next()
                .unwrap_or(&failure)
                .trim_end();
            panic!(
                "3 workers, a {} call in flight, {}: process_all had not returned {} after \
                 the run began, so a call went on after the stop. {}\n\n(What was still \
                 waiting: {state})",
                Time(HANG),
                when.describe(),
                Time(limit),
                says(Cause::NoStop)
            );
        }
        std::panic::resume_unwind(Box::new(failure));
    }
    let run = stopped.expect("the run returned");
    let stopped_at = run.seen.stopped_at.expect(STOP_CAME);
    let took = run.returned.saturating_duration_since(stopped_at);
    assert!(
        took < STOP_BOUND,
        "3 workers, a {} call in flight, {}: process_all returned {} after the stop, more than \
         {}: the waits should wake on the stop itself. {}",
        Time(HANG),
        when.describe(),
        Time(took),
        Time(STOP_BOUND),
        says(Cause::NoStop)
    );
}

/// A stop reaches a feeder blocked on a full job channel: one worker, a
/// job channel of no capacity (every hand-over a rendezvous), and a stop as
/// the worker's first call waits; that wait is held until the feeder has
/// taken every article from the input (reporting those it never sent), so
/// that no worker takes a job meanwhile. A feeder that only `send`s waits
/// for the worker for ever.
pub fn a_stop_reaches_a_feeder_blocked_on_a_full_channel<P, F>(part: P)
where
    P: Stoppable<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(10, LatencyRange::ZERO);
    let when = When::At(StopAt::Wait(1));
    let probe = Probe::default().holding_until_all_taken(w.articles);
    // The worker is held in its first call until the feeder has taken
    // every article: an article with no result was the feeder's to report.
    let run = run_stopped(&part, w, when, probe, Cause::DroppedInHand);
    assert!(
        !run.seen.held_after_the_stop_gave_up,
        "1 worker, a job channel of no capacity, {}, the worker then busy: {} after the stop, \
         the feeder had taken only {} of {} articles from the input; it was still waiting to \
         send a job that no worker would take. {}",
        when.describe(),
        Time(super::probe::QUIET),
        run.seen.taken_when_the_hold_gave_up,
        w.articles,
        says(Cause::DeafFeeder)
    );
}

/// A panic in one article's analysis ends that article, not the run: it is
/// reported as panicked, and every article is accounted for, on one worker
/// (which must live on: the nine others succeed), on three, and on one
/// stopped as call 20 begins to wait (in article 7, after the panic). `pool(w)` is the part with `w` workers.
pub fn a_panic_is_one_failed_article<Q, P, F>(pool: Q)
where
    Q: Fn(usize) -> P + Sync,
    P: Stoppable<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(10, LatencyRange::ZERO);
    let cases = [
        (1, When::Never),
        (3, When::Never),
        (1, When::At(StopAt::Wait(20))),
    ];
    side_by_side(cases, |(workers, when)| {
        let probe = Probe::default().panic_on(&[4]);
        let run = run_stopped(&pool(workers), w, when, probe, Cause::DroppedQueued);
        let ended = &run.ended;
        let alone = ended.panicked == [4];
        let others_ran = when != When::Never || ended.succeeded == w.articles - 1;
        assert!(
            alone && others_ran && ended.accounted_for() == w.articles,
            "{}, article 4 panicking, {}: {} panicked ({:?}), {} succeeded, \
             accounted for {} / {}, where article 4 alone should be reported as panicked. {}",
            plural(workers, "worker"),
            when.describe(),
            ended.panicked.len(),
            ended.panicked,
            ended.succeeded,
            ended.accounted_for(),
            w.articles,
            says(Cause::PanicEndsRun)
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::failure_of;

    /// A run of a part, as the claims take it.
    type Run =
        Box<dyn FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send>;

    /// A part that takes every article and ends it as `ending(id)` says,
    /// without a call: to show what `run_stopped` makes of its results.
    fn fake(ending: fn(usize) -> Vec<AIResult>) -> impl Fn(Receiver<()>) -> Run {
        move |_stop| {
            Box::new(move |articles: Articles, _: &Arc<LlmClient>| {
                Ok(articles.ids().flat_map(ending).collect())
            })
        }
    }

    /// What `run_stopped` says of `part`'s run with no stop, in Part 7's words.
    fn said_of<P, F>(part: P) -> String
    where
        P: Stoppable<F>,
        F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>
            + Send
            + 'static,
    {
        super::super::lesson::checking("part-07-shutdown");
        let w = workload(4, LatencyRange::ZERO);
        failure_of(|| {
            run_stopped(
                &part,
                w,
                When::Never,
                Probe::default(),
                Cause::DroppedQueued,
            );
        })
        .expect("the run is refused")
    }

    /// Claim: a thread that reached a `todo!()` is told as unfinished code, not as a panic to catch.
    #[test]
    fn a_todo_is_told_as_unfinished_code() {
        let todo = |_stop: Receiver<()>| {
            |_: Articles, _: &Arc<LlmClient>| -> Result<Vec<AIResult>, PipelineError> {
                Err(PipelineError::Panicked {
                    thread: "feeder".to_owned(),
                    message: "not yet implemented: send this job".to_owned(),
                })
            }
        };
        let said = said_of(todo);
        assert!(
            said.contains("Thread 'feeder' reached a `todo!()`"),
            "{said}"
        );
        assert!(!said.contains("catch_unwind"), "{said}");
    }

    /// Claim: articles that come back panicked with no call made to panic are told as a panic in the analysis itself.
    #[test]
    fn a_panic_in_the_analysis_itself_is_told() {
        let said = said_of(fake(|id| vec![AIResult::unanswered(id, Failed::Panicked)]));
        assert!(
            said.contains("came back panicked, only 0 of them"),
            "{said}"
        );
        assert!(said.contains("Is a `todo!()` left"), "{said}");
    }

    /// Claim: articles queued with no stop are told as `Empty` taken for the stop.
    #[test]
    fn articles_queued_without_a_stop_are_told_as_empty_taken_for_the_stop() {
        let said = said_of(fake(|id| vec![AIResult::unanswered(id, Failed::Queued)]));
        assert!(
            said.contains("the run ended before any stop, yet with 4 queued"),
            "{said}"
        );
        assert!(said.contains("Err(TryRecvError::Empty)"), "{said}");
    }

    /// Claim: an article lost with no stop is told as lost on its way to a worker (a `default` arm), not as a queued job dropped.
    #[test]
    fn an_article_lost_without_a_stop_is_told_as_lost_on_its_way() {
        let said = said_of(fake(|id| {
            if id == 2 {
                Vec::new()
            } else {
                vec![AIResult::unanswered(id, Failed::Panicked)]
            }
        }));
        assert!(said.contains("article 2 has no result"), "{said}");
        assert!(said.contains("A `default` arm"), "{said}");
    }

    /// Claim: one article's result given another's id is told as such.
    #[test]
    fn a_result_with_another_articles_id_is_told() {
        let said = said_of(fake(|id| {
            vec![AIResult::unanswered(id.max(1), Failed::Queued)]
        }));
        assert!(said.contains("another article's id"), "{said}");
    }
}
