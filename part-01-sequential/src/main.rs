use std::process::ExitCode;

use clap::Parser;
use cli::{self, RunArgs};
use common::Schedule;
use part_01_sequential::{PART, process_all};

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(PART, &cli.run, Schedule::Sequential, process_all)
}
