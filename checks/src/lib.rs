//! Checks of the workspace's promises about its own code, as integration
//! tests. They are the maintainers' checks, `#[ignore]`d in `cargo test
//! --workspace` so that a learner who changes a part meets that part's own
//! tests first; `.ci/run` runs them with `cargo test -p checks -- --ignored`.
//!
//! - `tests/without_shim.rs`: Parts 3–7 compiled with their one
//!   `use common::sync::…` line swapped for the plain crates (std,
//!   parking_lot, crossbeam-channel), and run. `build.rs` makes the copies.
//! - `tests/neighbour_diffs.rs`: each part's README shows the real diff of
//!   its `lib.rs` against the previous part's, and that diff stays within
//!   its budget of changed lines.
//! - `tests/learner_reach.rs`: what a learner reaches in `common` from the
//!   parts' `lib.rs` (one go-to-definition away) stays within 400 code lines.
//! - `tests/readme_tables.rs`: each test a README's test table lists is
//!   defined, as a test, in the file the table names.
