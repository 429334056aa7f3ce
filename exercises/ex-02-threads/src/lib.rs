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

use std::{sync::Arc, thread};

use common::Part;
use common::check_thread_budget;
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This exercise, as the run's header names it.
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
    let mut results: Vec<Result<AIResult, PipelineError>> = Vec::with_capacity(articles.len());
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // The thread may outlive this loop, so it owns what it uses: its
        // article (`move`) and its own handle to the shared client (`Arc`).
        let client = Arc::clone(client);
        // TODO 1: start a thread named `article-<id>` that analyses this
        // article and returns the result. Keep its handle.
        let handle: thread::JoinHandle<AIResult> =
            todo!("start a named thread that analyses the article");
        handles.push(handle);
    }
    // TODO 2: wait for every thread, in input order, pushing what each
    // `join` gives back into `results`: its result, or its panic as an
    // error, `PipelineError::panicked(thread.name(), panic)`. A thread that
    // panicked must not stop you from joining the others. Once every thread
    // is joined, return the first error, or every result.
    todo!("join every thread, in input order")
}
