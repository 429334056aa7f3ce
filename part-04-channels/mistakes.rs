//! Part 4's mistakes that the compiler accepts, as the right code with the
//! decisive line changed. (The mistake it rejects, using a result after
//! sending it, is in the README with the compiler's error.)

use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong** (Go's missing `close(results)`): collects while still holding a
/// sender, so it never returns.
///
/// Every thread sends its result and drops its sender, every result arrives,
/// and then the collector waits for ever: the channel is not disconnected,
/// because this function's own sender is still alive, and would only be
/// dropped after the loop. `cargo run -p part-04-channels --example
/// kept_sender` shows it with a timeout; loom reports it as a deadlock
/// (`tests/loom.rs`).
///
/// # Errors
///
/// As [`crate::process_all`], if it ever returned.
pub fn process_all_keeping_sender(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(articles.len())?;
    let (result_tx, result_rx) = channel::unbounded();
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let result_tx = result_tx.clone();
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || {
                let result = analyze(&article, &client);
                result_tx
                    .send(result)
                    .expect("the collector outlives every sender");
            })?;
        handles.push(handle);
    }
    // Wrong: no `drop(result_tx)` here, so the loop below waits for a sender that never sends.
    let results = result_rx.iter().collect();
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    // Now the first error, in join order, if a thread panicked.
    joins.into_iter().collect::<Result<(), _>>()?;
    Ok(results)
}

/// **Wrong:** sorts the results back into input order. Nothing is lost,
/// but the order a channel gives, the order of completion, is thrown away
/// (and the collector waits for the last result before anyone sees one).
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_sorting_results(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    let mut results = crate::process_all(articles, client)?;
    // Wrong: puts back an order that this part does not keep.
    results.sort_by_key(|result| result.article_id);
    Ok(results)
}

/// **Wrong:** receives a result inside the spawn loop, so each thread is
/// waited for before the next one starts: one call in flight at a time, as
/// in Part 1.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_receiving_in_the_spawn_loop(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(articles.len())?;
    let (result_tx, result_rx) = channel::unbounded();
    let mut results = Vec::with_capacity(articles.len());
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let result_tx = result_tx.clone();
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || {
                let result = analyze(&article, &client);
                result_tx
                    .send(result)
                    .expect("the collector outlives every sender");
            })?;
        handles.push(handle);
        // Wrong: waits for this thread's result before starting the next.
        results.extend(result_rx.recv());
    }
    drop(result_tx);
    results.extend(result_rx.iter());
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    joins.into_iter().collect::<Result<(), _>>()?;
    Ok(results)
}
