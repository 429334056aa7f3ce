//! What every part of the pipeline shares, so that a part's own code is its
//! concurrency technique and nothing else.
//!
//! - [`article`]: the input, [`Article`]s generated deterministically from a seed.
//! - [`ai`]: the output, [`AIResult`], and the "AI" that computes it from the article.
//! - [`client`]: the simulated [`LlmClient`]: slow calls with a fixed latency
//!   each, and the instruments (calls in flight, threads, timeline).
//! - [`workload`]: a seeded [`Workload`] and the ideal time of each [`Schedule`].
//! - [`sync`]: threads, locks and channels, real or modelled by loom.
//! - [`cli`] and [`report`]: the command line every part shares, and what a run prints.
//! - [`claims`]: the claims every part's tests check, written once.
//!
//! A part is a `process_all` function; [`analyze`] is the work it does for one article.

pub mod ai;
pub mod article;
pub mod claims;
pub mod cli;
pub mod client;
pub mod out;
pub mod report;
pub mod sync;
pub mod workload;

use std::error::Error;
use std::fmt;

pub use ai::{AIResult, Sentiment};
pub use article::{Article, Articles};
pub use client::{LlmClient, Output, Stats, Task};
pub use workload::{LatencyRange, Schedule, Workload};

/// Sends one article through the three slow LLM calls, in the series' order:
/// summarization, sentiment analysis, keyword extraction.
pub fn analyze(article: &Article, client: &LlmClient) -> AIResult {
    let result = AIResult {
        article_id: article.id,
        summary: client.summarize(article),
        sentiment: client.sentiment(article),
        keywords: client.keywords(article),
    };
    client.article_done();
    result
}

/// The most OS threads a thread-per-article part will start.
///
/// Past some thousands of threads a process does not get an error from
/// `spawn`: on Linux it is killed once its memory mappings run out (about
/// 16,000 threads on a 24 GiB machine), and laptops' limits are lower. The
/// parts refuse larger runs before starting anything; Part 5's pool runs any
/// number of articles on a fixed number of threads.
pub const MAX_THREADS: usize = 2_000;

/// Refuses a run that would need more than [`MAX_THREADS`] threads.
pub fn check_thread_budget(threads: usize) -> Result<(), PipelineError> {
    if threads > MAX_THREADS {
        return Err(PipelineError::TooManyThreads {
            requested: threads,
            limit: MAX_THREADS,
        });
    }
    Ok(())
}

/// Why a run did not produce its results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    /// The run would need more threads than is safe; nothing was started.
    TooManyThreads {
        /// Threads the run would need.
        requested: usize,
        /// [`MAX_THREADS`].
        limit: usize,
    },
    /// The OS refused to start a thread.
    Spawn {
        /// The thread's name.
        thread: String,
        /// What the OS said.
        message: String,
    },
    /// A thread panicked while processing.
    Panicked {
        /// The thread's name, which says which article or worker it was.
        thread: String,
        /// The panic's message.
        message: String,
    },
    /// Results were missing or repeated: a bug in the part.
    Lost(String),
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::TooManyThreads { requested, limit } => write!(
                f,
                "{requested} articles need {requested} OS threads, more than the {limit} this part allows \
                 (an OS kills the process somewhere past that, without spawn ever failing); \
                 part-05-worker-pool runs any number of articles on a fixed set of workers"
            ),
            PipelineError::Spawn { thread, message } => {
                write!(f, "the OS refused to start thread '{thread}': {message}")
            }
            PipelineError::Panicked { thread, message } => {
                write!(f, "thread '{thread}' panicked: {message}")
            }
            PipelineError::Lost(problem) => write!(f, "results were lost: {problem}"),
        }
    }
}

impl Error for PipelineError {}

/// Checks that `results` hold exactly one result per article of `workload`
/// and that each is its own, that is, computed from the article with its id.
///
/// # Errors
///
/// The first problem found, as a sentence that says which article.
pub fn verify(workload: &Workload, results: &[AIResult]) -> Result<(), String> {
    verify_ids(workload.articles, results)?;
    for result in results {
        let article = Article::generate(workload.seed, result.article_id);
        let expected = AIResult::expected_for(&article);
        if *result != expected {
            return Err(format!(
                "the result for article {} is not its own: got {result:?}, expected {expected:?}",
                result.article_id
            ));
        }
    }
    Ok(())
}

/// Checks that `results` hold exactly one result for each of the article ids
/// `0..articles`, in any order.
///
/// # Errors
///
/// The first missing, repeated or unknown article, as a sentence.
pub fn verify_ids(articles: usize, results: &[AIResult]) -> Result<(), String> {
    let mut seen = vec![false; articles];
    for result in results {
        match seen.get_mut(result.article_id) {
            None => {
                return Err(format!(
                    "a result names article {}, which is not in the input",
                    result.article_id
                ));
            }
            Some(true) => {
                return Err(format!(
                    "article {} was processed more than once",
                    result.article_id
                ));
            }
            Some(seen) => *seen = true,
        }
    }
    match seen.iter().position(|seen| !seen) {
        Some(missing) => Err(format!(
            "article {missing} has no result ({} of {articles} arrived)",
            results.len()
        )),
        None => Ok(()),
    }
}

/// Mixes a seed with two numbers into a seed for one draw (SplitMix64's
/// finaliser), so that draws for different (article, task) pairs are
/// independent and fixed.
pub(crate) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload() -> Workload {
        Workload {
            seed: 3,
            articles: 4,
            latency: LatencyRange::ZERO,
        }
    }

    fn results(w: &Workload) -> Vec<AIResult> {
        w.articles().map(|a| AIResult::expected_for(&a)).collect()
    }

    #[test]
    fn verify_accepts_every_article_once_in_any_order() {
        let w = workload();
        let mut results = results(&w);
        results.reverse();
        assert_eq!(verify(&w, &results), Ok(()));
    }

    #[test]
    fn verify_names_a_missing_article() {
        let w = workload();
        let mut results = results(&w);
        results.remove(2);
        assert_eq!(
            verify(&w, &results),
            Err("article 2 has no result (3 of 4 arrived)".into())
        );
    }

    #[test]
    fn verify_names_a_repeated_article() {
        let w = workload();
        let mut results = results(&w);
        results[3] = results[1].clone();
        assert_eq!(
            verify(&w, &results),
            Err("article 1 was processed more than once".into())
        );
    }

    #[test]
    fn verify_catches_a_result_on_the_wrong_article() {
        let w = workload();
        let mut results = results(&w);
        results[0].article_id = 1;
        results[1].article_id = 0;
        let error = verify(&w, &results).unwrap_err();
        assert!(error.contains("is not its own"), "{error}");
    }

    #[test]
    fn thread_budget_allows_the_limit_and_refuses_one_more() {
        assert_eq!(check_thread_budget(MAX_THREADS), Ok(()));
        let error = check_thread_budget(MAX_THREADS + 1).unwrap_err();
        assert!(error.to_string().contains("part-05-worker-pool"), "{error}");
    }
}
