use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::cli::{self, RunArgs};

/// Part 4 of the AI news pipeline: threads send results into a channel, one collector owns them.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(
        part_04_channels::PART,
        &cli.run,
        Schedule::ThreadPerArticle,
        part_04_channels::process_all,
    )
}
