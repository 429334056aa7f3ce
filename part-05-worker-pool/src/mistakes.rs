//! The Go series' Part-5 mistakes, in their Rust form.
//!
//! # What the compiler rejects
//!
//! **A pool of zero workers.** The Go version takes the worker count as an
//! `int` and has to check it at run time, panicking on zero. Here the count
//! is a `NonZeroUsize`, so zero is not a value the function can be given:
//!
//! ```compile_fail,E0308
//! # use common::sync::Arc;
//! # use common::{LatencyRange, LlmClient, Workload};
//! # let workload = Workload { seed: 7, articles: 3, latency: LatencyRange::ZERO };
//! # let client = Arc::new(LlmClient::builder(workload).build());
//! part_05_worker_pool::process_all(workload.articles(), &client, 0);
//! ```
//!
//! ```text
//! error[E0308]: mismatched types
//!   | part_05_worker_pool::process_all(workload.articles(), &client, 0);
//!   | --------------------------------                               ^ expected `NonZero<usize>`, found integer
//!   | |
//!   | arguments to this function are incorrect
//! ```
//!
//! The command line parses `--workers` into the same type, so `--workers 0`
//! is a usage error before anything starts.
//!
//! # What the compiler accepts
//!
//! Feeding the jobs from the collector's own thread: see
//! [`process_all_feeding_inline`].

use std::num::NonZeroUsize;

use common::sync::{Arc, channel, join_all};
use common::{AIResult, Article, Articles, LlmClient, PipelineError, check_thread_budget};

use crate::spawn_worker;

/// **Wrong:** feeds every job from this thread before collecting any result.
///
/// With few articles it works, which is what makes it tempting. Once there
/// are more articles than the two bounded channels and the workers can hold
/// (`3 × W`), it deadlocks: the results channel fills, so the workers stop
/// taking jobs; the job channel fills, so this thread's `send` waits for a
/// worker; and the workers wait for this thread to collect, which it will do
/// only after sending. `cargo run -p part-05-worker-pool --example
/// inline_feeder` shows it with a timeout; loom reports the deadlock
/// (`tests/loom.rs`).
///
/// # Errors
///
/// As [`crate::process_all`], if it returns.
pub fn process_all_feeding_inline(
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(workers.get())?;
    let (job_tx, job_rx) = channel::bounded::<Article>(workers.get());
    let (result_tx, result_rx) = channel::bounded(workers.get());
    let mut handles = Vec::with_capacity(workers.get());
    for id in 1..=workers.get() {
        handles.push(spawn_worker(id, client, &job_rx, &result_tx)?);
    }
    drop(job_rx);
    // Wrong: the collector's thread feeds; nobody drains the results until every job is queued.
    for article in articles {
        if job_tx.send(article).is_err() {
            break;
        }
    }
    drop(job_tx);
    drop(result_tx);
    let results = result_rx.iter().collect();
    join_all(handles)?;
    Ok(results)
}
