//! loom on exercise 5's own `process_all` (or Part 5's, with `--features
//! solution`): Part 5's loom contract
//! (`part-05-worker-pool/tests/contract/loom.rs`), two workers on two and
//! three articles, and one worker on more articles than the channels hold.
//! `cargo exercise loom 5` runs it.
#![cfg(loom)]

/// Each claim of the loom contract is a test of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_05_worker_pool as part;
#[cfg(feature = "solution")]
use part_05_worker_pool as part;

include!("../../../part-05-worker-pool/tests/contract/loom.rs");
