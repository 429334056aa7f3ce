use std::num::NonZeroUsize;
use std::process::ExitCode;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs};
use common::Schedule;
use part_05_worker_pool::{CAPACITY, PART, process_all};

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
    #[arg(long, value_name = "W,W,...", value_delimiter = ',', allow_hyphen_values = true, value_parser = cli::parse_workers, conflicts_with_all = ["workers", "timeline"])]
    sweep: Vec<NonZeroUsize>,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let workers = cli.pool.workers;
    let capacity = cli.capacity;
    if !cli.sweep.is_empty() {
        return cli::sweep(PART, &cli.run, &cli.sweep, |articles, client, workers| {
            process_all(articles, client, workers, capacity)
        });
    }
    cli::run(
        PART,
        &cli.run,
        Schedule::Pool { workers },
        |articles, client| process_all(articles, client, workers, capacity),
    )
}
