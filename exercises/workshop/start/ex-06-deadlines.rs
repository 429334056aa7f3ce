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
use std::time::{Duration, Instant};

use common::Part;
use common::check_thread_budget;
use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze_by};

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
        // to the shared client, and its own clones of both channel halves.
        let client = Arc::clone(client);
        let job_rx = job_rx.clone();
        let result_tx = result_tx.clone();
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("worker-{id}"))
            .spawn(move || {
                // A worker lives until the job channel is empty and disconnected.
                for article_id in &job_rx {
                    client.log(format_args!(
                        "[worker {id}] processing article {article_id}"
                    ));
                    let article = store.fetch(article_id);
                    // TODO 1: this article's deadline, `timeout` from now, when
                    // the worker has just taken it; none when `timeout` is none.
                    // Not before this `for` loop (one deadline per worker) nor
                    // before the workers start (one for the whole run): the
                    // articles would share it. (`cargo exercise hint 6 1`)
                    let deadline: Option<Instant> = todo!("this article's deadline");
                    // TODO 2: analyse the article as Part 5 did, but with each
                    // of its calls cut at `deadline`. A cut article comes back
                    // with the answers it had: a result like any other, sent
                    // below. (`cargo exercise hint 6 2`)
                    let result: AIResult = todo!("analyse the article by its deadline");
                    // `send` moves the result to the collector: this thread
                    // cannot touch it again.
                    result_tx
                        .send(result)
                        .expect("the collector outlives every sender");
                }
            })?;
        handles.push(handle);
    }
    // Only the workers receive jobs. If every worker died (they panicked),
    // the feeder's `send` then fails instead of blocking for ever.
    drop(job_rx);
    // The feeder runs on its own thread, not here. Both channels are bounded:
    // feeding from this thread, it could block on a full job channel while
    // every worker blocks on a full results channel that only this thread
    // drains, and nobody would move again.
    let feeder = thread::Builder::new()
        .name("feeder".to_owned())
        .spawn(move || {
            for article_id in articles.ids() {
                if job_tx.send(article_id).is_err() {
                    break;
                }
            }
        })?;
    handles.push(feeder);
    // Go's `close(results)`: drop our own sender before collecting. The loop
    // below ends when the last sender is gone; the threads drop theirs as
    // they finish, and this one would otherwise live until the end of the
    // function, after the loop, so the loop would never end.
    drop(result_tx);
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
