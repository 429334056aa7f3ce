#![doc = include_str!("../README.md")]

// The wrong versions sit beside `src/`, not in it, so that a diff of two
// parts' `src/` shows the technique and nothing else.
#[path = "../mistakes.rs"]
pub mod mistakes;

use common::Part;
use common::check_thread_budget;
use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// Processes every article on its own thread; the threads send their results
/// into a channel and this function, the single collector, gathers them in
/// whatever order they arrive.
///
/// # Errors
///
/// [`PipelineError::TooManyThreads`] before starting anything if there are
/// more articles than [`common::MAX_THREADS`]; otherwise the OS's refusal to
/// start a thread, or the first thread (in join order) that panicked.
pub fn process_all(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    // Past some thousands of threads the OS kills the process: refuse first.
    check_thread_budget(articles.len())?;
    // No list is shared any more: every thread sends its result into the
    // channel, and only this thread, the collector, receives them.
    let (result_tx, result_rx) = channel::unbounded();
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // The thread may outlive this loop, so it owns what it uses: its
        // article (`move`) and its own handle to the shared client (`Arc`).
        let client = Arc::clone(client);
        let result_tx = result_tx.clone();
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || {
                let result = analyze(&article, &client);
                // `send` moves the result to the collector: this thread
                // cannot touch it again.
                result_tx
                    .send(result)
                    .expect("the collector outlives every sender");
            })?;
        handles.push(handle);
    }
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
