use std::num::NonZeroUsize;
use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::cli::{self, PoolArgs, RunArgs};

/// Part 5 of the AI news pipeline: a fixed pool of workers pulls articles from a bounded job channel.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    pool: PoolArgs,

    /// Run the same workload at each of these worker counts and print the
    /// series' table instead of a single run, such as --sweep 1,5,20
    #[arg(long, value_name = "W,W,...", value_delimiter = ',', allow_hyphen_values = true, value_parser = cli::parse_workers)]
    sweep: Vec<NonZeroUsize>,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    if !cli.sweep.is_empty() {
        return cli::sweep(
            part_05_worker_pool::PART,
            &cli.run,
            &cli.sweep,
            part_05_worker_pool::process_all,
        );
    }
    let workers = cli.pool.workers;
    cli::run(
        part_05_worker_pool::PART,
        &cli.run,
        Schedule::Pool { workers },
        |articles, client| part_05_worker_pool::process_all(articles, client, workers),
    )
}
