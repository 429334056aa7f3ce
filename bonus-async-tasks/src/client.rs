//! The simulated LLM for async tasks: the same latency for the same seed,
//! article and task as `common`'s client, and the same answers, but a call
//! waits with `tokio::time::sleep`, which gives its thread back to the
//! runtime, instead of `thread::sleep`, which holds it.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{AIResult, Article, Failed, Task, Workload, ai};
use tokio::time::{Instant, timeout_at};

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
    /// Calls answered so far, for the hook below.
    answered: AtomicUsize,
    /// Test hook: called with the count of calls answered, as each answers.
    on_answer: Option<OnAnswer>,
}

/// A test's hook on each answer.
struct OnAnswer(Box<dyn Fn(usize) + Send + Sync>);

impl fmt::Debug for OnAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnAnswer(..)")
    }
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
            answered: AtomicUsize::new(0),
            on_answer: None,
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

    /// Test hook: `hook` is called with the number of calls answered so
    /// far, as each call answers, before its article goes on: a test stops
    /// the run from it at an exact point, counted in answers, not in time.
    pub fn on_answer(mut self, hook: impl Fn(usize) + Send + Sync + 'static) -> Self {
        self.on_answer = Some(OnAnswer(Box::new(hook)));
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
        self.analyze_by(article, None).await
    }

    /// [`analyze`](Self::analyze), with every call cut at `deadline`: the
    /// result keeps the answers before the cut and names the call cut.
    ///
    /// `timeout_at` drops the call's future when the deadline passes, and a
    /// dropped future is never polled again: it stops where it was
    /// suspended, at its `.await`, so nothing in the call has to check a
    /// deadline itself (a thread's blocking wait has to, in Part 6's
    /// client). Whatever the call would have done after that `.await` never
    /// runs: the in-flight gauge is put back by a guard's `Drop`.
    pub async fn analyze_by(&self, article: &Article, deadline: Option<Instant>) -> AIResult {
        let mut result = AIResult::unanswered(article.id, Failed::Queued);
        self.analyze_into(&mut result, article, deadline).await;
        result
    }

    /// [`analyze_by`](Self::analyze_by), writing into `result` as it goes,
    /// so that at every `.await` `result` already says how the article
    /// ends if this future is dropped there (its task aborted at the run's
    /// stop): [`Failed::Queued`] before its first call, then
    /// [`Failed::Cancelled`] with the call waiting and the answers before
    /// it. Nothing here looks at a stop: a dropped future just never
    /// resumes.
    pub async fn analyze_into(
        &self,
        result: &mut AIResult,
        article: &Article,
        deadline: Option<Instant>,
    ) {
        let answered = async {
            result.summary = self
                .within(
                    &mut result.failed,
                    deadline,
                    article,
                    Task::Summarize,
                    ai::summarize,
                )
                .await?;
            result.sentiment = self
                .within(
                    &mut result.failed,
                    deadline,
                    article,
                    Task::Sentiment,
                    ai::sentiment,
                )
                .await?;
            result.keywords = self
                .within(
                    &mut result.failed,
                    deadline,
                    article,
                    Task::Keywords,
                    ai::keywords,
                )
                .await?;
            Ok::<(), Failed>(())
        };
        result.failed = answered.await.err();
    }

    /// One call, cut at `deadline` if there is one.
    async fn within<T>(
        &self,
        failed: &mut Option<Failed>,
        deadline: Option<Instant>,
        article: &Article,
        task: Task,
        answer: fn(&Article) -> T,
    ) -> Result<T, Failed> {
        // Until it answers, this is the call the article waits on: if the
        // article's future is dropped at the `.await` below, it was cut here.
        *failed = Some(Failed::Cancelled(task));
        let call = self.call(article, task, answer);
        match deadline {
            Some(deadline) => timeout_at(deadline, call)
                .await
                .map_err(|_elapsed| Failed::TimedOut(task)),
            None => Ok(call.await),
        }
    }

    async fn call<T>(&self, article: &Article, task: Task, answer: fn(&Article) -> T) -> T {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        // Put back when the call ends, or when its future is dropped at an
        // `.await` (cut by a deadline), whichever happens.
        let _in_flight = InFlight(&self.in_flight);
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
        let answered = self.answered.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(OnAnswer(hook)) = &self.on_answer {
            hook(answered);
        }
        answer(article)
    }

    /// Calls in flight right now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

/// One call in flight, until dropped.
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
