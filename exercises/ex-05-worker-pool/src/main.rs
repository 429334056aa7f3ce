use std::process::ExitCode;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs};
use common::Schedule;
use ex_05_worker_pool::{CAPACITY, PART, process_all};

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
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let workers = cli.pool.workers;
    let capacity = cli.capacity;
    cli::run(
        PART,
        &cli.run,
        Schedule::Pool { workers },
        |articles, client| process_all(articles, client, workers, capacity),
    )
}
