//! A run from the command line: parse the flags, print the header, call a
//! part's `process_all`, check what came back, print the report.
//!
//! A part's `main` declares its clap struct with [`RunArgs`] flattened in
//! (plus its own knob, such as Part 5's `--workers`), parses it with
//! [`parse`] and hands its `process_all` to [`run`].

mod args;
pub mod budget;
pub mod report;
mod timeline;

use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::time::Instant;

pub use args::{
    FAST_DIVISOR, LINES_UP_TO, MAX_LATENCY_MS, PoolArgs, RunArgs, TIMELINE_ROWS, TIMELINE_UP_TO,
    parse, parse_articles, parse_latency, parse_rate, parse_workers, usage_error,
};
pub use report::Outcome;
pub use timeline::{span, timeline, timeline_over};

use crate::ai::AIResult;
use crate::article::Articles;
use crate::client::LlmClient;
use crate::limiter::RateLimit;
use crate::out::{Output, Time, plural};
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
    args.check();
    crate::out::handle_interrupt();
    let (workload, drawn) = args.workload();
    let workers = match schedule {
        Schedule::Pool { workers } => Some(workers),
        Schedule::Sequential | Schedule::ThreadPerArticle => None,
    };
    out!(
        "{}",
        header(part, &workload, workers, drawn, args.rate_limit())
    );
    long_run_hint(&workload, args.fast, |w| w.ideal(schedule));
    outln!();

    let client = Arc::new(args.client(workload));
    let outcome = match execute(schedule, &client, process_all) {
        Ok(outcome) => outcome,
        Err(error) => {
            crate::out::error_line(format_args!("error: {error}"));
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
            if let Some(limit) = args.rate_limit() {
                outln!("{}", report::right_setting(limit, workload.latency.min()));
            }
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
    let stats = client.stats();
    let ideal = if stats.calls_refused == 0 {
        workload.ideal(schedule)
    } else {
        // A refused call takes no time, and ends its article: the ideal
        // counts only the calls that ran, so the overhead stays honest.
        let mut ran = vec![std::time::Duration::ZERO; workload.articles];
        for result in &results {
            ran[result.article_id] = workload.latency_until(result.article_id, result.refused);
        }
        schedule.ideal(ran.into_iter())
    };
    Ok(Outcome {
        workload,
        schedule,
        started,
        elapsed,
        ideal,
        articles_refused: results.iter().filter(|r| r.refused.is_some()).count(),
        rate_limit: client.rate_limit(),
        stats,
        calls: client.instruments().calls(),
    })
}

/// [`execute`] for a table that must go on whatever one run does: the
/// outcome, or how the run ended, in a few words with the articles done.
/// A panic that reaches this thread (Part 1 has no other thread to catch
/// it) is caught here and reported as a crash.
///
/// # Errors
///
/// `error: …` (the part's error, such as a thread that panicked) or
/// `crashed: …` (a panic that reached this thread).
pub fn execute_or_say_how_it_ended<F>(
    schedule: Schedule,
    client: &Arc<LlmClient>,
    process_all: F,
) -> Result<Outcome, String>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    let run = panic::catch_unwind(AssertUnwindSafe(|| execute(schedule, client, process_all)));
    let how = match run {
        Ok(Ok(outcome)) => return Ok(outcome),
        Ok(Err(error)) => format!("error: {error}"),
        Err(payload) => {
            let thread = std::thread::current();
            format!(
                "crashed: {}",
                PipelineError::panicked(thread.name(), payload)
            )
        }
    };
    client.finish_output();
    let done = client.stats().articles_done;
    Err(format!(
        "{how} ({done} of {} done)",
        plural(client.workload().articles, "article")
    ))
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
    args.check();
    crate::out::handle_interrupt();
    let (workload, drawn) = args.workload();
    let rate_limit = args.rate_limit();
    out!("{}", header(part, &workload, None, drawn, rate_limit));
    long_run_hint(&workload, args.fast, |w| {
        counts
            .iter()
            .map(|&workers| w.ideal(Schedule::Pool { workers }))
            .sum()
    });
    let sequential = workload.ideal(Schedule::Sequential);
    outln!(
        "sweep: {} on this workload (speedup is over one worker's ideal, {})\n",
        plural(counts.len(), "worker count"),
        Time(sequential)
    );
    outln!(
        "  {:>7}  {:>11}  {:>8}  {:>11}  {:>9}  {:>9}  {:>7}",
        "workers",
        "time",
        "speedup",
        "ideal",
        "overhead",
        "completed",
        "refused"
    );
    let mut failed = false;
    for &workers in counts {
        let schedule = Schedule::Pool { workers };
        let client = Arc::new(
            LlmClient::builder(workload)
                .output(Output::progress_bar(workload.articles))
                .panic_on(args.panic_on)
                .rate_limit(rate_limit)
                .build(),
        );
        match execute_or_say_how_it_ended(schedule, &client, |articles, client| {
            process_all(articles, client, workers)
        }) {
            Ok(outcome) => outln!(
                "  {:>7}  {:>11}  {:>8}  {:>11}  {:>9}  {:>9}  {:>7}",
                workers,
                Time(outcome.elapsed),
                report::speedup(sequential, outcome.elapsed),
                Time(outcome.ideal),
                Time(outcome.elapsed.saturating_sub(outcome.ideal)),
                workload.articles - outcome.articles_refused,
                outcome.stats.calls_refused,
            ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LatencyRange, analyze};

    #[test]
    fn a_run_that_crashes_or_fails_is_told_not_thrown() {
        let w = Workload {
            seed: 1,
            articles: 3,
            latency: LatencyRange::ZERO,
        };
        let client = Arc::new(LlmClient::builder(w).panic_on(Some(1)).build());
        let crashed =
            execute_or_say_how_it_ended(Schedule::Sequential, &client, |articles, client| {
                Ok(articles.map(|a| analyze(&a, client)).collect())
            });
        let how = crashed.unwrap_err();
        assert!(how.starts_with("crashed: thread"), "{how}");
        assert!(
            how.contains("article 1") && how.ends_with("(1 of 3 articles done)"),
            "{how}"
        );

        let client = Arc::new(LlmClient::builder(w).build());
        let failed = execute_or_say_how_it_ended(Schedule::Sequential, &client, |_, _| {
            Err(PipelineError::Spawn("no more threads".into()))
        });
        assert_eq!(
            failed.unwrap_err(),
            "error: the OS refused to start a thread: no more threads (0 of 3 articles done)"
        );
    }

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
