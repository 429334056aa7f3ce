// Part 6's loom contract: loom runs `process_all` through the sync shim, as
// for Part 5, with the articles' deadline racing the calls: the deadline
// passes on a thread of its own, and a call is cut if it has passed by the
// time the answer is due (`common::testing::loom_deadline` says how, and
// why a race rather than one model per outcome). Each claim counts the
// interleavings in which the deadline cut a call and those in which every
// call answered, and fails if either is zero.
//
// The deadline's thread is one of loom's five, so the pool has at most two
// workers (main, the feeder, two workers, the deadline), with channels as
// tight as the pool, as in Part 5's contract. The race costs: Part 5's
// model of three articles on two workers with one preemption takes about
// 30,000 interleavings with the deadline's thread beside it (9 s in
// release on 2 cores), and about five times as many once the calls have a
// deadline to check, over 40 s. So the races below are smaller: two
// articles on two workers, or up to three on one, each within 10 s; and
// that three-article model on two workers runs once, with no timeout.
// The timeout's length does not matter: loom has no clock, and only
// whether an article has a deadline does.
//
// loom reports a thread that can never end as a deadlock, so every thread
// ends in every interleaving; the model joins the deadline's thread. That
// `process_all` joins its own is the ledger's claim in `mod.rs` (loom's
// `thread` keeps no ledger).
//
// Written once, run twice: `tests/loom.rs` runs it on this part, and
// exercise 6's `tests/loom.rs` runs it on the learner's crate. The
// includer defines `claim!` and `part`, as for `mod.rs` beside this file.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::sync::Arc;
use common::testing::loom_deadline;
use common::{AIResult, Articles, LlmClient, PipelineError};

use crate::part::process_all;

/// A timeout, made into a deadline per article by the worker that takes it.
const TIMEOUT: Option<Duration> = Some(Duration::from_secs(1));

fn two_workers(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all(
        articles,
        client,
        NonZeroUsize::new(2).expect("two"),
        2,
        TIMEOUT,
    )
}

fn one_worker(articles: Articles, client: &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> {
    process_all(articles, client, NonZeroUsize::MIN, 1, TIMEOUT)
}

claim! {
    /// Claim: two workers, two articles, up to one preemption: every article once, cut at any call or not cut, with the answers before a cut.
    ///
    /// Both articles are in flight together, so the deadline can cut both,
    /// one, or neither.
    fn every_article_once_cut_or_not_with_two_articles_on_two_workers() {
        loom_deadline::cut_or_answered_in_every_interleaving(two_workers, 2, 1);
    }
}

claim! {
    /// Claim: one worker, three articles, up to one preemption: the same, and a cut article does not stop the worker.
    ///
    /// Three articles are one more than the job channel and the worker hold,
    /// so the feeder blocks.
    fn every_article_once_cut_or_not_with_three_articles_on_one_worker() {
        loom_deadline::cut_or_answered_in_every_interleaving(one_worker, 3, 1);
    }
}

claim! {
    /// Claim: one worker, two articles, up to two preemptions: the same.
    fn every_article_once_cut_or_not_with_two_articles_on_one_worker_deeper() {
        loom_deadline::cut_or_answered_in_every_interleaving(one_worker, 2, 2);
    }
}

claim! {
    /// Claim: with no timeout, two workers, three articles, up to one preemption: every article once with all its answers, and no call cut in any interleaving.
    ///
    /// Part 5's first loom model, on this part's code, with the deadline's
    /// thread running beside it.
    fn no_call_is_cut_without_a_timeout() {
        let no_timeout = |articles: Articles, client: &Arc<LlmClient>| {
            process_all(articles, client, NonZeroUsize::new(2).expect("two"), 2, None)
        };
        loom_deadline::never_cut_without_a_deadline(no_timeout, 3, 1);
    }
}
