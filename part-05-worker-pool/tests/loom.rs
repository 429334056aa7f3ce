//! loom runs Part 5's own `process_all` through the sync shim: its loom
//! contract (`contract/loom.rs`, shared with exercise 5, which says how its
//! bounds were chosen), then the inline feeder's deadlock, which loom reports.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-05-worker-pool --test loom`
#![cfg(loom)]

use std::mem::ManuallyDrop;
use std::num::NonZeroUsize;

use common::sync::Arc;
use common::testing;
use common::{LatencyRange, LlmClient};
use part_05_worker_pool::mistakes::process_all_feeding_inline;

/// Each claim of the loom contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_05_worker_pool as part;
#[path = "contract/loom.rs"]
mod contract;

/// Claim: loom reports the deadlock of feeding from the collector's thread:
/// one worker, four articles, one more than the channels and the worker hold.
#[test]
#[should_panic(expected = "deadlock")]
fn loom_finds_the_deadlock_of_an_inline_feeder() {
    loom::model(|| {
        let w = testing::workload(4, LatencyRange::ZERO);
        // Never dropped: loom's Arc cannot be dropped while unwinding from the
        // deadlock loom reports, and the first execution already deadlocks.
        let client = ManuallyDrop::new(Arc::new(LlmClient::builder(w).build()));
        let _ = process_all_feeding_inline(w.articles(), &client, NonZeroUsize::MIN, 1);
    });
}
