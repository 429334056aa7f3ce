#![doc = include_str!("../README.md")]
// An unfinished exercise is full of `todo!()`: the code after one is
// unreachable, the names before it unused, and a thread that only calls
// `todo!()` never returns, so its `join` cannot fail. All expected here.
#![allow(
    unused_variables,
    unused_mut,
    unused_imports,
    unreachable_code,
    dead_code,
    irrefutable_let_patterns,
    clippy::diverging_sub_expression
)]

use std::num::NonZeroUsize;

use common::Part;
use common::check_thread_budget;
use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This exercise, as the run's header names it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// How many messages each of the pool's two channels holds by default
/// (compare's README, "How tight a bound", says why so many).
pub const CAPACITY: usize = 1024;

/// Processes every article on a pool of `workers` threads and returns the
/// results in whatever order they arrive. Each of the two channels holds at
/// most `capacity` messages.
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
) -> Result<Vec<AIResult>, PipelineError> {
    // The threads now depend on the pool size, not on the article count.
    check_thread_budget(workers.get())?;
    // TODO 1: a job channel of article ids and a results channel, each
    // holding at most `capacity` messages, so that memory stays flat however
    // many articles are still to come.
    let (job_tx, job_rx): (channel::Sender<usize>, channel::Receiver<usize>) =
        todo!("a bounded job channel");
    let (result_tx, result_rx): (channel::Sender<AIResult>, channel::Receiver<AIResult>) =
        todo!("a bounded results channel");
    // The jobs are article ids, not articles: each worker fetches its own
    // article from the store, so an article is made, analysed and freed on
    // one thread.
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
                // TODO 2: take article ids from the job channel until it is
                // empty and disconnected; fetch each article from `store`,
                // analyse it and send its result. (Part 5 also logs each id
                // first, with `client.log`.)
                todo!("the worker's loop");
            })?;
        handles.push(handle);
    }
    // TODO 3: only the workers receive jobs; if every worker dies, the
    // feeder's `send` must fail instead of waiting for ever.
    // TODO 4: feed the article ids (`articles.ids()`) into the job channel
    // from a thread of its own, named `feeder`, and keep its handle with
    // the others.
    todo!("start the feeder");
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
