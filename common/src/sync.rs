//! The sync shim: where Parts 3–5 get their threads, locks and channels.
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
//! `mpsc` has a single receiver). Built with
//! `RUSTFLAGS="--cfg loom"`, the same names are loom's models of the same
//! API, so a loom test runs a part's own `process_all` and explores its
//! interleavings. loom has no scoped threads, which is why the parts spawn
//! `'static` threads and join them.

#[cfg(not(loom))]
pub use {crossbeam_channel as channel, parking_lot::Mutex, std::sync::Arc, std::thread};

#[cfg(loom)]
pub use {loom::sync::Arc, loom::thread, loom_mutex::Mutex};

/// crossbeam-channel's API, modelled for loom.
#[cfg(loom)]
#[path = "sync/loom_channel.rs"]
pub mod channel;

#[cfg(loom)]
mod loom_mutex {
    /// loom's mutex with parking_lot's API: `lock` returns the guard, with no
    /// poisoning to unwrap.
    #[derive(Debug, Default)]
    pub struct Mutex<T>(loom::sync::Mutex<T>);

    impl<T> Mutex<T> {
        /// A new unlocked mutex.
        pub fn new(value: T) -> Self {
            Mutex(loom::sync::Mutex::new(value))
        }

        /// Blocks until the lock is free, then takes it.
        pub fn lock(&self) -> loom::sync::MutexGuard<'_, T> {
            self.0
                .lock()
                .expect("loom mutexes are not poisoned in these models")
        }
    }
}
