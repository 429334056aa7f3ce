//! loom on exercise 3's own `process_all` (or Part 3's, with `--features
//! solution`): Part 3's loom contract (`part-03-mutex/tests/contract/loom.rs`),
//! every interleaving of three article threads, up to three preemptions.
//! `cargo exercise loom 3` runs it.
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
use ex_03_mutex as part;
#[cfg(feature = "solution")]
use part_03_mutex as part;

include!("../../../part-03-mutex/tests/contract/loom.rs");
