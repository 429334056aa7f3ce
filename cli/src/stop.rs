//! Part 7's stop, from outside the pipeline: who drops the run's stop
//! sender (the first Ctrl-C, `SIGTERM` or `SIGHUP`, or `--cancel-after`),
//! when, and the shutdown report that accounts for every article. The
//! bonus async crate stops its runs with the same switch, holding a tokio
//! channel's sender instead.

use std::fmt::Write;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::out::{Time, error_line};
use common::outcome::Ended;
use crossbeam_channel::{at, select};

/// What stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Ctrl-C, `SIGTERM` or `SIGHUP`.
    Signal,
    /// `--cancel-after`: the duration as given (in the series' units), and
    /// after how long it stopped the run, on the run's clock (`--fast`
    /// divides it, as it does the latencies).
    CancelAfter {
        /// As given on the command line.
        given: Duration,
        /// On the run's clock.
        after: Duration,
    },
}

/// When and how a run was stopped.
#[derive(Debug, Clone, Copy)]
pub struct Stopped {
    /// When the stop came.
    pub at: Instant,
    /// What stopped the run.
    pub by: By,
}

/// The run's stop: the one sender of a channel that carries no message
/// (`T`, such as crossbeam's `Sender<()>`). Dropping it is the stop, which
/// every receiver sees at once; whoever comes first drops it, and the
/// others find it gone.
#[derive(Debug)]
pub struct Switch<T> {
    sender: Mutex<Option<T>>,
    stopped: OnceLock<Stopped>,
}

impl<T> Switch<T> {
    /// A switch that holds `sender`, the stop's only sender.
    pub fn new(sender: T) -> Arc<Self> {
        Arc::new(Switch {
            sender: Mutex::new(Some(sender)),
            stopped: OnceLock::new(),
        })
    }

    /// Stops the run, if nothing has yet: notes when and why, then drops
    /// the sender.
    pub fn stop(&self, by: By) {
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
    pub fn stopped(&self) -> Option<Stopped> {
        self.stopped.get().copied()
    }
}

/// Arms the switch: the next Ctrl-C stops the run (and says `stopping: no
/// article starts from now, ` and then `in_flight`), and, with
/// `cancel_after` (the duration as given, and on the run's clock), a timer
/// thread stops it then ([`arm_timer`]). Dropping what this returns disarms
/// both.
pub fn arm<T: Send + 'static>(
    switch: &Arc<Switch<T>>,
    cancel_after: Option<(Duration, Duration)>,
    in_flight: &'static str,
) -> Armed {
    let on_signal = Arc::clone(switch);
    common::out::stop_on_interrupt(move || {
        error_line(format_args!(
            "stopping: no article starts from now, {in_flight} (Ctrl-C again quits at once)"
        ));
        on_signal.stop(By::Signal);
    });
    let mut armed = arm_timer(switch, cancel_after);
    armed.signal = true;
    armed
}

/// Arms only the timer: with `cancel_after` (the duration as given, and on
/// the run's clock), a thread stops the run then; a Ctrl-C still ends the
/// process. For a run that is one of several, such as `compare`'s Part 7
/// row, where a signal is to end them all, not stop one and let the rest go
/// on. Dropping what this returns stops the timer and joins it.
pub fn arm_timer<T: Send + 'static>(
    switch: &Arc<Switch<T>>,
    cancel_after: Option<(Duration, Duration)>,
) -> Armed {
    let (done_tx, done_rx) = crossbeam_channel::bounded::<()>(0);
    let timer = cancel_after.and_then(|(given, wait)| {
        // The clock starts now, not when the timer's thread does.
        let due = Instant::now() + wait;
        let switch = Arc::clone(switch);
        thread::Builder::new()
            .name("cancel-after".to_owned())
            .spawn(move || {
                select! {
                    recv(at(due)) -> _ => switch.stop(By::CancelAfter { given, after: wait }),
                    recv(done_rx) -> _ => {}
                }
            })
            .ok()
    });
    Armed {
        signal: false,
        done_tx: Some(done_tx),
        timer,
    }
}

/// The armed stop; dropped when the run is over.
#[derive(Debug)]
pub struct Armed {
    /// Whether a Ctrl-C stops the run ([`arm`]) until this is dropped.
    signal: bool,
    done_tx: Option<crossbeam_channel::Sender<()>>,
    timer: Option<JoinHandle<()>>,
}

impl Drop for Armed {
    fn drop(&mut self) {
        if self.signal {
            common::out::forget_stop();
        }
        // The timer wakes when this sender goes, and is joined.
        drop(self.done_tx.take());
        if let Some(timer) = self.timer.take() {
            let _ = timer.join();
        }
    }
}

/// The shutdown report: how every one of `articles` articles `ended`, that
/// each is accounted for, and, for a stopped run, what stopped it, when
/// (from `started`), and how long until `returned`, when every thread was
/// joined.
pub fn report(
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
                By::Signal => "a signal (Ctrl-C or SIGTERM)".to_owned(),
                By::CancelAfter { given, after } if given == after => {
                    format!("--cancel-after {}", Time(given))
                }
                By::CancelAfter { given, after } => {
                    format!(
                        "--cancel-after {} ({} with --fast)",
                        Time(given),
                        Time(after)
                    )
                }
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
            "  time to stop   {}  (from the stop until process_all returned, nothing left running)",
            Time(returned.saturating_duration_since(at))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TryRecvError};

    /// A switch over a new stop, its timer armed to stop it `wait` from
    /// now (`--cancel-after given`), and the stop's receiver.
    fn timed(given: Duration, wait: Duration) -> (Arc<Switch<Sender<()>>>, Armed, Receiver<()>) {
        let (stop_tx, stop_rx) = crossbeam_channel::bounded::<()>(0);
        let switch = Switch::new(stop_tx);
        let armed = arm_timer(&switch, Some((given, wait)));
        (switch, armed, stop_rx)
    }

    /// Claim: the timer alone stops the run when it is due, and says it was `--cancel-after`, as given and on the run's clock.
    #[test]
    fn the_timer_stops_the_run_when_due() {
        let (switch, armed, stop_rx) = timed(Duration::from_secs(1), Duration::from_millis(5));
        assert_eq!(
            stop_rx.recv_timeout(Duration::from_secs(10)),
            Err(RecvTimeoutError::Disconnected),
            "the timer did not drop the stop's sender when it was due"
        );
        drop(armed);
        assert_eq!(
            switch.stopped().map(|stopped| stopped.by),
            Some(By::CancelAfter {
                given: Duration::from_secs(1),
                after: Duration::from_millis(5)
            }),
            "the stop does not say that --cancel-after 1s (5 ms on the run's clock) made it"
        );
    }

    /// Claim: a timer disarmed before it is due is joined at once and never stops the run.
    #[test]
    fn a_timer_disarmed_before_it_is_due_never_stops_the_run() {
        let (switch, armed, stop_rx) = timed(Duration::from_secs(20), Duration::from_secs(20));
        let disarmed = Instant::now();
        drop(armed);
        assert!(
            disarmed.elapsed() < Duration::from_secs(10),
            "dropping the armed timer waited {:?} for it: the timer must wake when the run is over",
            disarmed.elapsed()
        );
        assert_eq!(
            stop_rx.try_recv(),
            Err(TryRecvError::Empty),
            "a disarmed timer dropped the stop's sender"
        );
        assert!(
            switch.stopped().is_none(),
            "a disarmed timer stopped the run"
        );
    }

    /// Claim: one stop is heard by every receiver at once (the sender is
    /// dropped, not sent on: a message would reach one receiver only), and
    /// a second stop changes nothing: the first one's cause stays.
    #[test]
    fn one_stop_reaches_every_receiver_and_the_first_cause_stays() {
        let (stop_tx, stop) = crossbeam_channel::bounded::<()>(0);
        let receivers: Vec<_> = (0..3).map(|_| stop.clone()).collect();
        let switch = Switch::new(stop_tx);
        assert!(switch.stopped().is_none(), "stopped before any stop");
        let one_second = Duration::from_secs(1);
        let cancel_after = By::CancelAfter {
            given: one_second,
            after: one_second,
        };
        switch.stop(cancel_after);
        switch.stop(By::Signal);
        for (i, receiver) in receivers.iter().chain([&stop]).enumerate() {
            assert_eq!(
                receiver.try_recv(),
                Err(crossbeam_channel::TryRecvError::Disconnected),
                "receiver {i} has not heard the stop: the stop must drop the sender"
            );
        }
        let by = switch.stopped().map(|stopped| stopped.by);
        assert_eq!(by, Some(cancel_after));
    }

    /// Claim: under `--fast` the report gives `--cancel-after` as given and
    /// as it ran, so "10 s" and "333 ms into the run" do not contradict.
    #[test]
    fn the_report_gives_a_scaled_cancel_after_both_ways() {
        let started = Instant::now();
        let stopped = Stopped {
            at: started + Duration::from_millis(334),
            by: By::CancelAfter {
                given: Duration::from_secs(10),
                after: Duration::from_secs(10) / 30,
            },
        };
        let text = report(&Ended::default(), 0, started, stopped.at, Some(stopped));
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains("--cancel-after 10.00 s (333.3 ms with --fast), 334.0 ms into the run"),
            "{first}"
        );
    }
}
