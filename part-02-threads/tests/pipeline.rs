//! Part 2's contract: every article once, in input order, all in flight at
//! once on one thread each, and a refusal instead of too many threads. The
//! shared claims (`common::testing::claims`) run this part's own `process_all`.

use std::time::Duration;

use common::testing::{self, Probe, claims, ids};
use common::{LatencyRange, LlmClient, MAX_THREADS, Schedule};
use part_02_threads::mistakes::process_all_without_join;
use part_02_threads::process_all;
use std::sync::Arc;

/// Claim: every article is processed exactly once and each result is its own.
#[test]
fn every_article_once_with_its_own_result() {
    claims::every_article_once(process_all, 25);
}

/// Claim: results come back in input order even when article 0 finishes
/// last, because the handles are joined in input order (mirrors Part 1).
#[test]
fn results_keep_input_order() {
    let results = claims::every_article_once_with_article_0_last(process_all);
    assert_eq!(ids(&results), (0..8).collect::<Vec<_>>());
}

/// Claim: every article is in flight at once, each on its own thread named
/// after it: a rendezvous in the client holds the calls until all ten are in
/// flight together.
#[test]
fn every_article_in_flight_at_once() {
    let stats = claims::peak_in_flight_is(process_all, 10, 10);
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
    claims::reported_ideal_is_right(process_all, Schedule::ThreadPerArticle);
}

/// Claim: more articles than the thread limit are refused before any thread starts.
#[test]
fn too_many_articles_are_refused_before_any_thread_starts() {
    claims::refused_before_any_thread_starts(process_all, MAX_THREADS + 1);
}

/// Claim: a panic on one article ends the run with an error naming it, and does not hang.
#[test]
fn a_panicking_article_ends_the_run_with_an_error_naming_it() {
    claims::panic_is_reported(process_all, "article-4");
}

/// Claim (the mistake): without joining, the function returns before the work
/// is done and the results are lost. Every call is held at a rendezvous that
/// cannot fill, so no thread can have finished when it returns.
#[test]
fn without_join_returns_before_the_work_is_done() {
    let w = testing::workload(4, LatencyRange::ZERO);
    let probe = Arc::new(Probe::default().rendezvous(5, Duration::from_secs(60)));
    let client = Arc::new(LlmClient::builder(w).observer(probe.clone()).build());
    let results = claims::run(process_all_without_join, &client, &probe).unwrap();
    assert!(
        results.is_empty(),
        "{} results arrived without waiting",
        results.len()
    );
    assert_eq!(client.stats().articles_done, 0);
}

/// Claim (the mistake, caught): without `join`, the every-article check fails
/// and names an article with no result.
#[test]
#[should_panic(expected = "has no result")]
fn the_every_article_check_catches_threads_never_joined() {
    claims::every_article_once(process_all_without_join, 25);
}

/// Claim: under a rate limit, every article still comes back once, and a
/// thread per article meets the limit hardest: twenty calls at once against
/// a burst of ten. The bucket refills at 10 a second (not sped up), so only
/// a start spread over half a second could save the threads.
#[test]
fn a_thread_per_article_meets_the_rate_limit_hardest() {
    let limit = common::RateLimit::new(10);
    let stats = claims::every_article_once_under_a_rate_limit(
        process_all,
        20,
        Schedule::ThreadPerArticle,
        limit,
    );
    assert!(
        stats.calls_refused >= 5,
        "only {} refused",
        stats.calls_refused
    );
}
