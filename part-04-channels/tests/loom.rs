//! loom runs Part 4's own `process_all` through the sync shim (a channel
//! model with crossbeam's disconnection rules) and explores the interleavings
//! of its threads, sends and receives.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-04-channels --test loom`
#![cfg(loom)]

use std::mem::ManuallyDrop;

use common::sync::Arc;
use common::testing::{self, claims};
use common::{LatencyRange, LlmClient};
use part_04_channels::mistakes::process_all_keeping_sender;
use part_04_channels::process_all;

/// Claim: in every interleaving of three article threads with up to two
/// preemptions, each article arrives exactly once with its own result, and
/// the collector's loop ends. (Two seconds; a bound of three takes forty.)
#[test]
fn every_article_once_in_every_interleaving() {
    claims::every_article_once_in_every_interleaving(process_all, 3, 2);
}

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
