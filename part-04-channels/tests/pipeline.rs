//! Part 4's contract: every article once, in any order, all in flight at
//! once, and a collector that ends because every sender is dropped. The shared
//! claims (`common::testing::claims`) run this part's own `process_all`.

use std::time::Duration;

use common::testing::{claims, deadline};
use common::{MAX_THREADS, Schedule};
use part_04_channels::mistakes::process_all_keeping_sender;
use part_04_channels::process_all;

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

/// Claim (the mistake, caught): a collector that keeps its own sender never
/// returns, although every result was sent; the check's deadline says so and
/// names `drop(result_tx)`.
#[test]
#[should_panic(expected = "drop(result_tx)")]
fn the_deadline_catches_a_collector_that_keeps_its_sender() {
    deadline::expecting_a_hang(Duration::from_secs(3), || {
        claims::every_article_once(process_all_keeping_sender, 3)
    });
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
