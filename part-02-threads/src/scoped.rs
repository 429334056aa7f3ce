//! Part 2 with scoped threads: the closest thing Rust has to Go's
//! `WaitGroup`. Since Rust 1.63, `std::thread::scope` lets threads borrow
//! what outlives the scope (`&client`), with no `Arc` and no `'static`, and
//! joins every thread it started before it returns.
//!
//! The parts spawn `'static` threads instead because Parts 3–5 are checked
//! by loom, which has no scoped threads; Part 2 spawns the same way so that
//! each neighbour diff is the technique alone. This module is Part 2's
//! alternative, with its own test (`scoped_threads_keep_every_claim`).

use std::thread;

use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// Processes every article on its own scoped thread and returns the results
/// in input order.
///
/// # Errors
///
/// [`PipelineError::TooManyThreads`] before starting anything if there are
/// more articles than [`common::MAX_THREADS`]; otherwise the OS's refusal to
/// start a thread, or the first thread (in join order) that panicked.
pub fn process_all_scoped(
    articles: Articles,
    client: &LlmClient,
) -> Result<Vec<AIResult>, PipelineError> {
    // Past some thousands of threads the OS kills the process: refuse first.
    check_thread_budget(articles.len())?;
    // Every thread started in the scope ends before `scope` returns, so the
    // threads may borrow `client`: no `Arc`, no clone per thread.
    thread::scope(|scope| {
        let mut handles = Vec::with_capacity(articles.len());
        for article in articles {
            // `move` still moves the article in; `client` is a shared borrow,
            // copied into the closure.
            // If the OS refuses a thread, `?` returns at once, and the scope
            // joins the threads already started (it would panic if one of
            // them had panicked: an edge this sketch leaves alone).
            let handle = thread::Builder::new()
                .name(format!("article-{}", article.id))
                .spawn_scoped(scope, move || analyze(&article, client))?;
            handles.push(handle);
        }
        // The scope would join the threads itself, but a thread that
        // panicked and was not joined would make `scope` panic: joining here
        // turns each panic into the error, as in Part 2.
        let mut results = Vec::with_capacity(handles.len());
        let mut first_panic = None;
        for handle in handles {
            // `join` consumes the handle: keep the thread, for its name.
            let thread = handle.thread().clone();
            match handle.join() {
                Ok(result) => results.push(result),
                Err(panic) => {
                    first_panic.get_or_insert(PipelineError::panicked(thread.name(), panic));
                }
            }
        }
        if let Some(error) = first_panic {
            return Err(error);
        }
        Ok(results)
    })
}
