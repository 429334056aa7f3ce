use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::cli::{self, RunArgs};

/// Part 1 of the AI news pipeline: one article after another.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(
        part_01_sequential::PART,
        &cli.run,
        Schedule::Sequential,
        |articles, client| part_01_sequential::process_all(articles, client),
    )
}
