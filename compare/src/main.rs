//! `cargo run -p compare -- --fast`: the series' "What Arc 1 built" table,
//! measured, and the timelines on one time scale.

use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs, report};
use common::out::Time;
use common::sync::Arc;
use common::{LlmClient, MAX_THREADS, Outcome, Output, Part, Schedule};
use compare::Contender;

/// All five parts of the AI news pipeline on one seeded workload, side by side.
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
}

const COMPARE: Part = Part {
    name: "compare",
    approach: "all five parts on one workload",
};

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let plan = cli.run.plan();
    common::out::handle_interrupt();
    let workload = plan.workload;
    let workers = cli.pool.workers;
    // Parts 2–4 start a thread per article: past the thread limit they sit
    // out, and the others still run (a million articles, for the pool).
    let too_many_threads = common::check_thread_budget(workload.articles).is_err();
    let runs = |contender: &Contender| {
        !(too_many_threads && contender.schedule == Schedule::ThreadPerArticle)
    };
    let contenders = || {
        compare::contenders(workers, cli.capacity)
            .into_iter()
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
            .map(|contender| w.ideal(contender.schedule))
            .sum()
    });
    common::outln!();

    let mut rows = Vec::new();
    // The five parts, then their peers: rayon and tokio doing Part 5's job.
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
    common::out!("{}", table(&rows));
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
    if !rows
        .iter()
        .any(|(_, ended)| matches!(ended, Ended::Failed(_)))
    {
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
/// not finish, how it ended.
fn table(rows: &[Row]) -> String {
    let baseline = match rows.first() {
        Some((_, Ended::Ran(outcome))) => outcome.elapsed,
        _ => Duration::ZERO,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<20} {:>10} {:>10} {:>17} {:>5} {:>7} {:>7} {:>7}  approach",
        "part", "time", "ideal", "overhead", "peak", "threads", "refused", "speedup"
    );
    for (part, ended) in rows {
        let _ = match ended {
            Ended::Ran(outcome) => writeln!(
                out,
                "{:<20} {:>10} {:>10} {:>17} {:>5} {:>7} {:>7} {:>7}  {}",
                part.name,
                Time(outcome.elapsed).to_string(),
                Time(outcome.ideal).to_string(),
                report::overhead(outcome).to_string(),
                outcome.stats.peak_in_flight,
                outcome.stats.threads.len(),
                outcome.stats.calls_refused,
                report::speedup(baseline, outcome.elapsed),
                part.approach,
            ),
            Ended::Failed(how) | Ended::Skipped(how) => writeln!(out, "{:<20} {how}", part.name),
        };
    }
    let _ = writeln!(
        out,
        "\nideal: the best this design can do on this workload; peak: calls in flight at once; \
         threads: OS threads that made calls; refused: calls over the provider's rate limit \
         (--rate-limit); speedup: over Part 1"
    );
    out
}
