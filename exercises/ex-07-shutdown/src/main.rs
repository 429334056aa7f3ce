use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs};
use common::Schedule;
use common::sync::channel;
use ex_07_shutdown::{CAPACITY, PART, process_all};

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    pool: PoolArgs,

    /// How many messages each channel holds: 0 makes every hand-over a
    /// rendezvous, and a small bound costs time when calls are fast
    #[arg(long, value_name = "N", default_value_t = CAPACITY, allow_hyphen_values = true, value_parser = cli::parse_capacity)]
    capacity: usize,

    /// Run the same workload at each of these worker counts and print the
    /// series' table instead of a single run, such as --sweep 1,5,20
    #[arg(long, value_name = "W,W,...", value_delimiter = ',', allow_hyphen_values = true, value_parser = cli::parse_workers, conflicts_with_all = ["workers", "timeline", "cancel_after"])]
    sweep: Vec<NonZeroUsize>,

    /// Each article's deadline, from when a worker takes it, such as 4s or
    /// 1500ms (--fast divides it by 30, as it does the latencies), or none
    #[arg(long, value_name = "D", default_value = "4s", allow_hyphen_values = true, value_parser = parse_timeout)]
    timeout: Timeout,

    /// Stop the run this long after it starts, as a Ctrl-C would, such as
    /// 1s or 2200ms (--fast divides it by 30)
    #[arg(long, value_name = "D", allow_hyphen_values = true, value_parser = cli::parse_cancel_after)]
    cancel_after: Option<Duration>,
}

/// `--timeout`: a deadline per article, or none.
#[derive(Debug, Clone, Copy)]
struct Timeout(Option<Duration>);

fn parse_timeout(text: &str) -> Result<Timeout, String> {
    cli::parse_timeout(text).map(Timeout)
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let workers = cli.pool.workers;
    let capacity = cli.capacity;
    let timeout = cli
        .timeout
        .0
        .map(|timeout| cli.run.on_the_runs_clock(timeout));
    if !cli.sweep.is_empty() {
        // A sweep's runs are not stopped: each is a row of the table.
        let (_stop_tx, stop) = channel::bounded(0);
        return cli::sweep_within(
            PART,
            &cli.run,
            &cli.sweep,
            timeout,
            |articles, client, workers| {
                process_all(articles, client, workers, capacity, timeout, stop.clone())
            },
        );
    }
    let cancel_after = cli
        .cancel_after
        .map(|given| (given, cli.run.on_the_runs_clock(given)));
    cli::run_until(
        PART,
        &cli.run,
        Schedule::Pool { workers },
        timeout,
        cancel_after,
        |articles, client, stop| process_all(articles, client, workers, capacity, timeout, stop),
    )
}
