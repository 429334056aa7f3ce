//! Exercise 6's checks: Part 6's contract
//! (`part-06-deadlines/tests/contract/mod.rs`), run against this crate's
//! `process_all` (or, with `--features solution`, against Part 6's own).
//! They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 6` runs them.

/// Each claim of the contract is an `#[ignore]`d check of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] #[ignore = "exercise check: cargo exercise check 6"] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_06_deadlines as part;
#[cfg(feature = "solution")]
use part_06_deadlines as part;

// Included, not a module: the checks keep their bare names
// (`every_article_has_its_own_deadline`), which `cargo exercise check` maps to hints.
include!("../../../part-06-deadlines/tests/contract/mod.rs");
