// Part 7's loom contract: loom runs `process_all` through the sync shim, as
// for Parts 5 and 6, with the run's stop racing it: a thread of its own
// drops the stop's sender, and loom explores every point at which it can
// (`common::testing::loom_stop` says how, and what is checked in each
// interleaving). Each claim counts the interleavings in which an article
// succeeded, was cancelled at a call, or was reported queued, and fails if
// any of the three never occurred.
//
// The stopper is one of loom's five threads, so the pool has at most two
// workers (main, the feeder, two workers, the stopper), and one with
// Part 6's deadline racing as well. Channels that hold one message make the
// feeder's `select!` wait on a full job channel in some interleavings,
// where the stop can end its wait. Each claim below (marked *) runs within
// 20 s in release on 2 cores; one step further costs too much
// (interleavings, seconds, one test at a time):
//
// * two workers, 2 articles, capacity 1, 1 preemption     23,448    4 s
// * two workers, 2 articles, capacity 2, 2 preemptions   100,980   15 s
//   two workers, 2 articles, capacity 1, 2 preemptions 2,500,198  470 s
//   two workers, 3 articles, capacity 1, 1 preemption    317,596   61 s
// * one worker,  3 articles, capacity 1, 1 preemption      3,918  0.5 s
//   one worker,  3 articles, capacity 1, 2 preemptions   276,629   47 s
// * one worker,  2 articles, capacity 1, 2 preemptions    30,149    4 s
//   with the deadline, one worker:
//                2 articles, capacity 1, 1 preemption      8,557    2 s
// *              3 articles, capacity 1, 1 preemption     92,258   17 s
//                2 articles, capacity 1, 2 preemptions   535,932  132 s
//
// loom reports a thread that can never end as a deadlock, so every thread
// ends in every interleaving; that `process_all` has joined its own when it
// returns, the model checks on the joins themselves (`loom_thread`'s
// ledger, behind the shim's `thread` under loom).
//
// Written once, run twice: `tests/loom.rs` runs it on this part, and
// exercise 7's `tests/loom.rs` on the learner's crate. The includer defines
// `claim!` and `part`, as for `mod.rs` beside this file.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::sync::Arc;
use common::sync::channel::Receiver;
use common::testing::loom_stop;
use common::{AIResult, Articles, LlmClient, PipelineError};

use crate::part::process_all;

/// A timeout, made into a deadline per article by the worker that takes it.
/// Its length does not matter: loom has no clock.
const TIMEOUT: Option<Duration> = Some(Duration::from_secs(1));

fn two_workers(
    capacity: usize,
) -> impl Fn(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>
+ Send
+ Sync
+ 'static {
    move |articles, client, stop| {
        let workers = NonZeroUsize::new(2).expect("two");
        process_all(articles, client, workers, capacity, None, stop)
    }
}

fn one_worker(
    articles: Articles,
    client: &Arc<LlmClient>,
    stop: Receiver<()>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all(articles, client, NonZeroUsize::MIN, 1, None, stop)
}

fn one_worker_with_a_timeout(
    articles: Articles,
    client: &Arc<LlmClient>,
    stop: Receiver<()>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all(articles, client, NonZeroUsize::MIN, 1, TIMEOUT, stop)
}

claim! {
    /// Claim: two workers, two articles, up to one preemption: wherever the stop comes, every thread ends and every article is accounted for once, succeeded, cancelled or queued.
    fn every_article_accounted_for_at_any_stop_on_two_workers() {
        loom_stop::accounted_for_at_any_stop(two_workers(1), 2, 1);
    }
}

claim! {
    /// Claim: two workers, two articles, channels that hold both, up to two preemptions: the same, where the job channel is never full and the workers meet the stop first.
    fn every_article_accounted_for_at_any_stop_on_two_workers_deeper() {
        loom_stop::accounted_for_at_any_stop(two_workers(2), 2, 2);
    }
}

claim! {
    /// Claim: one worker, three articles, up to one preemption: the same, with the feeder waiting on a full job channel when the stop comes, and articles it never sent.
    fn every_article_accounted_for_at_any_stop_with_the_feeder_blocked() {
        loom_stop::accounted_for_at_any_stop(one_worker, 3, 1);
    }
}

claim! {
    /// Claim: one worker, two articles, up to two preemptions: the same.
    fn every_article_accounted_for_at_any_stop_on_one_worker_deeper() {
        loom_stop::accounted_for_at_any_stop(one_worker, 2, 2);
    }
}

claim! {
    /// Claim: one worker, three articles, a timeout, up to one preemption: with Part 6's deadline racing the stop, every article is accounted for once, and some are cut at their deadline.
    fn every_article_accounted_for_at_any_stop_or_deadline() {
        loom_stop::accounted_for_at_any_stop_or_deadline(one_worker_with_a_timeout, 3, 1);
    }
}
