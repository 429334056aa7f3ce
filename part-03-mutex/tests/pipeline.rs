//! Part 3's tests: its contract (`contract/mod.rs`, shared with exercise 3's
//! checks) as tests of this part, then the tests of its own mistakes, the
//! locks that serialize the calls. `checks/tests/mistake_table.rs` applies
//! them to the contract's claims, and holds each to the message
//! INSTRUCTOR.md quotes.

use common::testing::claims;
use part_03_mutex::mistakes::{process_all_guard_in_match, process_all_wide_lock};

/// Each claim of the contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_03_mutex as part;
mod contract;

/// Claim (the mistake): a lock held around the LLM calls serializes them:
/// one call in flight at a time, although every article has its thread. The
/// rendezvous waits for a second call in flight that never comes.
#[test]
fn wide_lock_serializes_the_calls() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    let stats = claims::peak_in_flight_is(process_all_wide_lock, 5, 1);
    assert_eq!(stats.threads.len(), 5, "every thread ran, each in its turn");
}

/// Claim (Rust's own trap): a guard in a `match` scrutinee holds the lock
/// across the calls in its arm, with no `lock()` written around them: one
/// call in flight at a time.
#[test]
fn a_guard_in_a_match_scrutinee_serializes_the_calls() {
    common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
    let stats = claims::peak_in_flight_is(process_all_guard_in_match, 5, 1);
    assert_eq!(stats.threads.len(), 5, "every thread ran, each in its turn");
}
