//! loom on exercise 6's own `process_all` (or Part 6's, with `--features
//! solution`): Part 6's loom contract
//! (`part-06-deadlines/tests/contract/loom.rs`), each article's deadline
//! racing its calls on one and two workers, and a run with no deadline.
//! `cargo exercise loom 6` runs it.
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
use ex_06_deadlines as part;
#[cfg(feature = "solution")]
use part_06_deadlines as part;

include!("../../../part-06-deadlines/tests/contract/loom.rs");
