//! `cargo run -p compare -- --fast`: the series' "What Arc 1 built" table,
//! measured, and the timelines on one time scale.

use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs, report};
use common::out::{Time, plural};
use common::sync::Arc;
use common::{LlmClient, MAX_THREADS, Outcome, Output, Part, Schedule};
use compare::Contender;

/// All seven parts of the AI news pipeline on one seeded workload, side by side.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    pool: PoolArgs,

    /// How many messages each of Part 5's channels holds
    #[arg(long, value_name = "N", default_value_t = part_05_worker_pool::CAPACITY, allow_hyphen_values = true, value_parser = cli::parse_capacity)]
    capacity: usize,

    /// Parts 6 and 7's deadline for each article, from when a worker takes
    /// it, such as 4s or 1500ms (--fast divides it by 30, as it does the
    /// latencies), or none; no other row has a deadline
    #[arg(long, value_name = "D", default_value = "4s", allow_hyphen_values = true, value_parser = parse_timeout)]
    timeout: Timeout,

    /// Stop Part 7's run this long after it starts, as a Ctrl-C would, such
    /// as 1s or 2200ms (--fast divides it by 30); no other row is stopped,
    /// and without it Part 7's run is not stopped either
    #[arg(long, value_name = "D", allow_hyphen_values = true, value_parser = cli::parse_cancel_after)]
    cancel_after: Option<Duration>,
}

/// `--timeout`: a deadline per article, or none.
#[derive(Debug, Clone, Copy)]
struct Timeout(Option<Duration>);

fn parse_timeout(text: &str) -> Result<Timeout, String> {
    cli::parse_timeout(text).map(Timeout)
}

const COMPARE: Part = Part {
    name: "compare",
    approach: "all seven parts on one workload",
};

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let plan = cli.run.plan();
    common::out::handle_interrupt();
    let workload = plan.workload;
    let workers = cli.pool.workers;
    let timeout = cli
        .timeout
        .0
        .map(|timeout| cli.run.on_the_runs_clock(timeout));
    // As given, for the table's note, and on the run's clock, for the timer.
    let cancel_after = cli
        .cancel_after
        .map(|given| (given, cli.run.on_the_runs_clock(given)));
    // Parts 2–4 start a thread per article: past the thread limit they sit
    // out, and the others still run (a million articles, for the pool).
    let too_many_threads = common::check_thread_budget(workload.articles).is_err();
    let runs = |contender: &Contender| {
        !(too_many_threads && contender.schedule == Schedule::ThreadPerArticle)
    };
    let contenders = || {
        compare::contenders(workers, cli.capacity)
            .into_iter()
            .chain([
                compare::deadlines(workers, cli.capacity, timeout),
                compare::shutdown(workers, cli.capacity, timeout, cancel_after),
            ])
            .chain(compare::peers(workers))
    };
    common::out!(
        "{}",
        cli::header(
            COMPARE,
            &workload,
            Some(workers),
            plan.drawn,
            plan.rate_limit
        )
    );
    cli::long_run_hint(&workload, plan.fast, |w| {
        contenders()
            .filter(runs)
            .map(|contender| w.ideal_within(contender.schedule, contender.timeout))
            .sum()
    });
    common::outln!();

    let mut rows = Vec::new();
    // The five parts, Part 6 and Part 7, then their peers: rayon and tokio doing
    // Part 5's job.
    for contender in contenders() {
        if !runs(&contender) {
            let why =
                format!("skipped: a thread per article, and more than {MAX_THREADS} articles");
            common::outln!("  {:<20} {why}", contender.part.name);
            rows.push((contender.part, Ended::Skipped(why)));
            continue;
        }
        // One line per part here; the per-call lines of five runs would bury the table.
        let client = Arc::new(
            LlmClient::builder(workload)
                .output(Output::progress_bar(workload.articles))
                .record_calls(plan.timeline_rows)
                .panic_on(plan.panic_on)
                .rate_limit(plan.rate_limit)
                .build(),
        );
        // One part's failure or crash (`--panic-on`) does not stop the
        // table, which is there to show how each part copes.
        let ended = contender.run(&client);
        match &ended {
            Ok(outcome) => common::outln!(
                "  {:<20} {:>10}",
                contender.part.name,
                Time(outcome.elapsed).to_string()
            ),
            Err(how) => common::outln!("  {:<20} {how}", contender.part.name),
        }
        rows.push((
            contender.part,
            ended.map_or_else(Ended::Failed, |outcome| Ended::Ran(Box::new(outcome))),
        ));
    }

    common::outln!();
    common::out!("{}", table(&rows, cancel_after));
    if plan.timeline_rows > 0 {
        // One scale for every row, so their shapes compare at a glance.
        let finished = || {
            rows.iter().filter_map(|(part, ended)| match ended {
                Ended::Ran(outcome) => Some((part, outcome)),
                _ => None,
            })
        };
        let span = finished()
            .map(|(_, outcome)| cli::span(outcome))
            .max()
            .unwrap_or_default();
        for (part, outcome) in finished() {
            common::outln!("\n{} — {}", part.name, part.approach);
            common::out!("{}", cli::timeline_over(outcome, plan.timeline_rows, span));
        }
    }
    // A row that failed, or whose articles panicked (Part 7 reports each
    // as failed and goes on, as its own run does), fails the table too.
    if !rows.iter().any(|(_, ended)| match ended {
        Ended::Failed(_) => true,
        Ended::Ran(outcome) => !outcome.ended.panicked.is_empty(),
        Ended::Skipped(_) => false,
    }) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// How one part's run ended.
enum Ended {
    /// Measured.
    Ran(Box<Outcome>),
    /// How it failed.
    Failed(String),
    /// Why it did not run.
    Skipped(String),
}

type Row = (Part, Ended);

/// The series' table, measured: one row per part, and for a part that did
/// not finish, how it ended. Where a row had a deadline (Parts 6 and 7's),
/// a column counts the articles it cut, so that a row that did less work
/// does not pass for faster: the other rows show `-` there, having none.
/// Every row that ran says how many of its articles are accounted for
/// (each once: succeeded, failed, cancelled or queued) of the workload's:
/// Part 7's claim, which holds for every part. With `cancel_after` (as
/// given, and on the run's clock), a line under the table says how Part
/// 7's stopped run ended.
fn table(rows: &[Row], cancel_after: Option<(Duration, Duration)>) -> String {
    let ran = || {
        rows.iter().filter_map(|(part, ended)| match ended {
            Ended::Ran(outcome) => Some((part, outcome)),
            _ => None,
        })
    };
    let baseline = match rows.first() {
        Some((_, Ended::Ran(outcome))) => outcome.elapsed,
        _ => Duration::ZERO,
    };
    let deadline = ran().find_map(|(_, outcome)| outcome.timeout);
    let timed_out = |count: String| {
        if deadline.is_some() {
            format!(" {count:>9}")
        } else {
            String::new()
        }
    };
    let accounted = |outcome: &Outcome| {
        format!(
            "{} / {}",
            outcome.ended.accounted_for(),
            outcome.workload.articles
        )
    };
    // As wide as its widest `N / N`, so that a million articles keep the
    // columns aligned.
    let width = ran()
        .map(|(_, outcome)| accounted(outcome).len())
        .chain(["accounted".len()])
        .max()
        .unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<20} {:>10} {:>10} {:>17} {:>5} {:>7} {:>7}{} {:>width$} {:>7}  approach",
        "part",
        "time",
        "ideal",
        "overhead",
        "peak",
        "threads",
        "refused",
        timed_out("timed out".to_owned()),
        "accounted",
        "speedup"
    );
    for (part, ended) in rows {
        let _ = match ended {
            Ended::Ran(outcome) => {
                // A stopped run did not run every article: no schedule to
                // compare it with, and no speedup at the same job.
                let unless_stopped = |figure: String| {
                    if stopped(outcome) {
                        "-".to_owned()
                    } else {
                        figure
                    }
                };
                writeln!(
                    out,
                    "{:<20} {:>10} {:>10} {:>17} {:>5} {:>7} {:>7}{} {:>width$} {:>7}  {}",
                    part.name,
                    Time(outcome.elapsed).to_string(),
                    unless_stopped(Time(outcome.ideal).to_string()),
                    unless_stopped(report::overhead(outcome).to_string()),
                    outcome.stats.peak_in_flight,
                    outcome.stats.threads.len(),
                    outcome.stats.calls_refused,
                    timed_out(outcome.timeout.map_or("-".to_owned(), |_| {
                        outcome.stats.calls_timed_out.to_string()
                    })),
                    accounted(outcome),
                    unless_stopped(report::speedup(baseline, outcome.elapsed)),
                    part.approach,
                )
            }
            Ended::Failed(how) | Ended::Skipped(how) => writeln!(out, "{:<20} {how}", part.name),
        };
    }
    // A part that catches a panic per article (Part 7) finishes its run:
    // its row says so, since its numbers alone would not.
    for (part, outcome) in ran() {
        if let [first, ..] = outcome.ended.panicked.as_slice() {
            let _ = writeln!(
                out,
                "\n{}: {} panicked (article {first} first); each is reported as failed, \
                 and its worker went on",
                part.name,
                plural(outcome.ended.panicked.len(), "article")
            );
        }
    }
    // Part 7's row did less work when its stop came first: say how much.
    let shutdown = ran().find(|(part, _)| part.name == part_07_shutdown::PART.name);
    if let (Some((_, wait)), Some((part, outcome))) = (cancel_after, shutdown) {
        let ended = &outcome.ended;
        let _ = if stopped(outcome) {
            writeln!(
                out,
                "\n{} was stopped {} into its run (--cancel-after): {} succeeded, {} failed, \
                 {} cancelled (cut in flight), {} queued (never started); its ideal, overhead \
                 and speedup are left out, as it did not run every article",
                part.name,
                Time(wait),
                ended.succeeded,
                ended.failed(),
                ended.cancelled,
                ended.queued
            )
        } else {
            writeln!(
                out,
                "\nevery article of {} ran to its end before its stop, {} into its run \
                 (--cancel-after)",
                part.name,
                Time(wait)
            )
        };
    }
    let cut = deadline.map_or(String::new(), |deadline| {
        format!(
            "; timed out: articles cut at their {} deadline (--timeout, Parts 6 and 7's rows only)",
            Time(deadline)
        )
    });
    let _ = writeln!(
        out,
        "\nideal: the best this design can do on this workload; peak: calls in flight at once; \
         threads: OS threads that made calls; refused: calls over the provider's rate limit \
         (--rate-limit){cut}; accounted: articles that succeeded, failed, were cancelled or \
         stayed queued, each once, of all; speedup: over Part 1"
    );
    out
}

/// Whether a run was stopped before every article ran: some were cut in
/// flight or never started.
fn stopped(outcome: &Outcome) -> bool {
    outcome.ended.cancelled + outcome.ended.queued > 0
}
