//! Exercise 2's checks: the claims that guard Part 2, run against this
//! crate's `process_all` (or, with `--features solution`, against Part 2's
//! own). They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 2` runs them.

use common::testing::{claims, ids};
use common::{MAX_THREADS, Schedule};
#[cfg(not(feature = "solution"))]
use ex_02_threads::process_all;
#[cfg(feature = "solution")]
use part_02_threads::process_all;

/// Claim: every article is processed exactly once and each result is its own.
#[test]
#[ignore = "exercise check: cargo exercise check 2"]
fn every_article_once_with_its_own_result() {
    claims::every_article_once(process_all, 25);
}

/// Claim: results keep input order, even when article 0 finishes last.
#[test]
#[ignore = "exercise check: cargo exercise check 2"]
fn results_keep_input_order() {
    let results = claims::every_article_once_with_article_0_last(process_all);
    assert_eq!(
        ids(&results),
        (0..8).collect::<Vec<_>>(),
        "the results must come back in input order: join the handles in the order you spawned them"
    );
}

/// Claim: every article is in flight at once, on a thread named after it.
#[test]
#[ignore = "exercise check: cargo exercise check 2"]
fn every_article_in_flight_at_once() {
    let stats = claims::peak_in_flight_is(process_all, 10, 10);
    let mut names: Vec<String> = stats.threads.into_iter().map(|t| t.name).collect();
    names.sort();
    let mut expected: Vec<String> = (0..10).map(|id| format!("article-{id}")).collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "one thread per article, named `article-<id>`"
    );
}

/// Claim: the reported ideal is the slowest article, and the run cannot beat it.
#[test]
#[ignore = "exercise check: cargo exercise check 2"]
fn reported_ideal_is_the_slowest_article() {
    claims::reported_ideal_is_right(process_all, Schedule::ThreadPerArticle);
}

/// Claim: more articles than the thread limit are refused before any thread starts.
#[test]
#[ignore = "exercise check: cargo exercise check 2"]
fn too_many_articles_are_refused_before_any_thread_starts() {
    claims::refused_before_any_thread_starts(process_all, MAX_THREADS + 1);
}

/// Claim: a panic becomes an error naming the article's thread, and every other thread is still joined.
#[test]
#[ignore = "exercise check: cargo exercise check 2"]
fn a_panicking_article_ends_the_run_with_an_error_naming_it() {
    claims::panic_is_reported(process_all, "article-4");
}
