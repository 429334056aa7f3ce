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
mod timeline;

#[cfg(test)]
mod fixtures;

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Duration;

pub use args::{
    Plan, PoolArgs, RunArgs, parse, parse_capacity, parse_timeout, parse_workers, usage_error,
};
pub use timeline::{span, timeline, timeline_over};

use common::Part;
use common::out::{Output, Time, plural};
use common::outcome::{execute_or_say_how_it_ended, execute_within};
use common::sync::Arc;
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
    let outcome = match execute_within(schedule, timeout, &client, process_all) {
        Ok(outcome) => outcome,
        Err(error) => {
            common::out::error_line(format_args!("error: {error}"));
            return ExitCode::FAILURE;
        }
    };

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
            outln!();
            out!("{}", report::knob(&workload, workers, timeout));
            if let Some(limit) = rate_limit {
                outln!();
                outln!("{}", report::right_setting(limit, workload.latency.min()));
            }
        }
        Schedule::ThreadPerArticle => {}
    }
    ExitCode::SUCCESS
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
    let workers = workers.map_or(String::new(), |workers| format!(" · {workers} workers"));
    let limit = rate_limit.map_or(String::new(), |limit| format!(" · rate limit {limit}"));
    format!(
        "{} — {}\n{}{workers} · {}{limit} · {seed}\n",
        part.name,
        part.approach,
        plural(workload.articles, "article"),
        workload.latency
    )
}
