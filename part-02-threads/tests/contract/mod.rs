// Part 2's contract: every article once, in input order, all in flight at
// once on one thread each, and a refusal instead of too many threads.
//
// Written once, run twice: `tests/pipeline.rs` runs each claim as a test of
// this part, and exercise 2's `tests/checks.rs` as a check of the learner's
// crate. The includer defines `claim!` (how a claim becomes a test) and
// `part` (the crate whose `process_all` runs); the shared claims
// (`common::testing::claims`) do the measuring.

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
    /// Claim: results keep input order, even when article 0 finishes last.
    ///
    /// Because the handles are joined in input order (mirrors Part 1).
    fn results_keep_input_order() {
        claims::results_keep_input_order(process_all);
    }
}

claim! {
    /// Claim: every article is in flight at once, on a thread named after it.
    ///
    /// A rendezvous in the client holds the calls until all ten are in flight
    /// together.
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
        assert_eq!(
            names, expected,
            "one thread per article, named `article-<id>`"
        );
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
    /// Claim: a panic becomes an error naming the article's thread, and every other thread is still joined.
    fn a_panicking_article_ends_the_run_with_an_error_naming_it() {
        claims::panic_is_reported(process_all, "article-4");
    }
}

claim! {
    /// Claim: under a rate limit every article still comes back once, and a thread per article meets it hardest.
    ///
    /// Twenty calls at once against a burst of ten. The bucket refills at 10
    /// a second (not sped up), so only a start spread over half a second
    /// could save the threads.
    fn a_thread_per_article_meets_the_rate_limit_hardest() {
        let stats = claims::every_article_once_under_a_rate_limit(
            process_all,
            20,
            Schedule::ThreadPerArticle,
            RateLimit::new(10),
        );
        assert!(
            stats.calls_refused >= 5,
            "only {} refused",
            stats.calls_refused
        );
    }
}
