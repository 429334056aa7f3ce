use std::process::ExitCode;

use clap::Parser;
use common::Schedule;
use common::run::{self, RunArgs};
use part_01_sequential::{PART, process_all};

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = run::parse();
    // `run` hands every part an `Arc<LlmClient>`; Part 1 only borrows the client.
    run::run(PART, &cli.run, Schedule::Sequential, |articles, client| {
        process_all(articles, client)
    })
}
