//! `cargo run -p compare -- --fast`: the series' "What Arc 1 built" table,
//! measured, and the five timelines on one time scale.

use std::fmt::Write;
use std::process::ExitCode;

use clap::Parser;
use common::out::Time;
use common::run::{self, Part, PoolArgs, RunArgs};
use common::run::{Outcome, report};
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
    let cli: Cli = run::parse();
    if let Err(error) = common::check_thread_budget(cli.run.articles) {
        run::usage_error(&format!(
            "error: --articles {}: parts 2–4 start a thread per article: {error}",
            cli.run.articles
        ));
    }
    let (workload, drawn) = cli.run.workload();
    common::out!(
        "{}",
        run::header(COMPARE, &workload, Some(cli.pool.workers), drawn)
    );
    if !cli.run.fast {
        common::outln!(
            "(Part 1 alone takes the sum of all latencies; add --fast for 1/30 of them.)"
        );
    }
    common::outln!();

    let mut outcomes = Vec::new();
    for contender in compare::contenders(cli.pool.workers) {
        let mut run = cli.run.clone();
        // One line per part here; the per-call lines of five runs would bury the table.
        run.quiet = true;
        let client = Arc::new(run.client(workload));
        match contender.run(&client) {
            Ok(outcome) => {
                common::outln!(
                    "  {:<20} {:>10}",
                    contender.part.name,
                    Time(outcome.elapsed).to_string()
                );
                outcomes.push((contender.part, outcome));
            }
            Err(error) => {
                eprintln!("error: {}: {error}", contender.part.name);
                return ExitCode::FAILURE;
            }
        }
    }

    common::outln!();
    common::out!("{}", table(&outcomes));
    let rows = cli.run.timeline_rows();
    if rows > 0 {
        // One scale for all five, so their shapes compare at a glance.
        let span = outcomes
            .iter()
            .map(|(_, o)| run::span(o))
            .max()
            .unwrap_or_default();
        for (part, outcome) in &outcomes {
            common::outln!("\n{} — {}", part.name, part.approach);
            common::out!("{}", run::timeline_over(outcome, rows, span));
        }
    }
    ExitCode::SUCCESS
}

/// The series' table, measured: one row per part.
fn table(outcomes: &[(Part, Outcome)]) -> String {
    let baseline = outcomes.first().map(|(_, o)| o.elapsed).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<20} {:>10} {:>10} {:>17} {:>5} {:>7} {:>7}  approach",
        "part", "time", "ideal", "overhead", "peak", "threads", "speedup"
    );
    for (part, outcome) in outcomes {
        let _ = writeln!(
            out,
            "{:<20} {:>10} {:>10} {:>17} {:>5} {:>7} {:>6.1}x  {}",
            part.name,
            Time(outcome.elapsed).to_string(),
            Time(outcome.ideal).to_string(),
            outcome.overhead().to_string(),
            outcome.stats.peak_in_flight,
            outcome.stats.threads.len(),
            report::ratio(baseline, outcome.elapsed),
            part.approach,
        );
    }
    let _ = writeln!(
        out,
        "\nideal: the best this design can do on this workload; peak: calls in flight at once; \
         threads: OS threads that made calls; speedup: over Part 1"
    );
    out
}
