//! Part 2's mistake that the compiler accepts, as the right code with the
//! one decisive line changed. (The mistakes it rejects are in the README,
//! with the compiler's errors.)

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
    check_thread_budget(articles.len())?;
    let mut results = Vec::with_capacity(articles.len());
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || analyze(&article, &client))?;
        handles.push(handle);
    }
    // Wrong: `is_finished` does not wait; the threads still running are dropped, not joined.
    for handle in handles.into_iter().filter(|handle| handle.is_finished()) {
        let thread = handle.thread().clone();
        let joined = handle.join();
        results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    results.into_iter().collect()
}
