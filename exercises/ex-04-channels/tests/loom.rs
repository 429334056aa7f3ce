//! loom on exercise 4's own `process_all` (or Part 4's, with `--features
//! solution`): Part 4's loom contract (`part-04-channels/tests/contract/loom.rs`),
//! every interleaving of three article threads, up to two preemptions.
//! `cargo exercise loom 4` runs it.
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
use ex_04_channels as part;
#[cfg(feature = "solution")]
use part_04_channels as part;

include!("../../../part-04-channels/tests/contract/loom.rs");
