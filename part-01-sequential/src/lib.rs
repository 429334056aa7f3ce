//! # Part 1: one article after another
//!
//! **The problem.** An AI news pipeline sends every article through three
//! LLM calls (summarization, sentiment analysis, keyword extraction), and
//! each call takes 500–1500 ms. Ten articles are thirty calls.
//!
//! **This part** makes them one after another: the simplest correct
//! program, and the baseline every later part is measured against.
//!
//! **The lesson.** The calls spend their time waiting, not computing, yet the
//! program waits for each one before starting the next. The total is the sum
//! of all latencies (about 30 s for 10 articles), and it grows linearly: the
//! report projects 10,000 articles to more than eight hours.
//!
//! **What to observe** in `cargo run -p part-01-sequential -- --fast`:
//! - the per-call lines strictly alternate `started` / `completed`;
//! - "peak in flight 1 call": the LLM is never asked two things at once;
//! - the timeline is a staircase: each article starts when the previous ends;
//! - "overhead" is close to zero: this design is as fast as it can be, and
//!   that is the problem.
//!
//! Next, [Part 2](../part_02_threads/index.html) gives each article a thread.

use common::cli::Part;
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: "one article after another",
};

/// Processes every article, one after another, and returns the results in
/// input order.
///
/// # Errors
///
/// None in this part: the signature matches the later parts, which can fail.
pub fn process_all(articles: Articles, client: &LlmClient) -> Result<Vec<AIResult>, PipelineError> {
    let mut results = Vec::with_capacity(articles.len());
    for article in articles {
        results.push(analyze(&article, client));
    }
    Ok(results)
}
