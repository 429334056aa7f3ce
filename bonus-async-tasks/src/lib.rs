#![doc = include_str!("../README.md")]

pub mod client;

use std::future::poll_fn;
use std::mem;
use std::num::NonZeroUsize;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

pub use client::AsyncClient;
use common::{AIResult, Articles, Failed, PipelineError};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::{JoinError, JoinSet};

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
    // A stop whose sender lives as long as the run: it never comes.
    let (_stop_tx, stop) = watch::channel(());
    process_all_until(articles, client, limit, timeout, stop).await
}

/// [`process_all`] with Part 7's stop: when `stop`'s sender is dropped, no
/// article starts and every task still running is aborted, wherever it is
/// waiting. Every article still comes back once: answered, failed (timed
/// out), cancelled (its task was aborted during a call: the result keeps
/// the answers before it) or queued (its task never started a call, or was
/// never spawned).
///
/// # Errors
///
/// A task that panicked.
pub async fn process_all_until(
    articles: Articles,
    client: Arc<AsyncClient>,
    limit: Option<NonZeroUsize>,
    timeout: Option<Duration>,
    mut stop: watch::Receiver<()>,
) -> Result<Vec<AIResult>, PipelineError> {
    let permits = limit.map(|limit| Arc::new(Semaphore::new(limit.get())));
    // Each task's result comes back through this channel, sent by its
    // `Report` when the task ends, however it ends: an aborted task returns
    // nothing to `join_next`, but it is still dropped.
    let (result_tx, mut result_rx) = mpsc::unbounded_channel();
    let mut tasks = JoinSet::new();
    // Ids, not articles: each task fetches its own, where it is analysed.
    let store = articles.store();
    let mut ids = articles.ids();
    let count = ids.len();
    for id in ids.by_ref() {
        // A look at the stop that never waits (Part 7's `try_recv`): once
        // its sender is gone, no article starts.
        if stop.has_changed().is_err() {
            queue(&result_tx, id);
            break;
        }
        // With a limit, wait for a permit before taking the next article
        // (the articles not yet started are not even made yet), or for the
        // stop, whichever comes first.
        let permit = match &permits {
            Some(permits) => {
                let Some(permit) =
                    until_stopped(&mut stop, Arc::clone(permits).acquire_owned()).await
                else {
                    queue(&result_tx, id);
                    break;
                };
                Some(permit.expect("the semaphore is never closed"))
            }
            None => None,
        };
        let client = Arc::clone(&client);
        // Made before the task, and moved into it: if the task is aborted
        // before it ever runs, dropping its future drops this too, and the
        // article is reported queued.
        let mut report = Report {
            result: AIResult::unanswered(id, Failed::Queued),
            result_tx: result_tx.clone(),
        };
        // A task is a few hundred bytes, not a thread's stack: a hundred
        // thousand of them wait on a handful of threads.
        tasks.spawn(async move {
            // The article's deadline, made where its task takes it.
            let deadline = timeout.map(|timeout| tokio::time::Instant::now() + timeout);
            client
                .analyze_into(&mut report.result, &store.fetch(id), deadline)
                .await;
            drop(permit);
        });
    }
    // After a stop, the articles never spawned: each is reported, once.
    for id in ids {
        queue(&result_tx, id);
    }
    // Only the tasks' reports send from now on: the channel closes when
    // the last task has ended.
    drop(result_tx);
    // Wait for every task, or for the stop: then abort them all. An aborted
    // task's future is dropped at the `.await` it is suspended on, and never
    // polled again; nothing in the task looks at the stop.
    loop {
        match until_stopped(&mut stop, tasks.join_next()).await {
            Some(Some(joined)) => check(joined)?,
            Some(None) => break,
            None => {
                tasks.abort_all();
                // Each aborted task ends at once, and its `Report` sends
                // its result as its future is dropped.
                while let Some(joined) = tasks.join_next().await {
                    check(joined)?;
                }
                break;
            }
        }
    }
    let mut results = Vec::with_capacity(count);
    while let Some(result) = result_rx.recv().await {
        results.push(result);
    }
    Ok(results)
}

/// Waits for `work`, or for `stop`'s sender to be dropped, whichever comes
/// first: `None` if the stop did (at once, if it already had). `work` is
/// then dropped, and never polled again.
///
/// This is what `tokio::select!` writes, with the stop's arm first; the
/// workspace does not build tokio's `macros` feature, so here it is by hand.
async fn until_stopped<T>(
    stop: &mut watch::Receiver<()>,
    work: impl Future<Output = T>,
) -> Option<T> {
    let mut stopped = pin!(stop.changed());
    let mut work = pin!(work);
    poll_fn(|cx| {
        if stopped.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        work.as_mut().poll(cx).map(Some)
    })
    .await
}

/// A task that ended: answered, or aborted (its `Report` has sent its
/// result either way), or panicked, which fails the run.
fn check(joined: Result<(), JoinError>) -> Result<(), PipelineError> {
    match joined {
        Err(error) if error.is_panic() => Err(PipelineError::Panicked {
            thread: "an async task".to_owned(),
            message: error.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Reports `id` as never started.
fn queue(result_tx: &mpsc::UnboundedSender<AIResult>, id: usize) {
    result_tx
        .send(AIResult::unanswered(id, Failed::Queued))
        .expect("the receiver outlives every sender");
}

/// One article's result, sent when its task's future is dropped: when the
/// task returns, and also when it is aborted, wherever it was waiting, or
/// before it ever ran. Code after an `.await` never runs in an aborted
/// task, so what must happen however a task ends goes in a `Drop`.
struct Report {
    result: AIResult,
    result_tx: mpsc::UnboundedSender<AIResult>,
}

impl Drop for Report {
    fn drop(&mut self) {
        let id = self.result.article_id;
        let result = mem::replace(&mut self.result, AIResult::unanswered(id, Failed::Queued));
        // Fails only when `process_all_until` has returned early, on a
        // panicked task: nobody is left to read the result.
        let _ = self.result_tx.send(result);
    }
}
