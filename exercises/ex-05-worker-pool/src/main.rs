use std::process::ExitCode;

use clap::Parser;
use cli::{self, PoolArgs, RunArgs};
use common::Schedule;
use ex_05_worker_pool::{PART, process_all};

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    pool: PoolArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let workers = cli.pool.workers;
    cli::run(
        PART,
        &cli.run,
        Schedule::Pool { workers },
        |articles, client| process_all(articles, client, workers),
    )
}
