//! The "AI": what the simulated LLM answers, computed from the article itself.
//!
//! The answers are cheap and deterministic, but they depend on the article's
//! own words, so a result attached to the wrong article is visible: its
//! summary, sentiment and keywords would not match.

use std::cmp::Reverse;
use std::fmt;

use crate::Article;

/// The three answers for one article: the output of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AIResult {
    /// The [`Article::id`] this result belongs to.
    pub article_id: usize,
    /// The article's opening sentence, shortened to at most [`SUMMARY_CHARS`] characters.
    pub summary: String,
    /// The article's tone, from a small word list.
    pub sentiment: Sentiment,
    /// The article's most frequent terms, most frequent first.
    pub keywords: Vec<String>,
}

impl AIResult {
    /// What a correct pipeline returns for `article`: the answers of the three
    /// tasks, computed directly. Tests compare a part's results with this.
    pub fn expected_for(article: &Article) -> Self {
        AIResult {
            article_id: article.id,
            summary: summarize(article),
            sentiment: sentiment(article),
            keywords: keywords(article),
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

/// The longest summary, in characters.
pub const SUMMARY_CHARS: usize = 100;

/// How many keywords a result has at most.
pub const KEYWORDS: usize = 3;

/// The opening sentence of the body, cut at a word boundary to fit
/// [`SUMMARY_CHARS`].
pub fn summarize(article: &Article) -> String {
    let first = match article.body.find(". ") {
        Some(end) => &article.body[..=end],
        None => &article.body,
    };
    if first.chars().count() <= SUMMARY_CHARS {
        return first.to_owned();
    }
    let mut summary = String::new();
    for word in first.split(' ') {
        if summary.chars().count() + word.chars().count() + 1 >= SUMMARY_CHARS {
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(word);
    }
    summary.push('…');
    summary
}

/// Positive words minus negative words, over the title and the body.
pub fn sentiment(article: &Article) -> Sentiment {
    let score: i32 = words(article)
        .map(|word| {
            let word = word.to_ascii_lowercase();
            i32::from(POSITIVE.contains(&word.as_str()))
                - i32::from(NEGATIVE.contains(&word.as_str()))
        })
        .sum();
    match score {
        1.. => Sentiment::Positive,
        0 => Sentiment::Neutral,
        _ => Sentiment::Negative,
    }
}

/// The [`KEYWORDS`] most frequent words of four letters or more that are not
/// stop words; ties go to the word that appears first.
pub fn keywords(article: &Article) -> Vec<String> {
    // (word, count), in order of first appearance: articles are short, so a
    // linear scan beats hashing here.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for word in words(article) {
        let word = word.to_ascii_lowercase();
        if word.len() < 4 || STOP_WORDS.contains(&word.as_str()) {
            continue;
        }
        match counts.iter_mut().find(|(seen, _)| *seen == word) {
            Some((_, count)) => *count += 1,
            None => counts.push((word, 1)),
        }
    }
    // A stable sort keeps first-appearance order among equal counts.
    counts.sort_by_key(|&(_, count)| Reverse(count));
    counts.truncate(KEYWORDS);
    counts.into_iter().map(|(word, _)| word).collect()
}

fn words(article: &Article) -> impl Iterator<Item = &str> {
    article
        .title
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .chain(
            article
                .body
                .split(|c: char| !c.is_alphanumeric() && c != '-'),
        )
        .filter(|word| !word.is_empty())
}

const POSITIVE: &[&str] = &[
    "beat",
    "boost",
    "breakthrough",
    "brilliant",
    "celebrate",
    "celebrated",
    "cheer",
    "cheered",
    "cleaner",
    "delighting",
    "effective",
    "excellent",
    "flawless",
    "growth",
    "healthy",
    "hopeful",
    "improved",
    "improvement",
    "improving",
    "praise",
    "praised",
    "promising",
    "rally",
    "record",
    "reliable",
    "remarkable",
    "safe",
    "safely",
    "steady",
    "strong",
    "stunning",
    "success",
    "successful",
    "succeeds",
    "thriving",
    "victory",
    "welcomed",
    "win",
    "wins",
    "won",
];

const NEGATIVE: &[&str] = &[
    "bitter",
    "breach",
    "complained",
    "condemned",
    "crash",
    "crashes",
    "crisis",
    "criticised",
    "damage",
    "debt",
    "decline",
    "defeat",
    "delays",
    "destroyed",
    "devastate",
    "downgrade",
    "errors",
    "exhausting",
    "exploded",
    "failed",
    "failure",
    "failures",
    "fear",
    "fears",
    "fell",
    "harmed",
    "heavy",
    "lost",
    "loss",
    "losses",
    "outage",
    "plunge",
    "poor",
    "recalls",
    "severe",
    "shortage",
    "shortages",
    "struggled",
    "suffered",
    "violent",
    "warned",
    "weak",
    "worse",
    "worsen",
];

const STOP_WORDS: &[&str] = &[
    "about", "across", "after", "also", "been", "before", "could", "each", "every", "first",
    "from", "have", "into", "last", "more", "next", "over", "said", "says", "than", "that",
    "their", "them", "then", "there", "they", "this", "through", "until", "were", "when", "which",
    "will", "with", "would", "year", "years",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Articles;

    fn article(title: &str, body: &str) -> Article {
        Article {
            id: 0,
            topic: "Test",
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn summary_is_the_first_sentence() {
        let a = article("T", "Rain fell in Lyon. Rivers rose. Roads closed.");
        assert_eq!(summarize(&a), "Rain fell in Lyon.");
    }

    #[test]
    fn long_summary_is_cut_at_a_word_with_an_ellipsis() {
        let a = article("T", &"word ".repeat(60));
        let summary = summarize(&a);
        assert!(summary.chars().count() <= SUMMARY_CHARS, "{summary}");
        assert!(summary.ends_with("word…"), "{summary}");
    }

    #[test]
    fn sentiment_follows_the_word_lists() {
        assert_eq!(
            sentiment(&article("Record win", "A strong year.")),
            Sentiment::Positive
        );
        assert_eq!(
            sentiment(&article("Outage", "Heavy losses.")),
            Sentiment::Negative
        );
        assert_eq!(sentiment(&article("Win", "A loss.")), Sentiment::Neutral);
    }

    #[test]
    fn keywords_are_frequent_words_without_stop_words() {
        let a = article(
            "Solar power",
            "Solar panels from Lyon. Solar power for their homes, said Lyon.",
        );
        assert_eq!(keywords(&a), ["solar", "power", "lyon"]);
    }

    #[test]
    fn generated_articles_carry_both_tones() {
        let tones: Vec<Sentiment> = Articles::new(3, 60).map(|a| sentiment(&a)).collect();
        assert!(tones.contains(&Sentiment::Positive) && tones.contains(&Sentiment::Negative));
    }

    #[test]
    fn results_of_two_articles_differ() {
        let mut articles = Articles::new(5, 2);
        let (a, b) = (articles.next().unwrap(), articles.next().unwrap());
        let (ra, rb) = (AIResult::expected_for(&a), AIResult::expected_for(&b));
        assert_ne!((ra.summary, ra.keywords), (rb.summary, rb.keywords));
    }
}
