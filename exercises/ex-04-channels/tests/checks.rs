//! Exercise 4's checks: the claims that guard Part 4, run against this
//! crate's `process_all` (or, with `--features solution`, against Part 4's
//! own). They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 4` runs them.

use common::testing::claims;
use common::{MAX_THREADS, Schedule};
#[cfg(not(feature = "solution"))]
use ex_04_channels::process_all;
#[cfg(feature = "solution")]
use part_04_channels::process_all;

/// Claim: every article is processed exactly once and each result is its own.
#[test]
#[ignore = "exercise check: cargo exercise check 4"]
fn every_article_once_with_its_own_result() {
    claims::every_article_once(process_all, 25);
}

/// Claim: no order is kept: article 0, held back until every other result is delivered, comes back last.
#[test]
#[ignore = "exercise check: cargo exercise check 4"]
fn results_may_arrive_in_any_order() {
    claims::results_arrive_in_completion_order(process_all);
}

/// Claim: every article is in flight at once.
#[test]
#[ignore = "exercise check: cargo exercise check 4"]
fn every_article_in_flight_at_once() {
    claims::peak_in_flight_is(process_all, 10, 10);
}

/// Claim: the reported ideal is the slowest article, and the run cannot beat it.
#[test]
#[ignore = "exercise check: cargo exercise check 4"]
fn reported_ideal_is_the_slowest_article() {
    claims::reported_ideal_is_right(process_all, Schedule::ThreadPerArticle);
}

/// Claim: more articles than the thread limit are refused before any thread starts.
#[test]
#[ignore = "exercise check: cargo exercise check 4"]
fn too_many_articles_are_refused_before_any_thread_starts() {
    claims::refused_before_any_thread_starts(process_all, MAX_THREADS + 1);
}

/// Claim: a panic becomes an error naming the article's thread, and no call is still running when the run returns.
#[test]
#[ignore = "exercise check: cargo exercise check 4"]
fn a_panicking_article_ends_the_run_with_an_error_naming_it() {
    claims::panic_is_reported(process_all, "article-4");
}
