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

use common::Part;
use common::check_thread_budget;
use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This exercise, as the run's header names it.
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
    // TODO 1: a channel for the results, instead of a shared list.
    let (result_tx, result_rx): (channel::Sender<AIResult>, channel::Receiver<AIResult>) =
        todo!("make a channel");
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // The thread may outlive this loop, so it owns what it uses: its
        // article (`move`) and its own handle to the shared client (`Arc`).
        let client = Arc::clone(client);
        // TODO 2: give the thread its own sender.
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || {
                let result = analyze(&article, &client);
                // TODO 3: send the result to the collector.
                todo!("send the result");
            })?;
        handles.push(handle);
    }
    // TODO 4: make sure the collecting in TODO 5 can end: Go's
    // `close(results)`. The channel ends when its last sender is gone, and
    // this function still holds one.
    // TODO 5: collect every result from the channel, as they arrive.
    let results: Vec<AIResult> = todo!("collect the results");
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
