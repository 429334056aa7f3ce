//! The Go series' Part-4 mistakes, in their Rust form.
//!
//! # What the compiler rejects
//!
//! **Using a result after sending it.** In Go, a pointer sent on a channel
//! can still be read and written by the sender, racing with the receiver. In
//! Rust, `send` takes the value: it now belongs to the receiving side.
//!
//! ```compile_fail,E0382
//! use common::sync::channel;
//! use common::{AIResult, Articles};
//!
//! let (result_tx, _result_rx) = channel::unbounded();
//! let article = Articles::new(7, 1).next().unwrap();
//! let result = AIResult::expected_for(&article);
//! result_tx.send(result).unwrap();
//! println!("sent the summary {}", result.summary);
//! ```
//!
//! ```text
//! error[E0382]: borrow of moved value: `result`
//!   |     let result = AIResult::expected_for(&article);
//!   |         ------ move occurs because `result` has type `AIResult`, which does not implement the `Copy` trait
//!   |     result_tx.send(result).unwrap();
//!   |                    ------ value moved here
//!   |     println!("sent the summary {}", result.summary);
//!   |                                     ^^^^^^^^^^^^^^ value borrowed here after move
//! ```
//!
//! # What the compiler accepts
//!
//! Forgetting Go's `close(results)` has a Rust form that compiles: keeping a
//! sender alive while collecting. See [`process_all_keeping_sender`].

use common::sync::{Arc, channel, join_all, spawn};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong:** collects while still holding a sender, so it never returns.
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
        handles.push(spawn(format!("article-{}", article.id), move || {
            let result = analyze(&article, &client);
            result_tx
                .send(result)
                .expect("the collector outlives every sender");
        })?);
    }
    // Wrong: no `drop(result_tx)` here, so the loop below waits for a sender that never sends.
    let results = result_rx.iter().collect();
    join_all(handles)?;
    Ok(results)
}
