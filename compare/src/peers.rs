//! What a Rust programmer would reach for instead of Part 5's hand-written
//! pool: rayon's thread pool and tokio's runtime with a semaphore. They run
//! the same `common::analyze` on the same client, so `compare` and the
//! benches measure them side by side. They are comparisons, not lessons.
//!
//! - rayon is built for CPU-bound data parallelism: it splits work between
//!   its threads and steals. `with_max_len(1)` makes every article a task
//!   of its own, so the split does not bunch slow articles on one thread.
//! - tokio is built for I/O: tasks that wait without holding a thread. The
//!   simulated LLM call blocks its thread (it sleeps), so each article runs
//!   under `spawn_blocking`, and a `Semaphore` of `W` permits bounds how many
//!   run at once. `spawn_blocking` may start more threads than permits
//!   (its pool grows on demand): the permits bound the calls, not the threads.

use std::num::NonZeroUsize;

use common::sync::Arc;

use common::{AIResult, Articles, LlmClient, PipelineError, analyze};
use rayon::prelude::*;

/// The articles on a rayon pool of `workers` threads, one task each.
///
/// # Errors
///
/// rayon's refusal to build its pool.
pub fn rayon_pool(
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
) -> Result<Vec<AIResult>, PipelineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.get())
        .thread_name(|i| format!("rayon-{}", i + 1))
        .build()
        .map_err(|error| PipelineError::Spawn(error.to_string()))?;
    // Article ids, not articles: each is fetched on the thread that
    // analyses it, as Part 5's workers and the other peers' tasks do.
    let store = articles.store();
    let ids: Vec<usize> = articles.ids().collect();
    Ok(pool.install(|| {
        ids.into_par_iter()
            .with_max_len(1)
            .map(|id| analyze(&store.fetch(id), client))
            .collect()
    }))
}

/// The articles on a tokio runtime of `workers` threads, each article's
/// blocking calls under `spawn_blocking`, at most `workers` at once.
///
/// # Errors
///
/// tokio's refusal to build its runtime, or a task that panicked.
pub fn tokio_semaphore(
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
) -> Result<Vec<AIResult>, PipelineError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.get())
        .thread_name("tokio")
        .build()
        .map_err(|error| PipelineError::Spawn(error.to_string()))?;
    runtime.block_on(async {
        let permits = Arc::new(tokio::sync::Semaphore::new(workers.get()));
        let mut tasks = tokio::task::JoinSet::new();
        let store = articles.store();
        for id in articles.ids() {
            // Waiting for a permit before spawning keeps at most `workers`
            // articles in progress, and the rest not yet taken from the input.
            let permit = Arc::clone(&permits)
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            let client = Arc::clone(client);
            tasks.spawn_blocking(move || {
                let result = analyze(&store.fetch(id), &client);
                drop(permit);
                result
            });
        }
        let mut results = Vec::with_capacity(tasks.len());
        while let Some(joined) = tasks.join_next().await {
            results.push(joined.map_err(|error| PipelineError::Panicked {
                thread: "tokio blocking task".to_owned(),
                message: error.to_string(),
            })?);
        }
        Ok(results)
    })
}
