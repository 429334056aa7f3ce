//! The "AI": what the simulated LLM answers, computed from the article itself,
//! and so what a correct pipeline returns for an article.
//!
//! The answers are cheap and deterministic, but they depend on the article's
//! own words, so a result attached to the wrong article is visible: its
//! summary, sentiment and keywords would not match.

use std::cmp::{Ordering, Reverse};

use crate::article::Article;
use crate::result::Sentiment;

/// The longest summary, in characters.
const SUMMARY_CHARS: usize = 100;

/// How many keywords a result has at most.
const KEYWORDS: usize = 3;

/// The opening sentence of the body, cut at a word boundary to fit 100
/// characters.
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
        .map(|word| i32::from(listed(POSITIVE, word)) - i32::from(listed(NEGATIVE, word)))
        .sum();
    match score {
        1.. => Sentiment::Positive,
        0 => Sentiment::Neutral,
        _ => Sentiment::Negative,
    }
}

/// The three most frequent words of four letters or more that are not
/// stop words, in lower case; ties go to the word that appears first.
pub fn keywords(article: &Article) -> Vec<String> {
    // (word, count), in order of first appearance. Articles are short, so a
    // linear scan beats hashing, and comparing in place allocates nothing.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for word in words(article).filter(|word| word.len() >= 4 && !listed(STOP_WORDS, word)) {
        match counts
            .iter_mut()
            .find(|(seen, _)| seen.eq_ignore_ascii_case(word))
        {
            Some((_, count)) => *count += 1,
            None => counts.push((word, 1)),
        }
    }
    // A stable sort keeps first-appearance order among equal counts.
    counts.sort_by_key(|&(_, count)| Reverse(count));
    counts
        .iter()
        .take(KEYWORDS)
        .map(|(word, _)| word.to_ascii_lowercase())
        .collect()
}

/// Whether `word` is in `list`, ignoring case. The lists are in lower case,
/// ordered by length and then alphabetically, so a binary search finds a
/// word without allocating a lower-case copy of it.
fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search_by(|probe| order(probe, word)).is_ok()
}

/// The lists' order: by length, then by lower-case bytes.
fn order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| {
        a.bytes()
            .map(|byte| byte.to_ascii_lowercase())
            .cmp(b.bytes().map(|byte| byte.to_ascii_lowercase()))
    })
}

fn words(article: &Article) -> impl Iterator<Item = &str> {
    let separator = |c: char| !c.is_alphanumeric() && c != '-';
    article
        .title
        .split(separator)
        .chain(article.body.split(separator))
        .filter(|word| !word.is_empty())
}

#[rustfmt::skip]
const POSITIVE: &[&str] = &[
    "win", "won", "beat", "safe", "wins", "boost", "cheer", "rally", "growth", "praise",
    "record", "safely", "steady", "strong", "cheered", "cleaner", "healthy", "hopeful",
    "praised", "success", "victory", "flawless", "improved", "reliable", "stunning", "succeeds",
    "thriving", "welcomed", "brilliant", "celebrate", "effective", "excellent", "improving",
    "promising", "celebrated", "delighting", "remarkable", "successful", "improvement",
    "breakthrough",
];

#[rustfmt::skip]
const NEGATIVE: &[&str] = &[
    "debt", "fear", "fell", "loss", "lost", "poor", "weak", "crash", "fears", "heavy", "worse",
    "bitter", "breach", "crisis", "damage", "defeat", "delays", "errors", "failed", "harmed",
    "losses", "outage", "plunge", "severe", "warned", "worsen", "crashes", "decline", "failure",
    "recalls", "violent", "exploded", "failures", "shortage", "suffered", "condemned",
    "destroyed", "devastate", "downgrade", "shortages", "struggled", "complained", "criticised",
    "exhausting",
];

#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "also", "been", "each", "from", "have", "into", "last", "more", "next", "over", "said",
    "says", "than", "that", "them", "then", "they", "this", "were", "when", "will", "with",
    "year", "about", "after", "could", "every", "first", "their", "there", "until", "which",
    "would", "years", "across", "before", "through",
];

/// What a correct pipeline returns: only the tests (and the READMEs'
/// examples) need it.
#[cfg(any(test, feature = "testing"))]
mod expected {
    use super::{keywords, sentiment, summarize};
    use crate::article::Article;
    use crate::result::{AIResult, Failed, Sentiment};
    use crate::workload::Task;

    impl AIResult {
        /// What a correct pipeline returns for `article`: the answers of the
        /// three tasks, computed directly. The parts' READMEs use it in their
        /// examples of code the compiler rejects.
        pub fn expected_for(article: &Article) -> Self {
            Self::expected_until(article, None)
        }

        /// What a correct pipeline returns for `article`, whose call
        /// `failed` (if any) gave no answer: the answers of the calls before
        /// it, computed directly, and the mark. Tests compare a part's
        /// results with this.
        pub(crate) fn expected_until(article: &Article, failed: Option<Failed>) -> Self {
            // A call that never ran (queued, panicked) leaves no answer at all.
            let answered = |task: Task| {
                failed.is_none_or(|failed| failed.task().is_some_and(|failed| task < failed))
            };
            AIResult {
                article_id: article.id,
                summary: if answered(Task::Summarize) {
                    summarize(article)
                } else {
                    String::new()
                },
                sentiment: if answered(Task::Sentiment) {
                    sentiment(article)
                } else {
                    Sentiment::Neutral
                },
                keywords: if answered(Task::Keywords) {
                    keywords(article)
                } else {
                    Vec::new()
                },
                failed,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AIResult;
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
    fn lists_are_ordered_for_the_binary_search_and_match_in_any_case() {
        for list in [POSITIVE, NEGATIVE, STOP_WORDS] {
            assert!(list.is_sorted_by(|a, b| order(a, b).is_lt()), "{list:?}");
            for word in list {
                assert!(listed(list, word) && listed(list, &word.to_ascii_uppercase()));
            }
        }
        assert!(!listed(POSITIVE, "wi") && !listed(POSITIVE, "winner"));
    }

    #[test]
    fn keywords_keep_no_spare_capacity() {
        let a = Articles::new(1, 1).next().unwrap();
        let keywords = keywords(&a);
        assert_eq!(keywords.capacity(), keywords.len());
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
        let (ra, rb) = (
            AIResult::expected_until(&a, None),
            AIResult::expected_until(&b, None),
        );
        assert_ne!((ra.summary, ra.keywords), (rb.summary, rb.keywords));
    }
}
