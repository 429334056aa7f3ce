//! A gallery of the runtime deadlocks a learner writes, each a small model
//! that loom explores, next to its fix. Go's runtime notices only when
//! every goroutine is stuck ("all goroutines are asleep"). loom finds the
//! interleaving that gets there where it takes an unlucky one (the two
//! locks), reports the others, which deadlock every time, and names where
//! each thread waits: the model's own line for `send`, `recv` and `lock`,
//! the channel model's line for a loop over a receiver. To see loom's
//! report for each:
//!
//! `RUSTFLAGS="--cfg loom" LOOM_LOCATION=1 CARGO_TARGET_DIR=target/loom cargo test --release -p part-04-channels --test deadlocks -- --nocapture --test-threads 1`
//!
//! Each test prints loom's report for the deadlocking model, checks that it
//! is a deadlock, and checks that the fixed model passes. The shared state
//! is leaked (`&'static`) rather than held in loom's `Arc`, which cannot be
//! dropped while a reported deadlock unwinds.
#![cfg(loom)]

use std::panic::{self, AssertUnwindSafe};

use common::PipelineError;
use common::sync::{Mutex, channel, thread};

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// Explores every interleaving of `model`; loom's report if one fails.
fn explore(model: fn()) -> Result<(), String> {
    panic::catch_unwind(AssertUnwindSafe(|| {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        builder.check(model);
    }))
    .map_err(|payload| match PipelineError::panicked(None, payload) {
        PipelineError::Panicked { message, .. } => message,
        other => other.to_string(),
    })
}

/// loom finds the deadlock in `wrong`, and none in `fixed`.
fn loom_finds_the_deadlock(name: &str, wrong: fn(), fixed: fn()) {
    let report = explore(wrong).expect_err("loom explored every interleaving and found no failure");
    println!("{name}\n  loom's report: {report}\n");
    assert!(
        report.contains("deadlock"),
        "{name}: loom failed, but not with a deadlock: {report}"
    );
    if let Err(report) = explore(fixed) {
        panic!("{name}, fixed: loom still finds a failure: {report}");
    }
}

/// Two threads take the same two locks in opposite orders: each can hold
/// one and wait for the other. The fix: one order, everywhere.
fn two_locks(same_order: bool) {
    let results: &'static Mutex<Vec<u32>> = leak(Mutex::new(Vec::new()));
    let log: &'static Mutex<Vec<&str>> = leak(Mutex::new(Vec::new()));
    let other = thread::spawn(move || {
        let mut results = results.lock();
        let mut log = log.lock();
        results.push(1);
        log.push("pushed 1");
    });
    if same_order {
        let mut results = results.lock();
        let mut log = log.lock();
        results.push(2);
        log.push("pushed 2");
    } else {
        // The deadlock: this thread takes the log first.
        let mut log = log.lock();
        let mut results = results.lock();
        results.push(2);
        log.push("pushed 2");
    }
    other.join().expect("no panic");
}

/// A rendezvous channel (`bounded(0)`, Go's unbuffered channel): a send
/// waits for a receiver. Sending and then receiving on the same thread waits
/// for ever. The fix: send from another thread.
fn rendezvous(send_from_another_thread: bool) {
    let (result_tx, result_rx) = channel::bounded(0);
    if send_from_another_thread {
        let sender = thread::spawn(move || result_tx.send(1).expect("a receiver"));
        assert_eq!(result_rx.recv(), Ok(1));
        sender.join().expect("no panic");
    } else {
        // The deadlock: nobody else can take it.
        result_tx.send(1).expect("a receiver");
        assert_eq!(result_rx.recv(), Ok(1));
    }
}

/// The collector runs on its own thread, and this thread joins it before
/// dropping its sender: the collector waits for the channel to disconnect,
/// this thread waits for the collector. The fix: drop, then join.
fn join_and_drop(drop_first: bool) {
    let (result_tx, result_rx) = channel::unbounded::<u32>();
    let collector = thread::spawn(move || result_rx.iter().count());
    result_tx.send(1).expect("the collector");
    if drop_first {
        drop(result_tx);
        assert_eq!(collector.join().expect("no panic"), 1);
    } else {
        // The deadlock: `result_tx` is still alive while we wait.
        assert_eq!(collector.join().expect("no panic"), 1);
        drop(result_tx);
    }
}

/// A worker keeps a sender of its own job channel (to put a job back), so
/// the channel it loops over never disconnects: it waits for a job that
/// only its own thread could send. The fix: workers hold no job sender.
fn worker_with_its_own_sender(keeps_a_sender: bool) {
    let (job_tx, job_rx) = channel::unbounded::<u32>();
    let own = keeps_a_sender.then(|| job_tx.clone());
    let worker = thread::spawn(move || {
        let _requeue = own;
        job_rx.iter().count()
    });
    job_tx.send(1).expect("the worker");
    drop(job_tx);
    assert_eq!(worker.join().expect("no panic"), 1);
}

/// Claim: loom finds two locks taken in opposite orders, and one order fixes it.
#[test]
fn loom_finds_locks_taken_in_opposite_orders() {
    loom_finds_the_deadlock(
        "two locks, opposite orders",
        || two_locks(false),
        || two_locks(true),
    );
}

/// Claim: loom finds a rendezvous send that only its own thread could receive.
#[test]
fn loom_finds_a_rendezvous_send_with_no_one_to_receive() {
    loom_finds_the_deadlock(
        "a rendezvous send on the receiver's own thread",
        || rendezvous(false),
        || rendezvous(true),
    );
}

/// Claim: loom finds a join before the sender is dropped.
#[test]
fn loom_finds_a_join_before_the_sender_is_dropped() {
    loom_finds_the_deadlock(
        "a join before drop(result_tx)",
        || join_and_drop(false),
        || join_and_drop(true),
    );
}

/// Claim: loom finds a worker waiting on a channel its own thread keeps open.
#[test]
fn loom_finds_a_worker_waiting_on_a_channel_it_keeps_open() {
    loom_finds_the_deadlock(
        "a worker that keeps a sender of its own job channel",
        || worker_with_its_own_sender(true),
        || worker_with_its_own_sender(false),
    );
}
