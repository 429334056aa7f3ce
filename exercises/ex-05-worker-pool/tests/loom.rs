//! loom on exercise 5's own `process_all` (or Part 5's, with `--features
//! solution`): two workers on two and three articles, and one worker on
//! more articles than the channels hold. `cargo exercise loom 5` runs it.
#![cfg(loom)]

use std::num::NonZeroUsize;

use common::sync::Arc;
use common::testing::claims;
use common::{AIResult, Articles, LlmClient, PipelineError};
#[cfg(not(feature = "solution"))]
use ex_05_worker_pool::process_all;
#[cfg(feature = "solution")]
use part_05_worker_pool::process_all;

fn two_workers(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all(articles, client, NonZeroUsize::new(2).expect("two"), 2)
}

/// Claim: two workers, three articles, up to one preemption: every article once, and the pool shuts down.
#[test]
fn every_article_once_with_three_articles_on_two_workers() {
    claims::every_article_once_in_every_interleaving(two_workers, 3, 1);
}

/// Claim: one worker, four articles (more than the channels hold), up to two preemptions: the same.
#[test]
fn every_article_once_with_more_articles_than_one_worker_and_its_channels_hold() {
    let one_worker = |articles: Articles, client: &Arc<LlmClient>| {
        process_all(articles, client, NonZeroUsize::MIN, 1)
    };
    claims::every_article_once_in_every_interleaving(one_worker, 4, 2);
}
