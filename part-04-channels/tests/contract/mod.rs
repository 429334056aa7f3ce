// Part 4's contract: every article once, in any order, all in flight at
// once, and a collector that ends because every sender is dropped.
//
// Written once, run twice: `tests/pipeline.rs` runs each claim as a test of
// this part, and exercise 4's `tests/checks.rs` as a check of the learner's
// crate. The includer defines `claim!` (how a claim becomes a test) and
// `part` (the crate whose `process_all` runs); the shared claims
// (`common::testing::claims`) do the measuring. The loom claims are in
// `loom.rs` beside this file.

use common::testing::claims;
use common::{MAX_THREADS, RateLimit, Schedule};

use crate::part::process_all;

claim! {
    /// Claim: every article is processed exactly once and each result is its own.
    fn every_article_once_with_its_own_result() {
        claims::every_article_once(process_all, 25);
    }
}

claim! {
    /// Claim: no order is kept: article 0, held back until every other result is delivered, comes back last.
    ///
    /// Mirrors Part 1's `results_keep_input_order`.
    fn results_may_arrive_in_any_order() {
        claims::results_arrive_in_completion_order(process_all);
    }
}

claim! {
    /// Claim: every article is in flight at once.
    ///
    /// A rendezvous in the client holds the calls until all ten are in flight
    /// together.
    fn every_article_in_flight_at_once() {
        claims::peak_in_flight_is(process_all, 10, 10);
    }
}

claim! {
    /// Claim: the reported ideal is the slowest article, and the run cannot beat it.
    fn reported_ideal_is_the_slowest_article() {
        claims::reported_ideal_is_right(process_all, Schedule::ThreadPerArticle);
    }
}

claim! {
    /// Claim: more articles than the thread limit are refused before any thread starts.
    fn too_many_articles_are_refused_before_any_thread_starts() {
        claims::refused_before_any_thread_starts(process_all, MAX_THREADS + 1);
    }
}

claim! {
    /// Claim: a panic becomes an error naming the article's thread, and no call is still running when the run returns.
    fn a_panicking_article_ends_the_run_with_an_error_naming_it() {
        claims::panic_is_reported(process_all, "article-4");
    }
}

claim! {
    /// Claim: under a rate limit, every article still comes back exactly once, the refused ones marked, and the ideal leaves refused calls out.
    ///
    /// Twenty first calls at once against a burst of ten, refilled at 10 a
    /// second: some are refused, or the claim would test nothing.
    fn every_article_once_under_a_rate_limit() {
        let stats = claims::every_article_once_under_a_rate_limit(
            process_all,
            20,
            Schedule::ThreadPerArticle,
            RateLimit::new(10),
        );
        assert!(
            stats.calls_refused > 0,
            "no call was refused: the claim tested nothing"
        );
    }
}
