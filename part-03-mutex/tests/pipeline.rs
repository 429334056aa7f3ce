//! Part 3's contract: every article once, in any order, all in flight at
//! once, and a lock that covers the push only. The shared claims
//! (`common::testing::claims`) run this part's own `process_all`.

use common::testing::claims;
use common::{MAX_THREADS, Schedule};
use part_03_mutex::mistakes::{process_all_guard_in_match, process_all_wide_lock};
use part_03_mutex::process_all;

/// Claim: every article is processed exactly once and each result is its own.
#[test]
fn every_article_once_with_its_own_result() {
    claims::every_article_once(process_all, 25);
}

/// Claim: no order is kept: with article 0 held back until every other
/// result is delivered, its result comes back last (mirrors Part 1's
/// `results_keep_input_order`).
#[test]
fn results_may_arrive_in_any_order() {
    claims::results_arrive_in_completion_order(process_all);
}

/// Claim: every article is in flight at once: a rendezvous in the client
/// holds the calls until all ten are in flight together.
#[test]
fn every_article_in_flight_at_once() {
    claims::peak_in_flight_is(process_all, 10, 10);
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

/// Claim (the mistake): a lock held around the LLM calls serializes them:
/// one call in flight at a time, although every article has its thread. The
/// rendezvous waits for a second call in flight that never comes.
#[test]
fn wide_lock_serializes_the_calls() {
    let stats = claims::peak_in_flight_is(process_all_wide_lock, 5, 1);
    assert_eq!(stats.threads.len(), 5, "every thread ran, each in its turn");
}

/// Claim (the mistake, caught): the in-flight check rejects the wide lock,
/// with the message the instructor's guide promises.
#[test]
#[should_panic(expected = "expected a peak of 10 calls in flight, measured 1")]
fn the_in_flight_check_catches_the_wide_lock() {
    claims::peak_in_flight_is(process_all_wide_lock, 10, 10);
}

/// Claim: under a rate limit, every article still comes back exactly once,
/// the refused ones marked, and the ideal leaves refused calls out. Twenty
/// first calls at once against a burst of ten, refilled at 10 a second:
/// some are refused, or the claim would test nothing.
#[test]
fn every_article_once_under_a_rate_limit() {
    let limit = common::RateLimit::new(10);
    let stats = claims::every_article_once_under_a_rate_limit(
        process_all,
        20,
        Schedule::ThreadPerArticle,
        limit,
    );
    assert!(
        stats.calls_refused > 0,
        "no call was refused: the claim tested nothing"
    );
}

/// Claim (Rust's own trap): a guard in a `match` scrutinee holds the lock
/// across the calls in its arm, with no `lock()` written around them: one
/// call in flight at a time.
#[test]
fn a_guard_in_a_match_scrutinee_serializes_the_calls() {
    let stats = claims::peak_in_flight_is(process_all_guard_in_match, 5, 1);
    assert_eq!(stats.threads.len(), 5, "every thread ran, each in its turn");
}
