//! # Part 4: threads send into a channel, one collector owns the results
//!
//! **The problem Part 3 left.** A shared, locked list works, but every thread
//! must lock it correctly, and Part 3's mistakes show how a lock held too long
//! or taken twice goes wrong with no complaint from the compiler. The Go
//! proverb: do not communicate by sharing memory; share memory by
//! communicating.
//!
//! **What changed.** Nothing is shared. Each thread sends its result into a
//! channel (crossbeam-channel's), and the caller is the single collector
//! that owns the results. Sending moves the result: after `send`, the thread
//! cannot touch it any more. The caller drops its own sender before
//! collecting: that is Go's `close(results)`, and it is what lets the
//! collecting loop end.
//!
//! **The lesson.** Ownership makes the hand-over explicit, and the compiler
//! enforces it ([`mistakes`] shows a value used after it was sent). The one
//! thing left to get right is disconnection: the collector's loop ends when
//! the *last* sender is dropped, so a sender kept alive by mistake makes it
//! wait for ever ([`mistakes::process_all_keeping_sender`], which loom
//! reports as a deadlock).
//!
//! **What to observe** in `cargo run -p part-04-channels -- --fast`:
//! - the same wall and the same peak in flight as Parts 2 and 3;
//! - the results arrive in completion order, which the report does not
//!   need: it checks every article once, in any order;
//! - `cargo run -p part-04-channels --example kept_sender` shows the
//!   collector that never finishes.
//!
//! Next, [Part 5](../part_05_worker_pool/index.html) bounds the number of
//! threads with a worker pool.

pub mod mistakes;

use common::cli::Part;
use common::sync::{Arc, channel, join_all, spawn};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: "threads send into a channel, one collector owns the results",
};

/// Processes every article on its own thread; the threads send their results
/// into a channel and this function, the single collector, gathers them in
/// whatever order they arrive.
///
/// # Errors
///
/// [`PipelineError::TooManyThreads`] before starting anything if there are
/// more articles than [`common::MAX_THREADS`]; otherwise the first thread
/// that could not start or that panicked.
pub fn process_all(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(articles.len())?;
    // New: a channel instead of a shared list; every thread gets its own sender.
    let (result_tx, result_rx) = channel::unbounded();
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let result_tx = result_tx.clone();
        handles.push(spawn(format!("article-{}", article.id), move || {
            let result = analyze(&article, &client);
            // New: `send` moves the result to the collector.
            result_tx
                .send(result)
                .expect("the collector outlives every sender");
        })?);
    }
    // New: drop our own sender before collecting. The loop below ends when the
    // channel disconnects, which is when the last sender is gone: the threads
    // drop theirs as they finish, and this one would otherwise live until the
    // end of the function, after the loop, so the loop would never end.
    drop(result_tx);
    let results = result_rx.iter().collect();
    join_all(handles)?;
    Ok(results)
}
