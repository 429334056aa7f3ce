//! # Part 3: threads push into one shared, locked list
//!
//! **The problem Part 2 left.** Part 2's threads hand their results back
//! through `join`, which works because each thread makes exactly one result
//! at its very end. Real pipelines share state while they run: a list that
//! grows, a counter, a cache. The Go series' Part 3 shares a results slice
//! behind a `sync.Mutex`.
//!
//! **What changed.** The threads push into one `Arc<Mutex<Vec<AIResult>>>`:
//! `Arc` so that every thread owns a handle to the same list, `Mutex` so that
//! only one of them changes it at a time. The lock covers the push and
//! nothing else. Threads finish in any order, so the results are in any
//! order too.
//!
//! **The lesson.** In Rust the data lives *inside* the mutex: there is no way
//! to reach the list without `lock()`, so "forgot to lock" does not compile.
//! What the compiler cannot check is how *long* the lock is held. Hold it
//! around the slow calls and the threads take turns: Part 1's speed with
//! Part 2's threads ([`mistakes::process_all_wide_lock`]). Take it twice for
//! one update and another thread's push slips in between and is lost
//! ([`mistakes::process_all_split_lock`]), which loom finds (`tests/loom.rs`).
//!
//! **What to observe** in `cargo run -p part-03-mutex -- --fast`, then with
//! `--lock wide`:
//! - with the lock around the push only, the run looks like Part 2: peak in
//!   flight equals the article count, and the timeline is a wall;
//! - with `--lock wide`, peak in flight is 1, the timeline is Part 1's
//!   staircase, and the overhead is the difference between the two ideals.
//!
//! Next, [Part 4](../part_04_channels/index.html) replaces the shared list
//! with a channel and a single owner.

pub mod mistakes;

use common::cli::Part;
use common::sync::{Arc, Mutex, join_all, spawn};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: "threads push into one Arc<Mutex<Vec<_>>>",
};

/// Processes every article on its own thread; the threads push their results
/// into one shared list, in whatever order they finish.
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
    // New: one list for all threads; the `Mutex` owns it, the `Arc` shares the `Mutex`.
    let results = Arc::new(Mutex::new(Vec::with_capacity(articles.len())));
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        let client = Arc::clone(client);
        let results = Arc::clone(&results);
        handles.push(spawn(format!("article-{}", article.id), move || {
            let result = analyze(&article, &client);
            // New: the lock covers the push and nothing else. The guard is a
            // temporary, dropped at the end of this statement; the slow calls
            // above ran without it, in parallel with the other threads.
            results.lock().push(result);
        })?);
    }
    join_all(handles)?;
    // New: every thread has been joined, so nobody else can push: take the list out.
    let results = std::mem::take(&mut *results.lock());
    Ok(results)
}
