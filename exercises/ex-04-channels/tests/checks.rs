//! Exercise 4's checks: Part 4's contract
//! (`part-04-channels/tests/contract/mod.rs`), run against this crate's
//! `process_all` (or, with `--features solution`, against Part 4's own).
//! They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 4` runs them.

/// Each claim of the contract is an `#[ignore]`d check of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] #[ignore = "exercise check: cargo exercise check 4"] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_04_channels as part;
#[cfg(feature = "solution")]
use part_04_channels as part;

// Included, not a module: the checks keep their bare names
// (`every_article_in_flight_at_once`), which `cargo exercise check` maps to hints.
include!("../../../part-04-channels/tests/contract/mod.rs");
