//! `cargo run -p compare -- --fast`: the series' "What Arc 1 built" table,
//! measured, and the five timelines on one time scale.

use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs, report};
use common::Outcome;
use common::Part;
use common::out::Time;
use common::sync::Arc;

/// All five parts of the AI news pipeline on one seeded workload, side by side.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    pool: PoolArgs,
}

const COMPARE: Part = Part {
    name: "compare",
    approach: "all five parts on one workload",
};

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    if let Err(error) = common::check_thread_budget(cli.run.articles) {
        cli::usage_error(&format!(
            "error: --articles {}: parts 2–4 start a thread per article: {error}",
            cli.run.articles
        ));
    }
    cli.run.check();
    common::out::handle_interrupt();
    let (workload, drawn) = cli.run.workload();
    let workers = cli.pool.workers;
    common::out!(
        "{}",
        cli::header(
            COMPARE,
            &workload,
            Some(workers),
            drawn,
            cli.run.rate_limit()
        )
    );
    cli::long_run_hint(&workload, cli.run.fast, |w| {
        compare::contenders(workers)
            .iter()
            .chain(&compare::peers(workers))
            .map(|contender| w.ideal(contender.schedule))
            .sum()
    });
    common::outln!();

    let mut rows = Vec::new();
    // The five parts, then their peers: rayon and tokio doing Part 5's job.
    for contender in compare::contenders(workers)
        .into_iter()
        .chain(compare::peers(workers))
    {
        let mut run = cli.run.clone();
        // One line per part here; the per-call lines of five runs would bury the table.
        run.quiet = true;
        let client = Arc::new(run.client(workload));
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
        rows.push((contender.part, ended));
    }

    common::outln!();
    common::out!("{}", table(&rows));
    let timeline_rows = cli.run.timeline_rows();
    if timeline_rows > 0 {
        // One scale for all five, so their shapes compare at a glance.
        let finished = || {
            rows.iter()
                .filter_map(|(part, ended)| Some((part, ended.as_ref().ok()?)))
        };
        let span = finished()
            .map(|(_, outcome)| cli::span(outcome))
            .max()
            .unwrap_or_default();
        for (part, outcome) in finished() {
            common::outln!("\n{} — {}", part.name, part.approach);
            common::out!("{}", cli::timeline_over(outcome, timeline_rows, span));
        }
    }
    if rows.iter().all(|(_, ended)| ended.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// How one part's run ended: measured, or how it failed.
type Row = (Part, Result<Outcome, String>);

/// The series' table, measured: one row per part, and for a part that did
/// not finish, how it ended.
fn table(rows: &[Row]) -> String {
    let baseline = match rows.first() {
        Some((_, Ok(outcome))) => outcome.elapsed,
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
            Ok(outcome) => writeln!(
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
            Err(how) => writeln!(out, "{:<20} {how}", part.name),
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
