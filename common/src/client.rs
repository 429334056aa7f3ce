//! The simulated LLM client: slow calls, and the instruments that show what
//! a part does with them.
//!
//! Each call sleeps for the latency the [`Workload`] fixes for it, then
//! computes its answer from the article. Around the call the client measures
//! what the lessons are about: how many calls are in flight now and at peak,
//! which OS threads made calls and how many articles each one handled, and
//! (when asked) each call's start and end for the timeline.
//!
//! The instruments use std's atomics and locks, never the [`crate::sync`]
//! shim: they observe a part, they are not part of its design, and loom has
//! no reason to explore them.

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::{Article, Sentiment, Workload, ai};

/// The three calls made for every article, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// "Summarization": the article's opening sentence.
    Summarize,
    /// "Sentiment Analysis": positive, neutral or negative.
    Sentiment,
    /// "Keyword Extraction": the most frequent terms.
    Keywords,
}

impl Task {
    /// All tasks, in the order each article goes through them.
    pub const ALL: [Task; 3] = [Task::Summarize, Task::Sentiment, Task::Keywords];

    /// The name the series prints.
    pub fn name(self) -> &'static str {
        match self {
            Task::Summarize => "Summarization",
            Task::Sentiment => "Sentiment Analysis",
            Task::Keywords => "Keyword Extraction",
        }
    }

    /// The letter that stands for the task in the timeline.
    pub fn letter(self) -> char {
        match self {
            Task::Summarize => 'S',
            Task::Sentiment => 'A',
            Task::Keywords => 'K',
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the client shows while it works.
#[derive(Debug, Clone, Default)]
pub enum Output {
    /// Nothing: tests, benchmarks and loom models.
    #[default]
    Silent,
    /// The series' lines: `  [3] Summarization started (1.2s)` and `  [3] Summarization completed`.
    Lines,
    /// A progress bar of finished articles, on stderr.
    Progress(ProgressBar),
}

impl Output {
    /// A progress bar for `articles` articles on stderr; indicatif draws
    /// nothing when stderr is not a terminal.
    pub fn progress_bar(articles: usize) -> Self {
        let style = ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} articles, eta {eta}",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        Output::Progress(ProgressBar::new(articles as u64).with_style(style))
    }
}

/// One call, for the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallRecord {
    /// Which article the call was for.
    pub article: usize,
    /// Which of the three calls it was.
    pub task: Task,
    /// When the call started (after any rendezvous, when it began to "think").
    pub start: Instant,
    /// When it completed.
    pub end: Instant,
}

/// A snapshot of what the client measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Calls that have started.
    pub calls_started: u64,
    /// Calls that have completed.
    pub calls_completed: u64,
    /// Articles whose three calls have all completed (counted by [`crate::analyze`]).
    pub articles_done: u64,
    /// Calls in flight right now.
    pub in_flight: usize,
    /// The most calls that were ever in flight at the same moment.
    pub peak_in_flight: usize,
    /// Every OS thread that made a call: its name and how many articles it started.
    pub threads: Vec<ThreadLoad>,
}

/// How many articles one thread started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadLoad {
    /// The thread's name, as given to `thread::Builder::name`.
    pub name: String,
    /// Articles whose first call this thread made.
    pub articles: usize,
}

/// The simulated LLM. It is `Sync`: share it between threads behind an `Arc`.
#[derive(Debug)]
pub struct LlmClient {
    workload: Workload,
    output: Output,
    panic_on: Option<usize>,
    record_below: usize,
    rendezvous: Option<Rendezvous>,
    hold_back: Option<HoldBack>,
    id: u64,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    calls_started: AtomicU64,
    calls_completed: AtomicU64,
    articles_done: AtomicU64,
    calls: Mutex<Vec<CallRecord>>,
    threads: Mutex<Vec<Arc<ThreadCounter>>>,
}

/// Sets up an [`LlmClient`]; see [`LlmClient::builder`].
#[derive(Debug)]
pub struct LlmClientBuilder {
    workload: Workload,
    output: Output,
    panic_on: Option<usize>,
    record_below: usize,
    rendezvous: Option<(usize, Duration)>,
    hold_back: Option<(usize, Duration)>,
}

impl LlmClientBuilder {
    /// What the client shows while it works (default: nothing).
    pub fn output(mut self, output: Output) -> Self {
        self.output = output;
        self
    }

    /// Fault injection: every call for article `id` panics.
    pub fn panic_on(mut self, id: usize) -> Self {
        self.panic_on = Some(id);
        self
    }

    /// Records start and end of the calls of articles `0..articles`, for the
    /// timeline. Off by default: a million-article run does not need it.
    pub fn record_calls(mut self, articles: usize) -> Self {
        self.record_below = articles;
        self
    }

    /// A barrier for tests: every call waits until `calls` calls are in
    /// flight at once, then all proceed and the client never waits again. If
    /// that has not happened after `timeout`, it gives up and lets every call
    /// through, so a part that cannot reach `calls` makes a test fail, not hang.
    pub fn rendezvous(mut self, calls: usize, timeout: Duration) -> Self {
        self.rendezvous = Some((calls, timeout));
        self
    }

    /// For ordering tests: article `id`'s first call waits until every other
    /// article is done, so it finishes last wherever the others can run
    /// without it. After `timeout` it goes ahead anyway.
    pub fn hold_back(mut self, id: usize, timeout: Duration) -> Self {
        self.hold_back = Some((id, timeout));
        self
    }

    /// The client.
    pub fn build(self) -> LlmClient {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        LlmClient {
            workload: self.workload,
            output: self.output,
            panic_on: self.panic_on,
            record_below: self.record_below,
            rendezvous: self.rendezvous.map(|(target, timeout)| Rendezvous {
                target,
                timeout,
                open: Mutex::new(false),
                opened: Condvar::new(),
            }),
            hold_back: self.hold_back.map(|(article, timeout)| HoldBack {
                article,
                timeout,
                done: Mutex::new(0),
                changed: Condvar::new(),
            }),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            calls_started: AtomicU64::new(0),
            calls_completed: AtomicU64::new(0),
            articles_done: AtomicU64::new(0),
            calls: Mutex::new(Vec::new()),
            threads: Mutex::new(Vec::new()),
        }
    }
}

impl LlmClient {
    /// A client for `workload`, silent, recording nothing, failing never.
    pub fn builder(workload: Workload) -> LlmClientBuilder {
        LlmClientBuilder {
            workload,
            output: Output::Silent,
            panic_on: None,
            record_below: 0,
            rendezvous: None,
            hold_back: None,
        }
    }

    /// The workload this client simulates.
    pub fn workload(&self) -> &Workload {
        &self.workload
    }

    /// "Summarization": one slow call.
    pub fn summarize(&self, article: &Article) -> String {
        self.call(article.id, Task::Summarize, || ai::summarize(article))
    }

    /// "Sentiment Analysis": one slow call.
    pub fn sentiment(&self, article: &Article) -> Sentiment {
        self.call(article.id, Task::Sentiment, || ai::sentiment(article))
    }

    /// "Keyword Extraction": one slow call.
    pub fn keywords(&self, article: &Article) -> Vec<String> {
        self.call(article.id, Task::Keywords, || ai::keywords(article))
    }

    /// Prints a line of the run's narration (such as a worker picking up an
    /// article) when the client prints its per-call lines, and nothing otherwise.
    pub fn log(&self, line: fmt::Arguments<'_>) {
        if let Output::Lines = self.output {
            crate::outln!("{line}");
        }
    }

    /// Marks one article as fully analysed.
    pub fn article_done(&self) {
        self.articles_done.fetch_add(1, Ordering::SeqCst);
        if let Some(hold_back) = &self.hold_back {
            *lock(&hold_back.done) += 1;
            hold_back.changed.notify_all();
        }
        if let Output::Progress(bar) = &self.output {
            bar.inc(1);
        }
    }

    /// Removes the progress bar, if there is one, before the report prints.
    pub fn finish_output(&self) {
        if let Output::Progress(bar) = &self.output {
            bar.finish_and_clear();
        }
    }

    /// What the client has measured so far.
    pub fn stats(&self) -> Stats {
        Stats {
            calls_started: self.calls_started.load(Ordering::SeqCst),
            calls_completed: self.calls_completed.load(Ordering::SeqCst),
            articles_done: self.articles_done.load(Ordering::SeqCst),
            in_flight: self.in_flight.load(Ordering::SeqCst),
            peak_in_flight: self.peak_in_flight.load(Ordering::SeqCst),
            threads: lock(&self.threads)
                .iter()
                .map(|thread| ThreadLoad {
                    name: thread.name.clone(),
                    articles: thread.articles.load(Ordering::Relaxed),
                })
                .collect(),
        }
    }

    /// The recorded calls (see [`LlmClientBuilder::record_calls`]), by start time.
    pub fn calls(&self) -> Vec<CallRecord> {
        let mut calls = lock(&self.calls).clone();
        calls.sort_by_key(|call| call.start);
        calls
    }

    fn call<T>(&self, article: usize, task: Task, answer: impl FnOnce() -> T) -> T {
        self.count_thread(task == Task::Summarize);
        self.calls_started.fetch_add(1, Ordering::SeqCst);
        let _flight = InFlight::enter(self);
        if let Some(rendezvous) = &self.rendezvous {
            rendezvous.wait(&self.in_flight);
        }
        if let Some(hold_back) = &self.hold_back
            && hold_back.article == article
            && task == Task::Summarize
        {
            hold_back.wait(self.workload.articles.saturating_sub(1));
        }
        if self.panic_on == Some(article) {
            panic!("simulated LLM failure on article {article} ({task})");
        }

        let latency = self.workload.latency(article, task);
        self.log(format_args!(
            "  [{article}] {task} started ({})",
            Seconds(latency)
        ));
        let start = Instant::now();
        if !latency.is_zero() {
            thread::sleep(latency);
        }
        let answer = answer();
        let end = Instant::now();
        self.log(format_args!("  [{article}] {task} completed"));

        if article < self.record_below {
            lock(&self.calls).push(CallRecord {
                article,
                task,
                start,
                end,
            });
        }
        self.calls_completed.fetch_add(1, Ordering::SeqCst);
        answer
    }

    /// Registers the calling thread the first time it calls this client, and
    /// counts the article it starts. A thread-local cache keeps the shared
    /// list off the hot path: one lock per thread, not per call.
    fn count_thread(&self, starts_article: bool) {
        thread_local! {
            static CURRENT: RefCell<Option<(u64, Arc<ThreadCounter>)>> = const { RefCell::new(None) };
        }
        CURRENT.with(|current| {
            let mut current = current.borrow_mut();
            let counter = match &*current {
                Some((client, counter)) if *client == self.id => counter,
                _ => {
                    let counter = Arc::new(ThreadCounter {
                        name: thread::current().name().unwrap_or("unnamed").to_owned(),
                        articles: AtomicUsize::new(0),
                    });
                    lock(&self.threads).push(Arc::clone(&counter));
                    &current.insert((self.id, counter)).1
                }
            };
            if starts_article {
                counter.articles.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
}

#[derive(Debug)]
struct ThreadCounter {
    name: String,
    articles: AtomicUsize,
}

/// Counts a call in flight for as long as it lives, so that a call that
/// panics still leaves the gauge.
struct InFlight<'a>(&'a LlmClient);

impl<'a> InFlight<'a> {
    fn enter(client: &'a LlmClient) -> Self {
        let now = client.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        client.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(client)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Debug)]
struct Rendezvous {
    target: usize,
    timeout: Duration,
    open: Mutex<bool>,
    opened: Condvar,
}

impl Rendezvous {
    fn wait(&self, in_flight: &AtomicUsize) {
        let mut open = lock(&self.open);
        if *open {
            return;
        }
        if in_flight.load(Ordering::SeqCst) >= self.target {
            *open = true;
            self.opened.notify_all();
            return;
        }
        let (mut open, _) = self
            .opened
            .wait_timeout_while(open, self.timeout, |open| !*open)
            .unwrap_or_else(PoisonError::into_inner);
        // Opened by the last arrival, or timed out: either way, stop waiting.
        *open = true;
        self.opened.notify_all();
    }
}

#[derive(Debug)]
struct HoldBack {
    article: usize,
    timeout: Duration,
    done: Mutex<usize>,
    changed: Condvar,
}

impl HoldBack {
    fn wait(&self, others: usize) {
        let done = lock(&self.done);
        let _ = self
            .changed
            .wait_timeout_while(done, self.timeout, |done| *done < others)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned instrument still holds valid counts: a panicking call is
    // something the parts are tested with, not a reason to lose the stats.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A latency as the series prints it: `1.2s`, or `45ms` below a second.
#[derive(Debug, Clone, Copy)]
pub struct Seconds(pub Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= Duration::from_secs(1) {
            write!(f, "{:.1}s", self.0.as_secs_f64())
        } else {
            write!(f, "{}ms", self.0.as_millis())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Articles, LatencyRange};

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
        assert_eq!(client.summarize(&article), ai::summarize(&article));
        assert_eq!(client.sentiment(&article), ai::sentiment(&article));
        assert_eq!(client.keywords(&article), ai::keywords(&article));
    }

    #[test]
    fn recorded_call_lasts_at_least_its_latency() {
        let w = workload(1, LatencyRange::from_millis(2, 4).unwrap());
        let article = w.articles().next().unwrap();
        let client = LlmClient::builder(w).record_calls(1).build();
        client.summarize(&article);
        let call = client.calls()[0];
        assert_eq!((call.article, call.task), (0, Task::Summarize));
        assert!(call.end - call.start >= w.latency(0, Task::Summarize));
    }

    #[test]
    fn gauge_counts_calls_in_flight_across_threads() {
        let w = workload(3, LatencyRange::ZERO);
        let client = LlmClient::builder(w)
            .rendezvous(3, Duration::from_secs(10))
            .build();
        thread::scope(|scope| {
            for article in w.articles() {
                let client = &client;
                scope.spawn(move || client.summarize(&article));
            }
        });
        let stats = client.stats();
        assert_eq!(
            stats.peak_in_flight, 3,
            "the rendezvous holds all three calls at once"
        );
        assert_eq!((stats.in_flight, stats.calls_completed), (0, 3));
        assert_eq!(stats.threads.len(), 3);
    }

    #[test]
    fn panicking_call_names_its_article_and_leaves_the_gauge() {
        let w = workload(5, LatencyRange::ZERO);
        let article = Article::generate(w.seed, 4);
        let client = LlmClient::builder(w).panic_on(4).build();
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
                        client.summarize(&article);
                        client.sentiment(&article);
                    }
                })
                .unwrap();
        });
        let loads = client.stats().threads;
        assert_eq!(
            loads,
            [ThreadLoad {
                name: "worker-1".into(),
                articles: 2
            }]
        );
    }

    #[test]
    fn held_back_article_starts_after_the_others_end() {
        let w = workload(3, LatencyRange::ZERO);
        let client = LlmClient::builder(w)
            .record_calls(3)
            .hold_back(0, Duration::from_secs(10))
            .build();
        thread::scope(|scope| {
            for article in w.articles() {
                let client = &client;
                scope.spawn(move || crate::analyze(&article, client));
            }
        });
        let calls = client.calls();
        let held_start = calls
            .iter()
            .filter(|c| c.article == 0)
            .map(|c| c.start)
            .min();
        let others_end = calls.iter().filter(|c| c.article != 0).map(|c| c.end).max();
        assert!(held_start >= others_end, "{calls:#?}");
    }

    #[test]
    fn latency_prints_like_the_series() {
        assert_eq!(Seconds(Duration::from_millis(1234)).to_string(), "1.2s");
        assert_eq!(Seconds(Duration::from_millis(45)).to_string(), "45ms");
    }
}
