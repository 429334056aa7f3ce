//! Part 5's mistake that the compiler accepts, as the right code with the
//! decisive lines changed. (The mistake it rejects, a pool of zero workers,
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
    check_thread_budget(workers.get())?;
    let (job_tx, job_rx) = channel::bounded(capacity);
    let (result_tx, result_rx) = channel::bounded(capacity);
    let store = articles.store();
    let mut handles = Vec::with_capacity(workers.get());
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
    drop(job_rx);
    // Wrong: the collector's own thread feeds, and drains no result until every job is queued.
    for article_id in articles.ids() {
        if job_tx.send(article_id).is_err() {
            break;
        }
    }
    drop(job_tx);
    drop(result_tx);
    let results = result_rx.iter().collect();
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    // Now the first error, in join order, if a thread panicked.
    joins.into_iter().collect::<Result<(), _>>()?;
    Ok(results)
}
