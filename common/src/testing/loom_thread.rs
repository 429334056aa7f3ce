//! loom's `thread` module with the ledger that `threads` keeps for std's:
//! under `--cfg loom`, `common::sync::thread` is this, so that a loom model
//! checks that every thread a run spawned was joined before `process_all`
//! returned, on the joins themselves. (Without it, loom sees only that
//! every thread ends: a run that returns without joining would pass.)
//!
//! The ledger is a std thread-local, outside the model: loom runs every
//! modelled thread on the test's own OS thread, so one ledger sees them all,
//! and keeping it adds nothing for loom to explore.

use std::cell::RefCell;
use std::fmt;
use std::io;

pub use loom::thread::*;

thread_local! {
    /// The threads spawned and not joined yet, by name, while a model keeps
    /// a ledger.
    static UNJOINED: RefCell<Option<Vec<(ThreadId, String)>>> = const { RefCell::new(None) };
}

/// Starts a ledger, empty, of the threads spawned from now on.
pub(crate) fn keep_ledger() {
    UNJOINED.with(|unjoined| *unjoined.borrow_mut() = Some(Vec::new()));
}

/// Ends the ledger, and returns the names of the threads spawned under it
/// and not joined, in spawn order.
pub(crate) fn close_ledger() -> Vec<String> {
    UNJOINED
        .with(|unjoined| unjoined.borrow_mut().take().unwrap_or_default())
        .into_iter()
        .map(|(_, name)| name)
        .collect()
}

/// loom's `thread::Builder`, whose threads enter the ledger.
#[derive(Debug)]
pub struct Builder {
    inner: loom::thread::Builder,
}

impl Builder {
    /// As std's `Builder::new`.
    #[must_use]
    #[expect(
        clippy::new_without_default,
        reason = "std's Builder has no Default either"
    )]
    pub fn new() -> Builder {
        Builder {
            inner: loom::thread::Builder::new(),
        }
    }

    /// As std's `Builder::name`.
    #[must_use]
    pub fn name(self, name: String) -> Builder {
        Builder {
            inner: self.inner.name(name),
        }
    }

    /// As std's `Builder::spawn`.
    ///
    /// # Errors
    ///
    /// As loom's (it never refuses a thread within its five).
    pub fn spawn<F, T>(self, f: F) -> io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let inner = self.inner.spawn(f)?;
        UNJOINED.with(|unjoined| {
            if let Some(unjoined) = unjoined.borrow_mut().as_mut() {
                let thread = inner.thread();
                let name = thread.name().unwrap_or("an unnamed thread").to_owned();
                unjoined.push((thread.id(), name));
            }
        });
        Ok(JoinHandle { inner })
    }
}

/// As std's `thread::spawn`.
///
/// # Panics
///
/// As loom's: past loom's five threads.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new().spawn(f).expect("loom starts the thread")
}

/// loom's `JoinHandle`, whose `join` is entered in the ledger.
pub struct JoinHandle<T> {
    inner: loom::thread::JoinHandle<T>,
}

impl<T> JoinHandle<T> {
    /// As std's `JoinHandle::join`.
    ///
    /// # Errors
    ///
    /// As std's: the thread's panic.
    pub fn join(self) -> std::thread::Result<T> {
        let id = self.inner.thread().id();
        let joined = self.inner.join();
        UNJOINED.with(|unjoined| {
            if let Some(unjoined) = unjoined.borrow_mut().as_mut() {
                unjoined.retain(|(thread, _)| *thread != id);
            }
        });
        joined
    }

    /// As std's `JoinHandle::thread`.
    #[must_use]
    pub fn thread(&self) -> &Thread {
        self.inner.thread()
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JoinHandle { .. }")
    }
}
