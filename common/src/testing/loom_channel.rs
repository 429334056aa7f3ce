//! A model of crossbeam-channel for loom: a queue behind a loom `Mutex`, with
//! a `Condvar` for waiting. Like crossbeam, it disconnects when the last
//! `Sender` or the last `Receiver` is dropped, which loom's own `mpsc` does
//! not report to a waiting receiver. It has the part of crossbeam's API the
//! parts use, `try_recv` and a two-armed [`select!`] included.
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

pub use crossbeam_channel::{RecvError, SendError, TryRecvError};
use loom::sync::{Condvar, Mutex, MutexGuard};

/// A thread blocked in the model: its name, the operation, and the part's
/// line that called it.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// The thread's name, or the thread that called `process_all`.
    pub thread: String,
    /// `send`, `recv` or `select!`.
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
            selectors: Vec::new(),
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
    // The `select!`s waiting for this channel to change, each with its own
    // signal (see `select`). A std `Vec` under the model's lock: who is
    // registered is bookkeeping, not something for loom to explore.
    selectors: Vec<Arc<Signal>>,
}

impl<T> State<T> {
    /// Tells every `select!` waiting on this channel that it changed: a
    /// message came or went, or a side disconnected. Called with the
    /// channel's lock held, so a `select!` that registered under it cannot
    /// miss the change.
    fn changed(&self) {
        for selector in &self.selectors {
            selector.fire();
        }
    }
}

impl<T> Shared<T> {
    fn state(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().expect("not poisoned")
    }

    /// Takes the next message, if there is one, and wakes who waits for
    /// room.
    fn take(&self, state: &mut State<T>) -> Option<T> {
        let value = state.queue.pop_front()?;
        state.taken += 1;
        if state.waiting_senders > 0 {
            // A rendezvous sender waits for its own message to be
            // taken, so wake them all; otherwise one has room.
            if self.cap == Some(0) {
                self.writable.notify_all();
            } else {
                self.writable.notify_one();
            }
        }
        state.changed();
        Some(value)
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
                return self.hand_over(state, value, "send", at);
            }
            state.waiting_senders += 1;
            let thread = mark_waiting("send", at);
            state = self.shared.writable.wait(state).expect("not poisoned");
            stop_waiting(&thread);
            state.waiting_senders -= 1;
        }
    }

    /// Queues `value`, for which there is room, and at capacity 0 waits
    /// until a receiver has taken it.
    fn hand_over(
        &self,
        mut state: MutexGuard<'_, State<T>>,
        value: T,
        operation: &'static str,
        at: &'static Location<'static>,
    ) -> Result<(), SendError<T>> {
        state.queue.push_back(value);
        let ticket = state.sent;
        state.sent += 1;
        if state.waiting_receivers > 0 {
            self.shared.readable.notify_one();
        }
        state.changed();
        if self.shared.cap == Some(0) {
            while state.taken <= ticket {
                if self.shared.receivers.load(Ordering::SeqCst) == 0 {
                    let value = state.queue.pop_back().expect("its message is queued");
                    return Err(SendError(value));
                }
                state.waiting_senders += 1;
                let thread = mark_waiting(operation, at);
                state = self.shared.writable.wait(state).expect("not poisoned");
                stop_waiting(&thread);
                state.waiting_senders -= 1;
            }
        }
        Ok(())
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
            if let Some(value) = self.shared.take(&mut state) {
                return Ok(value);
            }
            if self.shared.senders.load(Ordering::SeqCst) == 0 {
                return Err(RecvError);
            }
            state.waiting_receivers += 1;
            if self.shared.cap == Some(0) {
                // A `select!` sending on a rendezvous channel waits for a
                // receiver to wait.
                state.changed();
            }
            let thread = mark_waiting("recv", at);
            state = self.shared.readable.wait(state).expect("not poisoned");
            stop_waiting(&thread);
            state.waiting_receivers -= 1;
        }
    }

    /// A message if one is queued, at once: otherwise `Empty`, or
    /// `Disconnected` once every sender is gone. Never waits.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut state = self.shared.state();
        if let Some(value) = self.shared.take(&mut state) {
            return Ok(value);
        }
        if self.shared.senders.load(Ordering::SeqCst) == 0 {
            return Err(TryRecvError::Disconnected);
        }
        Err(TryRecvError::Empty)
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
        state.changed();
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
        state.changed();
    }
}

impl<T> fmt::Debug for SendArm<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendArm { .. }")
    }
}

impl<T> fmt::Debug for RecvArm<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecvArm { .. }")
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

// `select!`: wait on two channels at once.
//
// Each channel has its own lock and condition variables, and a thread can
// wait on only one condition variable. So a `select!` brings its own: a
// `Signal` (a flag behind a loom `Mutex`, and a `Condvar`), which it
// registers with each channel whose operation cannot proceed, under that
// channel's lock; every change to a registered channel fires it, under the
// same lock. A change after the look at a channel therefore finds the
// signal registered and sets the flag, and the `select!` sees the flag
// before it waits: no wake-up is lost, and no thread spins. Locks are taken
// in one order, a channel's then a signal's; the waiting thread holds no
// channel's lock while it waits on its signal.
//
// The simplification: when both operations can proceed, crossbeam picks
// one at random, and this model always the first arm written (crossbeam's
// `select_biased!`). Where both are ready, then, loom explores only the
// first; the second runs in the interleavings where only it is ready.

/// What a `select!` waits on: fired when a channel it registered with
/// changes.
#[doc(hidden)]
#[derive(Debug)]
pub struct Signal {
    fired: Mutex<bool>,
    changed: Condvar,
}

impl Signal {
    fn fire(&self) {
        *self.fired.lock().expect("not poisoned") = true;
        self.changed.notify_one();
    }

    /// Waits until the signal has fired since the last wait.
    fn wait(&self, at: &'static Location<'static>) {
        let mut fired = self.fired.lock().expect("not poisoned");
        while !*fired {
            let thread = mark_waiting("select!", at);
            fired = self.changed.wait(fired).expect("not poisoned");
            stop_waiting(&thread);
        }
        *fired = false;
    }
}

/// One arm of a [`select!`]: its operation, performed at most once.
#[doc(hidden)]
pub trait Arm {
    /// Performs the operation if it can proceed now, and says so; if not,
    /// registers `signal` with the channel, to be fired when it changes.
    /// Both under the channel's lock.
    fn ready_or_register(&mut self, signal: &Arc<Signal>, at: &'static Location<'static>) -> bool;

    /// Forgets `signal`, if it was registered.
    fn unregister(&mut self, signal: &Arc<Signal>);
}

fn forget<T>(shared: &Shared<T>, registered: &mut bool, signal: &Arc<Signal>) {
    if std::mem::take(registered) {
        let mut state = shared.state();
        state
            .selectors
            .retain(|selector| !Arc::ptr_eq(selector, signal));
    }
}

fn register<T>(state: &mut State<T>, registered: &mut bool, signal: &Arc<Signal>) {
    if !*registered {
        state.selectors.push(Arc::clone(signal));
        *registered = true;
    }
}

/// A `send(sender, message) -> result` arm.
#[doc(hidden)]
pub struct SendArm<'a, T> {
    sender: &'a Sender<T>,
    message: Option<T>,
    sent: Option<Result<(), SendError<T>>>,
    registered: bool,
}

impl<'a, T> SendArm<'a, T> {
    /// The arm that sends `message` on `sender`.
    pub fn new(sender: &'a Sender<T>, message: T) -> Self {
        SendArm {
            sender,
            message: Some(message),
            sent: None,
            registered: false,
        }
    }

    /// The result of the send, once the arm was selected.
    pub fn outcome(self) -> Result<(), SendError<T>> {
        self.sent.expect("the selected arm has sent")
    }
}

impl<T> Arm for SendArm<'_, T> {
    fn ready_or_register(&mut self, signal: &Arc<Signal>, at: &'static Location<'static>) -> bool {
        let shared = &self.sender.shared;
        let mut state = shared.state();
        // As crossbeam: a send to a disconnected channel completes, with
        // its message back in the error.
        let disconnected = shared.receivers.load(Ordering::SeqCst) == 0;
        // At capacity 0 a send can proceed only when a receiver waits for
        // it (the model does not count one waiting in a `select!`).
        let room = match shared.cap {
            None => true,
            Some(0) => state.queue.is_empty() && state.waiting_receivers > 0,
            Some(cap) => state.queue.len() < cap,
        };
        if !disconnected && !room {
            register(&mut state, &mut self.registered, signal);
            return false;
        }
        let message = self.message.take().expect("an arm is performed once");
        self.sent = Some(if disconnected {
            Err(SendError(message))
        } else {
            self.sender.hand_over(state, message, "select!", at)
        });
        true
    }

    fn unregister(&mut self, signal: &Arc<Signal>) {
        forget(&self.sender.shared, &mut self.registered, signal);
    }
}

/// A `recv(receiver) -> result` arm.
#[doc(hidden)]
pub struct RecvArm<'a, T> {
    receiver: &'a Receiver<T>,
    received: Option<Result<T, RecvError>>,
    registered: bool,
}

impl<'a, T> RecvArm<'a, T> {
    /// The arm that receives from `receiver`.
    pub fn new(receiver: &'a Receiver<T>) -> Self {
        RecvArm {
            receiver,
            received: None,
            registered: false,
        }
    }

    /// The message received, once the arm was selected.
    pub fn outcome(self) -> Result<T, RecvError> {
        self.received.expect("the selected arm has received")
    }
}

impl<T> Arm for RecvArm<'_, T> {
    fn ready_or_register(&mut self, signal: &Arc<Signal>, _at: &'static Location<'static>) -> bool {
        let shared = &self.receiver.shared;
        let mut state = shared.state();
        if let Some(message) = shared.take(&mut state) {
            self.received = Some(Ok(message));
            return true;
        }
        // As crossbeam: a receive from an empty, disconnected channel
        // completes, with an error.
        if shared.senders.load(Ordering::SeqCst) == 0 {
            self.received = Some(Err(RecvError));
            return true;
        }
        register(&mut state, &mut self.registered, signal);
        false
    }

    fn unregister(&mut self, signal: &Arc<Signal>) {
        forget(&self.receiver.shared, &mut self.registered, signal);
    }
}

/// Blocks until one of `arms` can proceed, performs it, and returns its
/// index. What [`select!`] expands to.
#[doc(hidden)]
#[track_caller]
pub fn select(arms: &mut [&mut dyn Arm]) -> usize {
    let at = Location::caller();
    let signal = Arc::new(Signal {
        fired: Mutex::new(false),
        changed: Condvar::new(),
    });
    loop {
        // The arms in order: the first that can proceed is performed.
        let ready = arms
            .iter_mut()
            .position(|arm| arm.ready_or_register(&signal, at));
        if let Some(index) = ready {
            for arm in arms.iter_mut() {
                arm.unregister(&signal);
            }
            return index;
        }
        // Neither can proceed, and the signal is registered with both: a
        // change to either since its look has fired it, or will.
        signal.wait(at);
    }
}

/// crossbeam's `select!` with the arms the parts write: two of
/// `send(sender, message) -> result => body` and
/// `recv(receiver) -> result => body`, each ending in a comma, in either
/// order. It blocks until one operation can proceed and performs that one
/// only; a send to a disconnected channel and a receive from an empty,
/// disconnected one proceed, with an error. The bodies run outside any
/// loop or closure, so a `break` in one breaks the part's own loop, as
/// with crossbeam.
#[doc(hidden)]
#[macro_export]
macro_rules! __loom_select {
    (@arm send($sender:expr, $message:expr $(,)?)) => {
        $crate::testing::loom_channel::SendArm::new(&$sender, $message)
    };
    (@arm recv($receiver:expr $(,)?)) => {
        $crate::testing::loom_channel::RecvArm::new(&$receiver)
    };
    (
        $op0:ident($($args0:tt)*) -> $result0:pat => $body0:expr,
        $op1:ident($($args1:tt)*) -> $result1:pat => $body1:expr $(,)?
    ) => {{
        let mut arm0 = $crate::__loom_select!(@arm $op0($($args0)*));
        let mut arm1 = $crate::__loom_select!(@arm $op1($($args1)*));
        let selected = $crate::testing::loom_channel::select(&mut [
            &mut arm0 as &mut dyn $crate::testing::loom_channel::Arm,
            &mut arm1,
        ]);
        if selected == 0 {
            let $result0 = arm0.outcome();
            $body0
        } else {
            let $result1 = arm1.outcome();
            $body1
        }
    }};
}

#[doc(inline)]
pub use crate::__loom_select as select;
