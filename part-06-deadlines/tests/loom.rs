//! loom runs Part 6's own `process_all` through the sync shim, with each
//! article's deadline racing its calls: its loom contract
//! (`contract/loom.rs`, shared with exercise 6, which says how the
//! deadline is modelled and how its bounds were chosen).
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-06-deadlines --test loom`
#![cfg(loom)]

/// Each claim of the loom contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_06_deadlines as part;
#[path = "contract/loom.rs"]
mod contract;
