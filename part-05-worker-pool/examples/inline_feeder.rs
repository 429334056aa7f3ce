//! The pool's own deadlock: feeding the jobs from the collector's thread.
//!
//! `cargo run -p part-05-worker-pool --example inline_feeder`
//!
//! `process_all_feeding_inline` works for a handful of articles and hangs for
//! more, so this example runs it on a thread of its own and gives up after a
//! timeout. Its channels hold 2 messages each, so that 20 articles are more
//! than they and the workers can hold; at the default capacity, the same
//! hang needs 2,051 articles on 2 workers.

use std::num::NonZeroUsize;
use std::thread;
use std::time::Duration;

use common::sync::{Arc, channel};
use common::{LatencyRange, LlmClient, Workload};
use part_05_worker_pool::mistakes::process_all_feeding_inline;

const PATIENCE: Duration = Duration::from_secs(2);

fn main() {
    let workers = NonZeroUsize::new(2).expect("two workers");
    let capacity = 2;
    for articles in [5, 20] {
        let workload = Workload {
            seed: 7,
            articles,
            latency: LatencyRange::from_millis(5, 15).expect("ordered range"),
        };
        let client = Arc::new(LlmClient::builder(workload).build());
        let (done_tx, done_rx) = channel::bounded(1);
        let pool_client = Arc::clone(&client);
        thread::spawn(move || {
            let results =
                process_all_feeding_inline(workload.articles(), &pool_client, workers, capacity);
            let _ = done_tx.send(results.map(|results| results.len()));
        });

        print!(
            "{articles} articles on {workers} workers, channels of {capacity}, fed from the collector's thread: "
        );
        match done_rx.recv_timeout(PATIENCE) {
            Ok(Ok(collected)) => println!("done, {collected} results."),
            Ok(Err(error)) => println!("failed: {error}"),
            Err(_) => {
                println!(
                    "stuck after {PATIENCE:?}, with {} of {articles} articles analysed.",
                    client.stats().articles_done
                );
                println!(
                    "  The results channel is full, so the workers wait to send; the job channel is full,"
                );
                println!(
                    "  so the feeder waits for a worker; and the feeder is the collector, so nobody drains the results."
                );
                println!("  process_all runs the feeder on a thread of its own.");
            }
        }
    }
    // Returning from main ends the process, and the stuck pool with it.
}
