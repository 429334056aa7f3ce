//! The client's one seam: what a test plugs into the client to watch its
//! calls, pace them and decide how their waits end (and, for a part whose
//! waits have a deadline or a stop, what a loom model plugs in to choose
//! which one fires). A normal run plugs in nothing, and the client then does
//! exactly what `mod.rs` says, at no extra cost.
//!
//! The tests' observer, with its rendezvous, hold-back and read-ahead
//! gauge, is `common::testing::Probe` (feature `testing`).

use std::fmt;
use std::panic::RefUnwindSafe;
use std::time::{Duration, Instant};

use super::Waited;
use crate::instruments::Instruments;
use crate::sync::channel::Receiver;
use crate::workload::Task;

/// Told what the client does, at the points where a test needs to know or to
/// wait. Every method has a default that does nothing (or, for [`wait`],
/// what the client does without an observer), so an observer writes only
/// the ones it needs.
///
/// An observer is shared by every thread that calls the client, and (as
/// the client is) safe to use again after one of them panicked.
///
/// [`wait`]: Observer::wait
pub trait Observer: fmt::Debug + Send + Sync + RefUnwindSafe {
    /// An article, or its id, was taken from the client's input
    /// ([`LlmClient::articles`](crate::LlmClient::articles)).
    fn taken(&self) {}

    /// A call for `task` of `article` was admitted and counts as in flight
    /// (in `instruments`); it starts to "think" when this returns, so a test
    /// can hold it here.
    fn admitted(&self, article: usize, task: Task, instruments: &Instruments) {
        let _ = (article, task, instruments);
    }

    /// A call for `task` of `article` was refused, over the rate limit.
    fn refused(&self, article: usize, task: Task) {
        let _ = (article, task);
    }

    /// How an admitted call waits for its answer, and how the wait ended:
    /// by default, as without an observer ([`super::wait`]), for its whole
    /// latency, until `deadline` or until the `stop`, whichever comes first.
    fn wait(
        &self,
        latency: Duration,
        deadline: Option<Instant>,
        stop: Option<&Receiver<()>>,
    ) -> Waited {
        super::wait(latency, deadline, stop)
    }

    /// An article is done: answered, or ended by a refused call.
    fn article_done(&self, instruments: &Instruments) {
        let _ = instruments;
    }
}
