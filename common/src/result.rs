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
    /// The call that gave no answer, and why (refused over the rate limit,
    /// or cut by the article's deadline), which ended this article's
    /// analysis: the answers from that call on are left empty.
    pub failed: Option<Failed>,
}

/// Why a call gave no answer. It ends its article's analysis, and the
/// article's result keeps the answers of the calls before it. (How it
/// prints, as the per-call lines say it, is in `out.rs`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// The provider refused the call at once, over its rate limit (an HTTP
    /// 429): it took no time, and nothing retries it.
    Refused(Task),
    /// The article's deadline passed while the call waited for its answer:
    /// the wait was cut there.
    TimedOut(Task),
}

impl Failed {
    /// The call that gave no answer.
    pub fn task(self) -> Task {
        match self {
            Failed::Refused(task) | Failed::TimedOut(task) => task,
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
