//! Go's missing `wg.Wait()`, in Rust: threads that nobody joins.
//!
//! `cargo run -p part-02-threads --example forgot_join`
//!
//! `process_all_without_join` spawns a thread per article, keeps the results
//! of the threads that have already finished, and drops the other handles.
//! It compiles, it returns at once, and the work is gone: when `main`
//! returns, the process ends and takes the detached threads with it.

use std::time::Instant;

use common::{LatencyRange, LlmClient, Output, Workload};
use part_02_threads::mistakes::process_all_without_join;
use part_02_threads::process_all;
use std::sync::Arc;

fn main() {
    let workload = Workload {
        seed: 7,
        articles: 5,
        latency: LatencyRange::from_millis(20, 50).expect("ordered range"),
    };

    println!("With join: process_all on {} articles", workload.articles);
    let client = Arc::new(LlmClient::builder(workload).build());
    let started = Instant::now();
    let results = process_all(workload.articles(), &client).expect("threads start");
    println!(
        "-> {} of {} results after {:?}: join waits for every thread and hands back its result\n",
        results.len(),
        workload.articles,
        started.elapsed()
    );

    println!("Without join: process_all_without_join on the same articles");
    let client = Arc::new(LlmClient::builder(workload).output(Output::Lines).build());
    let started = Instant::now();
    let results = process_all_without_join(workload.articles(), &client).expect("threads start");
    let returned = started.elapsed();
    let stats = client.stats();
    println!(
        "-> returned after {returned:?} with {} of {} results (calls started: {}, completed: {})",
        results.len(),
        workload.articles,
        stats.calls_started,
        stats.calls_completed
    );
    println!(
        "-> main returns now: the process exits, and the detached threads die wherever they are, their work lost"
    );
}
