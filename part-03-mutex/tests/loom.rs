//! loom runs Part 3's own `process_all` through the sync shim and explores
//! every interleaving of its threads, locks and `Arc`s.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-03-mutex --test loom`
#![cfg(loom)]

use common::sync::Arc;
use common::testing::{self, claims};
use common::{LatencyRange, LlmClient};
use part_03_mutex::mistakes::process_all_split_lock;
use part_03_mutex::process_all;

/// Claim: in every interleaving of three article threads with up to three
/// preemptions, each article is processed exactly once with its own result.
/// (The bound keeps the run under a second; unbounded takes about 20 s.)
#[test]
fn every_article_once_in_every_interleaving() {
    claims::every_article_once_in_every_interleaving(process_all, 3, 3);
}

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
