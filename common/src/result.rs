//! What the pipeline returns for one article: its [`AIResult`].

use std::fmt;

use crate::workload::Task;

/// The three answers for one article: the output of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AIResult {
    /// The [`Article::id`](crate::Article::id) this result belongs to.
    pub article_id: usize,
    /// The article's opening sentence, shortened to at most 100 characters.
    pub summary: String,
    /// The article's tone, from a small word list.
    pub sentiment: Sentiment,
    /// The article's three most frequent terms, most frequent first.
    pub keywords: Vec<String>,
    /// Why this article has fewer than three answers: the call that gave
    /// no answer (refused over the rate limit, cut by the article's
    /// deadline or by the run's stop, or panicked), which ended its
    /// analysis, or that it was never started. The answers from that call
    /// on are left empty.
    pub failed: Option<Failed>,
}

impl AIResult {
    /// The result of an article that has no answers, for `why`: it was
    /// never started ([`Failed::Queued`]), or its analysis panicked
    /// ([`Failed::Panicked`]).
    pub fn unanswered(article_id: usize, why: Failed) -> Self {
        AIResult {
            article_id,
            summary: String::new(),
            sentiment: Sentiment::Neutral,
            keywords: Vec::new(),
            failed: Some(why),
        }
    }
}

/// Why an article has fewer than three answers: a call that gave no
/// answer, which ends its article's analysis (the result keeps the answers
/// of the calls before it), or, when a run is stopped or its analysis
/// panics, no call at all. (How it prints, as the per-call lines say it, is
/// in `out.rs`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// The provider refused the call at once, over its rate limit (an HTTP
    /// 429): it took no time, and nothing retries it.
    Refused(Task),
    /// The article's deadline passed while the call waited for its answer:
    /// the wait was cut there.
    TimedOut(Task),
    /// The run was stopped while the article was in flight: the call
    /// waiting then was cut, or the call due next never started.
    Cancelled(Task),
    /// The article's analysis panicked, and the worker that caught the
    /// panic went on to the next article: its answers are lost.
    Panicked,
    /// The run was stopped before any worker started the article.
    Queued,
}

impl Failed {
    /// The call that gave no answer, if one did.
    pub fn task(self) -> Option<Task> {
        match self {
            Failed::Refused(task) | Failed::TimedOut(task) | Failed::Cancelled(task) => Some(task),
            Failed::Panicked | Failed::Queued => None,
        }
    }
}

/// The tone of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sentiment {
    /// More positive words than negative ones.
    Positive,
    /// As many positive words as negative ones.
    Neutral,
    /// More negative words than positive ones.
    Negative,
}

impl fmt::Display for Sentiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        })
    }
}
