//! The sync shim: where Parts 2–5 get their threads, locks and channels.
//!
//! In a normal build these are the real crates, re-exported under the names
//! a plain program uses: std's [`Arc`] and [`thread`], parking_lot's
//! [`Mutex`] and crossbeam-channel as [`channel`]. So a part's
//!
//! ```text
//! use common::sync::{Arc, channel, thread};
//! ```
//!
//! is, outside this workspace,
//!
//! ```text
//! use {std::sync::Arc, crossbeam_channel as channel, std::thread};
//! ```
//!
//! and that `use` line is the only difference.
//!
//! Why parking_lot and crossbeam-channel rather than std's own: parking_lot's
//! `lock` returns the guard directly, since a panicking thread does not
//! poison the lock, so the lesson is not buried in `.unwrap()`s; and
//! crossbeam's `Receiver` can be cloned, which Part 5's workers need (std's
//! `mpsc` has a single receiver).
//!
//! Built with `RUSTFLAGS="--cfg loom"`, the same names are loom's models of
//! the same API (loom's own `Arc`, and its `thread` with the tests' ledger of
//! joins; a `Mutex` and a channel modelled on parking_lot's and
//! crossbeam's, in `common::testing`), so a
//! loom test runs a part's own `process_all` and explores its
//! interleavings. loom has no scoped threads, which is why the parts spawn
//! `'static` threads and join them.

#[cfg(not(loom))]
pub use {crossbeam_channel as channel, parking_lot::Mutex, std::sync::Arc};

#[cfg(not(any(loom, feature = "testing")))]
pub use std::thread;

// In the parts' tests, std's `thread` with a ledger of spawns and joins, so
// that a test sees that every thread was joined; otherwise the same.
#[cfg(all(not(loom), feature = "testing"))]
pub use crate::testing::threads as thread;

// loom's models are test support: they exist to check the parts, so they
// live with the rest of it, behind the `testing` feature that the parts'
// tests enable.
#[cfg(loom)]
pub use {
    crate::testing::loom_channel as channel, crate::testing::loom_mutex::Mutex,
    crate::testing::loom_thread as thread, loom::sync::Arc,
};

#[cfg(all(loom, not(feature = "testing")))]
compile_error!("loom's models are test support: build under --cfg loom through the parts' tests");
