//! The Go series' Part-2 bugs, in their Rust form.
//!
//! # What the compiler rejects
//!
//! **Appending to one result list from several threads, without a lock.** In
//! Go this compiles and races. In Rust each thread would need `&mut` access to
//! the same `Vec` at the same time, and there can be only one `&mut`:
//!
//! ```compile_fail,E0499
//! use std::thread;
//! use common::{AIResult, Articles};
//!
//! let mut results: Vec<AIResult> = Vec::new();
//! thread::scope(|scope| {
//!     for article in Articles::new(7, 3) {
//!         let results = &mut results;
//!         scope.spawn(move || results.push(AIResult::expected_for(&article)));
//!     }
//! });
//! ```
//!
//! ```text
//! error[E0499]: cannot borrow `results` as mutable more than once at a time
//!   |         let results = &mut results;
//!   |                       ^^^^^^^^^^^^ `results` was mutably borrowed here in the previous iteration of the loop
//! ```
//!
//! Part 2 avoids sharing altogether (each thread returns its result through
//! `join`); Part 3 shares the list behind a `Mutex`.
//!
//! **A thread that borrows the loop variable.** Before Go 1.22, goroutines
//! that captured the loop variable could all see its last value. In Rust a
//! spawned thread may outlive the loop iteration, so it cannot borrow from it:
//!
//! ```compile_fail,E0373
//! use std::thread;
//! use common::Articles;
//!
//! for article in Articles::new(7, 3) {
//!     thread::spawn(|| println!("processing {}", article.title));
//! }
//! ```
//!
//! ```text
//! error[E0373]: closure may outlive the current function, but it borrows `article.title`, which is owned by the current function
//!   |     thread::spawn(|| println!("processing {}", article.title));
//!   |                   ^^                           ------------- `article.title` is borrowed here
//!   |                   |
//!   |                   may outlive borrowed value `article.title`
//! help: to force the closure to take ownership of `article.title` (and any other referenced variables), use the `move` keyword
//! ```
//!
//! With `move`, as in [`crate::process_all`], each thread owns its article.
//!
//! # What the compiler accepts
//!
//! Go's missing `wg.Wait()` has a Rust form that compiles:
//! [`process_all_without_join`] collects only the threads that have already
//! finished and lets the rest go. Run `cargo run -p part-02-threads --example
//! forgot_join` to watch the work disappear.

use common::sync::{Arc, join_all, spawn};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong:** collects the threads that have finished instead of joining
/// (waiting for) every one.
///
/// It returns at once, with the few results that happen to be ready, which
/// right after spawning is none. The other handles are dropped, and dropping
/// a `JoinHandle` detaches its thread: it keeps running, but nothing waits for
/// it, its result is lost, and it dies with the process when `main` returns.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_without_join(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(articles.len())?;
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        handles.push(spawn(format!("article-{}", article.id), move || {
            analyze(&article, &client)
        })?);
    }
    // Wrong: `is_finished` does not wait; the unfinished handles are dropped here.
    join_all(handles.into_iter().filter(|handle| handle.is_finished()))
}
