use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use cli::{self, RunArgs};
use common::Schedule;
use part_03_mutex::{PART, mistakes, process_all};

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
    /// A guard in a `match` scrutinee: the lock is held across the calls,
    /// with no lock() written around them
    Match,
    /// A copy and a write-back under two locks: pushes that collide are lost,
    /// which takes many threads finishing at once (--articles 1000 --latency 0-0)
    Split,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let process_all = match cli.lock {
        Lock::Push => process_all,
        Lock::Wide => mistakes::process_all_wide_lock,
        Lock::Match => mistakes::process_all_guard_in_match,
        Lock::Split => mistakes::process_all_split_lock,
    };
    cli::run(PART, &cli.run, Schedule::ThreadPerArticle, process_all)
}
