//! The tests' observer of the client (plugged in with
//! `LlmClientBuilder::observer`): what only a test needs to see, and the
//! points where a test makes calls wait, so that a claim about concurrency
//! is decided by what is counted, not by how threads happen to be scheduled.
//!
//! What it sees:
//! - **read-ahead**: how many articles were taken from the input but not
//!   yet started, at most: what a part's queues hold;
//! - **threads alive**: which threads that made calls are still running;
//! - **progress**: when an article was last taken, a call last started or
//!   ended, an article last finished, so that a run which can no longer
//!   make progress is told from one that is slow.
//!
//! Where it makes calls wait:
//! - a **rendezvous** holds every call until `n` calls are in flight at once:
//!   a part that can reach `n` concurrent calls does, whatever the scheduling;
//!   and then holds each call's wait until `n` calls are waiting at once, so
//!   that calls counted in flight together are seen to wait together (a
//!   client that serialized its waits would not get there);
//! - a **hold-back** keeps one article's first call waiting until every
//!   other article is done and every other thread that made calls has
//!   exited, so that article's result is delivered after all the others:
//!   a thread pushes or sends its result before it exits.
//!
//! Both give up after a timeout, or sooner, once nothing has happened for
//! [`QUIET`] (no article taken, no call started or ended): a part that cannot
//! reach the condition makes a test fail, never hang, and fail in a second.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use super::deadline::DEADLINE_RUNNER;
use crate::client::{Observer, Waited};
use crate::instruments::Instruments;
use crate::sync::channel::{Receiver, Sender};
use crate::workload::Task;

/// How long nothing may happen before a gate stops waiting for what a
/// correct part would have done by then.
pub(crate) const QUIET: Duration = Duration::from_secs(1);

/// The tests' observer of one client; see the module's documentation.
#[derive(Debug)]
pub struct Probe {
    /// Tells this probe's threads from another's in the thread-local cache.
    id: u64,
    taken: AtomicUsize,
    admitted: AtomicU64,
    waited: AtomicU64,
    started: AtomicUsize,
    most_read_ahead: AtomicUsize,
    threads: Mutex<Vec<Arc<AtomicBool>>>,
    /// When the probe was made, and when anything last happened, since then.
    epoch: Instant,
    last_progress: AtomicU64,
    rendezvous: Option<Gate>,
    /// With a rendezvous: the waits meet too.
    waits_meet: Option<Gate>,
    waiting: AtomicUsize,
    most_waiting: AtomicUsize,
    hold_back: Option<HoldBack>,
    /// Articles whose first call panics, as a failing LLM's would.
    panic_on: Vec<usize>,
    /// The names of the threads that took from the input.
    takers: Mutex<Vec<String>>,
    /// Whether every call should come with its article's deadline: one
    /// that comes without is counted, and answered at once instead of
    /// holding its thread for its whole latency.
    expect_deadlines: bool,
    without_deadline: AtomicU64,
    with_deadline: AtomicU64,
    /// The run's stop, dropped by the probe at a chosen point.
    stopper: Option<Stopper>,
}

/// When a probe stops the run ([`Probe::stopping`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopAt {
    /// As the `n`th call (from 1) begins to wait: that call is cut.
    Wait(u64),
    /// Once `n` articles are done (all of them: after the last).
    Done(u64),
}

/// The stop a probe holds, and what it saw around it.
#[derive(Debug)]
struct Stopper {
    sender: Mutex<Option<Sender<()>>>,
    at: StopAt,
    when: OnceLock<Instant>,
    /// Calls admitted once the stop had come.
    admitted_after: AtomicU64,
    /// Before stopping at a wait: let the feeder fill a job channel of this
    /// capacity first (up to [`QUIET`]), so that the stop finds jobs queued.
    fill: Option<(usize, usize)>,
    /// The wait that stops is held until every article was taken from the
    /// input, so that its worker takes no job meanwhile (up to [`QUIET`]).
    hold_until_all_taken: Option<usize>,
    held_gave_up: AtomicBool,
    /// Articles taken from the input when the hold gave up.
    taken_when_held: AtomicUsize,
    /// The first call to wait waits this long instead of its latency.
    first_wait: Option<Duration>,
}
#[derive(Debug)]
struct HoldBack {
    article: usize,
    others: u64,
    gate: Gate,
    /// Whether the held article's first call has arrived.
    arrived: AtomicBool,
}

/// What a probe saw, beside what the client's instruments measure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Seen {
    /// Articles, or ids, taken from the client's input stream.
    pub taken: usize,
    /// The most articles that were taken from the input but not yet started:
    /// how far a part read ahead of its work, which is what its queues hold.
    pub most_read_ahead: usize,
    /// Threads that made calls and are still running (they have not exited,
    /// nor called another probed client since).
    pub threads_alive: usize,
    /// Calls that panicked (`--panic-on`): let through, and never waited.
    pub calls_panicked: u64,
    /// The most calls that were waiting for their answers at the same moment.
    pub most_waiting: usize,
    /// The threads that took from the input (the feeder, where there is one),
    /// by name.
    pub takers: Vec<String>,
    /// Whether the hold-back gave up: the other articles could not finish
    /// while the held one waited.
    pub held_back_gave_up: bool,
    /// Calls that waited with no deadline, where one was expected
    /// ([`Probe::expecting_deadlines`]).
    pub calls_without_deadline: u64,
    /// Calls that waited with a deadline.
    pub calls_with_deadline: u64,
    /// When the probe stopped the run, if it did.
    pub stopped_at: Option<Instant>,
    /// Calls admitted after the stop.
    pub calls_after_the_stop: u64,
    /// Whether the wait held after the stop gave up: the input was not all
    /// taken while no worker took a job.
    pub held_after_the_stop_gave_up: bool,
    /// How many articles had been taken from the input when it gave up.
    pub taken_when_the_hold_gave_up: usize,
}

impl Default for Probe {
    fn default() -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Probe {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            taken: AtomicUsize::new(0),
            admitted: AtomicU64::new(0),
            waited: AtomicU64::new(0),
            started: AtomicUsize::new(0),
            most_read_ahead: AtomicUsize::new(0),
            threads: Mutex::new(Vec::new()),
            epoch: Instant::now(),
            last_progress: AtomicU64::new(0),
            rendezvous: None,
            waits_meet: None,
            waiting: AtomicUsize::new(0),
            most_waiting: AtomicUsize::new(0),
            hold_back: None,
            panic_on: Vec::new(),
            takers: Mutex::new(Vec::new()),
            expect_deadlines: false,
            without_deadline: AtomicU64::new(0),
            with_deadline: AtomicU64::new(0),
            stopper: None,
        }
    }
}

impl Probe {
    /// Every call waits until `calls` calls are in flight at once; then all
    /// proceed and the client never waits again. After `timeout` it gives up
    /// and lets every call through.
    pub fn rendezvous(mut self, calls: usize, timeout: Duration) -> Self {
        self.rendezvous = Some(Gate::new(calls, timeout));
        self.waits_meet = Some(Gate::new(calls, timeout));
        self
    }

    /// Article `article`'s first call, of `articles`, waits until every
    /// other article is done and every other thread that made calls has
    /// exited, so its result comes last wherever the others can run without
    /// it. After `timeout` it goes ahead anyway.
    pub(crate) fn hold_back(mut self, article: usize, articles: usize, timeout: Duration) -> Self {
        self.hold_back = Some(HoldBack {
            article,
            others: articles.saturating_sub(1) as u64,
            gate: Gate::new(0, timeout),
            arrived: AtomicBool::new(false),
        });
        self
    }

    /// Every call is expected to wait with its article's deadline: one that
    /// waits with none is counted ([`Seen::calls_without_deadline`]) and
    /// answered at once, so that a part which drops the deadline fails its
    /// claim in a moment instead of holding a thread for a long hang.
    pub(crate) fn expecting_deadlines(mut self) -> Self {
        self.expect_deadlines = true;
        self
    }

    /// Drops `stop_tx`, the run's only stop sender, `at` that point of the
    /// run: the part's stop comes then, from inside the run, whatever the
    /// scheduling.
    pub(crate) fn stopping(mut self, stop_tx: Sender<()>, at: StopAt) -> Self {
        let stopper = self.stopper();
        *lock(&stopper.sender) = Some(stop_tx);
        stopper.at = at;
        self
    }

    /// Before stopping at a wait, lets the feeder fill a job channel of
    /// `capacity` from the input of `articles` (up to [`QUIET`]).
    pub(crate) fn filling(mut self, capacity: usize, articles: usize) -> Self {
        self.stopper().fill = Some((capacity, articles));
        self
    }

    /// Holds the wait that stops until all of `articles` were taken from
    /// the input (up to [`QUIET`]).
    pub(crate) fn holding_until_all_taken(mut self, articles: usize) -> Self {
        self.stopper().hold_until_all_taken = Some(articles);
        self
    }

    /// The first call to wait waits `hang` instead of its latency.
    pub(crate) fn first_wait_hangs(mut self, hang: Duration) -> Self {
        self.stopper().first_wait = Some(hang);
        self
    }

    fn stopper(&mut self) -> &mut Stopper {
        self.stopper.get_or_insert_with(|| Stopper {
            sender: Mutex::new(None),
            // No call is the 0th: no stop until one is set.
            at: StopAt::Wait(0),
            when: OnceLock::new(),
            admitted_after: AtomicU64::new(0),
            fill: None,
            hold_until_all_taken: None,
            held_gave_up: AtomicBool::new(false),
            taken_when_held: AtomicUsize::new(0),
            first_wait: None,
        })
    }

    /// Drops the stop's sender, once, and notes when.
    fn stop_now(&self, stopper: &Stopper) {
        let sender = lock(&stopper.sender).take();
        if let Some(stop_tx) = sender {
            let _ = stopper.when.set(Instant::now());
            drop(stop_tx);
        }
    }

    /// Waits until `ready()`, for at most [`QUIET`]; whether it came.
    fn poll_until(ready: impl Fn() -> bool) -> bool {
        let started = Instant::now();
        while !ready() {
            if started.elapsed() >= QUIET {
                return false;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        true
    }

    /// The first call of each of `articles` panics, as the client's
    /// `panic_on` does for one article.
    pub(crate) fn panic_on(mut self, articles: &[usize]) -> Self {
        self.panic_on = articles.to_vec();
        self
    }

    /// Before a call panics: waits until the held-back article's call is in
    /// flight, so that a part which returns at the panic returns while it
    /// is; gives up once nothing has happened for 100 ms (a pool whose only
    /// worker is the one about to panic never reaches it), or after a second.
    fn await_the_held_article(&self) {
        let Some(held) = &self.hold_back else {
            return;
        };
        let started = Instant::now();
        while !held.arrived.load(Ordering::SeqCst)
            && self.quiet_for() < Duration::from_millis(100)
            && started.elapsed() < Duration::from_secs(1)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// What this probe has seen so far.
    pub(crate) fn seen(&self) -> Seen {
        Seen {
            taken: self.taken.load(Ordering::SeqCst),
            most_read_ahead: self.most_read_ahead.load(Ordering::SeqCst),
            threads_alive: self.threads_alive(),
            // Every call that leaves `admitted` either panics (`--panic-on`)
            // or waits at once.
            calls_panicked: self
                .admitted
                .load(Ordering::SeqCst)
                .saturating_sub(self.waited.load(Ordering::SeqCst)),
            most_waiting: self.most_waiting.load(Ordering::SeqCst),
            takers: lock(&self.takers).clone(),
            held_back_gave_up: self
                .hold_back
                .as_ref()
                .is_some_and(|held| held.gate.gave_up.load(Ordering::SeqCst)),
            calls_without_deadline: self.without_deadline.load(Ordering::SeqCst),
            calls_with_deadline: self.with_deadline.load(Ordering::SeqCst),
            stopped_at: self
                .stopper
                .as_ref()
                .and_then(|stopper| stopper.when.get().copied()),
            calls_after_the_stop: self
                .stopper
                .as_ref()
                .map_or(0, |stopper| stopper.admitted_after.load(Ordering::SeqCst)),
            held_after_the_stop_gave_up: self
                .stopper
                .as_ref()
                .is_some_and(|stopper| stopper.held_gave_up.load(Ordering::SeqCst)),
            taken_when_the_hold_gave_up: self
                .stopper
                .as_ref()
                .map_or(0, |stopper| stopper.taken_when_held.load(Ordering::SeqCst)),
        }
    }

    /// Marks progress now: something happened that a stalled run cannot do.
    pub(crate) fn progress(&self) {
        let now = u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.last_progress.fetch_max(now, Ordering::SeqCst);
    }

    /// How long nothing has happened: no article taken, no call started or
    /// ended, no article finished.
    pub(crate) fn quiet_for(&self) -> Duration {
        let last = Duration::from_nanos(self.last_progress.load(Ordering::SeqCst));
        self.epoch.elapsed().saturating_sub(last)
    }

    fn threads_alive(&self) -> usize {
        lock(&self.threads)
            .iter()
            .filter(|alive| alive.load(Ordering::SeqCst))
            .count()
    }

    /// Whether a gate gave up waiting: its condition never came.
    #[cfg(test)]
    fn gave_up(&self) -> bool {
        let gates = self
            .rendezvous
            .iter()
            .chain(self.hold_back.iter().map(|held| &held.gate));
        gates
            .into_iter()
            .any(|gate| gate.gave_up.load(Ordering::SeqCst))
    }

    /// A call arrives: its thread is alive, and an article's first call
    /// starts the article, which is no longer read ahead.
    fn arrive(&self, task: Task) {
        self.register_thread();
        if task == Task::ALL[0] {
            let started = self.started.fetch_add(1, Ordering::SeqCst) + 1;
            let taken = self.taken.load(Ordering::SeqCst);
            self.most_read_ahead
                .fetch_max(taken.saturating_sub(started), Ordering::SeqCst);
        }
    }

    /// Marks the calling thread alive until it exits (or calls another
    /// probed client): a thread-local's destructor runs when its thread ends.
    fn register_thread(&self) {
        thread_local! {
            static CURRENT: RefCell<Option<Registration>> = const { RefCell::new(None) };
        }
        CURRENT.with(|current| {
            let mut current = current.borrow_mut();
            if current.as_ref().is_some_and(|seen| seen.probe == self.id) {
                return;
            }
            let alive = Arc::new(AtomicBool::new(true));
            lock(&self.threads).push(Arc::clone(&alive));
            *current = Some(Registration {
                probe: self.id,
                alive,
            });
        });
    }
}

/// A thread's entry in its thread-local cache; dropped when the thread
/// exits (or calls another probed client), which marks the thread as gone.
struct Registration {
    probe: u64,
    alive: Arc<AtomicBool>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.alive.store(false, Ordering::SeqCst);
    }
}

impl Observer for Probe {
    fn taken(&self) {
        self.taken.fetch_add(1, Ordering::SeqCst);
        self.progress();
        let current = std::thread::current();
        let name = match current.name() {
            Some(DEADLINE_RUNNER) => "the thread that called process_all",
            Some(name) => name,
            None => "an unnamed thread",
        };
        let mut takers = lock(&self.takers);
        if !takers.iter().any(|taker| taker == name) {
            takers.push(name.to_owned());
        }
    }

    fn admitted(&self, article: usize, task: Task, instruments: &Instruments) {
        self.progress();
        self.arrive(task);
        if let Some(stopper) = &self.stopper
            && stopper.when.get().is_some()
        {
            stopper.admitted_after.fetch_add(1, Ordering::SeqCst);
        }
        if let Some(rendezvous) = &self.rendezvous {
            rendezvous.open_or_wait(|| instruments.in_flight(), || self.quiet_for());
        }
        if let Some(held) = &self.hold_back
            && held.article == article
            && task == Task::ALL[0]
        {
            held.arrived.store(true, Ordering::SeqCst);
            held.gate.wait_until(
                || instruments.articles_done() >= held.others && self.threads_alive() <= 1,
                || self.quiet_for(),
            );
        }
        self.admitted.fetch_add(1, Ordering::SeqCst);
        if task == Task::ALL[0] && self.panic_on.contains(&article) {
            self.await_the_held_article();
            panic!("simulated LLM failure on article {article} ({task})");
        }
    }

    fn wait(
        &self,
        latency: Duration,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Waited {
        let nth = self.waited.fetch_add(1, Ordering::SeqCst) + 1;
        let mut latency = latency;
        if let Some(stopper) = &self.stopper {
            if nth == 1
                && let Some(hang) = stopper.first_wait
            {
                latency = hang;
            }
            if stopper.at == StopAt::Wait(nth) {
                if let Some((capacity, articles)) = stopper.fill {
                    // Those started, a full channel, and one in the feeder's hand.
                    let full = (self.started.load(Ordering::SeqCst) + capacity + 1).min(articles);
                    Self::poll_until(|| self.taken.load(Ordering::SeqCst) >= full);
                }
                self.stop_now(stopper);
                if let Some(articles) = stopper.hold_until_all_taken
                    && !Self::poll_until(|| self.taken.load(Ordering::SeqCst) >= articles)
                {
                    let taken = self.taken.load(Ordering::SeqCst);
                    stopper.taken_when_held.store(taken, Ordering::SeqCst);
                    stopper.held_gave_up.store(true, Ordering::SeqCst);
                }
            }
        }
        let now = self.waiting.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_waiting.fetch_max(now, Ordering::SeqCst);
        if let Some(meet) = &self.waits_meet {
            meet.open_or_wait(|| self.waiting.load(Ordering::SeqCst), || self.quiet_for());
        }
        if deadline.is_some() {
            self.with_deadline.fetch_add(1, Ordering::SeqCst);
        }
        let waited = if self.expect_deadlines && deadline.is_none() {
            self.without_deadline.fetch_add(1, Ordering::SeqCst);
            Waited::Answered
        } else {
            crate::client::wait(latency, deadline, stop)
        };
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        self.progress();
        waited
    }

    fn refused(&self, _article: usize, task: Task) {
        self.progress();
        self.arrive(task);
    }

    fn article_done(&self, instruments: &Instruments) {
        self.progress();
        if let Some(stopper) = &self.stopper
            && let StopAt::Done(articles) = stopper.at
            && instruments.articles_done() >= articles
        {
            self.stop_now(stopper);
        }
        if let Some(held) = &self.hold_back {
            held.gate.notify();
        }
    }
}

/// A condition to wait for, with a deadline.
#[derive(Debug)]
struct Gate {
    target: usize,
    timeout: Duration,
    open: Mutex<bool>,
    changed: Condvar,
    gave_up: AtomicBool,
}

impl Gate {
    fn new(target: usize, timeout: Duration) -> Self {
        Gate {
            target,
            timeout,
            open: Mutex::new(false),
            changed: Condvar::new(),
            gave_up: AtomicBool::new(false),
        }
    }

    /// Opens for good once `count()` reaches the target; gives up when the
    /// timeout passes or nothing has happened for [`QUIET`] (`quiet()`).
    fn open_or_wait(&self, count: impl Fn() -> usize, quiet: impl Fn() -> Duration) {
        let deadline = Instant::now() + self.timeout;
        let mut open = lock(&self.open);
        while !*open && count() < self.target {
            if Instant::now() >= deadline || quiet() >= QUIET {
                self.gave_up.store(true, Ordering::SeqCst);
                break;
            }
            open = self
                .changed
                .wait_timeout(open, Duration::from_millis(10))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        // Reached by the last arrival, or given up: either way, stop waiting.
        *open = true;
        self.changed.notify_all();
    }

    /// Waits until `ready()`; gives up when the timeout passes or nothing
    /// has happened for [`QUIET`] (`quiet()`). `ready` is checked at every
    /// notification and every millisecond: a thread's exit notifies nobody.
    fn wait_until(&self, ready: impl Fn() -> bool, quiet: impl Fn() -> Duration) {
        let deadline = Instant::now() + self.timeout;
        let mut open = lock(&self.open);
        while !ready() && Instant::now() < deadline && quiet() < QUIET {
            open = self
                .changed
                .wait_timeout(open, Duration::from_millis(1))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        if !ready() {
            self.gave_up.store(true, Ordering::SeqCst);
        }
    }

    fn notify(&self) {
        // Taking the lock orders this notification after a waiter's check.
        drop(lock(&self.open));
        self.changed.notify_all();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panicking call is something the parts are tested with, not a reason
    // to lose what the probe saw.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::thread;

    use crate::workload::Workload;
    use crate::{LatencyRange, LlmClient};

    use super::*;

    fn workload(articles: usize) -> Workload {
        Workload {
            seed: 9,
            articles,
            latency: LatencyRange::ZERO,
        }
    }

    #[test]
    fn rendezvous_holds_calls_until_all_are_in_flight() {
        let w = workload(3);
        let probe = Arc::new(Probe::default().rendezvous(3, Duration::from_secs(10)));
        let client = LlmClient::builder(w).observer(probe.clone()).build();
        thread::scope(|scope| {
            for article in w.articles() {
                let client = &client;
                scope.spawn(move || client.summarize(&article, None, None).unwrap());
            }
        });
        let stats = client.stats();
        assert_eq!(stats.peak_in_flight, 3, "all three calls at once");
        assert!(!probe.gave_up(), "the rendezvous opened by itself");
        assert_eq!((stats.in_flight, stats.calls_completed), (0, 3));
        assert_eq!(stats.threads.len(), 3);
    }

    #[test]
    fn held_back_article_starts_after_the_others_end() {
        let w = workload(3);
        let probe = Arc::new(Probe::default().hold_back(0, 3, Duration::from_secs(10)));
        let client = LlmClient::builder(w)
            .record_calls(3)
            .observer(probe.clone())
            .build();
        thread::scope(|scope| {
            for article in w.articles() {
                let client = &client;
                scope.spawn(move || crate::analyze(&article, client));
            }
        });
        let calls = client.instruments().calls();
        let held_start = calls
            .iter()
            .filter(|c| c.article == 0)
            .map(|c| c.start)
            .min();
        let others_end = calls.iter().filter(|c| c.article != 0).map(|c| c.end).max();
        assert!(held_start >= others_end, "{calls:#?}");
        assert!(!probe.gave_up(), "the hold-back let go by itself");
    }

    #[test]
    fn held_back_result_is_delivered_after_the_others() {
        let w = workload(4);
        let probe = Arc::new(Probe::default().hold_back(0, 4, Duration::from_secs(10)));
        let client = LlmClient::builder(w).observer(probe.clone()).build();
        let delivered = Mutex::new(Vec::new());
        thread::scope(|scope| {
            for article in w.articles() {
                let (client, delivered) = (&client, &delivered);
                scope.spawn(move || {
                    let result = crate::analyze(&article, client);
                    delivered.lock().unwrap().push(result.article_id);
                });
            }
        });
        assert_eq!(delivered.into_inner().unwrap().last(), Some(&0));
        assert!(!probe.gave_up(), "the hold-back let go by itself");
    }

    #[test]
    fn the_probe_sees_the_read_ahead_and_the_threads_alive() {
        let w = workload(6);
        let probe = Arc::new(Probe::default());
        let client = LlmClient::builder(w).observer(probe.clone()).build();
        let mut articles = client.articles();
        let taken: Vec<_> = articles.by_ref().take(4).collect();
        assert_eq!(probe.seen().taken, 4);
        let client = Arc::new(client);
        let (shared, first) = (Arc::clone(&client), taken[0].clone());
        // `join`, not a scope: a scope may end before its threads' thread-locals
        // are dropped, and the probe sees a thread exit through them.
        thread::spawn(move || shared.summarize(&first, None, None).unwrap())
            .join()
            .unwrap();
        client.summarize(&taken[1], None, None).unwrap();
        let seen = probe.seen();
        assert_eq!(seen.most_read_ahead, 3, "4 taken, 1 started");
        assert_eq!(
            seen.threads_alive, 1,
            "the spawned thread has exited; this one is alive"
        );
        assert_eq!(articles.ids().count(), 2);
        assert_eq!(probe.seen().taken, 6, "ids count as taken");
    }

    #[test]
    fn a_call_that_panics_is_counted_and_one_that_is_held_is_not() {
        let w = workload(2);
        let probe = Arc::new(Probe::default().hold_back(1, 2, Duration::from_millis(200)));
        let client = LlmClient::builder(w)
            .panic_on(Some(0))
            .observer(probe.clone())
            .build();
        let mut articles = w.articles();
        let (first, second) = (articles.next().unwrap(), articles.next().unwrap());
        thread::scope(|scope| {
            // Held back until article 0 is done, which it never is: 200 ms.
            let held = scope.spawn(|| client.summarize(&second, None, None));
            while probe.seen().threads_alive < 1 {
                thread::yield_now();
            }
            assert_eq!(
                probe.seen().calls_panicked,
                0,
                "a held call has not panicked"
            );
            let panic = std::panic::catch_unwind(|| client.summarize(&first, None, None));
            assert!(panic.is_err());
            assert_eq!(probe.seen().calls_panicked, 1);
            held.join().unwrap().unwrap();
        });
        assert_eq!(
            probe.seen().calls_panicked,
            1,
            "the held call, let go, waited"
        );
    }
}
