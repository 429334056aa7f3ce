//! A run from the command line: parse the flags, print the header, call a
//! part's `process_all`, check what came back, print the report.
//!
//! A part's `main` declares its clap struct with [`RunArgs`] flattened in
//! (plus its own knob, such as Part 5's `--workers`), parses it with
//! [`parse`] and hands its `process_all` to [`run`].

mod args;
pub mod report;
mod timeline;

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Instant;

pub use args::{
    FAST_DIVISOR, LINES_UP_TO, MAX_ARTICLES, MAX_LATENCY_MS, PoolArgs, RunArgs, TIMELINE_ROWS,
    TIMELINE_UP_TO, parse, parse_articles, parse_latency, parse_workers, usage_error,
};
pub use report::Outcome;
pub use timeline::{span, timeline, timeline_over};

use crate::ai::AIResult;
use crate::article::Articles;
use crate::client::LlmClient;
use crate::out::{Output, Time};
use crate::pipeline::{PipelineError, check_thread_budget, verify_ids};
use crate::sync::Arc;
use crate::workload::{Schedule, Workload};
use crate::{out, outln};

/// Who is running: printed in the header.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    /// The crate's name, such as `part-02-threads`.
    pub name: &'static str,
    /// The technique in a few words: the crate's description.
    pub approach: &'static str,
}

/// Runs `process_all` once on the workload `args` describe and prints the
/// header, the per-call lines or a progress bar, the report and the pictures.
///
/// Exit status: 0 on success, 1 when the run fails (a thread panicked, say),
/// 2 when the arguments ask for what this part cannot do.
pub fn run<F>(part: Part, args: &RunArgs, schedule: Schedule, process_all: F) -> ExitCode
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    if schedule == Schedule::ThreadPerArticle
        && let Err(error) = check_thread_budget(args.articles)
    {
        usage_error(&format!("error: --articles {}: {error}", args.articles));
    }
    let (workload, drawn) = args.workload();
    let workers = match schedule {
        Schedule::Pool { workers } => Some(workers),
        Schedule::Sequential | Schedule::ThreadPerArticle => None,
    };
    out!("{}", header(part, &workload, workers, drawn));
    outln!();

    let client = Arc::new(args.client(workload));
    let outcome = match execute(schedule, &client, process_all) {
        Ok(outcome) => outcome,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    outln!();
    out!("{}", report::summary(&outcome));
    let rows = args.timeline_rows();
    if rows > 0 {
        outln!();
        out!("{}", timeline(&outcome, rows));
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
            out!("{}", report::knob(&workload, workers));
        }
        Schedule::ThreadPerArticle => {}
    }
    ExitCode::SUCCESS
}

/// Calls `process_all` with `client`'s workload and checks what comes back:
/// one result per article, no more, no fewer.
///
/// # Errors
///
/// The part's own error, or [`PipelineError::Lost`] when results are missing
/// or repeated.
pub fn execute<F>(
    schedule: Schedule,
    client: &Arc<LlmClient>,
    process_all: F,
) -> Result<Outcome, PipelineError>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    let workload = *client.workload();
    let started = Instant::now();
    let results = process_all(client.articles(), client);
    let elapsed = started.elapsed();
    client.finish_output();
    let results = results?;
    verify_ids(workload.articles, &results).map_err(PipelineError::Lost)?;
    Ok(Outcome {
        workload,
        schedule,
        started,
        elapsed,
        ideal: workload.ideal(schedule),
        stats: client.stats(),
        calls: client.instruments().calls(),
    })
}

/// Part 5's `--sweep`: the same workload at each worker count, as the series'
/// table (workers, time, speedup over one worker, ideal).
pub fn sweep<F>(part: Part, args: &RunArgs, counts: &[NonZeroUsize], process_all: F) -> ExitCode
where
    F: Fn(Articles, &Arc<LlmClient>, NonZeroUsize) -> Result<Vec<AIResult>, PipelineError>,
{
    let (workload, drawn) = args.workload();
    out!("{}", header(part, &workload, None, drawn));
    let sequential = workload.ideal(Schedule::Sequential);
    outln!(
        "sweep: {} worker counts on this workload (speedup is over one worker's ideal, {})\n",
        counts.len(),
        Time(sequential)
    );
    outln!(
        "  {:>7}  {:>11}  {:>8}  {:>11}  {:>9}",
        "workers",
        "time",
        "speedup",
        "ideal",
        "overhead"
    );
    for &workers in counts {
        let schedule = Schedule::Pool { workers };
        let client = Arc::new(
            LlmClient::builder(workload)
                .output(Output::progress_bar(workload.articles))
                .build(),
        );
        match execute(schedule, &client, |articles, client| {
            process_all(articles, client, workers)
        }) {
            Ok(outcome) => outln!(
                "  {:>7}  {:>11}  {:>7.1}x  {:>11}  {:>9}",
                workers,
                Time(outcome.elapsed),
                report::ratio(sequential, outcome.elapsed),
                Time(outcome.ideal),
                Time(outcome.elapsed.saturating_sub(outcome.ideal)),
            ),
            Err(error) => {
                eprintln!("error: with {workers} workers: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// The lines above the run: which part, which workload.
/// `workers` is the pool size, for the runs that have one.
pub fn header(
    part: Part,
    workload: &Workload,
    workers: Option<NonZeroUsize>,
    drawn: bool,
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
    format!(
        "{} — {}\n{} articles{workers} · {} · {seed}\n",
        part.name, part.approach, workload.articles, workload.latency
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LatencyRange, analyze};

    #[test]
    fn execute_refuses_a_run_that_lost_a_result() {
        let w = Workload {
            seed: 1,
            articles: 3,
            latency: LatencyRange::ZERO,
        };
        let client = Arc::new(LlmClient::builder(w).build());
        let error = execute(Schedule::Sequential, &client, |articles, client| {
            Ok(articles.skip(1).map(|a| analyze(&a, client)).collect())
        })
        .unwrap_err();
        assert_eq!(
            error,
            PipelineError::Lost("article 0 has no result (2 of 3 arrived)".into())
        );
    }
}
