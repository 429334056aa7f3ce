//! Part 6's tests: its contract (`contract/mod.rs`) as tests of this part.
//! (Work in progress: the contract is Part 5's, with no deadline.)

/// Each claim of the contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_06_deadlines as part;
mod contract;
