//! Part 4's tests: its contract (`contract/mod.rs`, shared with exercise 4's
//! checks) as tests of this part, then the test of its own mistake, a
//! collector that keeps its sender.

use std::time::Duration;

use common::testing::{claims, deadline};
use part_04_channels::mistakes::process_all_keeping_sender;

/// Each claim of the contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_04_channels as part;
mod contract;

/// Claim (the mistake, caught): a collector that keeps its own sender never
/// returns, although every result was sent; the check's deadline says so and
/// names `drop(result_tx)`.
#[test]
#[should_panic(expected = "drop(result_tx)")]
fn the_deadline_catches_a_collector_that_keeps_its_sender() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    deadline::expecting_a_hang(Duration::from_secs(3), || {
        claims::every_article_once(process_all_keeping_sender, 3)
    });
}
