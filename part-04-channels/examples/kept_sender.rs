//! Go's missing `close(results)`, in Rust: a sender kept alive while collecting.
//!
//! `cargo run -p part-04-channels --example kept_sender`
//!
//! `process_all_keeping_sender` would wait for ever, so this example runs it
//! on a thread of its own and gives up after a timeout.

use std::thread;
use std::time::Duration;

use common::sync::{Arc, channel};
use common::{LatencyRange, LlmClient, Workload};
use part_04_channels::mistakes::process_all_keeping_sender;

const PATIENCE: Duration = Duration::from_secs(2);

fn main() {
    let workload = Workload {
        seed: 7,
        articles: 5,
        latency: LatencyRange::from_millis(20, 50).expect("ordered range"),
    };
    let client = Arc::new(LlmClient::builder(workload).build());

    let (done_tx, done_rx) = channel::bounded(1);
    let collector_client = Arc::clone(&client);
    thread::spawn(move || {
        let results = process_all_keeping_sender(workload.articles(), &collector_client);
        let _ = done_tx.send(results.map(|results| results.len()));
    });

    println!(
        "process_all_keeping_sender on {} articles; waiting up to {PATIENCE:?} for it to return",
        workload.articles
    );
    match done_rx.recv_timeout(PATIENCE) {
        Ok(returned) => println!("it returned: {returned:?} (that was not supposed to happen)"),
        Err(_) => {
            let stats = client.stats();
            println!(
                "still waiting after {PATIENCE:?}, although all {} of {} articles were analysed and sent",
                stats.articles_done, workload.articles
            );
            println!(
                "The collector's loop ends only when the channel disconnects, when the last sender is dropped."
            );
            println!(
                "The threads dropped theirs; the collector's own sender lives until after the loop. drop(result_tx) before collecting fixes it."
            );
        }
    }
    // Returning from main ends the process, and the stuck collector with it.
}
