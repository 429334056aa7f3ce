//! Part 5's contract: every article once at every worker count, never more
//! than `W` calls in flight, and a pool that ends even when a worker panics.

use std::num::NonZeroUsize;
use std::thread;
use std::time::{Duration, Instant};

use common::sync::Arc;
use common::{LatencyRange, LlmClient, MAX_THREADS, PipelineError, Workload, verify};
use part_05_worker_pool::mistakes::process_all_feeding_inline;
use part_05_worker_pool::process_all;

fn workload(articles: usize, latency: LatencyRange) -> Workload {
    Workload {
        seed: 1,
        articles,
        latency,
    }
}

fn workers(count: usize) -> NonZeroUsize {
    NonZeroUsize::new(count).expect("a pool has at least one worker")
}

/// (articles, workers): fewer, as many and more workers than articles.
const CASES: [(usize, usize); 5] = [(1, 1), (10, 3), (10, 10), (10, 20), (50, 5)];

/// Claim: at every worker count, every article is processed exactly once and
/// each result is its own.
#[test]
fn every_article_once_with_its_own_result_at_every_worker_count() {
    for (articles, pool) in CASES {
        let w = workload(articles, LatencyRange::ZERO);
        let client = Arc::new(LlmClient::builder(w).build());
        let results = process_all(w.articles(), &client, workers(pool)).unwrap();
        assert_eq!(
            verify(&w, &results),
            Ok(()),
            "{articles} articles, {pool} workers"
        );
    }
}

/// Claim: no order is promised, and none is needed: with article 0 held back
/// until every other article is done, the full set still comes back (mirrors
/// Part 1's `results_keep_input_order`).
#[test]
fn results_may_arrive_in_any_order() {
    let w = workload(8, LatencyRange::ZERO);
    let client = Arc::new(
        LlmClient::builder(w)
            .hold_back(0, Duration::from_secs(10))
            .build(),
    );
    let results = process_all(w.articles(), &client, workers(3)).unwrap();
    assert_eq!(verify(&w, &results), Ok(()));
}

/// Claim: the peak number of calls in flight is exactly min(W, articles). The
/// rendezvous holds the calls until that many are in flight together, so the
/// peak reaches it; the pool's design keeps it from going higher.
#[test]
fn peak_in_flight_is_the_smaller_of_workers_and_articles() {
    for (articles, pool) in CASES {
        let w = workload(articles, LatencyRange::from_millis(1, 2).unwrap());
        let expected = pool.min(articles);
        let client = Arc::new(
            LlmClient::builder(w)
                .rendezvous(expected, Duration::from_secs(10))
                .build(),
        );
        process_all(w.articles(), &client, workers(pool)).unwrap();
        let peak = client.stats().peak_in_flight;
        assert!(
            peak <= pool,
            "{peak} calls in flight with only {pool} workers"
        );
        assert_eq!(
            peak, expected,
            "{articles} articles, {pool} workers: the workers never all worked at once"
        );
    }
}

/// Claim: one worker behaves as Part 1: one call at a time, results in input order.
#[test]
fn one_worker_behaves_as_part_1() {
    let w = workload(6, LatencyRange::from_millis(1, 2).unwrap());
    let client = Arc::new(
        LlmClient::builder(w)
            .rendezvous(2, Duration::from_millis(100))
            .build(),
    );
    let results = process_all(w.articles(), &client, workers(1)).unwrap();
    let ids: Vec<usize> = results.iter().map(|result| result.article_id).collect();
    assert_eq!(
        ids,
        (0..6).collect::<Vec<_>>(),
        "one worker takes the jobs in order"
    );
    assert_eq!(client.stats().peak_in_flight, 1);
}

/// Claim: the workers are the only threads that make calls, named `worker-1` … `worker-W`.
#[test]
fn workers_are_named_and_do_all_the_calls() {
    let w = workload(30, LatencyRange::ZERO);
    let client = Arc::new(LlmClient::builder(w).build());
    process_all(w.articles(), &client, workers(4)).unwrap();
    let stats = client.stats();
    assert!(stats.threads.len() <= 4, "{:?}", stats.threads);
    for thread in &stats.threads {
        assert!(
            ["worker-1", "worker-2", "worker-3", "worker-4"].contains(&thread.name.as_str()),
            "{}",
            thread.name
        );
    }
    assert_eq!(stats.threads.iter().map(|t| t.articles).sum::<usize>(), 30);
}

/// Claim: a panicking article does not hang the pool, whether other workers
/// remain (they finish the rest) or the only worker dies (the feeder stops),
/// and the error names the worker and the article.
#[test]
fn a_panicking_article_does_not_hang_the_pool_and_is_reported() {
    for pool in [1, 3] {
        let w = workload(10, LatencyRange::ZERO);
        let client = Arc::new(LlmClient::builder(w).panic_on(4).build());
        match process_all(w.articles(), &client, workers(pool)) {
            Err(PipelineError::Panicked { thread, message }) => {
                assert!(thread.starts_with("worker-"), "{thread}");
                assert!(message.contains("article 4"), "{message}");
            }
            other => panic!("{pool} workers: expected the panic as an error, got {other:?}"),
        }
    }
}

/// Claim (the mistake): feeding from the collector's thread deadlocks once
/// the channels fill. With one worker and channels of one, the worker stops
/// after two articles (one result queued, one waiting to be sent) and never
/// goes on. Its threads are left waiting; the test process ends them.
#[test]
fn feeding_inline_deadlocks_once_the_channels_fill() {
    let w = workload(10, LatencyRange::ZERO);
    let client = Arc::new(LlmClient::builder(w).build());
    let pool = {
        let client = Arc::clone(&client);
        thread::spawn(move || process_all_feeding_inline(w.articles(), &client, workers(1)))
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.stats().articles_done < 2 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
    // A working pool would finish the other eight articles in well under this.
    thread::sleep(Duration::from_millis(200));
    assert_eq!(
        client.stats().articles_done,
        2,
        "the worker went on: is the feeder on its own thread?"
    );
    assert!(!pool.is_finished());
}

/// Claim: a pool larger than the thread limit is refused before any thread starts.
#[test]
fn too_many_workers_are_refused_before_any_thread_starts() {
    let w = workload(3, LatencyRange::ZERO);
    let client = Arc::new(LlmClient::builder(w).build());
    let error = process_all(w.articles(), &client, workers(MAX_THREADS + 1)).unwrap_err();
    assert!(
        matches!(error, PipelineError::TooManyThreads { .. }),
        "{error}"
    );
    assert_eq!(client.stats().calls_started, 0);
}
