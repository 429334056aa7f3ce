//! Exercise 3's checks: Part 3's contract
//! (`part-03-mutex/tests/contract/mod.rs`), run against this crate's
//! `process_all` (or, with `--features solution`, against Part 3's own).
//! They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 3` runs them.

/// Each claim of the contract is an `#[ignore]`d check of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] #[ignore = "exercise check: cargo exercise check 3"] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_03_mutex as part;
#[cfg(feature = "solution")]
use part_03_mutex as part;

// Included, not a module: the checks keep their bare names
// (`every_article_in_flight_at_once`), which `cargo exercise check` maps to hints.
include!("../../../part-03-mutex/tests/contract/mod.rs");
