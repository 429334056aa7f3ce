//! loom runs Part 4's own `process_all` through the sync shim (a channel
//! model with crossbeam's disconnection rules) and explores the interleavings
//! of its threads, sends and receives: its loom contract (`contract/loom.rs`,
//! shared with exercise 4), then the kept sender, which loom reports.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-04-channels --test loom`
#![cfg(loom)]

use std::mem::ManuallyDrop;

use common::sync::Arc;
use common::testing;
use common::{LatencyRange, LlmClient};
use part_04_channels::mistakes::process_all_keeping_sender;

/// Each claim of the loom contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_04_channels as part;
#[path = "contract/loom.rs"]
mod contract;

/// Claim: loom reports the collector that keeps its own sender as a deadlock:
/// every other thread has finished and it still waits.
#[test]
#[should_panic(expected = "deadlock")]
fn loom_finds_the_collector_waiting_on_its_own_sender() {
    loom::model(|| {
        let w = testing::workload(2, LatencyRange::ZERO);
        // Never dropped: loom's Arc cannot be dropped while unwinding from the
        // deadlock loom reports, and the first execution already deadlocks.
        let client = ManuallyDrop::new(Arc::new(LlmClient::builder(w).build()));
        let _ = process_all_keeping_sender(w.articles(), &client);
    });
}
