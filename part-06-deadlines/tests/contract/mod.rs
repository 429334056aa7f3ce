// Part 6's contract: every article has its own deadline, made where a
// worker takes it; a call past it is cut within a bound and frees its
// worker; every article comes back once, succeeded or cut with the answers
// it had; with no deadline, the pool is Part 5's.
//
// Written once, run twice: `tests/pipeline.rs` runs each claim as a test of
// this part, and exercise 6's `tests/checks.rs` as a check of the learner's
// crate. The includer defines `claim!` (how a claim becomes a test) and
// `part` (the crate whose `process_all` runs); the shared claims
// (`common::testing::deadlines`, `common::testing::claims`) do the
// measuring. The loom claims are in `loom.rs` beside this file.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::sync::Arc;
use common::testing::{claims, deadlines};
use common::{AIResult, Articles, LlmClient, MAX_THREADS, PipelineError};

use crate::part::{CAPACITY, process_all};

/// `process_all` with `count` workers, channels as tight as the pool, and
/// `timeout` for every article, in the shape the claims call.
fn pool(
    count: usize,
    timeout: Option<Duration>,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + Sync + 'static
{
    let workers = NonZeroUsize::new(count).expect("a pool has at least one worker");
    move |articles, client| process_all(articles, client, workers, count, timeout)
}

claim! {
    /// Claim: a call past its deadline ends within a second of it: a 5 s call with a 100 ms deadline is cut there.
    fn a_cut_call_ends_within_a_second_of_its_deadline() {
        deadlines::cut_calls_end_within_a_bound_of_their_deadline(|timeout| pool(2, timeout), 2);
    }
}

claim! {
    /// Claim: each article has its own deadline, from when a worker takes it, not one for the whole run.
    fn every_article_has_its_own_deadline() {
        deadlines::every_article_has_its_own_deadline(|timeout| pool(1, timeout));
    }
}

claim! {
    /// Claim: a cut call frees its worker, which starts its next article before the cut call's latency would have ended.
    fn a_cut_frees_its_worker_for_the_next_article() {
        deadlines::a_cut_frees_its_thread_for_the_next_article(|timeout| pool(1, timeout));
    }
}

claim! {
    /// Claim: every article is reported once, succeeded or cut with the answers it had, as its latencies and deadline decide.
    ///
    /// A seeded `--unreliable` run of 10 articles, sped up 15 times: 2
    /// succeed and 8 are cut, at 5 and 10 workers, each article at least
    /// 75 ms from its 266.7 ms deadline.
    fn every_article_once_succeeded_or_cut() {
        deadlines::every_article_once_succeeded_or_cut(pool, &[5, 10]);
    }
}

claim! {
    /// Claim: with no deadline (`--timeout none`), the pool is Part 5's: every article once, nothing cut, min(W, articles) calls in flight.
    fn with_no_deadline_the_pool_is_part_5s() {
        claims::side_by_side([(10, 3, 0), (10, 3, CAPACITY), (25, 5, 5)], |(articles, count, capacity)| {
            let workers = NonZeroUsize::new(count).expect("a pool has at least one worker");
            deadlines::with_no_deadline_nothing_is_cut(
                move |articles, client: &Arc<LlmClient>| process_all(articles, client, workers, capacity, None),
                articles,
            );
        });
        claims::peak_in_flight_is(pool(4, None), 12, 4);
    }
}

claim! {
    /// Claim: a deadline that never fires changes nothing: every article once, nothing cut.
    fn a_deadline_that_never_fires_changes_nothing() {
        deadlines::a_deadline_that_never_fires_cuts_nothing(pool(3, Some(Duration::from_secs(600))), 10);
    }
}

claim! {
    /// Claim: a panicking article does not hang the pool, whether other workers remain or the only one dies.
    fn a_panicking_article_does_not_hang_the_pool_and_is_reported() {
        claims::side_by_side([1, 3], |count| {
            claims::panic_is_reported(pool(count, Some(Duration::from_secs(600))), "worker-");
        });
    }
}

claim! {
    /// Claim: a pool larger than the thread limit is refused before any thread starts.
    fn too_many_workers_are_refused_before_any_thread_starts() {
        claims::refused_before_any_thread_starts(pool(MAX_THREADS + 1, None), 3);
    }
}
