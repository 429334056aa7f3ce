//! # Part 2: one OS thread per article, joined
//!
//! **The problem Part 1 left.** The calls spend their time waiting, and
//! Part 1 waits for each one before starting the next: ten articles take the
//! sum of thirty latencies.
//!
//! **What changed.** Each article gets its own OS thread, named after it
//! (`article-7`), and the caller joins the threads in input order, so the
//! results keep that order. This is the series' goroutines + `WaitGroup`:
//! `join` is the wait, and it hands back the thread's result as well.
//!
//! **The lesson.** All articles are in flight at once, so the run takes about
//! as long as the slowest article instead of the sum of all of them. Rust
//! adds two things Go leaves to discipline: a thread can only use data it
//! owns or shares safely (`move`, `Arc`), so the Go series' data races do not
//! compile ([`mistakes`] shows them); and a thread cannot be silently
//! forgotten by the caller that needs its result, because the result comes
//! out of `join`. One thread per article does not scale, though: this part
//! refuses more than [`common::MAX_THREADS`] articles.
//!
//! **What to observe** in `cargo run -p part-02-threads -- --fast`:
//! - the per-call lines of all articles interleave;
//! - "peak in flight" equals the article count, and so do the threads used;
//! - the timeline is a wall: every article starts at time zero;
//! - the total is close to the ideal, the slowest article.
//!
//! Next, [Part 3](../part_03_mutex/index.html) lets the threads write into
//! one shared list instead of handing back their results.

pub mod mistakes;

use common::cli::Part;
use common::sync::{Arc, join_all, spawn};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: "one OS thread per article, joined",
};

/// Processes every article on its own thread and returns the results in
/// input order.
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
    let mut handles = Vec::with_capacity(articles.len());
    for article in articles {
        // New: each thread owns its article (`move`) and a handle to the shared client.
        let client = Arc::clone(client);
        handles.push(spawn(format!("article-{}", article.id), move || {
            analyze(&article, &client)
        })?);
    }
    // New: joining in input order is both the wait and the ordered collection.
    join_all(handles)
}
