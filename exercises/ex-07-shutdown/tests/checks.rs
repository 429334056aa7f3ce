//! Exercise 7's checks: Part 7's contract
//! (`part-07-shutdown/tests/contract/mod.rs`), run against this crate's
//! `process_all` (or, with `--features solution`, against Part 7's own).
//! They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 7` runs them.

/// Each claim of the contract is an `#[ignore]`d check of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] #[ignore = "exercise check: cargo exercise check 7"] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_07_shutdown as part;
#[cfg(feature = "solution")]
use part_07_shutdown as part;

// Included, not a module: the checks keep their bare names
// (`after_a_stop_no_call_starts`), which `cargo exercise check` maps to hints.
include!("../../../part-07-shutdown/tests/contract/mod.rs");
