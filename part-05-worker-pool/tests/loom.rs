//! loom runs Part 5's own `process_all` through the sync shim: two workers,
//! the feeder and the collector, with both channels bounded as tight as the
//! pool (one message per worker), so that a few articles fill them.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-05-worker-pool --test loom`
//!
//! A pool has more synchronisation than the earlier parts (two bounded
//! channels, four threads), so the preemption bound is what keeps the search
//! to seconds: three articles with up to two preemptions take about a minute
//! (246,000 executions), with one preemption about a second (4,800). The two
//! tests below split the difference: three articles, enough to fill the job
//! channel and block the feeder, with one preemption; two articles with two.
#![cfg(loom)]

use std::mem::ManuallyDrop;
use std::num::NonZeroUsize;

use common::sync::Arc;
use common::testing::{self, claims};
use common::{AIResult, Articles, LatencyRange, LlmClient, PipelineError};
use part_05_worker_pool::mistakes::process_all_feeding_inline;
use part_05_worker_pool::process_all;

fn two_workers(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all(articles, client, NonZeroUsize::new(2).unwrap(), 2)
}

/// Claim: with two workers and three articles (one more than the job channel
/// holds, so the feeder blocks), in every interleaving with up to one
/// preemption, every article is processed exactly once with its own result
/// and the pool shuts down.
#[test]
fn every_article_once_with_three_articles_on_two_workers() {
    claims::every_article_once_in_every_interleaving(two_workers, 3, 1);
}

/// Claim: with two workers and two articles, in every interleaving with up to
/// two preemptions, the same holds.
#[test]
fn every_article_once_with_two_articles_on_two_workers_deeper() {
    claims::every_article_once_in_every_interleaving(two_workers, 2, 2);
}

/// Claim: with one worker and four articles, more than the two channels and
/// the worker hold, in every interleaving with up to two preemptions, every
/// article is processed once and the pool shuts down. This is the model
/// that catches a feeder moved onto the collector's thread: loom reports
/// that version as a deadlock.
#[test]
fn every_article_once_with_more_articles_than_one_worker_and_its_channels_hold() {
    let one_worker = |articles: Articles, client: &Arc<LlmClient>| {
        process_all(articles, client, NonZeroUsize::MIN, 1)
    };
    claims::every_article_once_in_every_interleaving(one_worker, 4, 2);
}

/// Claim: loom reports the deadlock of feeding from the collector's thread:
/// one worker, four articles, one more than the channels and the worker hold.
#[test]
#[should_panic(expected = "deadlock")]
fn loom_finds_the_deadlock_of_an_inline_feeder() {
    loom::model(|| {
        let w = testing::workload(4, LatencyRange::ZERO);
        // Never dropped: loom's Arc cannot be dropped while unwinding from the
        // deadlock loom reports, and the first execution already deadlocks.
        let client = ManuallyDrop::new(Arc::new(LlmClient::builder(w).build()));
        let workers = NonZeroUsize::new(1).unwrap();
        let _ = process_all_feeding_inline(w.articles(), &client, workers, 1);
    });
}
