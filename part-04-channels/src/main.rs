use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::cli::{self, Part, RunArgs};

/// Part 4 of the AI news pipeline: threads send results into a channel, one collector owns them.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: "threads send into a channel, one collector owns the results",
};

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(
        PART,
        &cli.run,
        Schedule::ThreadPerArticle,
        part_04_channels::process_all,
    )
}
