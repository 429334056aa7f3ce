//! What the report's and the timeline's tests draw: a made-up outcome.

use std::time::{Duration, Instant};

use common::instruments::{CallRecord, Stats, ThreadLoad};
use common::outcome::Ended;
use common::{LatencyRange, Outcome, Schedule, Workload};

/// A sequential run of `articles` articles with these `calls`, which
/// started at `started` and took `elapsed`, made on the thread `main`.
pub(crate) fn outcome(
    articles: usize,
    calls: Vec<CallRecord>,
    started: Instant,
    elapsed: Duration,
) -> Outcome {
    Outcome {
        workload: Workload {
            seed: 1,
            articles,
            latency: LatencyRange::ZERO,
        },
        schedule: Schedule::Sequential,
        started,
        elapsed,
        ideal: Duration::ZERO,
        lower_bound: Duration::ZERO,
        stats: Stats {
            calls_started: 0,
            calls_completed: 0,
            calls_refused: 0,
            calls_timed_out: 0,
            calls_cancelled: 0,
            articles_done: 0,
            in_flight: 0,
            peak_in_flight: 1,
            threads: vec![ThreadLoad {
                name: "main".into(),
                articles,
            }],
        },
        calls,
        rate_limit: None,
        timeout: None,
        ended: Ended {
            succeeded: articles,
            ..Ended::default()
        },
    }
}
