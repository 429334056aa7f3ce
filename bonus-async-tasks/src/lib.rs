#![doc = include_str!("../README.md")]

pub mod client;

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

pub use client::AsyncClient;
use common::{AIResult, Articles, PipelineError};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Analyses every article as an async task and returns the results in
/// whatever order they finish. With a `limit`, at most that many articles
/// are in progress at once (a `Semaphore`: Part 5's pool, on tasks); with
/// none, every article is in flight at once (Part 2, on tasks). With a
/// `timeout`, each article has that long from when its task takes it, and
/// a call still waiting then is cut (`tokio::time::timeout_at`).
///
/// # Errors
///
/// A task that panicked.
pub async fn process_all(
    articles: Articles,
    client: Arc<AsyncClient>,
    limit: Option<NonZeroUsize>,
    timeout: Option<Duration>,
) -> Result<Vec<AIResult>, PipelineError> {
    let permits = limit.map(|limit| Arc::new(Semaphore::new(limit.get())));
    let mut tasks = JoinSet::new();
    // Ids, not articles: each task fetches its own, where it is analysed.
    let store = articles.store();
    for id in articles.ids() {
        // With a limit, wait for a permit before taking the next article:
        // the articles not yet started are not even made yet.
        let permit = match &permits {
            Some(permits) => Some(
                Arc::clone(permits)
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed"),
            ),
            None => None,
        };
        let client = Arc::clone(&client);
        // A task is a few hundred bytes, not a thread's stack: a hundred
        // thousand of them wait on a handful of threads.
        tasks.spawn(async move {
            // The article's deadline, made where its task takes it.
            let deadline = timeout.map(|timeout| tokio::time::Instant::now() + timeout);
            let result = client.analyze_by(&store.fetch(id), deadline).await;
            drop(permit);
            result
        });
    }
    let mut results = Vec::with_capacity(tasks.len());
    while let Some(joined) = tasks.join_next().await {
        results.push(joined.map_err(|error| PipelineError::Panicked {
            thread: "an async task".to_owned(),
            message: error.to_string(),
        })?);
    }
    Ok(results)
}
