//! The news articles the pipeline analyses, generated from a seed.
//!
//! Article `id` of seed `s` is always the same article, whichever part asks for
//! it and in whatever order, so every part sees the identical workload.
//! [`Articles`] generates them lazily: a run of a million articles never holds
//! the whole input in memory.

use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

/// One news article: the input of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Position in the input, from 0. Every result carries it back.
    pub id: usize,
    /// The desk the article comes from, such as "Markets".
    pub topic: &'static str,
    /// The headline.
    pub title: String,
    /// Three to six sentences of text.
    pub body: String,
}

impl Article {
    /// Generates article `id` of the workload drawn from `seed`.
    pub fn generate(seed: u64, id: usize) -> Self {
        let mut rng = SmallRng::seed_from_u64(mix(seed, id as u64, ARTICLE_STREAM));
        let desk = NEWSROOM.desks.choose(&mut rng).expect("a desk");
        let tone = if rng.random_bool(0.5) {
            &desk.good
        } else {
            &desk.bad
        };
        let fill = Fill {
            subject: desk.subjects.choose(&mut rng).expect("subjects"),
            place: NEWSROOM.places.choose(&mut rng).expect("places"),
            number: rng.random_range(2..=95),
        };
        let mut title = String::new();
        fill.apply(
            tone.headlines.choose(&mut rng).expect("headlines"),
            &mut title,
        );

        let sentences = rng.random_range(3..=6);
        // One allocation for the body: articles are dropped once analysed, so
        // spare capacity costs nothing for long.
        let mut body = String::with_capacity(512);
        fill.apply(tone.leads.choose(&mut rng).expect("leads"), &mut body);
        let mut pool: Vec<&str> = tone.details.iter().chain(&desk.neutral).copied().collect();
        for _ in 1..sentences {
            let pick = rng.random_range(0..pool.len());
            body.push(' ');
            fill.apply(pool.swap_remove(pick), &mut body);
        }

        Article {
            id,
            topic: desk.name,
            title,
            body,
        }
    }
}

/// A lazy, deterministic stream of generated articles: ids `0..len`.
///
/// It is cheap to clone, knows its length up front ([`ExactSizeIterator`]) and
/// makes each article only when it is asked for.
#[derive(Debug, Clone)]
pub struct Articles {
    seed: u64,
    next: usize,
    end: usize,
    taken: Option<Arc<AtomicUsize>>,
}

impl Articles {
    /// The first `count` articles of the workload drawn from `seed`.
    pub fn new(seed: u64, count: usize) -> Self {
        Articles {
            seed,
            next: 0,
            end: count,
            taken: None,
        }
    }

    /// The same stream, adding one to `taken` for each article taken from it:
    /// how the client's instruments see how far a part reads ahead.
    pub(crate) fn counting(mut self, taken: Arc<AtomicUsize>) -> Self {
        self.taken = Some(taken);
        self
    }

    /// The ids of the articles still to come, in order, without making the
    /// articles: for a queue that carries ids and lets whoever takes one
    /// [`fetch`](ArticleStore::fetch) its article. An id counts as taken from
    /// the input, as an article would.
    pub fn ids(self) -> impl ExactSizeIterator<Item = usize> + Send + 'static {
        let taken = self.taken;
        (self.next..self.end).inspect(move |_| {
            if let Some(taken) = &taken {
                taken.fetch_add(1, Ordering::SeqCst);
            }
        })
    }

    /// Where any article of this stream's workload can be fetched by its id.
    pub fn store(&self) -> ArticleStore {
        ArticleStore { seed: self.seed }
    }
}

/// The articles of one workload, fetched by id: what a pipeline that queues
/// ids instead of articles reads from, as a real one reads a database.
///
/// It is a seed and nothing else, so each thread can hold its own copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleStore {
    seed: u64,
}

impl ArticleStore {
    /// Article `id`: the same article the stream gives for that id.
    pub fn fetch(&self, id: usize) -> Article {
        Article::generate(self.seed, id)
    }
}

impl Iterator for Articles {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        (self.next < self.end).then(|| {
            self.next += 1;
            if let Some(taken) = &self.taken {
                taken.fetch_add(1, Ordering::SeqCst);
            }
            Article::generate(self.seed, self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Articles {}

/// Keeps article generation independent of the latency draws of the same seed.
const ARTICLE_STREAM: u64 = 0xA27;

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

/// What fills a template's `{subject}`, `{place}` and `{n}`.
struct Fill {
    subject: &'static str,
    place: &'static str,
    number: u32,
}

impl Fill {
    /// Appends `template` to `out` with its placeholders filled in. Splitting
    /// at the braces leaves the text at even positions and the placeholder
    /// names at odd ones.
    fn apply(&self, template: &str, out: &mut String) {
        for (i, piece) in template.split(['{', '}']).enumerate() {
            match (i % 2, piece) {
                (0, text) => out.push_str(text),
                (_, "subject") => out.push_str(self.subject),
                (_, "place") => out.push_str(self.place),
                (_, "n") => {
                    let _ = write!(out, "{}", self.number);
                }
                (_, other) => unreachable!("unknown placeholder {{{other}}}"),
            }
        }
    }
}

/// The places, desks and sentence templates the articles are made from:
/// `data/newsroom.txt`, read once.
static NEWSROOM: LazyLock<Newsroom> =
    LazyLock::new(|| Newsroom::parse(include_str!("../data/newsroom.txt")));

#[derive(Debug, Default)]
struct Newsroom {
    places: Vec<&'static str>,
    desks: Vec<Desk>,
}

#[derive(Debug, Default)]
struct Desk {
    name: &'static str,
    subjects: Vec<&'static str>,
    good: Tone,
    bad: Tone,
    neutral: Vec<&'static str>,
}

#[derive(Debug, Default)]
struct Tone {
    headlines: Vec<&'static str>,
    leads: Vec<&'static str>,
    details: Vec<&'static str>,
}

impl Newsroom {
    /// Reads `key: value` lines; a `desk:` line starts a desk, and the lines
    /// after it fill it in. Lists are separated by ` | `.
    fn parse(text: &'static str) -> Self {
        let mut room = Newsroom::default();
        let lines = text.lines().map(str::trim);
        for line in lines.filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let (key, value) = line.split_once(": ").expect("a line is `key: value`");
            let list = || value.split(" | ").collect();
            if key == "places" {
                room.places = list();
                continue;
            }
            if key == "desk" {
                room.desks.push(Desk {
                    name: value,
                    ..Desk::default()
                });
                continue;
            }
            let desk = room.desks.last_mut().expect("`desk:` comes first");
            match key {
                "subjects" => desk.subjects = list(),
                "good headline" => desk.good.headlines.push(value),
                "good lead" => desk.good.leads.push(value),
                "good detail" => desk.good.details.push(value),
                "bad headline" => desk.bad.headlines.push(value),
                "bad lead" => desk.bad.leads.push(value),
                "bad detail" => desk.bad.details.push(value),
                "neutral" => desk.neutral.push(value),
                other => panic!("newsroom.txt: unknown key `{other}`"),
            }
        }
        room
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_id_give_the_same_article() {
        assert_eq!(Article::generate(7, 3), Article::generate(7, 3));
    }

    #[test]
    fn articles_vary_with_id_and_seed() {
        let titles: std::collections::HashSet<String> =
            Articles::new(7, 40).map(|article| article.title).collect();
        assert!(
            titles.len() > 25,
            "only {} distinct titles in 40",
            titles.len()
        );
        assert_ne!(Article::generate(7, 0), Article::generate(8, 0));
    }

    #[test]
    fn bodies_have_three_to_six_sentences_with_no_placeholder_left() {
        for article in Articles::new(11, 200) {
            let sentences = article.body.matches(". ").count() + 1;
            assert!((3..=6).contains(&sentences), "{sentences} in {article:?}");
            assert!(!article.body.contains('{') && !article.title.contains('{'));
        }
    }

    #[test]
    fn articles_stream_is_exact_sized_and_in_id_order() {
        let articles = Articles::new(1, 5);
        assert_eq!(articles.len(), 5);
        let ids: Vec<usize> = articles.map(|article| article.id).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn ids_and_the_store_give_the_streams_articles_and_count_as_taken() {
        let taken = Arc::new(AtomicUsize::new(0));
        let mut articles = Articles::new(3, 6).counting(Arc::clone(&taken));
        articles.next();
        let store = articles.store();
        let ids = articles.clone().ids();
        assert_eq!(ids.len(), 5, "the ids still to come");
        let fetched: Vec<Article> = ids.map(|id| store.fetch(id)).collect();
        assert_eq!(fetched, articles.collect::<Vec<_>>());
        assert_eq!(
            taken.load(Ordering::SeqCst),
            1 + 5 + 5,
            "each id and article taken counts"
        );
    }
}
