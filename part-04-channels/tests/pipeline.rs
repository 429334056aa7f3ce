//! Part 4's contract: every article once, in any order, all in flight at
//! once, and a collector that ends because every sender is dropped.

use std::thread;
use std::time::{Duration, Instant};

use common::cli::execute;
use common::sync::Arc;
use common::{LatencyRange, LlmClient, MAX_THREADS, PipelineError, Schedule, Workload, verify};
use part_04_channels::mistakes::process_all_keeping_sender;
use part_04_channels::process_all;

fn workload(articles: usize, latency: LatencyRange) -> Workload {
    Workload {
        seed: 1,
        articles,
        latency,
    }
}

fn client(workload: Workload) -> Arc<LlmClient> {
    Arc::new(LlmClient::builder(workload).build())
}

/// Claim: every article is processed exactly once and each result is its own.
#[test]
fn every_article_once_with_its_own_result() {
    let w = workload(25, LatencyRange::ZERO);
    let results = process_all(w.articles(), &client(w)).unwrap();
    assert_eq!(verify(&w, &results), Ok(()));
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
    let results = process_all(w.articles(), &client).unwrap();
    assert_eq!(verify(&w, &results), Ok(()));
}

/// Claim: every article is in flight at once. The rendezvous holds the calls
/// until all ten are in flight together.
#[test]
fn every_article_in_flight_at_once() {
    let w = workload(10, LatencyRange::ZERO);
    let client = Arc::new(
        LlmClient::builder(w)
            .rendezvous(10, Duration::from_secs(10))
            .build(),
    );
    process_all(w.articles(), &client).unwrap();
    assert_eq!(
        client.stats().peak_in_flight,
        10,
        "the calls never all overlapped: check that each article has its own thread"
    );
}

/// Claim (the mistake): a collector that keeps its own sender never returns,
/// although every result has been sent. Its thread is left waiting; the test
/// process ends it.
#[test]
fn keeping_the_sender_never_returns() {
    let w = workload(3, LatencyRange::ZERO);
    let client = client(w);
    let collector = {
        let client = Arc::clone(&client);
        thread::spawn(move || process_all_keeping_sender(w.articles(), &client))
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.stats().articles_done < 3 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(
        client.stats().articles_done,
        3,
        "the articles were not all analysed"
    );
    // Sending takes microseconds; a fixed collector would have returned long before this.
    thread::sleep(Duration::from_millis(200));
    assert!(
        !collector.is_finished(),
        "the collector returned: is the sender dropped after all?"
    );
}

/// Claim: the reported ideal is the slowest article, and the run cannot beat it.
#[test]
fn reported_ideal_is_the_slowest_article() {
    let w = workload(6, LatencyRange::from_millis(1, 5).unwrap());
    let outcome = execute(Schedule::ThreadPerArticle, &client(w), process_all).unwrap();
    let slowest = (0..6).map(|id| w.article_latency(id)).max().unwrap();
    assert_eq!(outcome.ideal(), slowest);
    assert!(
        outcome.elapsed >= slowest,
        "{:?} beat the slowest article",
        outcome.elapsed
    );
}

/// Claim: more articles than the thread limit are refused before any thread starts.
#[test]
fn too_many_articles_are_refused_before_any_thread_starts() {
    let w = workload(MAX_THREADS + 1, LatencyRange::ZERO);
    let client = client(w);
    let error = process_all(w.articles(), &client).unwrap_err();
    assert!(
        matches!(error, PipelineError::TooManyThreads { .. }),
        "{error}"
    );
    assert_eq!(
        client.stats().calls_started,
        0,
        "work started before the refusal"
    );
}

/// Claim: a panic on one article ends the run with an error naming it, and
/// does not hang (parking_lot's mutex is not poisoned by the panic).
#[test]
fn a_panicking_article_ends_the_run_with_an_error_naming_it() {
    let w = workload(5, LatencyRange::ZERO);
    let client = Arc::new(LlmClient::builder(w).panic_on(3).build());
    match process_all(w.articles(), &client) {
        Err(PipelineError::Panicked { thread, message }) => {
            assert_eq!(thread, "article-3");
            assert!(message.contains("article 3"), "{message}");
        }
        other => panic!("expected the panic of article 3 as an error, got {other:?}"),
    }
}
