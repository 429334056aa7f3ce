//! The simulated LLM: what one call does.
//!
//! A call looks up its latency in the [`Workload`] (fixed by the seed, the
//! article and the task), prints that it started, waits for that long, and
//! answers from the article itself (see [`crate::ai`]). With a rate limit
//! (see [`crate::limiter`]), a call over it is refused at once instead.
//! Around the call the client's [`Instruments`] count what the lessons are
//! about: calls in flight, the threads that made them, and each call's start
//! and end. How a client is set up is in [`LlmClientBuilder`]; how a test
//! watches and paces the calls, in [`Observer`].

mod builder;
mod observer;

pub use builder::LlmClientBuilder;
pub use observer::Observer;

use std::fmt;
use std::sync::Arc;
use std::thread;
use std::time::Instant;

use crate::ai;
use crate::article::{Article, Articles};
use crate::instruments::{CallRecord, Instruments, Stats};
use crate::limiter::{Limiter, RateLimit, Refused};
use crate::out::{Output, Time};
use crate::result::Sentiment;
use crate::workload::{Task, Workload};

/// The simulated LLM. It is `Sync`: share it between threads behind an `Arc`.
#[derive(Debug)]
pub struct LlmClient {
    workload: Workload,
    output: Output,
    panic_on: Option<usize>,
    limiter: Option<Limiter>,
    instruments: Instruments,
    observer: Option<Arc<dyn Observer>>,
}

impl LlmClient {
    /// The workload this client simulates.
    pub fn workload(&self) -> &Workload {
        &self.workload
    }

    /// The workload's articles, generated as they are taken.
    pub fn articles(&self) -> Articles {
        self.workload.articles().observed(self.observer.clone())
    }

    /// "Summarization": one slow call.
    pub fn summarize(&self, article: &Article) -> Result<String, Refused> {
        self.call(article.id, Task::Summarize, || ai::summarize(article))
    }

    /// "Sentiment Analysis": one slow call.
    pub fn sentiment(&self, article: &Article) -> Result<Sentiment, Refused> {
        self.call(article.id, Task::Sentiment, || ai::sentiment(article))
    }

    /// "Keyword Extraction": one slow call.
    pub fn keywords(&self, article: &Article) -> Result<Vec<String>, Refused> {
        self.call(article.id, Task::Keywords, || ai::keywords(article))
    }

    /// One call: wait the latency, then answer; or, over the provider's rate
    /// limit, be refused at once. Nothing retries a refused call.
    fn call<T>(
        &self,
        article: usize,
        task: Task,
        answer: impl FnOnce() -> T,
    ) -> Result<T, Refused> {
        if let Some(limiter) = &self.limiter
            && !limiter.admit()
        {
            self.instruments.refused(article, task);
            if let Some(observer) = &self.observer {
                observer.refused(article, task);
            }
            self.log(format_args!(
                "  [{article}] {task} refused: over the rate limit (429)"
            ));
            return Err(Refused(task));
        }
        let _in_flight = self.instruments.enter(task);
        if let Some(observer) = &self.observer {
            observer.admitted(article, task, &self.instruments);
        }
        if self.panic_on == Some(article) {
            panic!("simulated LLM failure on article {article} ({task})");
        }

        let latency = self.workload.latency(article, task);
        self.log(format_args!(
            "  [{article}] {task} started ({})",
            Time(latency)
        ));
        let start = Instant::now();
        // The LLM "thinks": the thread waits and uses no CPU, which is why
        // waiting for several calls at once pays. (A test's observer decides
        // how the wait ends.)
        match &self.observer {
            Some(observer) => observer.wait(latency),
            None if latency.is_zero() => {}
            None => thread::sleep(latency),
        }
        let answer = answer();
        let end = Instant::now();
        self.log(format_args!("  [{article}] {task} completed"));
        self.instruments.completed(CallRecord {
            article,
            task,
            start,
            end,
            refused: false,
        });
        Ok(answer)
    }

    /// Prints a line of the run's narration (such as a worker picking up an
    /// article) when the client prints its per-call lines, and nothing otherwise.
    pub fn log(&self, line: fmt::Arguments<'_>) {
        if let Output::Lines = self.output {
            crate::outln!("{line}");
        }
    }

    /// Marks one article as finished: answered, or ended by a refusal.
    pub(crate) fn article_done(&self) {
        self.instruments.article_done();
        if let Some(observer) = &self.observer {
            observer.article_done(&self.instruments);
        }
        if let Output::Progress(bar) = &self.output {
            bar.inc(1);
        }
    }

    /// Removes the progress bar, if there is one, before the report prints.
    pub(crate) fn finish_output(&self) {
        if let Output::Progress(bar) = &self.output {
            bar.finish_and_clear();
        }
    }

    /// The provider's rate limit, if it has one.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.limiter.as_ref().map(Limiter::limit)
    }

    /// The gauges and records, read while or after a part runs.
    pub fn instruments(&self) -> &Instruments {
        &self.instruments
    }

    /// What the client has measured so far.
    pub fn stats(&self) -> Stats {
        self.instruments.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LatencyRange;

    fn workload(articles: usize, latency: LatencyRange) -> Workload {
        Workload {
            seed: 9,
            articles,
            latency,
        }
    }

    #[test]
    fn client_is_sync_so_threads_can_share_it() {
        fn shareable<T: Send + Sync>() {}
        shareable::<LlmClient>();
    }

    #[test]
    fn answers_are_computed_from_the_article() {
        let article = Articles::new(1, 1).next().unwrap();
        let client = LlmClient::builder(workload(1, LatencyRange::ZERO)).build();
        assert_eq!(client.summarize(&article), Ok(ai::summarize(&article)));
        assert_eq!(client.sentiment(&article), Ok(ai::sentiment(&article)));
        assert_eq!(client.keywords(&article), Ok(ai::keywords(&article)));
    }

    #[test]
    fn recorded_call_lasts_at_least_its_latency() {
        let w = workload(1, LatencyRange::from_millis(2, 4).unwrap());
        let article = w.articles().next().unwrap();
        let client = LlmClient::builder(w).record_calls(1).build();
        client.summarize(&article).unwrap();
        let call = client.instruments().calls()[0];
        assert_eq!((call.article, call.task), (0, Task::Summarize));
        assert!(call.end - call.start >= w.latency(0, Task::Summarize));
    }

    #[test]
    fn panicking_call_names_its_article_and_leaves_the_gauge() {
        let w = workload(5, LatencyRange::ZERO);
        let article = Article::generate(w.seed, 4);
        let client = LlmClient::builder(w).panic_on(Some(4)).build();
        let panic = std::panic::catch_unwind(|| client.summarize(&article)).unwrap_err();
        let message = panic.downcast_ref::<String>().unwrap();
        assert!(message.contains("article 4"), "{message}");
        assert_eq!(client.stats().in_flight, 0);
    }

    #[test]
    fn threads_are_counted_with_their_articles() {
        let w = workload(3, LatencyRange::ZERO);
        let client = LlmClient::builder(w).build();
        thread::scope(|scope| {
            thread::Builder::new()
                .name("worker-1".into())
                .spawn_scoped(scope, || {
                    for article in Articles::new(9, 2) {
                        client.summarize(&article).unwrap();
                        client.sentiment(&article).unwrap();
                    }
                })
                .unwrap();
        });
        let loads = client.stats().threads;
        assert_eq!(loads.len(), 1);
        assert_eq!((loads[0].name.as_str(), loads[0].articles), ("worker-1", 2));
    }

    #[test]
    fn an_observer_decides_how_a_call_waits() {
        /// Ends every wait at once, and keeps the latency it was asked to wait.
        #[derive(Debug, Default)]
        struct Instant(std::sync::Mutex<Vec<std::time::Duration>>);
        impl Observer for Instant {
            fn wait(&self, latency: std::time::Duration) {
                self.0.lock().unwrap().push(latency);
            }
        }
        let w = workload(1, LatencyRange::from_millis(5_000, 5_000).unwrap());
        let observer = Arc::new(Instant::default());
        let client = LlmClient::builder(w).observer(observer.clone()).build();
        let article = w.articles().next().unwrap();
        assert_eq!(client.summarize(&article), Ok(ai::summarize(&article)));
        let waits = observer.0.lock().unwrap().clone();
        assert_eq!(
            waits,
            [w.latency(0, Task::Summarize)],
            "five seconds' wait, ended at once"
        );
        assert_eq!(client.stats().calls_completed, 1);
    }

    #[test]
    fn a_call_over_the_rate_limit_is_refused_at_once_and_counted() {
        let w = workload(1, LatencyRange::ZERO);
        let article = w.articles().next().unwrap();
        let limit = RateLimit {
            per_second: 0.001,
            burst: 2,
        };
        let client = LlmClient::builder(w).rate_limit(Some(limit)).build();
        assert!(client.summarize(&article).is_ok());
        assert!(client.sentiment(&article).is_ok());
        assert_eq!(client.keywords(&article), Err(Refused(Task::Keywords)));
        let stats = client.stats();
        assert_eq!((stats.calls_completed, stats.calls_refused), (2, 1));
    }
}
