//! Part 5's mistakes that the compiler accepts, as the right code with the
//! decisive line changed. (The mistake it rejects, a pool of zero workers,
//! is in the README with the compiler's error.)

use std::num::NonZeroUsize;

use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// **Wrong:** feeds every job from this thread before collecting any result.
///
/// With few articles it works, which is what makes it tempting: at the
/// default [`CAPACITY`](crate::CAPACITY), any run of up to two thousand
/// articles does. Once there are more articles than the two bounded
/// channels and the workers can hold (`2 × capacity + W`), it deadlocks:
/// the results channel fills, so the workers stop taking jobs; the job
/// channel fills, so this thread's `send` waits for a worker; and the
/// workers wait for this thread to collect, which it will do only after
/// sending. `cargo run -p part-05-worker-pool --example inline_feeder`
/// shows it with a timeout; loom reports the deadlock (`tests/loom.rs`).
///
/// # Errors
///
/// As [`crate::process_all`], if it returns.
pub fn process_all_feeding_inline(
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
    capacity: usize,
) -> Result<Vec<AIResult>, PipelineError> {
    process_all_with(Mistake::FeedingInline, articles, client, workers, capacity)
}

/// One line of [`crate::process_all`] changed: the break-it tasks of
/// exercise 5, and the early return that Part 2 shows, each made here so
/// that a test shows what catches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// The feeder's loop runs on the collector's thread: a deadlock once
    /// the channels fill.
    FeedingInline,
    /// No `drop(job_rx)`: if every worker dies, the feeder waits for ever
    /// for a receiver that this thread keeps and never uses.
    KeepingJobRx,
    /// `channel::unbounded()` for the jobs: the feeder reads the whole
    /// input ahead of the workers, and memory grows with it.
    UnboundedJobs,
    /// Both channels bounded to the number of workers instead of
    /// `capacity`: correct, and slower at scale.
    BoundedToWorkers,
    /// The feeder loops over `0..articles.len()` instead of taking the ids
    /// from `articles`: the same jobs, but the input is never taken.
    FeedingOwnRange,
    /// A `?` on each `join`: the run returns at the first panicked worker it
    /// joins, leaving the threads after it unjoined.
    ReturningAtAPanic,
}

/// [`crate::process_all`] with `mistake` made.
///
/// # Errors
///
/// As [`crate::process_all`], if it returns.
pub fn process_all_with(
    mistake: Mistake,
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
    capacity: usize,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(workers.get())?;
    let bound = match mistake {
        Mistake::BoundedToWorkers => workers.get(),
        _ => capacity,
    };
    let (job_tx, job_rx) = match mistake {
        Mistake::UnboundedJobs => channel::unbounded(),
        _ => channel::bounded(bound),
    };
    let (result_tx, result_rx) = channel::bounded(bound);
    let store = articles.store();
    let mut handles = Vec::with_capacity(workers.get() + 1);
    for id in 1..=workers.get() {
        let client = Arc::clone(client);
        let job_rx = job_rx.clone();
        let result_tx = result_tx.clone();
        let handle = thread::Builder::new()
            .name(format!("worker-{id}"))
            .spawn(move || {
                for article_id in &job_rx {
                    client.log(format_args!(
                        "[worker {id}] processing article {article_id}"
                    ));
                    let article = store.fetch(article_id);
                    let result = analyze(&article, &client);
                    result_tx
                        .send(result)
                        .expect("the collector outlives every sender");
                }
            })?;
        handles.push(handle);
    }
    // Kept alive to the end of the function when the mistake is to keep it.
    let _kept = match mistake {
        Mistake::KeepingJobRx => Some(job_rx),
        _ => {
            drop(job_rx);
            None
        }
    };
    let count = articles.len();
    let feed = move || {
        let ids: Box<dyn Iterator<Item = usize>> = match mistake {
            Mistake::FeedingOwnRange => Box::new(0..count),
            _ => Box::new(articles.ids()),
        };
        for article_id in ids {
            if job_tx.send(article_id).is_err() {
                break;
            }
        }
    };
    match mistake {
        // The collector's own thread feeds, and drains no result until every job is queued.
        Mistake::FeedingInline => feed(),
        _ => handles.push(
            thread::Builder::new()
                .name("feeder".to_owned())
                .spawn(feed)?,
        ),
    }
    drop(result_tx);
    let results = result_rx.iter().collect();
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        let joined = joined.map_err(|panic| PipelineError::panicked(thread.name(), panic));
        if mistake == Mistake::ReturningAtAPanic {
            joined?;
        } else {
            joins.push(joined);
        }
    }
    joins.into_iter().collect::<Result<(), _>>()?;
    Ok(results)
}
