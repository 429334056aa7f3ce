//! Part 2's mistakes that the compiler accepts. Each runs Part 2's spawn
//! loop (`spawn_all`, `process_all`'s own lines) and a join loop with the
//! decisive line changed. (The mistakes it rejects are in the README, with
//! the compiler's errors.)

use std::{sync::Arc, thread};

use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong** (Go's missing `wg.Wait()`): collects the threads that have
/// finished instead of joining, that is waiting for, every one.
///
/// It returns at once, with the few results that happen to be ready, which
/// right after spawning is none. The other handles are dropped, and dropping
/// a `JoinHandle` detaches its thread: it keeps running, but nothing waits
/// for it, its result is lost, and it dies with the process when `main`
/// returns. `cargo run -p part-02-threads --example forgot_join` shows it.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_without_join(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    let handles = spawn_all(articles, client)?;
    let mut results = Vec::with_capacity(handles.len());
    // Wrong: `is_finished` does not wait; the threads still running are dropped, not joined.
    for handle in handles.into_iter().filter(|handle| handle.is_finished()) {
        let thread = handle.thread().clone();
        let joined = handle.join();
        results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    results.into_iter().collect()
}

/// **Wrong:** joins the handles last first. Every article comes back, in
/// the reverse of the input order: the order of the joins is the order of
/// the results.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_joining_in_reverse(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    let handles = spawn_all(articles, client)?;
    let mut results = Vec::with_capacity(handles.len());
    // Wrong: the last thread started is joined first.
    for handle in handles.into_iter().rev() {
        let thread = handle.thread().clone();
        let joined = handle.join();
        results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    results.into_iter().collect()
}

/// **Wrong:** returns at the first panic it joins (Go's early `return`
/// before `wg.Wait()`): the threads after it are never joined, and may
/// still be working when the function has returned.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_returning_at_a_panic(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    let handles = spawn_all(articles, client)?;
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        // Wrong: `?` inside the loop returns before the other joins.
        results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic))?);
    }
    Ok(results)
}

/// Part 2's spawn loop, as [`crate::process_all`] has it: one named thread
/// per article, each analysing its article.
fn spawn_all(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<thread::JoinHandle<AIResult>>, PipelineError> {
    check_thread_budget(articles.len())?;
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || analyze(&article, &client))?;
        handles.push(handle);
    }
    Ok(handles)
}
