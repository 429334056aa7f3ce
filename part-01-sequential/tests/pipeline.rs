//! Part 1's contract: every article once, in input order, one call at a time.

use std::time::Duration;

use common::cli::execute;
use common::sync::Arc;
use common::{LatencyRange, LlmClient, Schedule, Task, Workload, verify};
use part_01_sequential::process_all;

fn workload(articles: usize, latency: LatencyRange) -> Workload {
    Workload {
        seed: 1,
        articles,
        latency,
    }
}

/// Claim: every article is processed exactly once and each result is its own.
#[test]
fn every_article_once_with_its_own_result() {
    let w = workload(25, LatencyRange::ZERO);
    let client = LlmClient::builder(w).build();
    let results = process_all(w.articles(), &client).unwrap();
    assert_eq!(verify(&w, &results), Ok(()));
}

/// Claim: results come back in input order (mirrored by Part 2; Parts 3–5 drop it).
#[test]
fn results_keep_input_order() {
    let w = workload(25, LatencyRange::ZERO);
    let client = LlmClient::builder(w).build();
    let ids: Vec<usize> = process_all(w.articles(), &client)
        .unwrap()
        .iter()
        .map(|result| result.article_id)
        .collect();
    assert_eq!(ids, (0..25).collect::<Vec<_>>());
}

/// Claim: never more than one call in flight. The rendezvous holds the first
/// call until a second one joins it; a sequential part never sends one, so
/// the rendezvous gives up and the peak stays 1.
#[test]
fn one_call_in_flight_at_a_time() {
    let w = workload(4, LatencyRange::from_millis(1, 2).unwrap());
    let client = LlmClient::builder(w)
        .rendezvous(2, Duration::from_millis(100))
        .build();
    process_all(w.articles(), &client).unwrap();
    let stats = client.stats();
    assert_eq!(
        stats.peak_in_flight, 1,
        "two calls overlapped in the sequential part"
    );
    assert_eq!(
        stats.threads.len(),
        1,
        "only the caller's thread makes calls"
    );
}

/// Claim: the reported ideal is the sum of every call's latency, and the run
/// cannot beat it.
#[test]
fn reported_ideal_is_the_sum_of_latencies() {
    let w = workload(5, LatencyRange::from_millis(1, 3).unwrap());
    let client = Arc::new(LlmClient::builder(w).build());
    let outcome = execute(Schedule::Sequential, &client, |articles, client| {
        process_all(articles, client)
    })
    .unwrap();
    let sum: Duration = (0..5)
        .flat_map(|id| Task::ALL.map(|task| w.latency(id, task)))
        .sum();
    assert_eq!(outcome.ideal(), sum);
    assert!(
        outcome.elapsed >= sum,
        "{:?} is faster than the calls' own latency",
        outcome.elapsed
    );
}
