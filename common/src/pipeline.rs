//! What a part's `process_all` uses besides its threads, locks and channels:
//! [`analyze`], the work for one article, [`PipelineError`], the ways a run
//! can fail, and the budget of threads; and [`Part`], how a part names itself.

use std::any::Any;
use std::error::Error;
use std::io;

use crate::article::Article;
use crate::client::LlmClient;
use std::time::Instant;

use crate::result::{AIResult, Failed, Sentiment};
use crate::sync::channel::Receiver;

/// Who is running: printed in the header.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    /// The crate's name, such as `part-02-threads`.
    pub name: &'static str,
    /// The technique in a few words: the crate's description.
    pub approach: &'static str,
}

/// Sends one article through the three slow LLM calls, in the series' order:
/// summarization, sentiment analysis, keyword extraction.
///
/// A call the provider refuses (its rate limit) ends the article's analysis:
/// the result comes back all the same, once, marked with the refused call.
pub fn analyze(article: &Article, client: &LlmClient) -> AIResult {
    analyze_by(article, client, None)
}

/// [`analyze`], with every call cut at `deadline` if its answer is not in
/// by then (`None`: no deadline). A cut call ends the article's analysis
/// as a refused one does: the result comes back once, with the answers of
/// the calls before it, marked with the call that was cut.
pub fn analyze_by(article: &Article, client: &LlmClient, deadline: Option<Instant>) -> AIResult {
    analyze_with(article, client, deadline, None)
}

/// [`analyze_by`], with every call also cut when the run's `stop` comes
/// (its sender is dropped), and no call started after it: the article
/// comes back once, with the answers it had, marked
/// [`Failed::Cancelled`] with the call that was cut.
pub fn analyze_until(
    article: &Article,
    client: &LlmClient,
    deadline: Option<Instant>,
    stop: &Receiver<()>,
) -> AIResult {
    analyze_with(article, client, deadline, Some(stop))
}

fn analyze_with(
    article: &Article,
    client: &LlmClient,
    deadline: Option<Instant>,
    stop: Option<&Receiver<()>>,
) -> AIResult {
    let mut result = AIResult {
        article_id: article.id,
        summary: String::new(),
        sentiment: Sentiment::Neutral,
        keywords: Vec::new(),
        failed: None,
    };
    let answered = (|| -> Result<(), Failed> {
        result.summary = client.summarize(article, deadline, stop)?;
        result.sentiment = client.sentiment(article, deadline, stop)?;
        result.keywords = client.keywords(article, deadline, stop)?;
        Ok(())
    })();
    result.failed = answered.err();
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

/// Why a run did not produce its results. (How it prints is in `out.rs`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    /// The run would need more threads than is safe; nothing was started.
    TooManyThreads {
        /// Threads the run would need.
        requested: usize,
        /// [`MAX_THREADS`].
        limit: usize,
    },
    /// The OS refused to start a thread; what it said.
    Spawn(String),
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

impl PipelineError {
    /// The error for a thread whose `join` returned the panic `payload`.
    pub fn panicked(thread: Option<&str>, payload: Box<dyn Any + Send>) -> Self {
        let message = if let Some(message) = payload.downcast_ref::<&str>() {
            (*message).to_owned()
        } else if let Some(message) = payload.downcast_ref::<String>() {
            message.clone()
        } else {
            "a panic with no message".to_owned()
        };
        PipelineError::Panicked {
            thread: thread.unwrap_or("unnamed").to_owned(),
            message,
        }
    }
}

/// `thread::Builder::spawn` returns an `io::Error` when the OS refuses a
/// thread; `?` turns it into this.
impl From<io::Error> for PipelineError {
    fn from(error: io::Error) -> Self {
        PipelineError::Spawn(error.to_string())
    }
}

impl Error for PipelineError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_budget_allows_the_limit_and_refuses_one_more() {
        assert_eq!(check_thread_budget(MAX_THREADS), Ok(()));
        let error = check_thread_budget(MAX_THREADS + 1).unwrap_err();
        assert!(error.to_string().contains("part-05-worker-pool"), "{error}");
    }

    #[test]
    fn a_panic_payload_becomes_an_error_naming_the_thread() {
        let error = PipelineError::panicked(Some("article-4"), Box::new("boom"));
        assert_eq!(error.to_string(), "thread 'article-4' panicked: boom");
        let error = PipelineError::panicked(None, Box::new(String::from("bang")));
        assert_eq!(error.to_string(), "thread 'unnamed' panicked: bang");
    }
}
