//! The command line every part shares, and what a run prints: parse the
//! flags, print the header, run a part's `process_all` (through
//! [`common::outcome::execute`]), print the report and the pictures.
//!
//! A part's `main` declares its clap struct with [`RunArgs`] flattened in
//! (plus its own knob, such as Part 5's `--workers`), parses it with
//! [`parse`] and hands its `process_all` to [`run`], which reads the flags
//! once, as a [`Plan`].
//!
//! - `args`: the flags and how they are parsed.
//! - [`budget`]: what a run will need, checked before it starts.
//! - [`report`]: the numbers, the projection, the worker loads, the knob
//!   (what `compare` and the examples reuse is public: the overhead, the
//!   speedup and the ratio).
//! - `timeline`: one row per article, time left to right.

mod args;
pub mod budget;
pub mod report;
pub mod stop;
mod timeline;

#[cfg(test)]
mod fixtures;

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Duration;

pub use args::{
    Plan, PoolArgs, RunArgs, parse, parse_cancel_after, parse_capacity, parse_timeout,
    parse_workers, usage_error,
};
pub use timeline::{span, timeline, timeline_over};

use common::Part;
use common::out::{Output, Time, plural};
use common::outcome::{execute_or_say_how_it_ended, execute_within};
use common::sync::Arc;
use common::sync::channel::{self, Receiver};
use common::{
    AIResult, Articles, LlmClient, PipelineError, RateLimit, Schedule, Workload, out, outln,
};

/// Runs `process_all` once on the workload `args` describe and prints the
/// header, the per-call lines or a progress bar, the report and the pictures.
///
/// Exit status: 0 on success, 1 when the run fails (a thread panicked, say),
/// 2 when the arguments ask for what this part cannot do.
pub fn run<F>(part: Part, args: &RunArgs, schedule: Schedule, process_all: F) -> ExitCode
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    run_within(part, args, schedule, None, process_all)
}

/// [`run`] for a part whose articles each have `timeout` from when they are
/// taken (already on the run's clock: see [`RunArgs::on_the_runs_clock`]):
/// the ideal, the long-run hint and the knob cap each article there.
pub fn run_within<F>(
    part: Part,
    args: &RunArgs,
    schedule: Schedule,
    timeout: Option<Duration>,
    process_all: F,
) -> ExitCode
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    run_stoppable(
        part,
        args,
        schedule,
        timeout,
        None,
        |articles, client, _| process_all(articles, client),
    )
}

/// [`run_within`] for a part that can be stopped (Part 7): `process_all`
/// gets the run's stop, a receiver whose sender is dropped by the first
/// Ctrl-C (or `SIGTERM`, or `SIGHUP`) or, with `cancel_after` (as given,
/// and on the run's clock), by a timer. The report ends with the shutdown
/// report: every article accounted for, and the time to stop.
///
/// Exit status: 130 when a signal stopped the run, as a shell reports an
/// interrupted command (0 when `--cancel-after` did); 1 when an article's
/// analysis panicked, or the run failed; 2 for bad arguments.
pub fn run_until<F>(
    part: Part,
    args: &RunArgs,
    schedule: Schedule,
    timeout: Option<Duration>,
    cancel_after: Option<(Duration, Duration)>,
    process_all: F,
) -> ExitCode
where
    F: FnOnce(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>,
{
    run_stoppable(
        part,
        args,
        schedule,
        timeout,
        Some(cancel_after),
        process_all,
    )
}

/// One run, stoppable when `cancel_after` is `Some` (with or without a
/// timer): the body of [`run_within`] and [`run_until`].
fn run_stoppable<F>(
    part: Part,
    args: &RunArgs,
    schedule: Schedule,
    timeout: Option<Duration>,
    cancel_after: Option<Option<(Duration, Duration)>>,
    process_all: F,
) -> ExitCode
where
    F: FnOnce(Articles, &Arc<LlmClient>, Receiver<()>) -> Result<Vec<AIResult>, PipelineError>,
{
    let Plan {
        workload,
        drawn,
        rate_limit,
        fast,
        lines,
        timeline_rows,
        panic_on,
    } = args.plan_for(schedule);
    common::out::handle_interrupt();
    let workers = match schedule {
        Schedule::Pool { workers } => Some(workers),
        Schedule::Sequential | Schedule::ThreadPerArticle => None,
    };
    out!("{}", header(part, &workload, workers, drawn, rate_limit));
    long_run_hint(&workload, fast, |w| w.ideal_within(schedule, timeout));
    outln!();

    let output = if lines {
        Output::Lines
    } else {
        Output::progress_bar(workload.articles)
    };
    let client = Arc::new(
        LlmClient::builder(workload)
            .output(output)
            .record_calls(timeline_rows)
            .panic_on(panic_on)
            .rate_limit(rate_limit)
            .build(),
    );
    let (stop_tx, stop_rx) = channel::bounded(0);
    let switch = stop::Switch::new(stop_tx);
    let outcome = execute_within(schedule, timeout, &client, |articles, client| {
        // Armed as the run starts, disarmed as it returns: `--cancel-after`
        // counts from here, and a Ctrl-C during the report ends the process.
        let armed = cancel_after
            .map(|cancel_after| stop::arm(&switch, cancel_after, "calls in flight are cut"));
        let results = process_all(articles, client, stop_rx);
        drop(armed);
        results
    });
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            common::out::error_line(format_args!("error: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let stopped = switch.stopped();

    outln!();
    out!("{}", report::summary(&outcome));
    if timeline_rows > 0 {
        outln!();
        out!("{}", timeline(&outcome, timeline_rows));
    }
    match schedule {
        Schedule::Sequential => {
            outln!();
            out!("{}", report::projection(&outcome));
        }
        Schedule::Pool { workers } => {
            outln!();
            out!("{}", report::worker_loads(&outcome.stats, workers));
            if cancel_after.is_none() {
                outln!();
                out!("{}", report::knob(&workload, workers, timeout));
            }
            if let Some(limit) = rate_limit {
                outln!();
                outln!("{}", report::right_setting(limit, workload.latency.min()));
            }
        }
        Schedule::ThreadPerArticle => {}
    }
    if cancel_after.is_none() {
        return ExitCode::SUCCESS;
    }
    outln!();
    out!(
        "{}",
        stop::report(
            &outcome.ended,
            workload.articles,
            outcome.started,
            outcome.started + outcome.elapsed,
            stopped
        )
    );
    if let [first, ..] = outcome.ended.panicked.as_slice() {
        common::out::error_line(format_args!(
            "error: {} panicked (article {first} first); each is reported as failed, \
             and its worker went on",
            plural(outcome.ended.panicked.len(), "article")
        ));
        return ExitCode::FAILURE;
    }
    match stopped.map(|stopped| stopped.by) {
        Some(stop::By::Signal) => ExitCode::from(130),
        Some(stop::By::CancelAfter { .. }) | None => ExitCode::SUCCESS,
    }
}

/// Part 5's `--sweep`: the same workload at each worker count, as the series'
/// table (workers, time, speedup over one worker's ideal, ideal, overhead).
///
/// It honours `--panic-on` (a row that fails says how, and the sweep goes
/// on); it has no per-call lines to hide and no timeline to draw, and Part
/// 5's command line refuses `--timeline` and `--workers` beside `--sweep`.
pub fn sweep<F>(part: Part, args: &RunArgs, counts: &[NonZeroUsize], process_all: F) -> ExitCode
where
    F: Fn(Articles, &Arc<LlmClient>, NonZeroUsize) -> Result<Vec<AIResult>, PipelineError>,
{
    sweep_within(part, args, counts, None, process_all)
}

/// [`sweep`] for a part whose articles each have `timeout` (on the run's
/// clock): the ideals cap each article there, and a column counts the
/// articles cut by their deadline.
pub fn sweep_within<F>(
    part: Part,
    args: &RunArgs,
    counts: &[NonZeroUsize],
    timeout: Option<Duration>,
    process_all: F,
) -> ExitCode
where
    F: Fn(Articles, &Arc<LlmClient>, NonZeroUsize) -> Result<Vec<AIResult>, PipelineError>,
{
    let Plan {
        workload,
        drawn,
        rate_limit,
        fast,
        panic_on,
        ..
    } = args.plan();
    common::out::handle_interrupt();
    out!("{}", header(part, &workload, None, drawn, rate_limit));
    long_run_hint(&workload, fast, |w| {
        counts
            .iter()
            .map(|&workers| w.ideal_within(Schedule::Pool { workers }, timeout))
            .sum()
    });
    let sequential = workload.ideal_within(Schedule::Sequential, timeout);
    outln!(
        "sweep: {} on this workload (speedup is over one worker's ideal, {})\n",
        plural(counts.len(), "worker count"),
        Time(sequential)
    );
    // The timed-out column only where articles have a deadline.
    let timed_out = |count: String| {
        if timeout.is_some() {
            format!("  {count:>9}")
        } else {
            String::new()
        }
    };
    outln!(
        "  {:>7}  {:>11}  {:>8}  {:>11}  {:>9}  {:>9}  {:>7}{}",
        "workers",
        "time",
        "speedup",
        "ideal",
        "overhead",
        "completed",
        "refused",
        timed_out("timed out".to_owned())
    );
    let mut failed = false;
    for &workers in counts {
        let schedule = Schedule::Pool { workers };
        let client = Arc::new(
            LlmClient::builder(workload)
                .output(Output::progress_bar(workload.articles))
                .panic_on(panic_on)
                .rate_limit(rate_limit)
                .build(),
        );
        match execute_or_say_how_it_ended(schedule, timeout, &client, |articles, client| {
            process_all(articles, client, workers)
        }) {
            Ok(outcome) => {
                let stats = &outcome.stats;
                let failed = usize::try_from(stats.calls_refused + stats.calls_timed_out)
                    .unwrap_or(usize::MAX);
                outln!(
                    "  {:>7}  {:>11}  {:>8}  {:>11}  {:>9}  {:>9}  {:>7}{}",
                    workers,
                    Time(outcome.elapsed),
                    report::speedup(sequential, outcome.elapsed),
                    Time(outcome.ideal),
                    Time(outcome.elapsed.saturating_sub(outcome.ideal)),
                    workload.articles.saturating_sub(failed),
                    stats.calls_refused,
                    timed_out(stats.calls_timed_out.to_string())
                );
            }
            Err(how) => {
                failed = true;
                outln!("  {workers:>7}  {how}");
            }
        }
    }
    if let Some(limit) = rate_limit {
        outln!("\n{}", report::right_setting(limit, workload.latency.min()));
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the header's warning when the run's ideal time, `ideal` of the
/// workload, is over a minute. Free at zero latency, where it is not computed.
pub fn long_run_hint(
    workload: &Workload,
    fast: bool,
    ideal: impl FnOnce(&Workload) -> std::time::Duration,
) {
    if workload.latency.is_zero() {
        return;
    }
    if let Some(hint) = budget::long_run_hint(ideal(workload), fast) {
        outln!("{hint}");
    }
}

/// The lines above the run: which part, which workload.
/// `workers` is the pool size, for the runs that have one.
pub fn header(
    part: Part,
    workload: &Workload,
    workers: Option<NonZeroUsize>,
    drawn: bool,
    rate_limit: Option<RateLimit>,
) -> String {
    let seed = if drawn {
        format!(
            "seed {} (drawn: repeat this run with --seed {})",
            workload.seed, workload.seed
        )
    } else {
        format!("seed {}", workload.seed)
    };
    let workers = workers.map_or(String::new(), |workers| {
        format!(" · {}", plural(workers.get(), "worker"))
    });
    let limit = rate_limit.map_or(String::new(), |limit| format!(" · rate limit {limit}"));
    format!(
        "{} — {}\n{}{workers} · {}{limit} · {seed}\n",
        part.name,
        part.approach,
        plural(workload.articles, "article"),
        workload.latency
    )
}
