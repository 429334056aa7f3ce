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
    /// The call the provider refused (`--rate-limit`), which ended this
    /// article's analysis: the answers from that call on are left empty.
    pub refused: Option<Task>,
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
