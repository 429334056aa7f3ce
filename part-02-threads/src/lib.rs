#![doc = include_str!("../README.md")]

// The wrong versions sit beside `src/`, not in it, so that a diff of two
// parts' `src/` shows the technique and nothing else.
#[path = "../mistakes.rs"]
pub mod mistakes;

use std::{sync::Arc, thread};

use common::Part;
use common::check_thread_budget;
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// Processes every article on its own thread and returns the results in
/// input order.
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
    let mut results = Vec::with_capacity(articles.len());
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // The thread may outlive this loop, so it owns what it uses: its
        // article (`move`) and its own handle to the shared client (`Arc`).
        let client = Arc::clone(client);
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || analyze(&article, &client))?;
        handles.push(handle);
    }
    // Go's `wg.Wait()`: `join` waits for a thread and hands back its result,
    // or its panic, made here an error that names the thread. Joining in
    // input order keeps the results in that order.
    for handle in handles {
        // `join` consumes the handle: keep the thread, for its name.
        let thread = handle.thread().clone();
        let joined = handle.join();
        results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    // Every thread is joined, even after one panicked, so none is left
    // running. Now the first error, in join order, or every result.
    results.into_iter().collect()
}
