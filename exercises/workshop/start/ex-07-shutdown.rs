#![doc = include_str!("../README.md")]
// An unfinished exercise is full of `todo!()`: the code after one is
// unreachable, the names before it unused, and a thread that only calls
// `todo!()` never returns, so its `join` cannot fail. All expected here.
#![allow(
    unused_variables,
    unused_mut,
    unused_assignments,
    unused_imports,
    unreachable_code,
    dead_code,
    irrefutable_let_patterns,
    clippy::diverging_sub_expression
)]

use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use common::Part;
use common::check_thread_budget;
use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, Failed, LlmClient, PipelineError, analyze_until};

/// This exercise, as the run's header names it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// How many messages each of the pool's two channels holds by default.
///
/// The bound keeps memory flat: the feeder runs at most this far ahead of
/// the workers, and the queue holds ids (8 bytes each), not articles. It
/// is large because a tight bound is slow when calls are fast: with room
/// for only `W` messages, at zero latency every hand-over blocks one thread
/// and wakes another, and the pool is no faster than Part 1 (see "How
/// tight a bound" in compare's README for the measurement).
pub const CAPACITY: usize = 1024;

/// Processes every article on a pool of `workers` threads and returns the
/// results in whatever order they arrive. Each of the two channels holds at
/// most `capacity` messages ([`CAPACITY`] is the default; 0 makes every
/// hand-over a rendezvous).
///
/// Each article has `timeout` from when a worker takes it: a call still
/// waiting at that deadline is cut there, and the article comes back with
/// the answers it had and the call that was cut. `None`: no deadline, and
/// the pool is Part 5's.
///
/// `workers` is a [`NonZeroUsize`]: an empty pool would never process
/// anything, and the type makes it impossible to ask for one.
///
/// # Errors
///
/// [`PipelineError::TooManyThreads`] before starting anything if there are
/// more workers than [`common::MAX_THREADS`]; otherwise the OS's refusal to
/// start a thread, or the first thread (in join order) that panicked.
pub fn process_all(
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
    capacity: usize,
    timeout: Option<Duration>,
    stop: channel::Receiver<()>,
) -> Result<Vec<AIResult>, PipelineError> {
    // The threads now depend on the pool size, not on the article count.
    check_thread_budget(workers.get())?;
    // Both channels are bounded, so the feeder runs at most `capacity` jobs
    // ahead of the pool: memory stays flat whatever the number of articles
    // still to come.
    let (job_tx, job_rx) = channel::bounded(capacity);
    let (result_tx, result_rx) = channel::bounded(capacity);
    // The jobs are article ids, not articles: each worker fetches its own
    // article from the store, so an article is made, analysed and freed on
    // one thread, and the feeder has almost nothing to do. (Sending whole
    // articles would leave the feeder making every one of them alone, and
    // the pool no faster than Part 1: compare's README, "How tight a bound".)
    let store = articles.store();
    let mut handles = Vec::with_capacity(workers.get() + 1);
    for id in 1..=workers.get() {
        // The worker may outlive this loop, so it owns what it uses: a handle
        // to the shared client, and its own clones of the channel halves.
        let client = Arc::clone(client);
        let job_rx = job_rx.clone();
        let result_tx = result_tx.clone();
        let stop = stop.clone();
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("worker-{id}"))
            .spawn(move || {
                // A worker lives until the job channel is empty and disconnected:
                // after a stop it still takes the jobs left, so each is reported.
                for article_id in &job_rx {
                    // TODO 3: once the stop has come, this job must not start:
                    // send it to the collector, once, as queued (an article
                    // with no answers, `Failed::Queued`), and go on to the
                    // next job. Look at the stop without waiting for it: until
                    // the stop, the worker goes straight on to the article.
                    // (`cargo exercise hint 7 3`)
                    todo!("after the stop, report this job as queued instead of starting it");
                    client.log(format_args!(
                        "[worker {id}] processing article {article_id}"
                    ));
                    let article = store.fetch(article_id);
                    // The article's deadline, made where the worker takes it:
                    // every call of this article is cut there.
                    let deadline = timeout.map(|timeout| Instant::now() + timeout);
                    // A panic ends this article, not the worker (Go's `recover`):
                    // it comes back marked, and the worker takes the next one.
                    let result = panic::catch_unwind(AssertUnwindSafe(|| {
                        // TODO 1: analyse the article as Part 6 did, each call
                        // cut at `deadline`, and now also at the run's stop: a
                        // call in flight ends at once, and no further call of
                        // the article starts. (`cargo exercise hint 7 1`)
                        todo!("analyse the article until its deadline or the stop")
                    }))
                    .unwrap_or_else(|_| AIResult::unanswered(article_id, Failed::Panicked));
                    // `send` moves the result to the collector: this thread
                    // cannot touch it again.
                    result_tx
                        .send(result)
                        .expect("the collector outlives every sender");
                }
            })?;
        handles.push(handle);
    }
    // Only the workers receive jobs. If every worker died, the feeder's
    // `send` then fails instead of blocking for ever.
    drop(job_rx);
    // The feeder runs on its own thread, not here. Both channels are bounded:
    // feeding from this thread, it could block on a full job channel while
    // every worker blocks on a full results channel that only this thread
    // drains, and nobody would move again. It owns this thread's result
    // sender and the stop.
    let feeder = thread::Builder::new()
        .name("feeder".to_owned())
        .spawn(move || {
            let mut ids = articles.ids();
            // The feeder owns `job_tx`: when it ends, however it ends, the job
            // channel closes and the workers' loops end. (A `move` closure takes
            // in only what its body names: until TODO 2 names `job_tx`, this
            // line does.)
            let job_tx = job_tx;
            for article_id in ids.by_ref() {
                // TODO 2: hand this job to a worker as Part 6 did (and stop
                // feeding if no worker is left to take it), but hear the stop
                // while waiting: on a full job channel a plain `send` waits
                // for a worker, whatever happens meanwhile. At the stop,
                // report this article as queued and stop feeding: the loop
                // below reports the rest. (`cargo exercise hint 7 2`)
                todo!("send this job, or at the stop report it as queued and stop feeding");
            }
            // After a stop, the articles never sent: each is reported, once.
            for article_id in ids {
                let queued = AIResult::unanswered(article_id, Failed::Queued);
                result_tx
                    .send(queued)
                    .expect("the collector outlives every sender");
            }
        })?;
    handles.push(feeder);
    // Go's `close(results)`: the feeder took this thread's own sender, for
    // the articles it never sends, so none is left here. The loop below ends
    // when the last sender is gone, as the threads finish.
    let results = result_rx.iter().collect();
    // Every result has arrived. Every thread is joined, even after one
    // panicked, so none is left running.
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        // `join` consumes the handle: keep the thread, for its name.
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    // Now the first error, in join order, if a thread panicked.
    joins.into_iter().collect::<Result<(), _>>()?;
    Ok(results)
}
