// Part 7's contract: one stop for the run. After it no call starts, every
// call in flight is cut at once, the feeder stops feeding, every thread is
// joined, and every article is accounted for once: succeeded, failed,
// cancelled or queued. A panic in one article fails that article alone.
// Without a stop, the pool is Part 6's.
//
// Written once, run twice: `tests/pipeline.rs` runs each claim as a test of
// this part, and exercise 7's `tests/checks.rs` as a check of the learner's
// crate. The includer defines `claim!` (how a claim becomes a test) and
// `part` (the crate whose `process_all` runs); the shared claims
// (`common::testing::shutdown`, `deadlines` and `claims`) do the measuring.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::sync::Arc;
use common::sync::channel::{self, Receiver};
use common::testing::{claims, deadlines, shutdown};
use common::{AIResult, Articles, LlmClient, MAX_THREADS, PipelineError};

use crate::part::process_all;

/// `process_all` with `count` workers, channels of `capacity`, `timeout`
/// for every article, and `stop` as the run's stop, in the shape the claims
/// call.
fn pool(
    count: usize,
    capacity: usize,
    timeout: Option<Duration>,
    stop: Receiver<()>,
) -> impl FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static
{
    let workers = NonZeroUsize::new(count).expect("a pool has at least one worker");
    move |articles, client| process_all(articles, client, workers, capacity, timeout, stop)
}

/// [`pool`] never stopped: its stop's sender lives as long as the run may.
fn unstopped(
    count: usize,
    timeout: Option<Duration>,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + Sync + 'static
{
    let workers = NonZeroUsize::new(count).expect("a pool has at least one worker");
    move |articles, client| {
        let (_stop_tx, stop) = channel::bounded(0);
        process_all(articles, client, workers, count, timeout, stop)
    }
}

claim! {
    /// Claim: every article is accounted for once (succeeded, failed, cancelled or queued), every thread joined, for a stop before the run, at calls 1–20, after the last article, and never.
    fn every_article_is_accounted_for_at_any_stop() {
        shutdown::every_article_accounted_for_at_any_stop(
            |count| move |stop| pool(count, count, None, stop),
            &[1, 3],
        );
    }
}

claim! {
    /// Claim: after the stop no call starts, and the jobs taken after it are reported queued, not started.
    fn after_a_stop_no_call_starts() {
        shutdown::after_a_stop_no_call_starts(|stop| pool(1, 2, None, stop), 2);
    }
}

claim! {
    /// Claim: a stop cuts the calls in flight at once: with a 12 s call in flight, the run returns, every thread joined, within a second.
    fn a_stop_ends_the_run_within_a_second() {
        shutdown::a_stop_ends_the_run_at_once(|stop| pool(3, 3, None, stop));
    }
}

claim! {
    /// Claim: the stop reaches a feeder blocked on a full job channel: it stops feeding and reports what it never sent.
    fn a_stop_reaches_a_feeder_blocked_on_a_full_channel() {
        shutdown::a_stop_reaches_a_feeder_blocked_on_a_full_channel(|stop| pool(1, 0, None, stop));
    }
}

claim! {
    /// Claim: a panic in one article's analysis fails that article alone: its worker goes on, and every article is accounted for.
    fn a_panic_fails_its_article_alone() {
        shutdown::a_panic_is_one_failed_article(|count| move |stop| pool(count, count, None, stop));
    }
}

claim! {
    /// Claim: without a stop the pool is Part 6's: a hung call is cut at its article's deadline, every article once, W calls in flight, and the feeder reads at most the job channel's capacity ahead.
    fn without_a_stop_the_pool_is_part_6s() {
        deadlines::cut_calls_end_within_a_bound_of_their_deadline(|timeout| unstopped(2, timeout), 2);
        claims::peak_in_flight_is(unstopped(4, None), 12, 4);
        let (_stop_tx, stop) = channel::bounded(0);
        claims::read_ahead_is_bounded_by(pool(2, 16, None, stop), 60, 16, 2);
    }
}

claim! {
    /// Claim: a pool larger than the thread limit is refused before any thread starts.
    fn too_many_workers_are_refused_before_any_thread_starts() {
        claims::refused_before_any_thread_starts(unstopped(MAX_THREADS + 1, None), 3);
    }
}
