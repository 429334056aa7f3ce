//! loom's mutex with parking_lot's API, for the sync shim under loom.

/// loom's mutex with parking_lot's API: `lock` returns the guard, with no
/// poisoning to unwrap.
#[derive(Debug, Default)]
pub struct Mutex<T>(loom::sync::Mutex<T>);

impl<T> Mutex<T> {
    /// A new unlocked mutex.
    pub fn new(value: T) -> Self {
        Mutex(loom::sync::Mutex::new(value))
    }

    /// Blocks until the lock is free, then takes it. (`track_caller`: a
    /// deadlock report names the caller's line, not this one.)
    #[track_caller]
    pub fn lock(&self) -> loom::sync::MutexGuard<'_, T> {
        self.0
            .lock()
            .expect("loom mutexes are not poisoned in these models")
    }
}
