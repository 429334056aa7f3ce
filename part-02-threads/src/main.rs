use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::cli::{self, RunArgs};

/// Part 2 of the AI news pipeline: one OS thread per article, joined.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(
        part_02_threads::PART,
        &cli.run,
        Schedule::ThreadPerArticle,
        part_02_threads::process_all,
    )
}
