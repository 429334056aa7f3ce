//! # Part 5: a fixed pool of workers pulls from a bounded job channel
//!
//! **The problem Part 4 left.** Parts 2–4 start one OS thread per article.
//! Ten articles are fine; ten thousand are not: each thread costs memory and
//! kernel bookkeeping, an LLM API would refuse that many concurrent calls,
//! and past some thousands of threads the OS kills the process outright. The
//! concurrency was tied to the size of the input.
//!
//! **What changed.** `W` long-lived workers (`worker-1` … `worker-W`) pull
//! articles from a job channel, and send results into a results channel; the
//! caller is, as in Part 4, the single collector. A feeder thread puts the
//! articles into the job channel. Both channels are bounded to `W` messages,
//! so memory does not grow with the work still queued: a million articles run
//! on `W` + 2 threads.
//!
//! **The lesson.** Concurrency is now a knob, independent of the input: the
//! number of workers. One worker is Part 1; as many workers as articles is
//! Part 2; in between, the run takes the list-schedule of the articles on `W`
//! lanes. `W` is a `NonZeroUsize`, so a pool of zero workers, which the Go
//! version has to catch with a panic at run time, cannot even be written
//! down here.
//!
//! **What to observe** in `cargo run -p part-05-worker-pool -- --articles 20 --workers 5 --fast`:
//! - the `[worker 3] processing article 7` lines: five workers, twenty articles;
//! - "peak in flight" is 5, however many articles there are;
//! - the timeline shows five lanes of work, each starting an article when the
//!   previous one ends;
//! - the articles per worker, and the worker-count knob: the ideal time at 1,
//!   2, 5, 10 and 20 workers. `--sweep 1,5,20` measures it.
//!
//! The pool's own mistakes are in [`mistakes`]: the zero-worker pool the
//! compiler rejects, and the feeder on the collector's thread, which it
//! accepts and which deadlocks once the bounded channels fill.

pub mod mistakes;

use std::num::NonZeroUsize;

use common::cli::Part;
use common::sync::channel::{Receiver, Sender};
use common::sync::{Arc, channel, join_all, spawn, thread};
use common::{AIResult, Article, Articles, LlmClient, PipelineError, analyze, check_thread_budget};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: "a fixed pool of workers pulls from a bounded job channel",
};

/// Processes every article on a pool of `workers` threads and returns the
/// results in whatever order they arrive.
///
/// `workers` is a [`NonZeroUsize`]: an empty pool would never process
/// anything, and the type makes it impossible to ask for one (see
/// [`mistakes`]).
///
/// # Errors
///
/// [`PipelineError::TooManyThreads`] before starting anything if there are
/// more workers than [`common::MAX_THREADS`]; otherwise the first thread
/// that could not start or that panicked.
pub fn process_all(
    articles: Articles,
    client: &Arc<LlmClient>,
    workers: NonZeroUsize,
) -> Result<Vec<AIResult>, PipelineError> {
    // New: the thread count depends on the pool size, not on the article count.
    check_thread_budget(workers.get())?;
    // New: both channels are bounded to `workers` messages, so the feeder can
    // run at most that far ahead of the pool: memory stays flat whatever the
    // article count.
    let (job_tx, job_rx) = channel::bounded::<Article>(workers.get());
    let (result_tx, result_rx) = channel::bounded(workers.get());
    let mut handles = Vec::with_capacity(workers.get() + 1);
    for id in 1..=workers.get() {
        handles.push(spawn_worker(id, client, &job_rx, &result_tx)?);
    }
    // New: only the workers receive jobs. If every worker died (they panicked),
    // the feeder's `send` fails instead of blocking on a full channel for ever.
    drop(job_rx);
    // New: the feeder runs on its own thread, not here. Both channels are
    // bounded: feeding from this thread, it could block on a full job channel
    // while every worker blocks on a full results channel that only this
    // thread drains, and nobody would move again.
    handles.push(spawn("feeder".to_owned(), move || {
        for article in articles {
            if job_tx.send(article).is_err() {
                break;
            }
        }
    })?);
    drop(result_tx);
    let results = result_rx.iter().collect();
    join_all(handles)?;
    Ok(results)
}

/// Starts worker `id`: it takes articles from `job_rx` until that channel is
/// empty and disconnected, and sends each result into `result_tx`.
pub(crate) fn spawn_worker(
    id: usize,
    client: &Arc<LlmClient>,
    job_rx: &Receiver<Article>,
    result_tx: &Sender<AIResult>,
) -> Result<thread::JoinHandle<()>, PipelineError> {
    let client = Arc::clone(client);
    let job_rx = job_rx.clone();
    let result_tx = result_tx.clone();
    spawn(format!("worker-{id}"), move || {
        // New: a worker lives until the job channel is empty and disconnected.
        for article in &job_rx {
            client.log(format_args!(
                "[worker {id}] processing article {}",
                article.id
            ));
            let result = analyze(&article, &client);
            result_tx
                .send(result)
                .expect("the collector outlives every worker");
        }
    })
}
