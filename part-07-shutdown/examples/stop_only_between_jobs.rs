//! A stop that only the workers' loop hears: the calls in flight run on.
//!
//! `cargo run -p part-07-shutdown --example stop_only_between_jobs`
//!
//! The README's reproducible stop as its test runs it, at a tenth of the
//! latencies (seed 11959, 20 articles, 5 workers, calls of 50–150 ms,
//! stopped 220 ms in; the default 4 s deadline, which no article reaches),
//! twice: with Part 7's `process_all`, and with the mistake of analysing
//! the article with `analyze_by`, without the stop. The workers still look
//! at the stop before each job, so no new article starts; but no call hears
//! it, so each call in flight runs to its end, and its article's next calls
//! start after the stop.

use std::num::NonZeroUsize;
use std::thread;
use std::time::{Duration, Instant};

use common::out::Time;
use common::outcome::execute_within;
use common::sync::{Arc, channel};
use common::{LatencyRange, LlmClient, Schedule, Workload};
use part_07_shutdown::mistakes::{Mistake, process_all_with};
use part_07_shutdown::{CAPACITY, process_all};

const STOP_AFTER: Duration = Duration::from_millis(220);

fn main() {
    let workload = Workload {
        seed: 11959,
        articles: 20,
        latency: LatencyRange::DEFAULT.scaled_down(10),
    };
    let workers = NonZeroUsize::new(5).expect("five workers");
    let timeout = Some(Duration::from_secs(4));
    let schedule = Schedule::Pool { workers };
    println!(
        "{} articles · {workers} workers · {} · seed {} · deadline 4 s · stopped {} in",
        workload.articles,
        workload.latency,
        workload.seed,
        Time(STOP_AFTER)
    );
    for (name, mistake) in [
        ("the stop (analyze_until)", None),
        ("no stop (analyze_by)", Some(Mistake::StopOnlyBetweenJobs)),
    ] {
        let client = Arc::new(
            LlmClient::builder(workload)
                .record_calls(workload.articles)
                .build(),
        );
        // The stop is `--cancel-after`'s: a timer drops its only sender,
        // and notes when, just before.
        let (stop_tx, stop) = channel::bounded::<()>(0);
        let timer = thread::spawn(move || {
            thread::sleep(STOP_AFTER);
            let stopped = Instant::now();
            drop(stop_tx);
            stopped
        });
        let outcome = execute_within(
            schedule,
            timeout,
            &client,
            |articles, client| match mistake {
                None => process_all(articles, client, workers, CAPACITY, timeout, stop),
                Some(mistake) => {
                    process_all_with(mistake, articles, client, workers, CAPACITY, timeout, stop)
                }
            },
        )
        .expect("the run succeeds");
        let stopped = timer.join().expect("the timer does not panic");
        let returned = outcome.started + outcome.elapsed;
        let in_flight: Vec<_> = outcome
            .calls
            .iter()
            .filter(|call| call.start <= stopped && call.end >= stopped)
            .collect();
        let cut = in_flight.iter().filter(|call| call.stopped).count();
        let started_after = outcome
            .calls
            .iter()
            .filter(|call| call.start > stopped)
            .count();
        let ended = &outcome.ended;
        println!(
            "  calls given {name:<26} time to stop {:>8}",
            Time(returned.saturating_duration_since(stopped))
        );
        println!(
            "    {} calls in flight at the stop: {cut} cut there, {} ran on; {started_after} started after it",
            in_flight.len(),
            in_flight.len() - cut
        );
        println!(
            "    {} succeeded, {} failed, {} cancelled, {} queued: accounted for {} / {}",
            ended.succeeded,
            ended.failed(),
            ended.cancelled,
            ended.queued,
            ended.accounted_for(),
            workload.articles
        );
    }
}
