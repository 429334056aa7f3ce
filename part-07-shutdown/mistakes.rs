//! Part 6's mistakes that the compiler accepts, as the right code with the
//! decisive line changed.

use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use common::sync::{Arc, channel, thread};
use common::{AIResult, Articles, LlmClient, PipelineError, analyze_by, check_thread_budget};

/// One line of [`crate::process_all`] changed: the break-it tasks of
/// exercise 6, each made here so that a test shows what catches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// The deadline is made once, before the workers start: every article
    /// shares it, and the articles taken after it passed are cut at once.
    OneDeadlineForTheRun,
    /// `None` is passed where the article's deadline belongs: a hung call
    /// holds its worker for the whole hang.
    CallWithoutDeadline,
    /// Only the articles that succeeded are sent: a cut article is lost
    /// instead of reported.
    DroppingCutArticles,
    /// `timeout.unwrap_or(an hour)`: with no timeout, every article still
    /// gets a deadline, where it should have none.
    DeadlineWithoutTimeout,
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
) -> Result<Vec<AIResult>, PipelineError> {
    check_thread_budget(workers.get())?;
    let (job_tx, job_rx) = channel::bounded(capacity);
    let (result_tx, result_rx) = channel::bounded(capacity);
    let store = articles.store();
    // Made here, once, when the mistake is one deadline for the whole run.
    let run_deadline = timeout.map(|timeout| Instant::now() + timeout);
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
                    let deadline = match mistake {
                        Mistake::OneDeadlineForTheRun => run_deadline,
                        Mistake::DeadlineWithoutTimeout => {
                            Some(Instant::now() + timeout.unwrap_or(Duration::from_secs(3600)))
                        }
                        _ => timeout.map(|timeout| Instant::now() + timeout),
                    };
                    let result = match mistake {
                        Mistake::CallWithoutDeadline => analyze_by(&article, &client, None),
                        _ => analyze_by(&article, &client, deadline),
                    };
                    if mistake == Mistake::DroppingCutArticles && result.failed.is_some() {
                        continue;
                    }
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
            for article_id in articles.ids() {
                if job_tx.send(article_id).is_err() {
                    break;
                }
            }
        })?;
    handles.push(feeder);
    drop(result_tx);
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
