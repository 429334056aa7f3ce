//! Test hooks in the client (feature `testing`): points where a test makes
//! calls wait, so that a claim about concurrency is decided by what the
//! instruments count, not by how threads happen to be scheduled.
//!
//! - A **rendezvous** holds every call until `n` calls are in flight at once:
//!   a part that can reach `n` concurrent calls does, whatever the scheduling.
//! - A **hold-back** keeps one article's first call waiting until every
//!   other article is done and every other thread that made calls has
//!   exited, so that article's result is delivered after all the others:
//!   a thread pushes or sends its result before it exits.
//!
//! Both give up after a timeout, so a part that cannot reach the condition
//! makes a test fail, never hang.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::instruments::Instruments;
use crate::workload::{Task, Workload};

/// The hooks of one client, given to it with `LlmClientBuilder::hooks`;
/// none by default.
#[derive(Debug, Default)]
pub struct Hooks {
    rendezvous: Option<Gate>,
    hold_back: Option<(usize, Gate)>,
}

impl Hooks {
    /// Every call waits until `calls` calls are in flight at once; then all
    /// proceed and the client never waits again. After `timeout` it gives up
    /// and lets every call through.
    pub fn rendezvous(mut self, calls: usize, timeout: Duration) -> Self {
        self.rendezvous = Some(Gate::new(calls, timeout));
        self
    }

    /// Article `id`'s first call waits until every other article is done and
    /// every other thread that made calls has exited, so its result comes
    /// last wherever the others can run without it. After `timeout` it goes
    /// ahead anyway.
    pub fn hold_back(mut self, id: usize, timeout: Duration) -> Self {
        self.hold_back = Some((id, Gate::new(0, timeout)));
        self
    }

    /// Called by every call, once it counts as in flight.
    pub(crate) fn before_call(
        &self,
        instruments: &Instruments,
        workload: &Workload,
        article: usize,
        task: Task,
    ) {
        if let Some(rendezvous) = &self.rendezvous {
            rendezvous.open_or_wait(|| instruments.in_flight());
        }
        if let Some((held, gate)) = &self.hold_back
            && *held == article
            && task == Task::ALL[0]
        {
            let others = workload.articles.saturating_sub(1) as u64;
            gate.wait_until(|| {
                instruments.articles_done() >= others && instruments.threads_alive() <= 1
            });
        }
    }

    /// Whether a gate gave up waiting: its condition never came.
    #[cfg(test)]
    pub(crate) fn gave_up(&self) -> bool {
        let gates = self
            .rendezvous
            .iter()
            .chain(self.hold_back.iter().map(|(_, gate)| gate));
        gates
            .into_iter()
            .any(|gate| gate.gave_up.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// Called when an article is done: the held-back article may go.
    pub(crate) fn article_done(&self) {
        if let Some((_, gate)) = &self.hold_back {
            gate.notify();
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
    gave_up: std::sync::atomic::AtomicBool,
}

impl Gate {
    fn new(target: usize, timeout: Duration) -> Self {
        Gate {
            target,
            timeout,
            open: Mutex::new(false),
            changed: Condvar::new(),
            gave_up: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Opens for good once `count()` reaches the target, or the timeout passes.
    fn open_or_wait(&self, count: impl Fn() -> usize) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if !*open && count() < self.target {
            let (reopened, waited) = self
                .changed
                .wait_timeout_while(open, self.timeout, |open| !*open)
                .unwrap_or_else(PoisonError::into_inner);
            open = reopened;
            if waited.timed_out() {
                self.gave_up
                    .store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        // Reached by the last arrival, or timed out: either way, stop waiting.
        *open = true;
        self.changed.notify_all();
    }

    /// Waits until `ready()`, or the timeout. `ready` is checked at every
    /// notification and every millisecond: a thread's exit notifies nobody.
    fn wait_until(&self, ready: impl Fn() -> bool) {
        let deadline = Instant::now() + self.timeout;
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        while !ready() && Instant::now() < deadline {
            open = self
                .changed
                .wait_timeout(open, Duration::from_millis(1))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        if !ready() {
            self.gave_up
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn notify(&self) {
        // Taking the lock orders this notification after a waiter's check.
        drop(self.open.lock().unwrap_or_else(PoisonError::into_inner));
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::thread;

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
        let client = LlmClient::builder(w)
            .hooks(Hooks::default().rendezvous(3, Duration::from_secs(10)))
            .build();
        thread::scope(|scope| {
            for article in w.articles() {
                let client = &client;
                scope.spawn(move || client.summarize(&article).unwrap());
            }
        });
        let stats = client.stats();
        assert_eq!(stats.peak_in_flight, 3, "all three calls at once");
        assert!(!client.hooks().gave_up(), "the rendezvous opened by itself");
        assert_eq!((stats.in_flight, stats.calls_completed), (0, 3));
        assert_eq!(stats.threads.len(), 3);
    }

    #[test]
    fn held_back_article_starts_after_the_others_end() {
        let w = workload(3);
        let client = LlmClient::builder(w)
            .record_calls(3)
            .hooks(Hooks::default().hold_back(0, Duration::from_secs(10)))
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
        assert!(!client.hooks().gave_up(), "the hold-back let go by itself");
    }

    #[test]
    fn held_back_result_is_delivered_after_the_others() {
        let w = workload(4);
        let client = LlmClient::builder(w)
            .hooks(Hooks::default().hold_back(0, Duration::from_secs(10)))
            .build();
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
        assert!(!client.hooks().gave_up(), "the hold-back let go by itself");
    }
}
