//! The simulated LLM: what one call does.
//!
//! A call looks up its latency in the [`Workload`] (fixed by the seed, the
//! article and the task), prints that it started, waits for that long, and
//! answers from the article itself (see [`crate::ai`]). With a deadline, its
//! wait ends at the deadline if that comes first, and the call is cut; with
//! a stop, it ends when the run is stopped, and no call starts after that
//! ([`wait`]). With a rate limit (see [`crate::limiter`]), a call over it is
//! refused at once instead.
//! Around the call the client's [`Instruments`] count what the lessons are
//! about: calls in flight, the threads that made them, and each call's start
//! and end. How a client is set up is in [`LlmClientBuilder`]; how its
//! wait ends, in [`wait`]; what it measured, in `measured.rs`; how a test
//! watches and paces the calls, in [`Observer`].

mod builder;
mod measured;
mod observer;
mod wait;

pub use builder::LlmClientBuilder;
pub use observer::Observer;
pub(crate) use wait::stopped;
pub use wait::{Waited, wait};

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use crate::ai;
use crate::article::{Article, Articles};
use crate::instruments::{CallRecord, Instruments};
use crate::limiter::Limiter;
use crate::out::{Output, Time};
use crate::result::{Failed, Sentiment};
use crate::sync::channel::Receiver;
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

    /// "Summarization": one slow call, cut at `deadline` or at the `stop`, if
    /// there is one.
    pub fn summarize(
        &self,
        article: &Article,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Result<String, Failed> {
        self.call(article.id, Task::Summarize, deadline, stop, || {
            ai::summarize(article)
        })
    }

    /// "Sentiment Analysis": one slow call, cut at `deadline` or at the `stop`, if
    /// there is one.
    pub fn sentiment(
        &self,
        article: &Article,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Result<Sentiment, Failed> {
        self.call(article.id, Task::Sentiment, deadline, stop, || {
            ai::sentiment(article)
        })
    }

    /// "Keyword Extraction": one slow call, cut at `deadline` or at the `stop`, if
    /// there is one.
    pub fn keywords(
        &self,
        article: &Article,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Result<Vec<String>, Failed> {
        self.call(article.id, Task::Keywords, deadline, stop, || {
            ai::keywords(article)
        })
    }

    /// One call: wait the latency, then answer; or, if `deadline` or the
    /// `stop` comes first, be cut there; or, over the provider's rate limit,
    /// be refused at once. After the stop, no call starts. Nothing retries a
    /// call that gave no answer.
    fn call<T>(
        &self,
        article: usize,
        task: Task,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
        answer: impl FnOnce() -> T,
    ) -> Result<T, Failed> {
        if stop.is_some_and(stopped) {
            let cancelled = Failed::Cancelled(task);
            self.log(format_args!("  [{article}] {cancelled}"));
            return Err(cancelled);
        }
        if let Some(limiter) = &self.limiter
            && !limiter.admit()
        {
            self.instruments.refused(article, task);
            if let Some(observer) = &self.observer {
                observer.refused(article, task);
            }
            let refused = Failed::Refused(task);
            self.log(format_args!("  [{article}] {refused}"));
            return Err(refused);
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
        let waited = match &self.observer {
            Some(observer) => observer.wait(latency, deadline, stop),
            None => wait(latency, deadline, stop),
        };
        let answer = match waited {
            Waited::Answered => Ok(answer()),
            Waited::Cut => Err(Failed::TimedOut(task)),
            Waited::Stopped => Err(Failed::Cancelled(task)),
        };
        let end = Instant::now();
        match &answer {
            Ok(_) => self.log(format_args!("  [{article}] {task} completed")),
            Err(cut) => self.log(format_args!("  [{article}] {cut}")),
        }
        self.instruments.completed(CallRecord {
            article,
            task,
            start,
            end,
            refused: false,
            cut: waited == Waited::Cut,
            stopped: waited == Waited::Stopped,
        });
        answer
    }

    /// Prints a line of the run's narration (such as a worker picking up an
    /// article) when the client prints its per-call lines, and nothing otherwise.
    pub fn log(&self, line: fmt::Arguments<'_>) {
        if let Output::Lines = self.output {
            crate::outln!("{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;
    use crate::LatencyRange;
    use crate::limiter::RateLimit;

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
        assert_eq!(
            client.summarize(&article, None, None),
            Ok(ai::summarize(&article))
        );
        assert_eq!(
            client.sentiment(&article, None, None),
            Ok(ai::sentiment(&article))
        );
        assert_eq!(
            client.keywords(&article, None, None),
            Ok(ai::keywords(&article))
        );
    }

    #[test]
    fn recorded_call_lasts_at_least_its_latency() {
        let w = workload(1, LatencyRange::from_millis(2, 4).unwrap());
        let article = w.articles().next().unwrap();
        let client = LlmClient::builder(w).record_calls(1).build();
        client.summarize(&article, None, None).unwrap();
        let call = client.instruments().calls()[0];
        assert_eq!((call.article, call.task), (0, Task::Summarize));
        assert!(call.end - call.start >= w.latency(0, Task::Summarize));
    }

    #[test]
    fn panicking_call_names_its_article_and_leaves_the_gauge() {
        let w = workload(5, LatencyRange::ZERO);
        let article = Article::generate(w.seed, 4);
        let client = LlmClient::builder(w).panic_on(Some(4)).build();
        let panic =
            std::panic::catch_unwind(|| client.summarize(&article, None, None)).unwrap_err();
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
                        client.summarize(&article, None, None).unwrap();
                        client.sentiment(&article, None, None).unwrap();
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
        struct AtOnce(std::sync::Mutex<Vec<std::time::Duration>>);
        impl Observer for AtOnce {
            fn wait(
                &self,
                latency: Duration,
                _deadline: Option<Instant>,
                _stop: Option<&Receiver<()>>,
            ) -> Waited {
                self.0.lock().unwrap().push(latency);
                Waited::Answered
            }
        }
        let w = workload(1, LatencyRange::from_millis(5_000, 5_000).unwrap());
        let observer = Arc::new(AtOnce::default());
        let client = LlmClient::builder(w).observer(observer.clone()).build();
        let article = w.articles().next().unwrap();
        assert_eq!(
            client.summarize(&article, None, None),
            Ok(ai::summarize(&article))
        );
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
        assert!(client.summarize(&article, None, None).is_ok());
        assert!(client.sentiment(&article, None, None).is_ok());
        assert_eq!(
            client.keywords(&article, None, None),
            Err(Failed::Refused(Task::Keywords))
        );
        let stats = client.stats();
        assert_eq!((stats.calls_completed, stats.calls_refused), (2, 1));
    }

    /// Claim: a call whose answer is due after its deadline is cut at the deadline, frees its thread then, and says which call.
    #[test]
    fn a_call_past_its_deadline_is_cut_at_the_deadline() {
        let w = workload(1, LatencyRange::from_millis(5_000, 5_000).unwrap());
        let client = LlmClient::builder(w).build();
        let article = w.articles().next().unwrap();
        let deadline = Instant::now() + Duration::from_millis(100);
        let cut = client.sentiment(&article, Some(deadline), None);
        let returned = Instant::now();
        assert_eq!(cut, Err(Failed::TimedOut(Task::Sentiment)));
        assert_eq!(
            Failed::TimedOut(Task::Sentiment).to_string(),
            "Sentiment Analysis cancelled: deadline exceeded",
            "the per-call line, as the series prints it"
        );
        assert!(returned >= deadline, "cut before its deadline");
        // Far less than the 5 s the call was left to wait.
        assert!(
            returned - deadline < Duration::from_secs(1),
            "cut {:?} after its deadline",
            returned - deadline
        );
        assert_eq!(client.stats().in_flight, 0, "the cut call left the gauge");
        assert_eq!(client.stats().calls_timed_out, 1, "the cut call is counted");
        assert_eq!(client.stats().calls_completed, 0, "and not as answered");
    }

    /// Claim: a call due before its deadline answers, and one with no deadline waits its whole latency.
    #[test]
    fn a_call_within_its_deadline_answers() {
        let w = workload(1, LatencyRange::from_millis(5, 5).unwrap());
        let client = LlmClient::builder(w).build();
        let article = w.articles().next().unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        assert_eq!(
            client.keywords(&article, Some(deadline), None),
            Ok(ai::keywords(&article))
        );
        let started = Instant::now();
        assert_eq!(wait(Duration::from_millis(5), None, None), Waited::Answered);
        assert!(started.elapsed() >= Duration::from_millis(5));
    }

    /// Claim: a deadline already past cuts the call at once, even one with no latency.
    #[test]
    fn a_deadline_already_past_cuts_at_once() {
        let past = Instant::now();
        assert_eq!(wait(Duration::ZERO, Some(past), None), Waited::Cut);
        assert_eq!(wait(Duration::from_secs(5), Some(past), None), Waited::Cut);
        assert_eq!(wait(Duration::ZERO, None, None), Waited::Answered);
    }

    /// Claim: an article cut by its deadline comes back once, with the answers of the calls before the cut and the call that was cut.
    #[test]
    fn an_article_cut_by_its_deadline_keeps_its_earlier_answers() {
        // Summarization answers at once; the calls after it wait their 5 s.
        #[derive(Debug, Default)]
        struct SummaryAtOnce(std::sync::Mutex<Option<Task>>);
        impl Observer for SummaryAtOnce {
            fn admitted(&self, _article: usize, task: Task, _instruments: &Instruments) {
                *self.0.lock().unwrap() = Some(task);
            }
            fn wait(
                &self,
                latency: Duration,
                deadline: Option<Instant>,
                stop: Option<&Receiver<()>>,
            ) -> Waited {
                match *self.0.lock().unwrap() {
                    Some(Task::Summarize) => Waited::Answered,
                    _ => wait(latency, deadline, stop),
                }
            }
        }
        let w = workload(1, LatencyRange::from_millis(5_000, 5_000).unwrap());
        let client = LlmClient::builder(w)
            .observer(Arc::new(SummaryAtOnce::default()))
            .build();
        let article = w.articles().next().unwrap();
        let deadline = Instant::now() + Duration::from_millis(100);
        let result = crate::analyze_by(&article, &client, Some(deadline));
        assert_eq!(result.failed, Some(Failed::TimedOut(Task::Sentiment)));
        assert_eq!(
            result.summary,
            ai::summarize(&article),
            "the answer before the cut is kept"
        );
        assert_eq!(
            result,
            crate::AIResult::expected_until(&article, result.failed)
        );
        assert_eq!(client.stats().articles_done, 1, "reported once");
    }
}
