//! loom runs Part 3's own `process_all` through the sync shim and explores
//! every interleaving of its threads, locks and `Arc`s: its loom contract
//! (`contract/loom.rs`, shared with exercise 3), then the split lock's lost
//! push, which loom finds.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-03-mutex --test loom`
#![cfg(loom)]

use common::sync::Arc;
use common::testing;
use common::{LatencyRange, LlmClient};
use part_03_mutex::mistakes::process_all_split_lock;

/// Each claim of the loom contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_03_mutex as part;
#[path = "contract/loom.rs"]
mod contract;

/// Claim: loom finds the interleaving in which the split lock loses a push,
/// which ordinary test runs would only hit by luck.
#[test]
#[should_panic(expected = "has no result")]
fn loom_finds_the_push_lost_by_a_split_lock() {
    loom::model(|| {
        let w = testing::workload(2, LatencyRange::ZERO);
        let client = Arc::new(LlmClient::builder(w).build());
        let results = process_all_split_lock(w.articles(), &client).unwrap();
        assert_eq!(testing::verify(&w, &results), Ok(()));
    });
}
