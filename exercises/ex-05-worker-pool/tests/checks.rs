//! Exercise 5's checks: Part 5's contract
//! (`part-05-worker-pool/tests/contract/mod.rs`), run against this crate's
//! `process_all` (or, with `--features solution`, against Part 5's own).
//! They are `#[ignore]`d so that `cargo test --workspace` stays green
//! before the exercise is done; `cargo exercise check 5` runs them.

/// Each claim of the contract is an `#[ignore]`d check of this exercise.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] #[ignore = "exercise check: cargo exercise check 5"] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
#[cfg(not(feature = "solution"))]
use ex_05_worker_pool as part;
#[cfg(feature = "solution")]
use part_05_worker_pool as part;

// Included, not a module: the checks keep their bare names
// (`results_may_arrive_in_any_order`), which `cargo exercise check` maps to hints.
include!("../../../part-05-worker-pool/tests/contract/mod.rs");
