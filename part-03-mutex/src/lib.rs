#![doc = include_str!("../README.md")]

// The wrong versions sit beside `src/`, not in it, so that a diff of two
// parts' `src/` shows the technique and nothing else.
#[path = "../mistakes.rs"]
pub mod mistakes;

use common::Part;
use common::check_thread_budget;
use common::sync::{Arc, Mutex, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This part, as the run's header and `compare` name it.
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
    // One list for every thread: the `Mutex` owns it, and the `Arc` lets
    // each thread own a handle to the same `Mutex`.
    let results = Arc::new(Mutex::new(Vec::with_capacity(articles.len())));
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // The thread may outlive this loop, so it owns what it uses: its
        // article (`move`) and its own handle to the shared client (`Arc`).
        let client = Arc::clone(client);
        let results = Arc::clone(&results);
        // A named thread: the name shows in a panic's message and in the
        // report, and `spawn` hands back the OS's refusal as an error.
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || {
                let result = analyze(&article, &client);
                // The lock covers the push and nothing else: the guard is a
                // temporary, dropped at the end of this statement, and the
                // slow calls above ran without it, in parallel.
                results.lock().push(result);
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
    // Every thread has been joined, so no one else can push: take the list
    // out through the lock, with no need to unwrap the `Arc` and the `Mutex`.
    let results = std::mem::take(&mut *results.lock());
    Ok(results)
}
