//! The five parts under criterion.
//!
//! - `arc1`: the five parts on one workload (20 articles, 5–15 ms per call, one
//!   seed), Part 5 at 5 workers.
//! - `workers`: Part 5 at 1, 5 and 20 workers on that workload, the series'
//!   knob table, beside rayon and tokio at the same counts.
//! - `overhead`: the five parts, rayon and tokio at zero latency on 1,000
//!   articles, in articles per second: what each technique costs on top of
//!   the work itself.
//!
//! `cargo bench -p compare`; the report is `target/criterion/report/index.html`.

use std::num::NonZeroUsize;
use std::time::Duration;

use common::sync::Arc;
use common::{LatencyRange, LlmClient, Workload};
use compare::{Contender, contenders, peers, worker_pool};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};

const SEED: u64 = 1;

fn arc1_workload() -> Workload {
    Workload {
        seed: SEED,
        articles: 20,
        latency: LatencyRange::from_millis(5, 15).expect("ordered range"),
    }
}

fn workers(count: usize) -> NonZeroUsize {
    NonZeroUsize::new(count).expect("at least one worker")
}

/// One sample is one whole run, on a fresh client.
fn bench(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    contender: &Contender,
    workload: Workload,
) {
    group.bench_function(id, |b| {
        b.iter(|| {
            let client = Arc::new(LlmClient::builder(workload).build());
            contender.run(&client).expect("the run succeeds")
        });
    });
}

/// Runs of up to two thirds of a second: ten flat samples each (criterion's
/// mode for long runs) keep the whole suite to a few minutes on two cores.
fn slow_group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(7));
    group
}

fn arc1(c: &mut Criterion) {
    let workload = arc1_workload();
    let mut group = slow_group(c, "arc1");
    for contender in contenders(workers(5)) {
        bench(
            &mut group,
            BenchmarkId::from_parameter(contender.part.name),
            &contender,
            workload,
        );
    }
    group.finish();
}

fn worker_count(c: &mut Criterion) {
    let workload = arc1_workload();
    let mut group = slow_group(c, "workers");
    for count in [1, 5, 20] {
        bench(
            &mut group,
            BenchmarkId::new("part-05-worker-pool", count),
            &worker_pool(workers(count)),
            workload,
        );
        for peer in peers(workers(count)) {
            bench(
                &mut group,
                BenchmarkId::new(peer.part.name, count),
                &peer,
                workload,
            );
        }
    }
    group.finish();
}

fn overhead(c: &mut Criterion) {
    let workload = Workload {
        seed: SEED,
        articles: 1_000,
        latency: LatencyRange::ZERO,
    };
    let mut group = c.benchmark_group("overhead");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(workload.articles as u64));
    for contender in contenders(workers(5)).into_iter().chain(peers(workers(5))) {
        bench(
            &mut group,
            BenchmarkId::from_parameter(contender.part.name),
            &contender,
            workload,
        );
    }
    group.finish();
}

criterion_group!(benches, arc1, worker_count, overhead);
criterion_main!(benches);
