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
use common::sync::{Arc, Mutex, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This exercise, as the run's header names it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// Processes every article on its own thread; the threads push their results
/// into one shared list, in whatever order they finish.
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
    // TODO 1: one list for every thread to push into.
    let results: Arc<Mutex<Vec<AIResult>>> = todo!("create the shared list");
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // The thread may outlive this loop, so it owns what it uses: its
        // article (`move`) and its own handle to the shared client (`Arc`).
        let client = Arc::clone(client);
        // TODO 2: give the thread its own handle to the list, too.
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || {
                let result = analyze(&article, &client);
                // TODO 3: push the result into the shared list.
                todo!("push the result");
            })?;
        handles.push(handle);
    }
    // `join` now only waits: the results are in the list. Every thread is
    // joined, even after one panicked, so none is left running.
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        // `join` consumes the handle: keep the thread, for its name.
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    // Now the first error, in join order, if a thread panicked.
    joins.into_iter().collect::<Result<(), _>>()?;
    // TODO 4: every thread has been joined: take the results out of the list.
    let results: Vec<AIResult> = todo!("take the results out");
    Ok(results)
}
