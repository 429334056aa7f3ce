//! One measured run: [`execute`] calls a part's `process_all`, checks what
//! comes back, and measures it as an [`Outcome`], which the report, the
//! sweep, `compare` and the tests' claims all read.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::article::Articles;
use crate::client::LlmClient;
use crate::instruments::{CallRecord, Stats};
use crate::limiter::RateLimit;
use crate::out::plural;
use crate::pipeline::PipelineError;
use crate::result::{AIResult, Failed};
use crate::schedule::Schedule;
use crate::sync::Arc;
use crate::workload::Workload;

/// One finished run, as measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What was run.
    pub workload: Workload,
    /// How the part lays the calls out.
    pub schedule: Schedule,
    /// When `process_all` was called.
    pub started: Instant,
    /// How long `process_all` took.
    pub elapsed: Duration,
    /// The best time this schedule could reach on this workload, computed
    /// once: on a large workload it is a pass over every call's latency.
    pub ideal: Duration,
    /// The least time any design of this shape could need
    /// ([`Schedule::lower_bound`]): below the ideal for a pool, whose ideal
    /// is its list schedule in input order.
    pub lower_bound: Duration,
    /// What the client measured.
    pub stats: Stats,
    /// The recorded calls, for the timeline.
    pub calls: Vec<CallRecord>,
    /// The provider's rate limit, if the run had one.
    pub rate_limit: Option<RateLimit>,
    /// Each article's deadline, from when it is taken, if the run had one.
    pub timeout: Option<Duration>,
    /// How the articles ended, each counted once, from their results.
    pub ended: Ended,
}

/// How a run's articles ended, each counted once, from their results: the
/// shutdown report's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ended {
    /// All three calls answered.
    pub succeeded: usize,
    /// Ended by a call the provider refused (failed).
    pub refused: usize,
    /// Ended by a call cut at the article's deadline (failed).
    pub timed_out: usize,
    /// The articles whose analysis panicked (failed), by id.
    pub panicked: Vec<usize>,
    /// Cut in flight by the run's stop.
    pub cancelled: usize,
    /// Never started: the run was stopped first.
    pub queued: usize,
}

impl Ended {
    /// The counts of `results`.
    pub fn of(results: &[AIResult]) -> Self {
        let mut ended = Ended::default();
        for result in results {
            match result.failed {
                None => ended.succeeded += 1,
                Some(Failed::Refused(_)) => ended.refused += 1,
                Some(Failed::TimedOut(_)) => ended.timed_out += 1,
                Some(Failed::Panicked) => ended.panicked.push(result.article_id),
                Some(Failed::Cancelled(_)) => ended.cancelled += 1,
                Some(Failed::Queued) => ended.queued += 1,
            }
        }
        ended
    }

    /// The articles that failed: refused, timed out or panicked.
    pub fn failed(&self) -> usize {
        self.refused + self.timed_out + self.panicked.len()
    }

    /// Every article counted: succeeded, failed, cancelled or queued.
    pub fn accounted_for(&self) -> usize {
        self.succeeded + self.failed() + self.cancelled + self.queued
    }
}

/// Calls `process_all` with `client`'s workload and checks what comes back:
/// one result per article, no more, no fewer.
///
/// # Errors
///
/// The part's own error, or [`PipelineError::Lost`] when results are missing
/// or repeated.
pub fn execute<F>(
    schedule: Schedule,
    client: &Arc<LlmClient>,
    process_all: F,
) -> Result<Outcome, PipelineError>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    execute_within(schedule, None, client, process_all)
}

/// [`execute`] for a part whose articles each have `timeout` from when they
/// are taken: the ideal caps each article's time there, where its last
/// call is cut, so that the overhead stays honest.
///
/// # Errors
///
/// As [`execute`].
pub fn execute_within<F>(
    schedule: Schedule,
    timeout: Option<Duration>,
    client: &Arc<LlmClient>,
    process_all: F,
) -> Result<Outcome, PipelineError>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    let workload = *client.workload();
    let started = Instant::now();
    let results = process_all(client.articles(), client);
    let elapsed = started.elapsed();
    client.finish_output();
    let results = results?;
    verify_ids(workload.articles, &results).map_err(PipelineError::Lost)?;
    let ended = Ended::of(&results);
    let stats = client.stats();
    // A refused call takes no time, and ends its article: the ideal counts
    // only the calls that ran, so the overhead stays honest. The marks are
    // gathered only when there are refusals; otherwise the latencies stream.
    let mut refused = Vec::new();
    if stats.calls_refused > 0 {
        refused.resize(workload.articles, None);
        for result in &results {
            refused[result.article_id] = match result.failed {
                Some(Failed::Refused(task)) => Some(task),
                _ => None,
            };
        }
    }
    let ran = |id: usize| {
        let ran = workload.latency_until(id, refused.get(id).copied().flatten());
        timeout.map_or(ran, |timeout| ran.min(timeout))
    };
    // Only a pool's ideal (its list schedule) can be beaten by another order.
    let (ideal, lower_bound) = schedule.bounds((0..workload.articles).map(ran));

    Ok(Outcome {
        workload,
        schedule,
        started,
        elapsed,
        ideal,
        lower_bound,
        rate_limit: client.rate_limit(),
        timeout,
        ended,
        stats,
        calls: client.instruments().calls(),
    })
}

/// [`execute`] for a table that must go on whatever one run does: the
/// outcome, or how the run ended, in a few words with the articles done.
/// A panic that reaches this thread (Part 1 has no other thread to catch
/// it) is caught here and reported as a crash.
///
/// # Errors
///
/// `error: …` (the part's error, such as a thread that panicked) or
/// `crashed: …` (a panic that reached this thread).
pub fn execute_or_say_how_it_ended<F>(
    schedule: Schedule,
    timeout: Option<Duration>,
    client: &Arc<LlmClient>,
    process_all: F,
) -> Result<Outcome, String>
where
    F: FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
{
    let run = panic::catch_unwind(AssertUnwindSafe(|| {
        execute_within(schedule, timeout, client, process_all)
    }));
    let how = match run {
        Ok(Ok(outcome)) => return Ok(outcome),
        Ok(Err(error)) => format!("error: {error}"),
        Err(payload) => {
            let thread = std::thread::current();
            format!(
                "crashed: {}",
                PipelineError::panicked(thread.name(), payload)
            )
        }
    };
    client.finish_output();
    let done = client.stats().articles_done;
    Err(format!(
        "{how} ({done} of {} done)",
        plural(client.workload().articles, "article")
    ))
}

/// Checks that `results` hold exactly one result for each of the article ids
/// `0..articles`, in any order.
///
/// # Errors
///
/// The first missing, repeated or unknown article, as a sentence.
pub fn verify_ids(articles: usize, results: &[AIResult]) -> Result<(), String> {
    let mut seen = vec![false; articles];
    for result in results {
        match seen.get_mut(result.article_id) {
            None => {
                return Err(format!(
                    "a result names article {}, which is not in the input",
                    result.article_id
                ));
            }
            Some(true) => {
                return Err(format!(
                    "article {} was processed more than once",
                    result.article_id
                ));
            }
            Some(seen) => *seen = true,
        }
    }
    match seen.iter().position(|seen| !seen) {
        Some(missing) => Err(format!(
            "article {missing} has no result ({} of {articles} arrived)",
            results.len()
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, LatencyRange, analyze};

    fn results(ids: &[usize]) -> Vec<AIResult> {
        ids.iter()
            .map(|&id| AIResult::expected_until(&Article::generate(3, id), None))
            .collect()
    }

    #[test]
    fn a_run_that_crashes_or_fails_is_told_not_thrown() {
        let w = Workload {
            seed: 1,
            articles: 3,
            latency: LatencyRange::ZERO,
        };
        let client = Arc::new(LlmClient::builder(w).panic_on(Some(1)).build());
        let crashed =
            execute_or_say_how_it_ended(Schedule::Sequential, None, &client, |articles, client| {
                Ok(articles.map(|a| analyze(&a, client)).collect())
            });
        let how = crashed.unwrap_err();
        assert!(how.starts_with("crashed: thread"), "{how}");
        assert!(
            how.contains("article 1") && how.ends_with("(1 of 3 articles done)"),
            "{how}"
        );

        let client = Arc::new(LlmClient::builder(w).build());
        let failed = execute_or_say_how_it_ended(Schedule::Sequential, None, &client, |_, _| {
            Err(PipelineError::Spawn("no more threads".into()))
        });
        assert_eq!(
            failed.unwrap_err(),
            "error: the OS refused to start a thread: no more threads (0 of 3 articles done)"
        );
    }

    /// Claim: with a deadline per article, the ideal caps each article's time at it.
    #[test]
    fn the_ideal_caps_each_article_at_its_deadline() {
        let w = Workload {
            seed: 1,
            articles: 3,
            latency: LatencyRange::from_millis(1_000, 1_000).unwrap(),
        };
        let answered_at_once = |articles: Articles, _: &Arc<LlmClient>| {
            Ok(articles
                .map(|a| AIResult::expected_until(&a, None))
                .collect())
        };
        let ideal = |timeout| {
            let client = Arc::new(LlmClient::builder(w).build());
            execute_within(Schedule::Sequential, timeout, &client, answered_at_once)
                .unwrap()
                .ideal
        };
        assert_eq!(
            ideal(None),
            Duration::from_secs(9),
            "three calls of 1 s each"
        );
        assert_eq!(
            ideal(Some(Duration::from_millis(500))),
            Duration::from_millis(1_500),
            "each article cut at 500 ms"
        );
    }

    #[test]
    fn execute_refuses_a_run_that_lost_a_result() {
        let w = Workload {
            seed: 1,
            articles: 3,
            latency: LatencyRange::ZERO,
        };
        let client = Arc::new(LlmClient::builder(w).build());
        let error = execute(Schedule::Sequential, &client, |articles, client| {
            Ok(articles.skip(1).map(|a| analyze(&a, client)).collect())
        })
        .unwrap_err();
        assert_eq!(
            error,
            PipelineError::Lost("article 0 has no result (2 of 3 arrived)".into())
        );
    }

    #[test]
    fn verify_ids_accepts_every_article_once_in_any_order() {
        assert_eq!(verify_ids(4, &results(&[3, 1, 0, 2])), Ok(()));
    }

    #[test]
    fn verify_ids_names_a_missing_article() {
        assert_eq!(
            verify_ids(4, &results(&[0, 1, 3])),
            Err("article 2 has no result (3 of 4 arrived)".into())
        );
    }

    #[test]
    fn verify_ids_names_a_repeated_article() {
        assert_eq!(
            verify_ids(4, &results(&[0, 1, 1, 3])),
            Err("article 1 was processed more than once".into())
        );
    }
}
