//! The bonus crate's claims: every article once, as many calls in flight as
//! articles on a handful of threads, a limit that holds, and what a blocking
//! call does to the runtime. Each run has a deadline.

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use bonus_async_tasks::{AsyncClient, process_all};
use common::testing::{verify, workload};
use common::{AIResult, Failed, LatencyRange, Workload};

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
