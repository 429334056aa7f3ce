//! Part 3's mistakes that the compiler accepts. Each runs a copy of Part
//! 3's spawn and join loops (`thread_per_article`, `process_all`'s own
//! lines) around a thread body with the decisive line changed. The compiler
//! makes sure the list is only reached through the lock, but not how long
//! the lock is held, nor that one update happens under one lock. (The
//! mistakes it rejects are in the README, with the compiler's errors.)

use common::sync::{Arc, Mutex, thread};
use common::{AIResult, Article, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong** (the series' "bad lock"): takes the lock before the LLM calls.
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
    thread_per_article(articles, client, |article, client, results| {
        // Wrong: the guard is taken before the slow calls and lives to the end of the closure.
        let mut results = results.lock();
        let result = analyze(&article, client);
        results.push(result);
    })
}

/// **Wrong** (Rust's own trap): reads the list in a `match` scrutinee, and
/// makes the slow calls in its arm.
///
/// No `lock()` is written around the calls, yet the lock is held across
/// them: the guard that `results.lock()` returns is a temporary of the
/// `match` scrutinee, and a scrutinee's temporaries live to the end of the
/// `match` (here, of the whole `let` statement). The threads take turns, as
/// with the wide lock. Edition 2024 shortened the life of `if let`
/// scrutinee temporaries (they are dropped before the `else` block, though
/// still held through the then-block), but not `match`'s. Try
/// `cargo run -p part-03-mutex -- --fast --lock match`.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_guard_in_match(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    thread_per_article(articles, client, |article, client, results| {
        // Wrong: the scrutinee's guard lives until the end of this statement, across `analyze`.
        let result = match results.lock().len() {
            0 => {
                client.log(format_args!("[article {}] is the first", article.id));
                analyze(&article, client)
            }
            _ => analyze(&article, client),
        };
        results.lock().push(result);
    })
}

/// **Wrong**: copies the list under one lock and writes it back under
/// another.
///
/// Each lock on its own is correct, but the update as a whole is not atomic:
/// when two threads copy the list before either writes back, the second
/// write-back overwrites the first thread's push, and that result is lost.
/// loom finds the interleaving every time (`tests/loom.rs`); real runs lose
/// results only when pushes collide, which takes many threads finishing
/// together: `cargo run -p part-03-mutex -- --lock split --articles 1000
/// --latency 0-0 --quiet`.
///
/// # Errors
///
/// As [`crate::process_all`].
pub fn process_all_split_lock(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    thread_per_article(articles, client, |article, client, results| {
        let result = analyze(&article, client);
        // Wrong: two locks for one update; another push can land in between.
        let mut updated = results.lock().clone();
        updated.push(result);
        *results.lock() = updated;
    })
}

/// Part 3's `process_all` with the thread's body passed in: the budget, the
/// shared list, one named thread per article running `body`, every thread
/// joined, the list taken out. Only the body differs from the right code.
fn thread_per_article(
    articles: Articles,
    client: &Arc<LlmClient>,
    body: fn(Article, &LlmClient, &Mutex<Vec<AIResult>>),
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(articles.len())?;
    let results = Arc::new(Mutex::new(Vec::with_capacity(articles.len())));
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let results = Arc::clone(&results);
        let handle = thread::Builder::new()
            .name(format!("article-{}", article.id))
            .spawn(move || body(article, &client, &results))?;
        handles.push(handle);
    }
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    // Now the first error, in join order, if a thread panicked.
    joins.into_iter().collect::<Result<(), _>>()?;
    let results = std::mem::take(&mut *results.lock());
    Ok(results)
}
