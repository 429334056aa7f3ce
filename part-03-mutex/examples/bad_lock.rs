//! The series' "bad lock": the same workload with the lock around the push
//! only, then with the lock around the LLM calls.
//!
//! `cargo run -p part-03-mutex --example bad_lock`
//!
//! Both are correct, both start a thread per article; the second is as slow
//! as Part 1, and the timeline shows why.

use common::Outcome;
use common::out::Time;
use common::outcome::execute;
use common::sync::Arc;
use common::{AIResult, Articles, LatencyRange, LlmClient, PipelineError, Schedule, Workload};
use part_03_mutex::mistakes::process_all_wide_lock;
use part_03_mutex::process_all;

fn main() {
    let workload = Workload {
        seed: 7,
        articles: 6,
        latency: LatencyRange::from_millis(15, 45).expect("ordered range"),
    };
    let push = measure(&workload, process_all);
    let wide = measure(&workload, process_all_wide_lock);

    for (name, outcome) in [
        ("lock around the push (process_all)", &push),
        ("lock around the calls (process_all_wide_lock)", &wide),
    ] {
        println!("{name}");
        println!(
            "  total {}, peak in flight {}, threads {}",
            Time(outcome.elapsed),
            outcome.stats.peak_in_flight,
            outcome.stats.threads.len()
        );
        print!("{}", cli::timeline(outcome, workload.articles));
        println!();
    }
    println!(
        "The wide lock is {:.1}x slower: every thread waits for the lock before its first call,",
        cli::report::ratio(wide.elapsed, push.elapsed)
    );
    println!("so the calls run one at a time, as in Part 1, however many threads there are.");
}

fn measure(
    workload: &Workload,
    process: fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>,
) -> Outcome {
    let client = Arc::new(
        LlmClient::builder(*workload)
            .record_calls(workload.articles)
            .build(),
    );
    execute(Schedule::ThreadPerArticle, &client, process).expect("the run succeeds")
}
