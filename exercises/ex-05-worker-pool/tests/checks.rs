//! Exercise 5's checks: the claims that guard Part 5, run against this
//! crate's `process_all` (or, with `--features solution`, against Part 5's
//! own). They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 5` runs them.

use std::num::NonZeroUsize;
use std::sync::Arc;

use common::testing::claims;
use common::{AIResult, Articles, LlmClient, MAX_THREADS, PipelineError, Schedule};
#[cfg(not(feature = "solution"))]
use ex_05_worker_pool::{CAPACITY, process_all};
#[cfg(feature = "solution")]
use part_05_worker_pool::{CAPACITY, process_all};

fn workers(count: usize) -> NonZeroUsize {
    NonZeroUsize::new(count).expect("a pool has at least one worker")
}

/// `process_all` with `count` workers and channels of `capacity`, in the shape the claims call.
fn pool_with(
    count: usize,
    capacity: usize,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static {
    let pool = workers(count);
    move |articles, client| process_all(articles, client, pool, capacity)
}

/// `process_all` with `count` workers and channels as tight as the pool.
fn pool_of(
    count: usize,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static {
    pool_with(count, count)
}

/// (articles, workers): fewer, as many and more workers than articles.
const CASES: [(usize, usize); 5] = [(1, 1), (10, 3), (10, 10), (10, 20), (50, 5)];

/// Claim: at every worker count and capacity, every article is processed exactly once with its own result.
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn every_article_once_with_its_own_result_at_every_worker_count() {
    for (articles, pool) in CASES {
        for capacity in [0, 1, pool, CAPACITY] {
            claims::every_article_once(pool_with(pool, capacity), articles);
        }
    }
}

/// Claim: the peak number of calls in flight is exactly min(W, articles).
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn peak_in_flight_is_the_smaller_of_workers_and_articles() {
    for (articles, pool) in CASES {
        claims::peak_in_flight_is(pool_of(pool), articles, pool.min(articles));
    }
}

/// Claim: memory stays flat: the feeder reads at most the job channel's capacity ahead of the workers, and that far.
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn the_feeder_reads_ahead_at_most_the_job_channel_capacity() {
    for (articles, capacity) in [(200, 16), (20, 2), (200, 2), (200, 0)] {
        claims::read_ahead_is_bounded_by(pool_with(2, capacity), articles, capacity, 2);
    }
}

/// Claim: no order is kept: article 0, held back until every other result is delivered, comes back last.
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn results_may_arrive_in_any_order() {
    claims::results_arrive_in_completion_order(pool_of(3));
}

/// Claim: a panicking article does not hang the pool, whether other workers remain or the only one dies.
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn a_panicking_article_does_not_hang_the_pool_and_is_reported() {
    for pool in [1, 3] {
        claims::panic_is_reported(pool_of(pool), "worker-");
    }
}

/// Claim: the reported ideal is the list schedule of the articles on `W` lanes.
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn reported_ideal_is_the_list_schedule() {
    claims::reported_ideal_is_right(
        pool_of(2),
        Schedule::Pool {
            workers: workers(2),
        },
    );
}

/// Claim: a pool larger than the thread limit is refused before any thread starts.
#[test]
#[ignore = "exercise check: cargo exercise check 5"]
fn too_many_workers_are_refused_before_any_thread_starts() {
    claims::refused_before_any_thread_starts(pool_of(MAX_THREADS + 1), 3);
}
