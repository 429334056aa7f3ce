//! The bonus crate's claims: every article once, as many calls in flight as
//! articles on a handful of threads, a limit that holds, what a blocking
//! call does to the runtime, and a stop that aborts the tasks and still
//! accounts for every article. Each run has a deadline.

use std::future::Future;
use std::num::NonZeroUsize;
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bonus_async_tasks::{AsyncClient, process_all, process_all_until};
use common::outcome::Ended;
use common::testing::{verify, workload};
use common::{AIResult, Failed, LatencyRange, Task, Workload};
use tokio::sync::watch;

/// Runs the pipeline on a runtime of `threads` workers, within 20 s.
fn run(client: &Arc<AsyncClient>, threads: usize, limit: Option<usize>) -> Vec<AIResult> {
    run_within(client, threads, limit, None)
}

/// [`run`], with each article's deadline `timeout` from when its task takes it.
fn run_within(
    client: &Arc<AsyncClient>,
    threads: usize,
    limit: Option<usize>,
    timeout: Option<Duration>,
) -> Vec<AIResult> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_time()
        .build()
        .expect("a runtime");
    let articles = client.workload().articles();
    let limit = limit.map(|n| NonZeroUsize::new(n).expect("at least 1"));
    runtime
        .block_on(async {
            tokio::time::timeout(
                Duration::from_secs(20),
                process_all(articles, Arc::clone(client), limit, timeout),
            )
            .await
        })
        .expect("the pipeline did not return within 20 s: is a task waiting for ever?")
        .expect("the run succeeds")
}

/// Claim: every article is processed exactly once and each result is its own, with and without a limit.
#[test]
fn every_article_once_with_its_own_result() {
    for limit in [None, Some(4)] {
        let w = workload(200, LatencyRange::from_millis(1, 2).expect("ordered"));
        let client = Arc::new(AsyncClient::new(w));
        let results = run(&client, 2, limit);
        assert_eq!(verify(&w, &results), Ok(()), "limit {limit:?}");
    }
}

/// Claim: ten thousand calls are in flight at once on two runtime threads.
#[test]
fn ten_thousand_calls_in_flight_on_two_threads() {
    let w = workload(10_000, LatencyRange::from_millis(1, 2).expect("ordered"));
    let client = Arc::new(AsyncClient::new(w).rendezvous(10_000));
    let results = run(&client, 2, None);
    assert_eq!(verify(&w, &results), Ok(()));
    assert_eq!(
        client.peak_in_flight(),
        10_000,
        "every article waits at once, on two threads"
    );
}

/// Claim: a limit of 3 keeps exactly 3 calls in flight at the peak: a
/// rendezvous holds the calls until 3 are in flight, and the limit keeps
/// the peak from going higher.
#[test]
fn a_limit_bounds_the_calls_in_flight() {
    let w = workload(30, LatencyRange::from_millis(1, 2).expect("ordered"));
    let client = Arc::new(AsyncClient::new(w).rendezvous(3));
    let results = run(&client, 2, Some(3));
    assert_eq!(verify(&w, &results), Ok(()));
    assert_eq!(client.peak_in_flight(), 3, "a limit of 3");
}

/// Claim: a blocking call inside a task stalls the runtime's threads: the
/// peak in flight drops to their number, whatever the number of articles.
#[test]
fn a_blocking_call_stalls_the_runtimes_threads() {
    let w = workload(12, LatencyRange::from_millis(2, 3).expect("ordered"));
    let client = Arc::new(AsyncClient::new(w).blocking());
    let results = run(&client, 2, None);
    assert_eq!(verify(&w, &results), Ok(()));
    assert!(
        client.peak_in_flight() <= 2,
        "{} calls in flight on 2 runtime threads that each block in their call",
        client.peak_in_flight()
    );
}

/// Claim: with a deadline, a call still waiting at it is cut there: every article comes back once, a cut one with the answers before the cut and the call cut, and the in-flight gauge is put back by the dropped futures.
#[test]
fn a_deadline_cuts_hung_calls_and_keeps_the_earlier_answers() {
    // The series' unreliable provider at --fast: 17-100 ms calls, one in
    // five hanging for 400 ms; each article has 250 ms.
    let w = Workload {
        latency: LatencyRange::UNRELIABLE.scaled_down(30),
        ..workload(20, LatencyRange::ZERO)
    };
    let client = Arc::new(AsyncClient::new(w));
    let results = run_within(&client, 2, None, Some(Duration::from_millis(250)));
    assert_eq!(verify(&w, &results), Ok(()));
    let cut = results
        .iter()
        .filter(|result| matches!(result.failed, Some(Failed::TimedOut(_))))
        .count();
    assert!(
        cut > 0 && cut < results.len(),
        "{cut} of 20 articles cut: the workload must give both cut and whole articles"
    );
    assert_eq!(client.in_flight(), 0, "a dropped call left the gauge up");
}

/// Runs the pipeline on two runtime threads until `stop`'s sender is
/// dropped (by `stopper`, which runs beside it, or before), within 20 s.
fn run_until(
    client: &Arc<AsyncClient>,
    limit: Option<usize>,
    stop: watch::Receiver<()>,
    stopper: impl Future<Output = ()> + Send + 'static,
) -> Vec<AIResult> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a runtime");
    let articles = client.workload().articles();
    let limit = limit.map(|n| NonZeroUsize::new(n).expect("at least 1"));
    runtime
        .block_on(async {
            let stopper = tokio::spawn(stopper);
            let run = tokio::time::timeout(
                Duration::from_secs(20),
                process_all_until(articles, Arc::clone(client), limit, None, stop),
            )
            .await;
            stopper.abort();
            run
        })
        .expect("the pipeline did not return within 20 s of its stop: is a task left running?")
        .expect("the run succeeds")
}

/// Where a test stops the run, counted in answers, not in time.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// Before `process_all_until` is called.
    Before,
    /// As this call (counted from 1, in the order they answer) answers.
    AtAnswer(usize),
}

/// Claim: wherever the stop comes (before the first article, between two answers, at the last answer), every article comes back exactly once, with its own answers, as succeeded, cancelled (with the answers before the cut) or queued.
#[test]
fn every_article_is_accounted_for_once_wherever_the_stop_comes() {
    // (where, limit, succeeded, cancelled, queued): a range where the
    // runtime may take a moment to abort a task.
    type Counts = RangeInclusive<usize>;
    let cases: [(Stop, Option<usize>, Counts, Counts, usize); 3] = [
        // Nothing starts: every article queued.
        (Stop::Before, None, 0..=0, 0..=0, 10),
        // One article at a time: article 0 answered its 3 calls, article 1
        // its first, then the stop. Article 1 is cut (or, if its task ends
        // before the abort reaches it, succeeds); articles 2-9 never start.
        (Stop::AtAnswer(4), Some(1), 1..=2, 0..=1, 8),
        // The last answer: nothing is left to cut.
        (Stop::AtAnswer(30), None, 10..=10, 0..=0, 0),
    ];
    for (at, limit, succeeded, cancelled, queued) in cases {
        let w = workload(10, LatencyRange::from_millis(1, 2).expect("ordered"));
        let (stop_tx, stop_rx) = watch::channel(());
        let client = match at {
            Stop::Before => {
                drop(stop_tx);
                AsyncClient::new(w)
            }
            Stop::AtAnswer(answer) => {
                let stop_tx = Mutex::new(Some(stop_tx));
                AsyncClient::new(w).on_answer(move |answered| {
                    if answered == answer {
                        stop_tx.lock().expect("not poisoned").take();
                    }
                })
            }
        };
        let client = Arc::new(client);
        let results = run_until(&client, limit, stop_rx, async {});
        let case = format!("stop {at:?}, limit {limit:?}");
        assert_eq!(
            verify(&w, &results),
            Ok(()),
            "{case}: every article must come back once, one never started as queued"
        );
        let ended = Ended::of(&results);
        assert_eq!(
            ended.accounted_for(),
            10,
            "{case}: {ended:?} does not account for 10 articles"
        );
        assert_eq!(
            ended.queued, queued,
            "{case}: {ended:?}: the articles never started must each be reported queued"
        );
        assert!(
            succeeded.contains(&ended.succeeded) && cancelled.contains(&ended.cancelled),
            "{case}: {ended:?}: expected {succeeded:?} succeeded and {cancelled:?} cancelled"
        );
        assert_eq!(
            client.in_flight(),
            0,
            "{case}: an aborted call left the gauge up"
        );
    }
}

/// Claim: with calls in flight that would take a minute, the stop aborts them at once: every article in flight comes back cancelled at its first call and every other one queued. No limit: all 10 are in flight, so all are cancelled; a limit of 3: 3 cancelled, 7 queued, as Part 7's pool of 3.
#[test]
fn a_stop_aborts_the_calls_in_flight_and_queues_the_rest() {
    for (limit, in_flight, queued) in [(None, 10, 0), (Some(3), 3, 7)] {
        let w = workload(
            10,
            LatencyRange::from_millis(60_000, 60_000).expect("ordered"),
        );
        let client = Arc::new(AsyncClient::new(w));
        let (stop_tx, stop_rx) = watch::channel(());
        // The stop comes once the calls are in flight, as the gauge counts them.
        let watched = Arc::clone(&client);
        let stopper = async move {
            while watched.in_flight() < in_flight {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            drop(stop_tx);
        };
        let results = run_until(&client, limit, stop_rx, stopper);
        assert_eq!(
            verify(&w, &results),
            Ok(()),
            "limit {limit:?}: every article must come back once, an aborted one as cancelled or queued"
        );
        let cut_at_first_call = results
            .iter()
            .filter(|result| result.failed == Some(Failed::Cancelled(Task::Summarize)))
            .count();
        assert_eq!(
            (cut_at_first_call, Ended::of(&results).queued),
            (in_flight, queued),
            "limit {limit:?}: (cancelled at the first call, queued)"
        );
        assert_eq!(
            client.in_flight(),
            0,
            "limit {limit:?}: an aborted call left the gauge up"
        );
    }
}

/// Claim: abort reaches a task only at an `.await`: with calls that block their thread, the stop cuts nothing; the tasks running then run to their end, and the ones never polled come back queued.
#[test]
fn a_blocking_call_cannot_be_aborted() {
    let w = workload(10, LatencyRange::from_millis(10, 10).expect("ordered"));
    let (stop_tx, stop_rx) = watch::channel(());
    let stop_tx = Mutex::new(Some(stop_tx));
    let client = Arc::new(AsyncClient::new(w).blocking().on_answer(move |_| {
        stop_tx.lock().expect("not poisoned").take();
    }));
    let results = run_until(&client, None, stop_rx, async {});
    assert_eq!(verify(&w, &results), Ok(()));
    let ended = Ended::of(&results);
    assert_eq!(
        ended.cancelled, 0,
        "{ended:?}: a task blocked in its call has no `.await` to be aborted at"
    );
    assert!(
        ended.succeeded >= 1 && ended.queued >= 1 && ended.succeeded + ended.queued == 10,
        "{ended:?}: the tasks running at the stop end as succeeded, the others queued"
    );
}
