//! loom runs Part 5's own `process_all` through the sync shim: its loom
//! contract (`contract/loom.rs`, shared with exercise 5, which says how its
//! bounds were chosen), then the inline feeder's deadlock, which loom reports.
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-05-worker-pool --test loom`
#![cfg(loom)]

use std::num::NonZeroUsize;

use common::LlmClient;
use common::sync::Arc;
use common::testing::claims;
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

/// Claim: loom reports the deadlock of feeding from the collector's thread, naming the blocked threads and the part's lines, with Part 5's advice.
///
/// One worker, four articles, one more than the channels and the worker hold.
#[test]
fn loom_finds_the_deadlock_of_an_inline_feeder() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    let report = common::testing::failure_of(|| {
        let inline = |articles, client: &Arc<LlmClient>| {
            process_all_feeding_inline(articles, client, NonZeroUsize::MIN, 1)
        };
        claims::every_article_once_in_every_interleaving(inline, 4, 2);
    })
    .expect("loom finds the deadlock");
    for blocked in [
        "the thread that called process_all waits in `send`, at part-05-worker-pool/mistakes.rs:",
        "worker-1 waits in `send`, at part-05-worker-pool/mistakes.rs:",
    ] {
        assert!(report.contains(blocked), "{report}");
    }
    assert!(
        report.contains("feeder on the collector's thread"),
        "{report}"
    );
    assert!(
        !report.contains("Id(") && !report.contains("loom_channel.rs"),
        "{report}"
    );
}
