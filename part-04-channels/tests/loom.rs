//! loom runs Part 4's own `process_all` through the sync shim (a channel
//! model with crossbeam's disconnection rules) and explores the interleavings
//! of its threads, sends and receives: its loom contract (`contract/loom.rs`,
//! shared with exercise 4), then the kept sender, which loom reports.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-04-channels --test loom`
#![cfg(loom)]

use common::testing::claims;
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

/// Claim: loom reports the collector that keeps its own sender as a deadlock, by thread name and at the part's own line, with Part 4's advice.
#[test]
fn loom_finds_the_collector_waiting_on_its_own_sender() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    let report = common::testing::failure_of(|| {
        claims::every_article_once_in_every_interleaving(process_all_keeping_sender, 2, 2);
    })
    .expect("loom finds the deadlock");
    assert!(
        report.contains(
            "the thread that called process_all waits in `recv`, at part-04-channels/mistakes.rs:"
        ),
        "{report}"
    );
    assert!(
        report.contains("every other thread has finished"),
        "{report}"
    );
    assert!(report.contains("drop(result_tx)"), "{report}");
    assert!(report.contains("How to read it"), "{report}");
    assert!(
        !report.contains("Id(") && !report.contains("loom_channel.rs"),
        "{report}"
    );
}
