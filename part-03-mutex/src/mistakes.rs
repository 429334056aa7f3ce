//! The Go series' Part-3 mistakes, in their Rust form.
//!
//! # What the compiler rejects
//!
//! **Sharing a list that is not thread-safe.** `Rc` counts its owners without
//! atomics and `RefCell` checks its borrows without a lock; both are for one
//! thread. Sending them to another thread does not compile:
//!
//! ```compile_fail,E0277
//! use std::cell::RefCell;
//! use std::rc::Rc;
//! use std::thread;
//! use common::{AIResult, Articles};
//!
//! let results: Rc<RefCell<Vec<AIResult>>> = Rc::new(RefCell::new(Vec::new()));
//! for article in Articles::new(7, 3) {
//!     let results = Rc::clone(&results);
//!     thread::spawn(move || results.borrow_mut().push(AIResult::expected_for(&article)));
//! }
//! ```
//!
//! ```text
//! error[E0277]: `Rc<RefCell<Vec<AIResult>>>` cannot be sent between threads safely
//!   = help: within `{closure}`, the trait `Send` is not implemented for `Rc<RefCell<Vec<AIResult>>>`
//! ```
//!
//! `Arc<Mutex<_>>` is the thread-safe pair: an atomic count of owners, and a
//! lock in front of the data.
//!
//! # What the compiler accepts
//!
//! The compiler makes sure the list is only reached through the lock, but not
//! how long the lock is held, nor that one update happens under one lock.
//! Both mistakes compile, and both are below, each with the one line that is
//! wrong.

use common::sync::{Arc, Mutex, join_all, spawn};
use common::{AIResult, Article, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong** (the series' "bad lock"): holds the lock around the LLM calls.
///
/// Every thread starts, but each one takes the lock before its three slow
/// calls and keeps it until it has pushed, so the threads take turns: one
/// call in flight at a time, Part 1's total time, with a thread per article
/// on top. Try `cargo run -p part-03-mutex -- --fast --lock wide`.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_wide_lock(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all_pushing_with(articles, client, |article, client, results| {
        // Wrong: the guard is taken before the slow calls and lives to the end of the closure.
        let mut results = results.lock();
        results.push(analyze(article, client));
    })
}

/// **Wrong**: copies the list under one lock, and writes it back under
/// another.
///
/// Each lock on its own is correct, but the update as a whole is not atomic:
/// when two threads copy the list before either writes back, the second
/// write-back overwrites the first thread's push, and that result is lost.
/// loom finds the interleaving every time (`tests/loom.rs`); real runs lose
/// results only sometimes: `cargo run -p part-03-mutex -- --lock split
/// --articles 1000 --latency 0-0 --quiet`.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_split_lock(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all_pushing_with(articles, client, |article, client, results| {
        let result = analyze(article, client);
        // Wrong: two lock acquisitions for one update; another push can land in between.
        let mut updated = results.lock().clone();
        updated.push(result);
        *results.lock() = updated;
    })
}

/// [`crate::process_all`] with its thread body replaced by `work`.
fn process_all_pushing_with(
    articles: Articles,
    client: &Arc<LlmClient>,
    work: fn(&Article, &LlmClient, &Mutex<Vec<AIResult>>),
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(articles.len())?;
    let results = Arc::new(Mutex::new(Vec::with_capacity(articles.len())));
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let results = Arc::clone(&results);
        handles.push(spawn(format!("article-{}", article.id), move || {
            work(&article, &client, &results);
        })?);
    }
    join_all(handles)?;
    let results = std::mem::take(&mut *results.lock());
    Ok(results)
}
