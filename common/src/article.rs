//! The news articles the pipeline analyses, generated from a seed.
//!
//! Article `id` of seed `s` is always the same article, whichever part asks for
//! it and in whatever order, so every part sees the identical workload.
//! [`Articles`] generates them lazily: a run of a million articles never holds
//! the whole input in memory. How an article is written is in
//! [`newsroom`](crate::newsroom).

use std::sync::Arc;

use crate::client::Observer;

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

/// A lazy, deterministic stream of generated articles: ids `0..len`.
///
/// It is cheap to clone, knows its length up front ([`ExactSizeIterator`]) and
/// makes each article only when it is asked for.
#[derive(Debug, Clone)]
pub struct Articles {
    seed: u64,
    next: usize,
    end: usize,
    /// Told of each article taken: a test's, through the client.
    observer: Option<Arc<dyn Observer>>,
}

impl Articles {
    /// The first `count` articles of the workload drawn from `seed`.
    pub fn new(seed: u64, count: usize) -> Self {
        Articles {
            seed,
            next: 0,
            end: count,
            observer: None,
        }
    }

    /// The same stream, telling `observer` of each article taken from it.
    pub(crate) fn observed(mut self, observer: Option<Arc<dyn Observer>>) -> Self {
        self.observer = observer;
        self
    }

    /// The ids of the articles still to come, in order, without making the
    /// articles: for a queue that carries ids and lets whoever takes one
    /// [`fetch`](ArticleStore::fetch) its article. An id counts as taken from
    /// the input, as an article would.
    pub fn ids(self) -> impl ExactSizeIterator<Item = usize> + Send + 'static {
        let observer = self.observer;
        (self.next..self.end).inspect(move |_| {
            if let Some(observer) = &observer {
                observer.taken();
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
            if let Some(observer) = &self.observer {
                observer.taken();
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

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

    /// Counts the articles taken.
    #[derive(Debug, Default)]
    struct Taken(AtomicUsize);

    impl Observer for Taken {
        fn taken(&self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn ids_and_the_store_give_the_streams_articles_and_count_as_taken() {
        let taken = Arc::new(Taken::default());
        let observer: Arc<dyn Observer> = taken.clone();
        let mut articles = Articles::new(3, 6).observed(Some(observer));
        articles.next();
        let store = articles.store();
        let ids = articles.clone().ids();
        assert_eq!(ids.len(), 5, "the ids still to come");
        let fetched: Vec<Article> = ids.map(|id| store.fetch(id)).collect();
        assert_eq!(fetched, articles.collect::<Vec<_>>());
        assert_eq!(
            taken.0.load(Ordering::SeqCst),
            1 + 5 + 5,
            "each id and article taken counts"
        );
    }
}
