//! A model of crossbeam-channel for loom: a queue behind a loom `Mutex`, with
//! a `Condvar` for waiting. Like crossbeam, it disconnects when the last
//! `Sender` or the last `Receiver` is dropped, which loom's own `mpsc` does
//! not report to a waiting receiver. It has the part of crossbeam's API the
//! parts use.
//!
//! It also keeps, outside the model, which thread waits where: when loom
//! reports a deadlock, [`waiting`] names each blocked thread (`worker-1`,
//! `feeder`, or the thread that called `process_all`) and the part's own
//! line where it waits, which loom's report gives as `Id(n)` and a line of
//! this file.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};
// std's Arc, not loom's: the halves' reference counting is not what is
// under test, and loom's Arc cannot be dropped while unwinding from a
// deadlock loom has reported.
use std::sync::Arc;

pub use crossbeam_channel::{RecvError, SendError};
use loom::sync::{Condvar, Mutex, MutexGuard};

/// A thread blocked in the model: its name, the operation, and the part's
/// line that called it.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// The thread's name, or the thread that called `process_all`.
    pub thread: String,
    /// `send` or `recv`.
    pub operation: &'static str,
    /// Where the part called it.
    pub at: &'static Location<'static>,
}

thread_local! {
    // loom runs every modelled thread on the test's own OS thread, so one
    // std thread-local sees them all.
    static WAITING: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
}

/// The threads waiting in a channel now: after loom reports a deadlock,
/// every thread that cannot move.
pub fn waiting() -> Vec<Waiting> {
    WAITING.with(|waiting| waiting.borrow().clone())
}

/// Forgets who waited in earlier executions of the model.
pub fn forget_waits() {
    WAITING.with(|waiting| waiting.borrow_mut().clear());
}

/// Marks this thread as waiting in `operation`, called `at`, and returns
/// its name. Not a guard: when loom reports a deadlock it unwinds the
/// blocked thread, which must stay marked.
fn mark_waiting(operation: &'static str, at: &'static Location<'static>) -> String {
    let thread = loom::thread::current().name().map_or_else(
        || "the thread that called process_all".to_owned(),
        str::to_owned,
    );
    WAITING.with(|waiting| {
        waiting.borrow_mut().push(Waiting {
            thread: thread.clone(),
            operation,
            at,
        });
    });
    thread
}

fn stop_waiting(thread: &str) {
    WAITING.with(|waiting| waiting.borrow_mut().retain(|w| w.thread != thread));
}

/// A channel of at most `cap` queued messages. With `cap` 0 it is a
/// rendezvous channel: a `send` returns only once a receiver has taken its
/// message, as Go's unbuffered channels.
pub fn bounded<T>(cap: usize) -> (Sender<T>, Receiver<T>) {
    channel(Some(cap))
}

/// A channel with no bound on queued messages.
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    channel(None)
}

fn channel<T>(cap: Option<usize>) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            sent: 0,
            taken: 0,
            waiting_senders: 0,
            waiting_receivers: 0,
        }),
        senders: AtomicUsize::new(1),
        receivers: AtomicUsize::new(1),
        cap,
        readable: Condvar::new(),
        writable: Condvar::new(),
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

struct Shared<T> {
    state: Mutex<State<T>>,
    // The counts of halves are std atomics, outside the model: cloning and
    // dropping a half is not what the parts' tests are about, and every
    // modelled operation multiplies the interleavings loom explores. A
    // count is read under the lock, and the last half to go takes the
    // lock before it notifies, so no wake-up is lost.
    senders: AtomicUsize,
    receivers: AtomicUsize,
    cap: Option<usize>,
    /// Signalled when a message is queued, or when the last sender leaves.
    readable: Condvar,
    /// Signalled when a message is taken, or when the last receiver leaves.
    writable: Condvar,
}

struct State<T> {
    queue: VecDeque<T>,
    // Messages queued and taken so far: a rendezvous sender waits until its
    // own message has been taken.
    sent: u64,
    taken: u64,
    // Who is waiting: a notification nobody waits for is skipped, which
    // spares loom from exploring it.
    waiting_senders: usize,
    waiting_receivers: usize,
}

impl<T> Shared<T> {
    fn state(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().expect("not poisoned")
    }
}

/// The sending half.
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving half.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Sender<T> {
    /// Waits for room, then queues `value`; fails once every receiver is gone.
    // `track_caller`: when loom reports a thread blocked here, it names the
    // line of the part that called `send`, not this one.
    #[track_caller]
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        let at = Location::caller();
        let mut state = self.shared.state();
        loop {
            if self.shared.receivers.load(Ordering::SeqCst) == 0 {
                return Err(SendError(value));
            }
            // A rendezvous channel still holds the one message being handed over.
            if self
                .shared
                .cap
                .is_none_or(|cap| state.queue.len() < cap.max(1))
            {
                state.queue.push_back(value);
                let ticket = state.sent;
                state.sent += 1;
                if state.waiting_receivers > 0 {
                    self.shared.readable.notify_one();
                }
                if self.shared.cap == Some(0) {
                    while state.taken <= ticket {
                        if self.shared.receivers.load(Ordering::SeqCst) == 0 {
                            let value = state.queue.pop_back().expect("its message is queued");
                            return Err(SendError(value));
                        }
                        state.waiting_senders += 1;
                        let thread = mark_waiting("send", at);
                        state = self.shared.writable.wait(state).expect("not poisoned");
                        stop_waiting(&thread);
                        state.waiting_senders -= 1;
                    }
                }
                return Ok(());
            }
            state.waiting_senders += 1;
            let thread = mark_waiting("send", at);
            state = self.shared.writable.wait(state).expect("not poisoned");
            stop_waiting(&thread);
            state.waiting_senders -= 1;
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for a message; fails once the queue is empty and every sender is gone.
    #[track_caller]
    pub fn recv(&self) -> Result<T, RecvError> {
        self.recv_at(Location::caller())
    }

    fn recv_at(&self, at: &'static Location<'static>) -> Result<T, RecvError> {
        let mut state = self.shared.state();
        loop {
            if let Some(value) = state.queue.pop_front() {
                state.taken += 1;
                if state.waiting_senders > 0 {
                    // A rendezvous sender waits for its own message to be
                    // taken, so wake them all; otherwise one has room.
                    if self.shared.cap == Some(0) {
                        self.shared.writable.notify_all();
                    } else {
                        self.shared.writable.notify_one();
                    }
                }
                return Ok(value);
            }
            if self.shared.senders.load(Ordering::SeqCst) == 0 {
                return Err(RecvError);
            }
            state.waiting_receivers += 1;
            let thread = mark_waiting("recv", at);
            state = self.shared.readable.wait(state).expect("not poisoned");
            stop_waiting(&thread);
            state.waiting_receivers -= 1;
        }
    }

    /// Messages until the channel is empty and disconnected. A wait in it
    /// is reported at the line that made the iterator (a `collect` calls
    /// `next` from std's code, not the part's).
    #[track_caller]
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            receiver: self,
            at: Location::caller(),
        }
    }
}

/// The iterator of [`Receiver::iter`].
#[derive(Debug)]
pub struct Iter<'a, T> {
    receiver: &'a Receiver<T>,
    at: &'static Location<'static>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.receiver.recv_at(self.at).ok()
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    #[track_caller]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.senders.fetch_add(1, Ordering::SeqCst);
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        self.shared.receivers.fetch_add(1, Ordering::SeqCst);
        Receiver {
            shared: Arc::clone(&self.shared),
        }
    }
}

// After loom reports a failure (a deadlock, say) the model is torn down
// while unwinding; touching it again from a destructor would abort.

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if self.shared.senders.fetch_sub(1, Ordering::SeqCst) > 1 {
            return;
        }
        let state = self.shared.state();
        if state.waiting_receivers > 0 {
            // Disconnected: wake every waiting receiver to see it.
            self.shared.readable.notify_all();
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if self.shared.receivers.fetch_sub(1, Ordering::SeqCst) > 1 {
            return;
        }
        let state = self.shared.state();
        if state.waiting_senders > 0 {
            self.shared.writable.notify_all();
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sender { .. }")
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receiver { .. }")
    }
}
