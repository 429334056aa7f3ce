//! The binary's stop, from outside the pipeline, as Part 7's (`cli`'s
//! `stop.rs`): who drops the run's stop sender (the first Ctrl-C,
//! `SIGTERM` or `SIGHUP`, or `--cancel-after`), when, and the shutdown
//! report, in Part 7's format, that accounts for every article.

use std::fmt::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::out::{Time, error_line};
use common::outcome::Ended;
use tokio::sync::watch;

/// What stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    /// Ctrl-C, `SIGTERM` or `SIGHUP`.
    Signal,
    /// `--cancel-after`, with the duration as given (in the series' units).
    CancelAfter(Duration),
}

/// When and how a run was stopped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stopped {
    pub(crate) at: Instant,
    pub(crate) by: By,
}

/// The run's stop: the one sender of a watch channel that never carries a
/// value. Dropping it is the stop, which `process_all_until` sees at once;
/// whoever comes first drops it, and the others find it gone.
#[derive(Debug)]
pub(crate) struct Switch {
    sender: Mutex<Option<watch::Sender<()>>>,
    stopped: OnceLock<Stopped>,
}

impl Switch {
    /// A switch, and the receiver to hand to `process_all_until`.
    pub(crate) fn new() -> (Arc<Self>, watch::Receiver<()>) {
        let (stop_tx, stop_rx) = watch::channel(());
        let switch = Switch {
            sender: Mutex::new(Some(stop_tx)),
            stopped: OnceLock::new(),
        };
        (Arc::new(switch), stop_rx)
    }

    /// Stops the run, if nothing has yet: notes when and why, then drops
    /// the sender.
    pub(crate) fn stop(&self, by: By) {
        let sender = self
            .sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(stop_tx) = sender {
            let _ = self.stopped.set(Stopped {
                at: Instant::now(),
                by,
            });
            drop(stop_tx);
        }
    }

    /// When and how the run was stopped, if it was.
    pub(crate) fn stopped(&self) -> Option<Stopped> {
        self.stopped.get().copied()
    }
}

/// Arms the switch: the next Ctrl-C stops the run (and says so; the one
/// after it ends the process, 130), and, with `cancel_after` (the duration
/// as given, and on the run's clock), a timer stops it then. Dropping what
/// this returns disarms both.
pub(crate) fn arm(switch: &Arc<Switch>, cancel_after: Option<(Duration, Duration)>) -> Armed {
    let on_signal = Arc::clone(switch);
    common::out::stop_on_interrupt(move || {
        error_line(format_args!(
            "stopping: no article starts from now, tasks in flight are aborted \
             (Ctrl-C again quits at once)"
        ));
        on_signal.stop(By::Signal);
    });
    // The timer is a thread, as the signal's handler is, not a task: with
    // `--blocking`, every runtime thread is stuck in a call, and a timer
    // task would only run once one of them is free.
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let timer = cancel_after.and_then(|(given, wait)| {
        let switch = Arc::clone(switch);
        thread::Builder::new()
            .name("cancel-after".to_owned())
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = done_rx.recv_timeout(wait) {
                    switch.stop(By::CancelAfter(given));
                }
            })
            .ok()
    });
    Armed {
        done_tx: Some(done_tx),
        timer,
    }
}

/// The armed stop; dropped when the run is over.
#[derive(Debug)]
pub(crate) struct Armed {
    done_tx: Option<mpsc::Sender<()>>,
    timer: Option<JoinHandle<()>>,
}

impl Drop for Armed {
    fn drop(&mut self) {
        common::out::forget_stop();
        // The timer wakes when this sender goes, and is joined.
        drop(self.done_tx.take());
        if let Some(timer) = self.timer.take() {
            let _ = timer.join();
        }
    }
}

/// The report's line that counts the articles, as Part 7's report prints
/// it: `10: 0 succeeded, 0 failed, 3 cancelled, 7 queued, each reported once`.
pub(crate) fn articles(ended: &Ended, articles: usize) -> String {
    let why: Vec<String> = [
        (ended.refused, "refused"),
        (ended.timed_out, "timed out"),
        (ended.panicked.len(), "panicked"),
    ]
    .into_iter()
    .filter(|&(count, _)| count > 0)
    .map(|(count, why)| format!("{count} {why}"))
    .collect();
    let failed = if why.is_empty() {
        format!("{} failed", ended.failed())
    } else {
        format!("{} failed ({})", ended.failed(), why.join(", "))
    };
    let stopped: String = [(ended.cancelled, "cancelled"), (ended.queued, "queued")]
        .into_iter()
        .filter(|&(count, _)| count > 0)
        .map(|(count, how)| format!(", {count} {how}"))
        .collect();
    format!(
        "{articles}: {} succeeded, {failed}{stopped}, each reported once",
        ended.succeeded
    )
}

/// The shutdown report, in Part 7's format: how every article ended, that
/// each is accounted for, and, for a stopped run, what stopped it, when
/// (from `started`) and how long it took until `returned`.
pub(crate) fn report(
    ended: &Ended,
    articles: usize,
    started: Instant,
    returned: Instant,
    stopped: Option<Stopped>,
) -> String {
    let mut out = String::new();
    let _ = match stopped {
        Some(Stopped { at, by }) => {
            let by = match by {
                By::Signal => "a signal (Ctrl-C)".to_owned(),
                By::CancelAfter(given) => format!("--cancel-after {}", Time(given)),
            };
            writeln!(
                out,
                "Shutdown  (stopped by {by}, {} into the run)",
                Time(at.saturating_duration_since(started))
            )
        }
        None => writeln!(out, "Shutdown  (not stopped: every article ran to its end)"),
    };
    let _ = writeln!(out, "  succeeded      {:>5}", ended.succeeded);
    let _ = writeln!(
        out,
        "  failed         {:>5}  (timed out {}, refused {}, panicked {})",
        ended.failed(),
        ended.timed_out,
        ended.refused,
        ended.panicked.len()
    );
    let _ = writeln!(
        out,
        "  cancelled      {:>5}  (cut in flight)",
        ended.cancelled
    );
    let _ = writeln!(out, "  queued         {:>5}  (never started)", ended.queued);
    let _ = writeln!(
        out,
        "  accounted for  {:>5} / {articles}",
        ended.accounted_for()
    );
    if let Some(Stopped { at, .. }) = stopped {
        let _ = writeln!(
            out,
            "  time to stop   {}  (from the stop until process_all returned, every task aborted and joined)",
            Time(returned.saturating_duration_since(at))
        );
    }
    out
}
