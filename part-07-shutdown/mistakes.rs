//! Part 7's mistakes that the compiler accepts, as the right code with the
//! decisive line changed.

use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use common::sync::{Arc, channel, thread};
use common::{
    AIResult, Articles, Failed, LlmClient, PipelineError, analyze_by, analyze_until,
    check_thread_budget,
};

/// One line of [`crate::process_all`] changed: the break-it tasks of
/// exercise 7, each made here so that a test shows what catches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// The workers look at the stop before each job, but the article is
    /// analysed without it (`analyze_by`): calls in flight run to their end,
    /// and the next call of the article starts after the stop. `cargo run
    /// -p part-07-shutdown --example stop_only_between_jobs` shows it.
    StopOnlyBetweenJobs,
    /// The feeder `send`s without hearing the stop: on a full job channel
    /// it waits for a worker, whatever happens meanwhile.
    DeafFeeder,
    /// The jobs a worker takes after the stop are dropped instead of
    /// reported as queued.
    DroppingQueued,
    /// No `catch_unwind` around the analysis: a panic ends the worker, and
    /// the run ends with an error instead of one failed article.
    NoCatchUnwind,
    /// Any error of `try_recv` taken for the stop (`is_err()`): `Empty`,
    /// "no stop yet", too, so every job is reported queued, stop or not.
    EmptyTakenForTheStop,
    /// The worker waits for the stop (`recv`) instead of looking at it: it
    /// blocks before its first job until the stop comes.
    WaitingForTheStop,
    /// A job taken after the stop is reported queued and then analysed
    /// all the same (no `continue`): two results for one article.
    QueuedAndAnalysed,
    /// The feeder's stop arm `break`s without reporting the article in its
    /// hand, which then has no result.
    DroppingTheArticleInHand,
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
    timeout: Option<Duration>,
    stop: channel::Receiver<()>,
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(workers.get())?;
    let (job_tx, job_rx) = channel::bounded(capacity);
    let (result_tx, result_rx) = channel::bounded(capacity);
    let store = articles.store();
    let mut handles = Vec::with_capacity(workers.get() + 1);
    for id in 1..=workers.get() {
        let client = Arc::clone(client);
        let job_rx = job_rx.clone();
        let result_tx = result_tx.clone();
        let stop = stop.clone();
        let handle = thread::Builder::new()
            .name(format!("worker-{id}"))
            .spawn(move || {
                for article_id in &job_rx {
                    let stopped = match mistake {
                        Mistake::EmptyTakenForTheStop => stop.try_recv().is_err(),
                        Mistake::WaitingForTheStop => stop.recv().is_err(),
                        _ => matches!(stop.try_recv(), Err(channel::TryRecvError::Disconnected)),
                    };
                    if stopped {
                        if mistake == Mistake::DroppingQueued {
                            continue;
                        }
                        let queued = AIResult::unanswered(article_id, Failed::Queued);
                        result_tx
                            .send(queued)
                            .expect("the collector outlives every sender");
                        if mistake != Mistake::QueuedAndAnalysed {
                            continue;
                        }
                    }
                    client.log(format_args!(
                        "[worker {id}] processing article {article_id}"
                    ));
                    let article = store.fetch(article_id);
                    let deadline = timeout.map(|timeout| Instant::now() + timeout);
                    let result = match mistake {
                        Mistake::StopOnlyBetweenJobs => {
                            panic::catch_unwind(AssertUnwindSafe(|| {
                                analyze_by(&article, &client, deadline)
                            }))
                        }
                        Mistake::NoCatchUnwind => {
                            Ok(analyze_until(&article, &client, deadline, &stop))
                        }
                        _ => panic::catch_unwind(AssertUnwindSafe(|| {
                            analyze_until(&article, &client, deadline, &stop)
                        })),
                    }
                    .unwrap_or_else(|_| AIResult::unanswered(article_id, Failed::Panicked));
                    result_tx
                        .send(result)
                        .expect("the collector outlives every sender");
                }
            })?;
        handles.push(handle);
    }
    drop(job_rx);
    let feeder = thread::Builder::new()
        .name("feeder".to_owned())
        .spawn(move || {
            let mut ids = articles.ids();
            for article_id in ids.by_ref() {
                if mistake == Mistake::DeafFeeder {
                    if job_tx.send(article_id).is_err() {
                        break;
                    }
                    continue;
                }
                channel::select! {
                    send(job_tx, article_id) -> sent => if sent.is_err() { break },
                    recv(stop) -> _ => {
                        if mistake == Mistake::DroppingTheArticleInHand {
                            break;
                        }
                        let queued = AIResult::unanswered(article_id, Failed::Queued);
                        result_tx
                            .send(queued)
                            .expect("the collector outlives every sender");
                        break;
                    },
                }
            }
            for article_id in ids {
                let queued = AIResult::unanswered(article_id, Failed::Queued);
                result_tx
                    .send(queued)
                    .expect("the collector outlives every sender");
            }
        })?;
    handles.push(feeder);
    let results = result_rx.iter().collect();
    let mut joins = Vec::with_capacity(handles.len());
    for handle in handles {
        let thread = handle.thread().clone();
        let joined = handle.join();
        joins.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
    }
    joins.into_iter().collect::<Result<(), _>>()?;
    Ok(results)
}
