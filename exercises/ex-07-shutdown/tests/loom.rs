//! loom on exercise 7's own `process_all` (or Part 7's, with `--features
//! solution`): Part 7's loom contract
//! (`part-07-shutdown/tests/contract/loom.rs`), the run's stop racing the
//! pipeline on one and two workers, and with each article's deadline racing
//! as well. `cargo exercise loom 7` runs it.
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
use ex_07_shutdown as part;
#[cfg(feature = "solution")]
use part_07_shutdown as part;

include!("../../../part-07-shutdown/tests/contract/loom.rs");
