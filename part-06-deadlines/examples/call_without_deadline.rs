//! What a deadline is worth when the call cannot hear it.
//!
//! `cargo run -p part-06-deadlines --example call_without_deadline`
//!
//! The README's seeded `--unreliable` run at `--fast` (seed 4479, 20
//! articles, 5 workers, 4 s deadlines, all scaled down 30 times), twice:
//! with Part 6's `process_all`, and with the mistake of passing `None`
//! where the article's deadline belongs. The deadline is still made; no
//! call is told of it, so every hung call holds its worker for the whole
//! hang, and nothing is cut.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::outcome::execute_within;
use common::sync::Arc;
use common::{LatencyRange, LlmClient, Schedule, Workload};
use part_06_deadlines::mistakes::{Mistake, process_all_with};
use part_06_deadlines::{CAPACITY, process_all};

fn main() {
    let workload = Workload {
        seed: 4479,
        articles: 20,
        latency: LatencyRange::UNRELIABLE.scaled_down(30),
    };
    let workers = NonZeroUsize::new(5).expect("five workers");
    let timeout = Some(Duration::from_secs(4) / 30);
    let schedule = Schedule::Pool { workers };
    println!(
        "{} articles · {workers} workers · {} · seed {} · deadline 133 ms",
        workload.articles, workload.latency, workload.seed
    );
    for (name, mistake) in [
        ("the article's deadline", None),
        (
            "None where the deadline belongs",
            Some(Mistake::CallWithoutDeadline),
        ),
    ] {
        let client = Arc::new(
            LlmClient::builder(workload)
                .record_calls(workload.articles)
                .build(),
        );
        let outcome = execute_within(
            schedule,
            timeout,
            &client,
            |articles, client| match mistake {
                None => process_all(articles, client, workers, CAPACITY, timeout),
                Some(mistake) => {
                    process_all_with(mistake, articles, client, workers, CAPACITY, timeout)
                }
            },
        )
        .expect("the run succeeds");
        let stats = &outcome.stats;
        let longest = outcome
            .calls
            .iter()
            .map(|call| call.end - call.start)
            .max()
            .unwrap_or_default();
        println!(
            "  calls given {name:<32} {:>4} ms · {:>2} cut · longest call {:>3} ms",
            outcome.elapsed.as_millis(),
            stats.calls_timed_out,
            longest.as_millis()
        );
    }
}
