//! Part 7's tests: its contract (`contract/mod.rs`, shared with exercise 7's
//! checks) as tests of this part. Its mistakes (`mistakes.rs`) are applied
//! to the contract's claims by `checks/tests/mistake_table.rs`, which holds
//! each to the message INSTRUCTOR.md quotes.

/// Each claim of the contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_07_shutdown as part;
mod contract;
