// Part 5's contract: every article once at every worker count and channel
// capacity, never more than `W` calls in flight, a feeder never more than
// the capacity ahead, and a pool that ends even when a worker panics.
//
// Written once, run twice: `tests/pipeline.rs` runs each claim as a test of
// this part, and exercise 5's `tests/checks.rs` as a check of the learner's
// crate. The includer defines `claim!` (how a claim becomes a test) and
// `part` (the crate whose `process_all` runs); the shared claims
// (`common::testing::claims`) do the measuring. The loom claims are in
// `loom.rs` beside this file.

use std::num::NonZeroUsize;

use common::sync::Arc;
use common::testing::{claims, ids};
use common::{AIResult, Articles, LlmClient, MAX_THREADS, PipelineError, RateLimit, Schedule};

use crate::part::{CAPACITY, process_all};

fn workers(count: usize) -> NonZeroUsize {
    NonZeroUsize::new(count).expect("a pool has at least one worker")
}

/// `process_all` with `count` workers and channels of `capacity`, in the
/// shape the claims call.
fn pool_with(
    count: usize,
    capacity: usize,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static {
    let pool = workers(count);
    move |articles, client| process_all(articles, client, pool, capacity)
}

/// `process_all` with `count` workers and channels as tight as the pool:
/// small channels, so that every claim also runs with the feeder held back.
fn pool_of(
    count: usize,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static {
    pool_with(count, count)
}

/// (articles, workers): fewer, as many and more workers than articles.
const CASES: [(usize, usize); 5] = [(1, 1), (10, 3), (10, 10), (10, 20), (25, 5)];

claim! {
    /// Claim: at every worker count and capacity, every article is processed exactly once with its own result.
    ///
    /// The capacities: a rendezvous, one message, as many as the workers, the
    /// default.
    fn every_article_once_with_its_own_result_at_every_worker_count() {
        claims::side_by_side(CASES, |(articles, pool)| {
            for capacity in [0, 1, pool, CAPACITY] {
                claims::every_article_once(pool_with(pool, capacity), articles);
            }
        });
    }
}

claim! {
    /// Claim: no order is kept: article 0, held back until every other result is delivered, comes back last.
    ///
    /// Mirrors Part 1's `results_keep_input_order`.
    fn results_may_arrive_in_any_order() {
        claims::results_arrive_in_completion_order(pool_of(3));
    }
}

claim! {
    /// Claim: the peak number of calls in flight is exactly min(W, articles).
    ///
    /// A rendezvous in the client holds the calls until that many are in
    /// flight together, and the pool keeps the peak from going higher.
    fn peak_in_flight_is_the_smaller_of_workers_and_articles() {
        for (articles, pool) in CASES {
            claims::peak_in_flight_is(pool_of(pool), articles, pool.min(articles));
        }
    }
}

claim! {
    /// Claim: memory stays flat: the feeder reads at most the job channel's capacity ahead of the workers, and that far.
    ///
    /// However many articles there are, the feeder reads at most `capacity`
    /// ahead, plus the id it is sending and one per worker between `recv` and
    /// its first call; and the bound is `capacity`: with workers slower than
    /// the feeder, it does run that far ahead.
    fn the_feeder_reads_ahead_at_most_the_job_channel_capacity() {
        claims::side_by_side([(60, 16), (20, 2), (60, 2), (60, 0)], |(articles, capacity)| {
            claims::read_ahead_is_bounded_by(pool_with(2, capacity), articles, capacity, 2);
        });
    }
}

claim! {
    /// Claim: one worker behaves as Part 1: one call at a time, results in input order.
    fn one_worker_behaves_as_part_1() {
        claims::peak_in_flight_is(pool_of(1), 6, 1);
        let results = claims::every_article_once(pool_of(1), 6);
        assert_eq!(
            ids(&results),
            (0..6).collect::<Vec<_>>(),
            "one worker takes the jobs in order"
        );
    }
}

claim! {
    /// Claim: the workers are the only threads that make calls, named `worker-1` … `worker-W`.
    fn workers_are_named_and_do_all_the_calls() {
        let stats = claims::peak_in_flight_is(pool_of(4), 30, 4);
        let mut names: Vec<&str> = stats.threads.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["worker-1", "worker-2", "worker-3", "worker-4"]);
        assert_eq!(stats.threads.iter().map(|t| t.articles).sum::<usize>(), 30);
    }
}

claim! {
    /// Claim: a panicking article does not hang the pool, whether other workers remain or the only one dies.
    ///
    /// Other workers finish the rest; if the only worker dies, the feeder
    /// stops. The error names the worker and the article.
    fn a_panicking_article_does_not_hang_the_pool_and_is_reported() {
        claims::side_by_side([1, 3], |pool| claims::panic_is_reported(pool_of(pool), "worker-"));
    }
}

claim! {
    /// Claim: the reported ideal is the list schedule of the articles, in order, on `W` lanes.
    fn reported_ideal_is_the_list_schedule() {
        claims::reported_ideal_is_right(
            pool_of(2),
            Schedule::Pool {
                workers: workers(2),
            },
        );
    }
}

claim! {
    /// Claim: a pool larger than the thread limit is refused before any thread starts.
    fn too_many_workers_are_refused_before_any_thread_starts() {
        claims::refused_before_any_thread_starts(pool_of(MAX_THREADS + 1), 3);
    }
}

claim! {
    /// Claim: at 10 calls a second, 5 workers see no refusal and 20 do, and every article comes back once either way.
    ///
    /// The knob against a real limit (the series' claim), with the series'
    /// latency sped up 30 times, as `--fast` runs it; each worker waits at
    /// least the shortest latency between calls, so 5 never outrun the
    /// refill, whatever the scheduling.
    fn five_workers_fit_a_limit_of_ten_calls_a_second_and_twenty_do_not() {
        let limit = RateLimit::new(10).sped_up(30);
        let pool = |count| Schedule::Pool {
            workers: workers(count),
        };
        let five = claims::every_article_once_under_a_rate_limit(pool_of(5), 20, pool(5), limit);
        assert_eq!(
            five.calls_refused, 0,
            "5 workers against 10 calls/s: none refused"
        );
        let twenty =
            claims::every_article_once_under_a_rate_limit(pool_of(20), 20, pool(20), limit);
        assert!(
            twenty.calls_refused > 0,
            "20 workers starting together against a burst of 10: some are refused"
        );
    }
}
