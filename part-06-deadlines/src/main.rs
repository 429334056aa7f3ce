use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs};
use common::Schedule;
use part_06_deadlines::{CAPACITY, PART, process_all};

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    pool: PoolArgs,

    /// How many messages each channel holds
    #[arg(long, value_name = "N", default_value_t = CAPACITY, allow_hyphen_values = true, value_parser = cli::parse_capacity)]
    capacity: usize,

    /// Each article's deadline, from when a worker takes it (4s, 1500ms;
    /// --fast divides it by 30; none: no deadline)
    #[arg(long, value_name = "D", default_value = "4s", value_parser = parse_timeout)]
    timeout: Timeout,
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
    let timeout = cli.timeout.0.map(|timeout| cli.run.on_the_runs_clock(timeout));
    cli::run(
        PART,
        &cli.run,
        Schedule::Pool { workers },
        |articles, client| process_all(articles, client, workers, capacity, timeout),
    )
}
