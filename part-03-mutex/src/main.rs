use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use common::Schedule;
use common::cli::{self, RunArgs};
use part_03_mutex::mistakes;

/// Part 3 of the AI news pipeline: threads push into one shared, locked list.
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    /// What the lock on the shared list covers
    #[arg(long, value_enum, default_value_t = Lock::Push)]
    lock: Lock,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Lock {
    /// Only the push: the slow calls run in parallel (process_all)
    Push,
    /// The LLM calls too, the series' "bad lock": the threads take turns
    Wide,
    /// A copy and a write-back under two separate locks: results get lost
    Split,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let process_all = match cli.lock {
        Lock::Push => part_03_mutex::process_all,
        Lock::Wide => mistakes::process_all_wide_lock,
        Lock::Split => mistakes::process_all_split_lock,
    };
    cli::run(
        part_03_mutex::PART,
        &cli.run,
        Schedule::ThreadPerArticle,
        process_all,
    )
}
