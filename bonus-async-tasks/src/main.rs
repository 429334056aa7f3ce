use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bonus_async_tasks::{AsyncClient, process_all_until};
use clap::Parser;
use cli::RunArgs;
use cli::stop;
use common::out::Time;
use common::outcome::{Ended, verify_ids};
use common::{Part, Schedule, outln};
use tokio::sync::watch;

#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,

    /// At most this many articles in progress at once (a Semaphore); every
    /// article at once when absent
    #[arg(long, value_name = "N", value_parser = cli::parse_workers)]
    limit: Option<NonZeroUsize>,

    /// The runtime's worker threads (default: one per core)
    #[arg(long, value_name = "T", value_parser = cli::parse_workers)]
    threads: Option<NonZeroUsize>,

    /// Make each call block its thread (thread::sleep) instead of waiting as
    /// a task should: the runtime's threads stall
    #[arg(long)]
    blocking: bool,

    /// Each article's deadline, from when its task takes it (4s, 1500ms;
    /// --fast divides it by 30): a call still waiting then is cut
    /// (tokio::time::timeout_at). Default: none
    #[arg(long, value_name = "D", default_value = "none", value_parser = parse_timeout)]
    timeout: Timeout,

    /// Stop the run this long after it starts, as a Ctrl-C would, such as
    /// 1s or 2200ms (--fast divides it by 30): every task still running is
    /// aborted
    #[arg(long, value_name = "D", allow_hyphen_values = true, value_parser = cli::parse_cancel_after)]
    cancel_after: Option<Duration>,
}

/// `--timeout`: a deadline per article, or none.
#[derive(Debug, Clone, Copy)]
struct Timeout(Option<Duration>);

fn parse_timeout(text: &str) -> Result<Timeout, String> {
    cli::parse_timeout(text).map(Timeout)
}

const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// What one article in flight costs with no limit: its task, its pending
/// sleep and its result (160 MB for 100,000, measured; rounded up).
const BYTES_PER_TASK: u64 = 2_000;

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    let args = &cli.run;
    // What this bonus crate does not do, it refuses rather than ignores.
    for (given, flag) in [
        (args.rate_limit.is_some(), "--rate-limit"),
        (args.panic_on.is_some(), "--panic-on"),
        (args.timeline, "--timeline"),
    ] {
        if given {
            cli::usage_error(&format!(
                "error: {flag} is not supported by this bonus crate: the parts take it (see --help)"
            ));
        }
    }
    let plan = args.plan();
    // With no limit, every article's task is alive at once: about 1.6 KB
    // each (160 MB for 100,000, measured), not only its result.
    if cli.limit.is_none()
        && let Err(error) = cli::budget::check_memory(
            args.articles,
            BYTES_PER_TASK,
            cli::budget::memory_available(),
        )
    {
        cli::usage_error(&format!(
            "error: --articles {} with no --limit: {error}",
            args.articles
        ));
    }
    let workload = plan.workload;
    // From here, Ctrl-C ends the process (130) until the run is armed to stop.
    common::out::handle_interrupt();
    common::out!(
        "{}",
        cli::header(PART, &workload, cli.limit, plan.drawn, None)
    );
    let threads = cli.threads.map_or_else(
        || std::thread::available_parallelism().map_or(2, NonZeroUsize::get),
        NonZeroUsize::get,
    );
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            common::out::error_line(format_args!("error: cannot start the runtime: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let client = AsyncClient::new(workload);
    let client = Arc::new(if cli.blocking {
        client.blocking()
    } else {
        client
    });
    let timeout = cli.timeout.0.map(|timeout| args.on_the_runs_clock(timeout));
    let cancel_after = cli
        .cancel_after
        .map(|given| (given, args.on_the_runs_clock(given)));
    // The stop is a watch channel that never carries a value: dropping its
    // sender is the stop, as Part 7's crossbeam one.
    let (stop_tx, stop_rx) = watch::channel(());
    let switch = stop::Switch::new(stop_tx);
    let armed = stop::arm(&switch, cancel_after, "tasks in flight are aborted");
    let started = Instant::now();
    let results = runtime.block_on(process_all_until(
        workload.articles(),
        Arc::clone(&client),
        cli.limit,
        timeout,
        stop_rx,
    ));
    let returned = Instant::now();
    let elapsed = returned - started;
    drop(armed);
    let stopped = switch.stopped();
    let results = match results
        .map_err(|e| e.to_string())
        .and_then(|r| verify_ids(workload.articles, &r).map(|()| r))
    {
        Ok(results) => results,
        Err(error) => {
            common::out::error_line(format_args!("error: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let ended = Ended::of(&results);
    let schedule = match cli.limit {
        Some(workers) => Schedule::Pool { workers },
        None => Schedule::ThreadPerArticle,
    };
    let ideal = workload.ideal_within(schedule, timeout);
    outln!("\nReport");
    outln!(
        "  articles         {}",
        cli::report::articles(&ended, workload.articles)
    );
    outln!("  total time       {}", Time(elapsed));
    if ended.cancelled + ended.queued > 0 {
        // A stopped run did not run every article: no schedule to compare with.
        outln!(
            "  ideal            -  (the run was stopped: the schedule's ideal runs every article)"
        );
    } else {
        outln!(
            "  ideal            {}  ({}{})",
            Time(ideal),
            schedule.explain(&workload),
            if timeout.is_some() {
                "; each article's time capped at its deadline"
            } else {
                ""
            }
        );
    }
    outln!("  peak in flight   {} calls", client.peak_in_flight());
    outln!("  OS threads       {threads} runtime workers (and main, which waits for them)");
    outln!();
    common::out!(
        "{}",
        stop::report(&ended, workload.articles, started, returned, stopped)
    );
    match stopped.map(|stopped| stopped.by) {
        // As a shell reports an interrupted command.
        Some(stop::By::Signal) => ExitCode::from(130),
        Some(stop::By::CancelAfter { .. }) | None => ExitCode::SUCCESS,
    }
}
