//! What a run writes to the terminal: the per-call lines or a progress bar,
//! durations in one format, and printing that survives a closed pipe.
//!
//! `println!` panics when stdout is a pipe whose reader has gone, as in
//! `cargo run -p part-05-worker-pool -- --articles 1000 | head`. A run's
//! output goes through [`out!`](crate::out!) and [`outln!`](crate::outln!)
//! instead: when the reader is gone, nobody is left to read the rest, so the
//! process ends quietly, from whichever thread noticed, as a command killed
//! by `SIGPIPE` would.

use std::fmt;
use std::io::{self, Write};
use std::sync::{Mutex, Once, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// What the client shows while it works.
#[derive(Debug, Clone, Default)]
pub enum Output {
    /// Nothing: tests, benchmarks and loom models.
    #[default]
    Silent,
    /// The series' lines: `  [3] Summarization started (1.20 s)` and `  [3] Summarization completed`.
    Lines,
    /// A progress bar of finished articles, on stderr.
    Progress(ProgressBar),
}

impl Output {
    /// A progress bar for `articles` articles on stderr; indicatif draws
    /// nothing when stderr is not a terminal.
    ///
    /// Ctrl-C while the bar is drawn clears it before the process ends
    /// (status 130, as a shell reports an interrupted command), so the
    /// terminal is not left with half a bar.
    pub fn progress_bar(articles: usize) -> Self {
        let style = ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} articles, eta {eta}",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        let bar = ProgressBar::new(articles as u64).with_style(style);
        *DRAWN.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar.clone());
        handle_interrupt();
        Output::Progress(bar)
    }
}

/// The bar drawn now, for the Ctrl-C handler.
static DRAWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// What the next signal does instead of ending the process, if a run that
/// can stop has said so ([`stop_on_interrupt`]).
static STOP: Mutex<Option<Box<dyn FnOnce() + Send>>> = Mutex::new(None);

/// From now on, Ctrl-C (or `SIGTERM`, or `SIGHUP`) clears the progress bar,
/// if one is drawn, says `interrupted` and ends the process with status
/// 130, as a shell reports an interrupted command; unless a run has asked
/// for its stop instead ([`stop_on_interrupt`]). A run calls it before it
/// prints anything.
///
/// The handler runs on a thread of its own, started by the `ctrlc` crate:
/// where Go's `signal.NotifyContext` delivers the signal on a channel, Rust
/// calls a closure on that thread.
pub fn handle_interrupt() {
    static HANDLER: Once = Once::new();
    HANDLER.call_once(|| {
        // Without a handler, Ctrl-C ends the process as it did before.
        let _ = ctrlc::set_handler(|| {
            if stopped_a_run(&STOP) {
                return;
            }
            if let Some(bar) = DRAWN.lock().unwrap_or_else(PoisonError::into_inner).take() {
                bar.finish_and_clear();
            }
            error_line(format_args!("interrupted"));
            std::process::exit(130);
        });
    });
}

/// What a signal does first: call the stop a run registered in `stop`, if
/// there is one, and say so (`true`); the stop is taken, so the next
/// signal, or the first in any other run, finds none (`false`), and ends
/// the process.
fn stopped_a_run(stop: &Mutex<Option<Box<dyn FnOnce() + Send>>>) -> bool {
    let stop = stop.lock().unwrap_or_else(PoisonError::into_inner).take();
    stop.map(|stop| stop()).is_some()
}

/// The next Ctrl-C (or `SIGTERM`, or `SIGHUP`) calls `stop` instead of
/// ending the process, once; the one after that ends it (130). Until
/// [`forget_stop`]: a run that has finished no longer stops.
pub fn stop_on_interrupt(stop: impl FnOnce() + Send + 'static) {
    handle_interrupt();
    *STOP.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(stop));
}

/// Ctrl-C ends the process again, as before [`stop_on_interrupt`].
pub fn forget_stop() {
    STOP.lock().unwrap_or_else(PoisonError::into_inner).take();
}

/// A duration in the unit a person would use: `412 µs`, `38.2 ms`,
/// `1.04 s`, `6.9 min`, `1.9 h`. Width and alignment flags pad it.
#[derive(Debug, Clone, Copy)]
pub struct Time(pub Duration);

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.as_secs_f64();
        let text = match secs {
            s if s < 1e-3 => format!("{:.0} µs", s * 1e6),
            s if s < 1.0 => format!("{:.1} ms", s * 1e3),
            s if s < 60.0 => format!("{s:.2} s"),
            s if s < 3600.0 => format!("{:.1} min", s / 60.0),
            s => format!("{:.1} h", s / 3600.0),
        };
        f.pad(&text)
    }
}

/// `count` and `noun`, in the plural unless there is one: `1 article`, `3 articles`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Writes `args` to stdout. If the reader has gone (`| head`), ends the
/// process quietly; if stdout fails otherwise (a full disk, `/dev/full`),
/// says so in one line on stderr and ends the process with status 1. From
/// whichever thread noticed, and never with a panic.
pub fn print(args: fmt::Arguments<'_>) {
    if let Err(error) = io::stdout().lock().write_fmt(args) {
        if error.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(io::stderr(), "error: cannot write the output: {error}");
        std::process::exit(1);
    }
}

/// Writes one line of an error to stderr or, if stderr fails, to stdout:
/// the line reaches whichever stream still works, and nothing panics.
pub fn error_line(args: fmt::Arguments<'_>) {
    if writeln!(io::stderr(), "{args}").is_err() {
        let _ = writeln!(io::stdout(), "{args}");
    }
}

/// `print!` that ends the process quietly when stdout's reader has gone.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::out::print(format_args!($($arg)*))
    };
}

/// `println!` that ends the process quietly when stdout's reader has gone.
#[macro_export]
macro_rules! outln {
    () => {
        $crate::out::print(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

impl fmt::Display for crate::result::Failed {
    /// As the per-call lines print it: `Sentiment Analysis refused: over the
    /// rate limit (429)`, `Keyword Extraction cancelled: deadline exceeded`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            crate::result::Failed::Refused(task) => {
                write!(f, "{task} refused: over the rate limit (429)")
            }
            crate::result::Failed::TimedOut(task) => {
                write!(f, "{task} cancelled: deadline exceeded")
            }
            crate::result::Failed::Cancelled(task) => {
                write!(f, "{task} cancelled: the run was stopped")
            }
            crate::result::Failed::Panicked => f.write_str("panicked: its answers are lost"),
            crate::result::Failed::Queued => f.write_str("queued: never started"),
        }
    }
}

impl fmt::Display for crate::pipeline::PipelineError {
    /// As a run's error line prints it, after `error: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            crate::pipeline::PipelineError::TooManyThreads { requested, limit } => write!(
                f,
                "{requested} articles need {requested} OS threads, more than the {limit} this part allows \
                 (an OS kills the process somewhere past that, without spawn ever failing); \
                 part-05-worker-pool runs any number of articles on a fixed set of workers"
            ),
            crate::pipeline::PipelineError::Spawn(message) => {
                write!(f, "the OS refused to start a thread: {message}")
            }
            crate::pipeline::PipelineError::Panicked { thread, message } => {
                write!(f, "thread '{thread}' panicked: {message}")
            }
            crate::pipeline::PipelineError::Lost(problem) => {
                write!(f, "results were lost: {problem}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Claim: the first signal calls the run's stop, once; the second finds none, and so ends the process.
    #[test]
    fn the_first_signal_stops_the_run_and_the_second_ends_the_process() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        let stop: Mutex<Option<Box<dyn FnOnce() + Send>>> = Mutex::new(None);
        assert!(
            !stopped_a_run(&stop),
            "no run registered: the signal ends the process"
        );
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        *stop.lock().unwrap() = Some(Box::new(move || {
            counted.fetch_add(1, Ordering::SeqCst);
        }));
        assert!(stopped_a_run(&stop), "the first signal stops the run");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(!stopped_a_run(&stop), "the second ends the process");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "the stop is called once");
    }

    #[test]
    fn time_picks_the_unit_a_person_would_use() {
        let cases = [
            (Duration::from_micros(412), "412 µs"),
            (Duration::from_micros(38_240), "38.2 ms"),
            (Duration::from_millis(1_041), "1.04 s"),
            (Duration::from_secs(414), "6.9 min"),
            (Duration::from_secs(6_840), "1.9 h"),
        ];
        for (duration, text) in cases {
            assert_eq!(Time(duration).to_string(), text);
        }
        assert_eq!(format!("{:>8}", Time(Duration::from_secs(2))), "  2.00 s");
    }
}
