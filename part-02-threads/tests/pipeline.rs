//! Part 2's contract: every article once, in input order, all in flight at
//! once on one thread each, and a refusal instead of too many threads.

use std::time::Duration;

use common::cli::execute;
use common::sync::Arc;
use common::{LatencyRange, LlmClient, MAX_THREADS, PipelineError, Schedule, Workload, verify};
use part_02_threads::mistakes::process_all_without_join;
use part_02_threads::process_all;

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

/// Claim: results come back in input order even when article 0 finishes
/// last, because the handles are joined in input order (mirrors Part 1).
#[test]
fn results_keep_input_order() {
    let w = workload(8, LatencyRange::ZERO);
    let client = Arc::new(
        LlmClient::builder(w)
            .hold_back(0, Duration::from_secs(10))
            .build(),
    );
    let ids: Vec<usize> = process_all(w.articles(), &client)
        .unwrap()
        .iter()
        .map(|result| result.article_id)
        .collect();
    assert_eq!(ids, (0..8).collect::<Vec<_>>());
}

/// Claim: every article is in flight at once, each on its own named thread.
/// The rendezvous holds the calls until all ten are in flight together; a
/// part that ran them one by one would never get there.
#[test]
fn every_article_in_flight_at_once() {
    let w = workload(10, LatencyRange::ZERO);
    let client = Arc::new(
        LlmClient::builder(w)
            .rendezvous(10, Duration::from_secs(10))
            .build(),
    );
    process_all(w.articles(), &client).unwrap();
    let stats = client.stats();
    assert_eq!(
        stats.peak_in_flight, 10,
        "the ten articles were never all in flight together"
    );
    let mut names: Vec<String> = stats
        .threads
        .into_iter()
        .map(|thread| thread.name)
        .collect();
    names.sort();
    let mut expected: Vec<String> = (0..10).map(|id| format!("article-{id}")).collect();
    expected.sort();
    assert_eq!(names, expected, "one thread per article, named after it");
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

/// Claim: a panic on one article ends the run with an error naming it, and does not hang.
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

/// Claim (the mistake): without joining, the function returns before the work
/// is done and the results are lost. Every call is held at a rendezvous that
/// cannot fill, so no thread can have finished when it returns.
#[test]
fn without_join_returns_before_the_work_is_done() {
    let w = workload(4, LatencyRange::ZERO);
    let client = Arc::new(
        LlmClient::builder(w)
            .rendezvous(5, Duration::from_secs(60))
            .build(),
    );
    let results = process_all_without_join(w.articles(), &client).unwrap();
    assert!(
        results.is_empty(),
        "{} results arrived without waiting",
        results.len()
    );
    assert_eq!(client.stats().articles_done, 0);
}
