//! The simulated LLM for async tasks: the same latency for the same seed,
//! article and task as `common`'s client, and the same answers, but a call
//! waits with `tokio::time::sleep`, which gives its thread back to the
//! runtime, instead of `thread::sleep`, which holds it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{AIResult, Article, Task, Workload, ai};

/// The async client, with its in-flight gauge. Tokio is kept out of
/// `common`: this crate is the only one that uses it for the pipeline.
#[derive(Debug)]
pub struct AsyncClient {
    workload: Workload,
    /// Wait with `thread::sleep` instead: a blocking call inside a task, to
    /// show what it does to the runtime.
    blocking: bool,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    /// Test hook: every call waits here until this many calls are in flight.
    rendezvous: Option<tokio::sync::Barrier>,
}

impl AsyncClient {
    /// A client for `workload` whose calls wait as async tasks should.
    pub fn new(workload: Workload) -> Self {
        AsyncClient {
            workload,
            blocking: false,
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            rendezvous: None,
        }
    }

    /// The same client, but its calls block their thread (`thread::sleep`).
    pub fn blocking(mut self) -> Self {
        self.blocking = true;
        self
    }

    /// Test hook: every call waits until `calls` calls are in flight at once,
    /// an async barrier, which waits without holding a thread.
    pub fn rendezvous(mut self, calls: usize) -> Self {
        self.rendezvous = Some(tokio::sync::Barrier::new(calls));
        self
    }

    /// The workload this client simulates.
    pub fn workload(&self) -> &Workload {
        &self.workload
    }

    /// The most calls that were in flight at once.
    pub fn peak_in_flight(&self) -> usize {
        self.peak_in_flight.load(Ordering::SeqCst)
    }

    /// One article's three calls, in the series' order.
    pub async fn analyze(&self, article: &Article) -> AIResult {
        AIResult {
            article_id: article.id,
            summary: self.call(article, Task::Summarize, ai::summarize).await,
            sentiment: self.call(article, Task::Sentiment, ai::sentiment).await,
            keywords: self.call(article, Task::Keywords, ai::keywords).await,
            failed: None,
        }
    }

    async fn call<T>(&self, article: &Article, task: Task, answer: fn(&Article) -> T) -> T {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        if task == Task::ALL[0]
            && let Some(barrier) = &self.rendezvous
        {
            barrier.wait().await;
        }
        let latency: Duration = self.workload.latency(article.id, task);
        if self.blocking {
            // Wrong inside a task: the runtime's thread sleeps, and every
            // other task queued on it waits too.
            std::thread::sleep(latency);
        } else if !latency.is_zero() {
            // tokio's timer ticks every millisecond and a sleep ends on a
            // tick, even a sleep of zero: a call with no latency does not
            // wait for the timer at all.
            tokio::time::sleep(latency).await;
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        answer(article)
    }
}
