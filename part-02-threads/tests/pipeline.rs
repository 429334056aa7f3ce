//! Part 2's tests: its contract (`contract/mod.rs`, shared with exercise 2's
//! checks) as tests of this part, then the tests of its own mistake, a
//! thread never joined.

use std::sync::Arc;
use std::time::Duration;

use common::testing::{self, Probe, claims};
use common::{LatencyRange, LlmClient};
use part_02_threads::mistakes::process_all_without_join;

/// Each claim of the contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_02_threads as part;
mod contract;

/// Claim (the mistake): without joining, the function returns before the work
/// is done and the results are lost. Every call is held at a rendezvous that
/// cannot fill, so no thread can have finished when it returns.
#[test]
fn without_join_returns_before_the_work_is_done() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    let w = testing::workload(4, LatencyRange::ZERO);
    let probe = Arc::new(Probe::default().rendezvous(5, Duration::from_secs(60)));
    let client = Arc::new(LlmClient::builder(w).observer(probe.clone()).build());
    let results = claims::run(process_all_without_join, &client, &probe).unwrap();
    assert!(
        results.is_empty(),
        "{} results arrived without waiting",
        results.len()
    );
    assert_eq!(client.stats().articles_done, 0);
}

/// Claim (the mistake, caught): without `join`, the every-article check fails
/// and names an article with no result.
#[test]
#[should_panic(expected = "has no result")]
fn the_every_article_check_catches_threads_never_joined() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    claims::every_article_once(process_all_without_join, 25);
}
