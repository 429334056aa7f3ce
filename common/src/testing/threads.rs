//! std's `thread` module, as the parts' tests build it: the same names and
//! the same behaviour, except that a run under a test's deadline keeps a
//! ledger of the threads it spawns and of the ones it joins. So the claim
//! that every thread is joined before `process_all` returns is checked on
//! the joins themselves, whatever their order, not inferred from what the
//! threads were still doing at the time.
//!
//! `common::sync::thread` is this module in a test build of a part (the
//! `testing` feature), and std's own everywhere else. Outside a test's
//! deadline no ledger is kept, and nothing differs from std.

use std::cell::RefCell;
use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};

pub use std::thread::*;

thread_local! {
    /// The ledger of the run on this thread, if a test's deadline set one.
    static LEDGER: RefCell<Option<Arc<Ledger>>> = const { RefCell::new(None) };
}

/// The threads a run spawned and has not joined yet, by name.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    unjoined: Mutex<Vec<(ThreadId, String)>>,
}

impl Ledger {
    /// Keeps this ledger for the threads spawned from the calling thread.
    pub(crate) fn keep_here(self: &Arc<Self>) {
        LEDGER.with(|ledger| *ledger.borrow_mut() = Some(Arc::clone(self)));
    }

    /// The names of the threads spawned and not joined, in spawn order.
    pub(crate) fn unjoined(&self) -> Vec<String> {
        let unjoined = self.unjoined.lock().unwrap_or_else(PoisonError::into_inner);
        unjoined.iter().map(|(_, name)| name.clone()).collect()
    }

    fn spawned(&self, thread: &Thread) {
        let name = thread.name().unwrap_or("an unnamed thread").to_owned();
        let mut unjoined = self.unjoined.lock().unwrap_or_else(PoisonError::into_inner);
        unjoined.push((thread.id(), name));
    }

    fn joined(&self, id: ThreadId) {
        let mut unjoined = self.unjoined.lock().unwrap_or_else(PoisonError::into_inner);
        unjoined.retain(|(thread, _)| *thread != id);
    }
}

/// std's `thread::Builder`, whose threads enter the run's ledger.
#[derive(Debug)]
pub struct Builder {
    inner: std::thread::Builder,
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
            inner: std::thread::Builder::new(),
        }
    }

    /// As std's `Builder::name`.
    #[must_use]
    pub fn name(self, name: String) -> Builder {
        Builder {
            inner: self.inner.name(name),
        }
    }

    /// As std's `Builder::stack_size`.
    #[must_use]
    pub fn stack_size(self, size: usize) -> Builder {
        Builder {
            inner: self.inner.stack_size(size),
        }
    }

    /// As std's `Builder::spawn`.
    ///
    /// # Errors
    ///
    /// As std's: the OS refused the thread.
    pub fn spawn<F, T>(self, f: F) -> io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let ledger = LEDGER.with(|ledger| ledger.borrow().clone());
        let inner = self.inner.spawn(f)?;
        if let Some(ledger) = &ledger {
            ledger.spawned(inner.thread());
        }
        Ok(JoinHandle { inner, ledger })
    }
}

/// As std's `thread::spawn`.
///
/// # Panics
///
/// As std's: if the OS refuses the thread.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new().spawn(f).expect("failed to spawn thread")
}

/// std's `JoinHandle`, whose `join` is entered in the run's ledger.
pub struct JoinHandle<T> {
    inner: std::thread::JoinHandle<T>,
    ledger: Option<Arc<Ledger>>,
}

impl<T> JoinHandle<T> {
    /// As std's `JoinHandle::join`.
    ///
    /// # Errors
    ///
    /// As std's: the thread's panic.
    pub fn join(self) -> Result<T> {
        let id = self.inner.thread().id();
        let joined = self.inner.join();
        if let Some(ledger) = &self.ledger {
            ledger.joined(id);
        }
        joined
    }

    /// As std's `JoinHandle::thread`.
    #[must_use]
    pub fn thread(&self) -> &Thread {
        self.inner.thread()
    }

    /// As std's `JoinHandle::is_finished`.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.inner.is_finished()
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_spawned_under_a_ledger_stays_in_it_until_joined() {
        let ledger = Arc::new(Ledger::default());
        let outside = spawn(|| ());
        ledger.keep_here();
        let handle = Builder::new()
            .name("worker-1".to_owned())
            .spawn(|| ())
            .unwrap();
        let unnamed = spawn(|| ());
        assert_eq!(ledger.unjoined(), ["worker-1", "an unnamed thread"]);
        handle.join().unwrap();
        unnamed.join().unwrap();
        outside.join().unwrap();
        assert!(ledger.unjoined().is_empty());
        LEDGER.with(|ledger| ledger.borrow_mut().take());
    }
}
