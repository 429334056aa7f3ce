//! loom runs Part 7's own `process_all` through the sync shim, with the
//! run's stop racing the pipeline: its loom contract (`contract/loom.rs`,
//! shared with exercise 7, which says how the stop is modelled and how its
//! bounds were chosen).
//!
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p part-07-shutdown --test loom`
#![cfg(loom)]

/// Each claim of the loom contract is a test of this part.
macro_rules! claim {
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])* #[test] fn $name() {
            common::testing::lesson::checking(env!("CARGO_PKG_NAME"));
            $body
        }
    };
}
use part_07_shutdown as part;
#[path = "contract/loom.rs"]
mod contract;

/// The channel model's `select!`, which the feeder's runs on under loom:
/// small models of its three promises, each explored in every interleaving.
mod select_model {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use common::sync::channel::{self, RecvError, SendError, TryRecvError};
    use common::testing::loom_channel;

    fn explore(model: impl Fn() + Sync + Send + 'static) {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        builder.check(model);
    }

    /// Claim: a `select!` blocked on a full channel that nobody drains wakes at the stop, whenever it comes, and completes its `recv` arm with an error.
    #[test]
    fn select_on_a_full_channel_wakes_at_the_stop() {
        explore(|| {
            let (job_tx, job_rx) = channel::bounded(1);
            job_tx.send(1).expect("room for one");
            let (stop_tx, stop) = channel::bounded::<()>(0);
            let stopper = loom::thread::spawn(move || drop(stop_tx));
            channel::select! {
                send(job_tx, 2) -> _ => panic!("the job channel is full, and nobody drains it"),
                recv(stop) -> stopped => assert_eq!(stopped, Err(RecvError)),
            }
            stopper.join().expect("the stopper ends");
            assert_eq!(job_rx.try_recv(), Ok(1));
            assert_eq!(
                job_rx.try_recv(),
                Err(TryRecvError::Empty),
                "the send arm did not run"
            );
        });
    }

    /// Claim: with a receiver making room as the stop comes, either arm can proceed, and exactly one does.
    #[test]
    fn select_wakes_at_either_change_and_performs_one_arm() {
        static SENT: AtomicUsize = AtomicUsize::new(0);
        static STOPPED: AtomicUsize = AtomicUsize::new(0);
        explore(|| {
            let (job_tx, job_rx) = channel::bounded(1);
            job_tx.send(1).expect("room for one");
            let (stop_tx, stop) = channel::bounded::<()>(0);
            let stopper = loom::thread::spawn(move || drop(stop_tx));
            let job_rx_worker = job_rx.clone();
            let worker = loom::thread::spawn(move || job_rx_worker.recv());
            let sent = channel::select! {
                send(job_tx, 2) -> sent => Some(sent),
                recv(stop) -> stopped => {
                    assert_eq!(stopped, Err(RecvError), "the stop carries no message");
                    None
                },
            };
            assert_eq!(worker.join().expect("the worker ends"), Ok(1));
            stopper.join().expect("the stopper ends");
            match sent {
                Some(sent) => {
                    assert_eq!(sent, Ok(()));
                    assert_eq!(job_rx.try_recv(), Ok(2), "the send arm sent");
                    SENT.fetch_add(1, Ordering::SeqCst);
                }
                None => {
                    assert_eq!(
                        job_rx.try_recv(),
                        Err(TryRecvError::Empty),
                        "only one arm ran"
                    );
                    STOPPED.fetch_add(1, Ordering::SeqCst);
                }
            }
            drop(job_tx);
            assert_eq!(job_rx.try_recv(), Err(TryRecvError::Disconnected));
        });
        assert!(SENT.load(Ordering::SeqCst) > 0, "the send arm never ran");
        assert!(STOPPED.load(Ordering::SeqCst) > 0, "the stop arm never ran");
    }

    /// Claim: a send arm to a channel with no receiver left completes at once, with its message back in the error, as crossbeam's does.
    #[test]
    fn a_send_arm_to_a_disconnected_channel_fails_with_its_message() {
        explore(|| {
            let (job_tx, job_rx) = channel::bounded::<usize>(1);
            let (_stop_tx, stop) = channel::bounded::<()>(0);
            let worker = loom::thread::spawn(move || drop(job_rx));
            worker.join().expect("the worker ends");
            let sent = channel::select! {
                send(job_tx, 7) -> sent => sent,
                recv(stop) -> _ => panic!("the stop never came"),
            };
            assert_eq!(sent, Err(SendError(7)));
        });
    }

    /// Claim: a thread that can never leave its `select!` is reported by name, as waiting in `select!`, at the line that wrote it.
    #[test]
    fn a_select_that_never_ends_is_reported_where_it_waits() {
        // The line of the `channel::select!` below.
        let line = line!() + 12;
        let failed = std::panic::catch_unwind(|| {
            explore(|| {
                loom_channel::forget_waits();
                let (job_tx, job_rx) = channel::bounded(1);
                job_tx.send(1).expect("room for one");
                let (stop_tx, stop) = channel::bounded::<()>(0);
                let (done_tx, done_rx) = channel::bounded::<()>(0);
                loom::thread::Builder::new()
                    .name("feeder".to_owned())
                    .spawn(move || {
                        let _done_tx = done_tx;
                        channel::select! {
                            send(job_tx, 2) -> _ => {},
                            recv(stop) -> _ => {},
                        }
                    })
                    .expect("loom starts the feeder");
                // Nobody drains the jobs, and the stop's sender is kept.
                let _kept = (stop_tx, job_rx);
                let _ = done_rx.recv();
            });
        });
        assert!(failed.is_err(), "loom found no deadlock");
        let waiting = loom_channel::waiting();
        assert!(
            waiting.iter().any(|blocked| blocked.thread == "feeder"
                && blocked.operation == "select!"
                && blocked.at.file().ends_with("tests/loom.rs")
                && blocked.at.line() == line),
            "expected the feeder in `select!` at line {line}: {waiting:?}"
        );
    }
}
