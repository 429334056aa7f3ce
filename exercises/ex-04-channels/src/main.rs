use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::run::{self, RunArgs};
use ex_04_channels::{PART, process_all};

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = run::parse();
    run::run(PART, &cli.run, Schedule::ThreadPerArticle, process_all)
}
