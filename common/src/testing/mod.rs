//! Test support (feature `testing`, enabled by the parts' dev-dependencies
//! only): the claims every part's tests check, the tests' observer of the
//! client ([`Probe`]: what only a test sees, and where calls wait for it),
//! the deadline every pipeline run in a test has, the child-process helpers
//! of the command-line tests, and loom's models.

pub mod claims;
pub mod deadline;
pub mod deadlines;
pub mod lesson;
#[cfg(loom)]
pub mod loom_channel;
#[cfg(loom)]
pub mod loom_deadline;
#[cfg(loom)]
pub mod loom_mutex;
#[cfg(loom)]
pub mod loom_stop;
#[cfg(loom)]
pub mod loom_thread;
pub mod probe;
pub mod shutdown;
#[cfg(not(loom))]
pub mod threads;

pub use probe::Probe;

use std::time::Duration;

use crate::article::Article;
use crate::outcome::verify_ids;
use crate::result::AIResult;
use crate::workload::{LatencyRange, Workload};

/// How long the probe's gates wait for what a correct part does at once: far longer
/// than any correct part needs, and only ever spent by a broken one. Shorter
/// than the deadline, so a part that cannot reach a rendezvous fails with
/// the rendezvous's own message.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// The workload of seed 1 with `articles` articles.
pub fn workload(articles: usize, latency: LatencyRange) -> Workload {
    Workload {
        seed: 1,
        articles,
        latency,
    }
}

/// What `claim` said when it failed: its panic message, or `None` if it
/// passed. For the tests that show a mistake's diagnosis.
pub fn failure_of(claim: impl FnOnce()) -> Option<String> {
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(claim)).err()?;
    Some(
        failed
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| failed.downcast_ref::<&str>().map(|text| (*text).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned()),
    )
}

/// The ids of `results`, in their order.
pub fn ids(results: &[AIResult]) -> Vec<usize> {
    results.iter().map(|result| result.article_id).collect()
}

/// Checks that `results` hold exactly one result per article of `workload`
/// and that each is its own, that is, computed from the article with its id
/// (up to the call the provider refused, for a result marked refused).
///
/// # Errors
///
/// The first problem found, as a sentence that says which article.
pub fn verify(workload: &Workload, results: &[AIResult]) -> Result<(), String> {
    verify_ids(workload.articles, results)?;
    for result in results {
        let article = Article::generate(workload.seed, result.article_id);
        let expected = AIResult::expected_until(&article, result.failed);
        if *result != expected {
            return Err(format!(
                "the result for article {} is not its own: got {result:?}, expected {expected:?}",
                result.article_id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(w: &Workload) -> Vec<AIResult> {
        w.articles()
            .map(|a| AIResult::expected_until(&a, None))
            .collect()
    }

    #[test]
    fn verify_accepts_every_article_once_in_any_order() {
        let w = workload(4, LatencyRange::ZERO);
        let mut results = results(&w);
        results.reverse();
        assert_eq!(verify(&w, &results), Ok(()));
    }

    #[test]
    fn verify_catches_a_result_on_the_wrong_article() {
        let w = workload(4, LatencyRange::ZERO);
        let mut results = results(&w);
        results[0].article_id = 1;
        results[1].article_id = 0;
        let error = verify(&w, &results).unwrap_err();
        assert!(error.contains("is not its own"), "{error}");
    }
}
