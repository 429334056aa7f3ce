//! Part 5's tests: its contract (`contract/mod.rs`, shared with exercise 5's
//! checks) as tests of this part, then the test of its own mistake, a
//! feeder on the collector's thread.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::LlmClient;
use common::sync::Arc;
use common::testing::{claims, deadline};
use part_05_worker_pool::mistakes::process_all_feeding_inline;

/// Each claim of the contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_05_worker_pool as part;
mod contract;

/// Claim (the mistake, caught): feeding from the collector's thread
/// deadlocks once the channels fill (one worker, channels of one, ten
/// articles); the check's deadline says so and names the feeder.
#[test]
#[should_panic(expected = "feeder on the collector's thread")]
fn the_deadline_catches_a_feeder_on_the_collectors_thread() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    let inline = |articles, client: &Arc<LlmClient>| {
        process_all_feeding_inline(articles, client, NonZeroUsize::MIN, 1)
    };
    deadline::expecting_a_hang(Duration::from_secs(3), || {
        claims::every_article_once(inline, 10)
    });
}
