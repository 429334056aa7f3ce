//! The claims of a part whose articles each have a deadline (Part 6),
//! written once for the part's tests and its exercise's checks.
//!
//! Each takes the part as `part(timeout)`: the part's `process_all` with
//! `timeout` for every article, so that a claim chooses the deadline it
//! checks. Every call is expected to come with its article's deadline: one
//! that comes without is answered at once and reported (the probe's
//! `expecting_deadlines`), so that the mistake fails a claim in a moment
//! instead of holding a thread through a five-second hang.
//!
//! Deadlines are about time, so these claims read the client's record of
//! each call's start and end; their margins are wide (a 100 ms deadline
//! against a 5 s call, a bound of a second, half the timeout), so that a
//! loaded laptop passes them and each mistake misses them many times over.

use std::time::Duration;

use super::claims::{run, side_by_side};
use super::lesson::{Cause, says};
use super::probe::Probe;
use super::{verify, workload};
use crate::instruments::CallRecord;
use crate::out::Time;
use crate::sync::Arc;
use crate::workload::Task;
use crate::{AIResult, Articles, Failed, LatencyRange, LlmClient, PipelineError, Workload};

type ProbeArc<T> = std::sync::Arc<T>;

/// How long each call of the hung workload takes: a call that never answers.
pub const HANG: Duration = Duration::from_secs(5);

/// The deadline the hung workload's articles get.
pub const TIMEOUT: Duration = Duration::from_millis(100);

/// How far past its deadline a cut call may end: ten times the deadline,
/// and a fifth of the hang it cuts.
pub const BOUND: Duration = Duration::from_secs(1);

/// The seeded `--unreliable` workload of the succeeded-or-cut claim: seed
/// 18406, 10 articles, the series' latencies and default 4 s timeout both
/// scaled down 15 times (a 266.7 ms deadline). Every article ends at least
/// 75 ms (1.1 s in series units) from its deadline, 2 succeeding and 8 cut:
/// a margin that a loaded laptop's scheduling does not eat. (The README's
/// run at `--fast`, seed 4479 on 20 articles, has 19.8 ms; its command-line
/// test checks it.)
pub fn seeded() -> Workload {
    Workload {
        seed: 18406,
        articles: 10,
        latency: LatencyRange::UNRELIABLE.scaled_down(SEEDED_SPEEDUP),
    }
}

/// How many times [`seeded`] is sped up.
const SEEDED_SPEEDUP: u32 = 15;

/// The default timeout, 4 s, at [`seeded`]'s scale.
pub const SEEDED_TIMEOUT: Duration = Duration::from_nanos(4_000_000_000 / SEEDED_SPEEDUP as u64);

/// Why a call given its deadline still ran past it: every call came with
/// one (checked first), so it is the wait that did not hear it.
const UNINTERRUPTIBLE: &str = "Every call was given its article's deadline, so the wait itself \
     did not end there: only a wait that can be interrupted (the client's `select!` on \
     `at(deadline)`, `common::client::wait`) frees its thread at the deadline; a \
     `thread::sleep` for the latency cannot.";

/// A part with `timeout` for every article, as the claims call it.
pub trait Timed<F>: Fn(Option<Duration>) -> F {}
impl<P, F> Timed<F> for P where P: Fn(Option<Duration>) -> F {}

/// What one run of the part under a deadline gave.
struct Run {
    results: Vec<AIResult>,
    calls: Vec<CallRecord>,
}

/// Runs `process_all` on `w` within the test's deadline, recording every
/// call, and fails first if a call came without its article's deadline.
fn run_with_deadlines<F>(process_all: F, w: Workload) -> Run
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let probe = ProbeArc::new(Probe::default().expecting_deadlines());
    let client = Arc::new(
        LlmClient::builder(w)
            .observer(probe.clone())
            .record_calls(w.articles)
            .build(),
    );
    let results = run(process_all, &client, &probe).unwrap_or_else(|error| {
        let todo = super::lesson::unfinished(&error).unwrap_or_default();
        panic!("{} articles: the run failed: {error}. {todo}", w.articles)
    });
    let without = probe.seen().calls_without_deadline;
    assert!(
        without == 0,
        "{without} of {} calls waited with no deadline, though every article had one: each \
         would have held its thread for its whole latency ({} here) instead of ending at the \
         deadline. {}",
        client.stats().calls_started,
        Time(w.latency.max()),
        says(Cause::NoDeadline)
    );
    if let Err(problem) = verify(&w, &results) {
        let advice = if results.len() < w.articles {
            says(Cause::MissingResults)
        } else {
            String::new()
        };
        panic!("{} articles: {problem}. {advice}", w.articles);
    }
    Run {
        results,
        calls: client.instruments().calls(),
    }
}

/// The hung workload: every call takes [`HANG`], so every article is cut
/// at its first call, [`TIMEOUT`] after it was taken.
fn hung(articles: usize) -> Workload {
    let hang = u64::try_from(HANG.as_millis()).expect("a few seconds");
    workload(
        articles,
        LatencyRange::from_millis(hang, hang).expect("ordered range"),
    )
}

/// Fails unless every article was cut at its first call: the workload
/// exercised the case its claim is about.
fn every_article_cut_at_its_first_call(run: &Run) {
    let cut = Failed::TimedOut(Task::ALL[0]);
    for result in &run.results {
        // A pool that can be stopped (Part 7) has other ways to end an
        // article, none of which a run without a stop should take.
        let advice = match result.failed {
            Some(Failed::Queued | Failed::Cancelled(_)) => says(Cause::StopThatNeverCame),
            Some(Failed::Panicked) => says(Cause::PanickedAnalysis),
            _ => String::new(),
        };
        let ended = result
            .failed
            .as_ref()
            .map_or_else(|| "succeeded".to_owned(), |failed| format!("{failed:?}"));
        assert!(
            result.failed == Some(cut),
            "article {} ended {ended}, where every article is cut at its first call \
             ({cut:?}): its calls take {} and its deadline is {}. {advice}",
            result.article_id,
            Time(HANG),
            Time(TIMEOUT)
        );
    }
}

/// The call of `article` for `task`, as recorded.
fn call(run: &Run, article: usize, task: Task) -> &CallRecord {
    run.calls
        .iter()
        .find(|call| call.article == article && call.task == task)
        .unwrap_or_else(|| panic!("article {article}'s {task} was never called"))
}

/// Claim: a call past its deadline ends within [`BOUND`] of it: with
/// `workers` workers and calls of [`HANG`], each article's first call is
/// cut [`TIMEOUT`] after the article was taken, and ends by then plus the
/// bound, not at the end of its latency.
pub fn cut_calls_end_within_a_bound_of_their_deadline<P, F>(part: P, workers: usize)
where
    P: Timed<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let run = run_with_deadlines(part(Some(TIMEOUT)), hung(2 * workers));
    every_article_cut_at_its_first_call(&run);
    for record in &run.calls {
        let lasted = record.end - record.start;
        assert!(
            record.cut && lasted <= TIMEOUT + BOUND,
            "article {}'s {} lasted {}: a call cut by a {} deadline ends within {} of it, \
             long before its {} latency. {}",
            record.article,
            record.task,
            Time(lasted),
            Time(TIMEOUT),
            Time(BOUND),
            Time(HANG),
            UNINTERRUPTIBLE
        );
    }
}

/// Claim: each article has its own deadline, [`TIMEOUT`] from when a worker
/// takes it: on one worker, the article taken as the first one's deadline
/// passes still gets (at least half of) its whole timeout.
pub fn every_article_has_its_own_deadline<P, F>(part: P)
where
    P: Timed<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let run = run_with_deadlines(part(Some(TIMEOUT)), hung(2));
    every_article_cut_at_its_first_call(&run);
    for article in 0..2 {
        let record = call(&run, article, Task::ALL[0]);
        let lasted = record.end - record.start;
        assert!(
            lasted >= TIMEOUT / 2,
            "article {article} was cut {} after its first call started, though it had {} from \
             when it was taken. {}",
            Time(lasted),
            Time(TIMEOUT),
            says(Cause::SharedDeadline)
        );
    }
}

/// Claim: a cut call frees its thread at the deadline: on one worker, the
/// second article's first call starts before the first article's cut call
/// would have ended at its latency ([`HANG`]).
pub fn a_cut_frees_its_thread_for_the_next_article<P, F>(part: P)
where
    P: Timed<F>,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let run = run_with_deadlines(part(Some(TIMEOUT)), hung(2));
    every_article_cut_at_its_first_call(&run);
    let (first, second) = (call(&run, 0, Task::ALL[0]), call(&run, 1, Task::ALL[0]));
    let would_end = first.start + HANG;
    assert!(
        second.start < would_end,
        "article 1's first call started {} after article 0's, which was cut: a cut call \
         frees its thread at the deadline ({} in), not at the end of its {} latency. {}",
        Time(second.start - first.start),
        Time(TIMEOUT),
        Time(HANG),
        UNINTERRUPTIBLE
    );
}

/// How article `id` of `w` ends under `timeout` from when it is taken: it
/// succeeds if its three calls fit, and is otherwise cut at the first call
/// that its deadline falls in.
pub fn expected_end(w: &Workload, id: usize, timeout: Duration) -> Option<Failed> {
    let mut elapsed = Duration::ZERO;
    for task in Task::ALL {
        elapsed += w.latency(id, task);
        if elapsed > timeout {
            return Some(Failed::TimedOut(task));
        }
    }
    None
}

/// Claim: every article is reported exactly once, succeeded or cut with the
/// answers of the calls that finished, and each ends as its latencies and
/// its deadline decide: on [`seeded`] with [`SEEDED_TIMEOUT`], at each of
/// `pools` worker counts, side by side. The seed leaves every article at
/// least 75 ms from its deadline, with both outcomes present.
pub fn every_article_once_succeeded_or_cut<P, F>(part: P, pools: &[usize])
where
    P: Fn(usize, Option<Duration>) -> F + Sync,
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = seeded();
    let expected: Vec<Option<Failed>> = (0..w.articles)
        .map(|id| expected_end(&w, id, SEEDED_TIMEOUT))
        .collect();
    assert!(
        expected.iter().any(Option::is_some) && expected.iter().any(Option::is_none),
        "the seeded workload has succeeded and cut articles"
    );
    side_by_side(pools.iter().copied(), |workers| {
        let run = run_with_deadlines(part(workers, Some(SEEDED_TIMEOUT)), w);
        let ended =
            |failed: Option<Failed>| failed.map_or("succeeded".to_owned(), |f| f.to_string());
        for result in &run.results {
            let id = result.article_id;
            let latencies: Vec<String> = Task::ALL
                .iter()
                .map(|&task| Time(w.latency(id, task)).to_string())
                .collect();
            // Cut sooner than its deadline decides: the deadline came too
            // early. Later (or not at all): the calls had more time than it.
            let when = |failed: Option<Failed>| {
                failed.map_or(Task::ALL.len(), |f| {
                    f.task().map_or(0, |task| task as usize)
                })
            };
            let cause = if when(result.failed) < when(expected[id]) {
                Cause::SharedDeadline
            } else {
                Cause::WrongCut
            };
            assert!(
                result.failed == expected[id],
                "{workers} workers: article {id} ended \"{}\", where its calls ({}) and its {} \
                 deadline decide \"{}\". {}",
                ended(result.failed),
                latencies.join(", "),
                Time(SEEDED_TIMEOUT),
                ended(expected[id]),
                says(cause)
            );
        }
    });
}

/// Claim: with no deadline, no call waits with one and nothing is cut:
/// every article succeeds, its result its own, as without deadlines at all.
pub fn with_no_deadline_nothing_is_cut<F>(process_all: F, articles: usize)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    nothing_is_cut(process_all, articles, false);
}

/// Claim: a deadline that never fires (far beyond the run) cuts nothing:
/// every article succeeds, its result its own.
pub fn a_deadline_that_never_fires_cuts_nothing<F>(process_all: F, articles: usize)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    nothing_is_cut(process_all, articles, true);
}

/// A run in which nothing may be cut; `deadlines` says whether its calls
/// may have a deadline at all.
fn nothing_is_cut<F>(process_all: F, articles: usize, deadlines: bool)
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static,
{
    let w = workload(
        articles,
        LatencyRange::from_millis(5, 10).expect("ordered range"),
    );
    let probe = ProbeArc::new(Probe::default());
    let client = Arc::new(
        LlmClient::builder(w)
            .observer(probe.clone())
            .record_calls(articles)
            .build(),
    );
    let results = run(process_all, &client, &probe).unwrap_or_else(|error| {
        panic!(
            "{articles} articles{}: the run failed: {error}. {}",
            if deadlines { "" } else { " with no timeout" },
            if deadlines {
                String::new()
            } else {
                says(Cause::DeadlineFromNothing)
            }
        )
    });
    let with = probe.seen().calls_with_deadline;
    assert!(
        deadlines || with == 0,
        "{articles} articles with no timeout: {with} calls waited with a deadline all the same. {}",
        says(Cause::DeadlineFromNothing)
    );
    verify(&w, &results).unwrap_or_else(|problem| panic!("{articles} articles: {problem}"));
    let cut: Vec<usize> = results
        .iter()
        .filter(|result| result.failed.is_some())
        .map(|result| result.article_id)
        .collect();
    assert!(
        cut.is_empty(),
        "with no deadline, no article is cut; these were: {cut:?}"
    );
    assert_eq!(client.stats().calls_timed_out, 0, "no call is cut");
}
