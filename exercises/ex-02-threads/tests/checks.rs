//! Exercise 2's checks: Part 2's contract
//! (`part-02-threads/tests/contract/mod.rs`), run against this crate's
//! `process_all` (or, with `--features solution`, against Part 2's own).
//! They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 2` runs them.

/// Each claim of the contract is an `#[ignore]`d check of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] #[ignore = "exercise check: cargo exercise check 2"] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_02_threads as part;
#[cfg(feature = "solution")]
use part_02_threads as part;

// Included, not a module: the checks keep their bare names
// (`results_keep_input_order`), which `cargo exercise check` maps to hints.
include!("../../../part-02-threads/tests/contract/mod.rs");
