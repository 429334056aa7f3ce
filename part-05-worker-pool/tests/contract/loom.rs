// Part 5's loom contract: loom runs `process_all` through the sync shim:
// the workers, the feeder and the collector, with both channels bounded as
// tight as the pool (one message per worker), so that a few articles fill
// them.
//
// A pool has more synchronisation than the earlier parts (two bounded
// channels, four threads), so the preemption bound is what keeps the search
// to seconds: three articles with up to two preemptions take about a minute
// (246,000 executions), with one preemption about a second (4,800). The
// claims below split the difference: three articles, enough to fill the job
// channel and block the feeder, with one preemption; two articles with two.
//
// Written once, run twice: `tests/loom.rs` runs it on this part, exercise
// 5's `tests/loom.rs` on the learner's crate. The includer defines `claim!`
// and `part`, as for `mod.rs` beside this file.

use std::num::NonZeroUsize;

use common::sync::Arc;
use common::testing::claims;
use common::{AIResult, Articles, LlmClient, PipelineError};

use crate::part::process_all;

fn two_workers(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all(articles, client, NonZeroUsize::new(2).expect("two"), 2)
}

claim! {
    /// Claim: two workers, three articles, up to one preemption: every article once, and the pool shuts down.
    ///
    /// Three articles are one more than the job channel holds, so the feeder
    /// blocks.
    fn every_article_once_with_three_articles_on_two_workers() {
        claims::every_article_once_in_every_interleaving(two_workers, 3, 1);
    }
}

claim! {
    /// Claim: two workers, two articles, up to two preemptions: the same.
    fn every_article_once_with_two_articles_on_two_workers_deeper() {
        claims::every_article_once_in_every_interleaving(two_workers, 2, 2);
    }
}

claim! {
    /// Claim: one worker, four articles (more than the channels hold), up to two preemptions: the same.
    ///
    /// Four articles are more than the two channels and the worker hold. This
    /// is the model that catches a feeder moved onto the collector's thread:
    /// loom reports that version as a deadlock.
    fn every_article_once_with_more_articles_than_one_worker_and_its_channels_hold() {
        let one_worker = |articles: Articles, client: &Arc<LlmClient>| {
            process_all(articles, client, NonZeroUsize::MIN, 1)
        };
        claims::every_article_once_in_every_interleaving(one_worker, 4, 2);
    }
}
