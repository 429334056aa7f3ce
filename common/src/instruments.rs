//! What the client measures while the parts run, for the report: calls in
//! flight now and at peak, which OS threads made calls (and how many
//! articles each started), refused calls, articles done, and (when asked)
//! each call's start and end for the timeline. What only a test reads (how
//! far the input was read ahead, which threads are still alive, which calls
//! panicked, whether the waits overlapped, when anything last happened) is
//! measured by the tests' own observer, in `common::testing`.
//!
//! The instruments use std's atomics and locks, never the [`crate::sync`]
//! shim: they observe a part, they are not part of its design, and loom has
//! no reason to explore them.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Instant;

use crate::workload::Task;

/// One call, for the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallRecord {
    /// Which article the call was for.
    pub article: usize,
    /// Which of the three calls it was.
    pub task: Task,
    /// When the call began to "think" (after a test's observer let it through).
    pub start: Instant,
    /// When it completed, or was cut.
    pub end: Instant,
    /// Whether the provider refused it (`--rate-limit`): it took no time.
    pub refused: bool,
    /// Whether the article's deadline cut it, at `end`, before its answer.
    pub cut: bool,
    /// Whether the run's stop cut it, at `end`, before its answer.
    pub stopped: bool,
}

/// A snapshot of what the instruments measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Calls that have started.
    pub calls_started: u64,
    /// Calls that have completed.
    pub calls_completed: u64,
    /// Calls the provider refused, over its rate limit (see `--rate-limit`).
    pub calls_refused: u64,
    /// Calls cut by their article's deadline before their answer came.
    pub calls_timed_out: u64,
    /// Calls cut by the run's stop before their answer came.
    pub calls_cancelled: u64,
    /// Articles finished: all three calls answered, or ended by a call that
    /// gave no answer (counted by [`crate::analyze_by`]).
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

/// The gauges and records of one client.
#[derive(Debug)]
pub struct Instruments {
    /// Tells this client's thread counters from another's in the thread-local cache.
    id: u64,
    record_below: usize,
    gauges: Gauges,
    calls: Mutex<Vec<CallRecord>>,
    threads: Mutex<Vec<Arc<ThreadCounter>>>,
}

/// The counters every call updates, on cache lines of their own: were the
/// client's other fields, which every call reads, on the same line, each
/// update by one thread would evict them from the others' caches.
#[derive(Debug, Default)]
#[repr(align(128))]
struct Gauges {
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    calls_started: AtomicU64,
    calls_completed: AtomicU64,
    calls_refused: AtomicU64,
    calls_timed_out: AtomicU64,
    calls_cancelled: AtomicU64,
    articles_done: AtomicU64,
}

#[derive(Debug)]
struct ThreadCounter {
    name: String,
    articles: AtomicUsize,
}

/// A thread's entry in its thread-local cache.
struct Registration {
    instruments: u64,
    counter: Arc<ThreadCounter>,
}

impl Instruments {
    /// Instruments that record the calls of articles `0..record_below`.
    pub(crate) fn new(record_below: usize) -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Instruments {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            record_below,
            gauges: Gauges::default(),
            calls: Mutex::new(Vec::new()),
            threads: Mutex::new(Vec::new()),
        }
    }

    /// Counts a call that starts now, on the current thread; it stays in
    /// flight until the returned guard is dropped, even by a panic.
    pub(crate) fn enter(&self, task: Task) -> InFlight<'_> {
        self.count_thread(task);
        self.gauges.calls_started.fetch_add(1, Ordering::SeqCst);
        let now = self.gauges.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        // A read first: the peak rarely moves, and a write on every call
        // would be one more the threads contend for.
        if now > self.gauges.peak_in_flight.load(Ordering::SeqCst) {
            self.gauges.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        }
        InFlight(self)
    }

    /// Counts a call the provider refused, at once, and records it if its
    /// article is drawn.
    pub(crate) fn refused(&self, article: usize, task: Task) {
        self.count_thread(task);
        self.gauges.calls_refused.fetch_add(1, Ordering::SeqCst);
        if article < self.record_below {
            let now = Instant::now();
            lock(&self.calls).push(CallRecord {
                article,
                task,
                start: now,
                end: now,
                refused: true,
                cut: false,
                stopped: false,
            });
        }
    }

    /// Counts a call that ended, answered or cut by its deadline or the
    /// stop, and records it if its article is drawn.
    pub(crate) fn completed(&self, call: CallRecord) {
        if call.article < self.record_below {
            lock(&self.calls).push(call);
        }
        let count = if call.cut {
            &self.gauges.calls_timed_out
        } else if call.stopped {
            &self.gauges.calls_cancelled
        } else {
            &self.gauges.calls_completed
        };
        count.fetch_add(1, Ordering::SeqCst);
    }

    /// Counts an article finished: answered, or ended by a refusal.
    pub(crate) fn article_done(&self) {
        self.gauges.articles_done.fetch_add(1, Ordering::SeqCst);
    }

    /// Calls in flight right now.
    pub fn in_flight(&self) -> usize {
        self.gauges.in_flight.load(Ordering::SeqCst)
    }

    /// Articles done so far.
    pub fn articles_done(&self) -> u64 {
        self.gauges.articles_done.load(Ordering::SeqCst)
    }

    /// What has been measured so far.
    pub fn stats(&self) -> Stats {
        Stats {
            calls_started: self.gauges.calls_started.load(Ordering::SeqCst),
            calls_completed: self.gauges.calls_completed.load(Ordering::SeqCst),
            calls_refused: self.gauges.calls_refused.load(Ordering::SeqCst),
            calls_timed_out: self.gauges.calls_timed_out.load(Ordering::SeqCst),
            calls_cancelled: self.gauges.calls_cancelled.load(Ordering::SeqCst),
            articles_done: self.articles_done(),
            in_flight: self.in_flight(),
            peak_in_flight: self.gauges.peak_in_flight.load(Ordering::SeqCst),
            threads: lock(&self.threads)
                .iter()
                .map(|thread| ThreadLoad {
                    name: thread.name.clone(),
                    articles: thread.articles.load(Ordering::Relaxed),
                })
                .collect(),
        }
    }

    /// The recorded calls, by start time.
    pub fn calls(&self) -> Vec<CallRecord> {
        let mut calls = lock(&self.calls).clone();
        calls.sort_by_key(|call| call.start);
        calls
    }

    /// Registers the calling thread the first time it calls this client, and
    /// counts the article it starts with its first task. A thread-local cache
    /// keeps the shared list off the hot path: one lock per thread, not per call.
    fn count_thread(&self, task: Task) {
        thread_local! {
            static CURRENT: RefCell<Option<Registration>> = const { RefCell::new(None) };
        }
        CURRENT.with(|current| {
            let mut current = current.borrow_mut();
            let counter = match &*current {
                Some(registration) if registration.instruments == self.id => &registration.counter,
                _ => {
                    let counter = Arc::new(ThreadCounter {
                        name: thread::current().name().unwrap_or("unnamed").to_owned(),
                        articles: AtomicUsize::new(0),
                    });
                    lock(&self.threads).push(Arc::clone(&counter));
                    let registration = Registration {
                        instruments: self.id,
                        counter,
                    };
                    &current.insert(registration).counter
                }
            };
            if task == Task::ALL[0] {
                counter.articles.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
}

/// Counts a call in flight for as long as it lives, even when a panic
/// ends it.
#[derive(Debug)]
pub(crate) struct InFlight<'a>(&'a Instruments);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.gauges.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned instrument still holds valid counts: a panicking call is
    // something the parts are tested with, not a reason to lose the stats.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
