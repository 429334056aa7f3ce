//! How a call waits for its answer, and the three ways the wait ends.

use std::time::{Duration, Instant};

use crossbeam_channel::{after, at, never, select};

use crate::sync::channel::Receiver;

/// How a call's wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    /// The call's latency passed: its answer is in.
    Answered,
    /// The article's deadline came first: the call is cut there.
    Cut,
    /// The run was stopped first: the call is cut then.
    Stopped,
}

/// Waits until a call's answer is due, `latency` from now, until its
/// article's `deadline`, or until the run's `stop`, whichever comes first,
/// and says which.
///
/// A thread cannot be stopped from outside: a call gives up only if its own
/// wait can end early. So the wait is a `select!` over channels that
/// deliver at an instant: `after(latency)`, and `at(deadline)`, or, for an
/// article with no deadline, `never()`, which never delivers; and the
/// run's stop, a channel that carries no message and is disconnected, for
/// every receiver at once, when its sender is dropped. A cut call frees its
/// thread at once, not at the end of its latency.
pub fn wait(latency: Duration, deadline: Option<Instant>, stop: Option<&Receiver<()>>) -> Waited {
    if deadline.is_some_and(|deadline| deadline <= Instant::now()) {
        return Waited::Cut;
    }
    if stop.is_some_and(stopped) {
        return Waited::Stopped;
    }
    if latency.is_zero() {
        return Waited::Answered;
    }
    let answered = after(latency);
    let cut = deadline.map_or_else(never, at);
    let stop = stop.map_or_else(never, select_arm);
    select! {
        recv(answered) -> _ => Waited::Answered,
        recv(cut) -> _ => Waited::Cut,
        recv(stop) -> _ => Waited::Stopped,
    }
}

/// Whether the run's `stop` has come: its sender is gone. A look, not a
/// wait (Go's `select` with a `default` arm): `try_recv` answers at once.
pub fn stopped(stop: &Receiver<()>) -> bool {
    stop.try_recv().is_err_and(|error| error.is_disconnected())
}

/// What the `select!` waits on for the run's stop: the stop itself.
#[cfg(not(loom))]
fn select_arm(stop: &Receiver<()>) -> Receiver<()> {
    stop.clone()
}

/// Under loom the stop is the model's channel, which a `select!` cannot
/// wait on; there a model's observer decides how every wait ends
/// (`testing::loom_deadline`), and the client never reaches this.
#[cfg(loom)]
fn select_arm(_stop: &Receiver<()>) -> crossbeam_channel::Receiver<()> {
    never()
}
