//! The five parts under criterion.
//!
//! - `arc1`: the five parts on one workload (20 articles, 5–15 ms per call, one
//!   seed), Part 5 at 5 workers.
//! - `workers`: Part 5 at 1, 5 and 20 workers on that workload, the series'
//!   knob table, beside rayon, tokio and the async bonus crate at the same
//!   counts.
//! - `overhead`: the five parts, rayon, tokio and the async crate at zero
//!   latency on 1,000 articles, in articles per second: what each technique
//!   costs on top of the work itself.
//! - `capacity`: Part 5 at zero latency on 10,000 articles with 2 workers,
//!   its channels bounded from a rendezvous up to the default: what a tight
//!   bound costs when calls are fast.
//! - `deadline`: Part 5 beside Part 6 on the `arc1` workload at 5 workers,
//!   Part 6 with a deadline that never fires (10 s) and with none: what the
//!   interruptible wait costs when nothing is cut.
//! - `shutdown`: Part 6 beside Part 7 at zero latency on 1,000 articles at 5
//!   workers, neither with a deadline and Part 7 with a stop that never
//!   fires: what listening for the stop costs on top of Part 6.
//!
//! `cargo bench -p compare` (about 7 minutes on 2 cores, once built); the report is
//! `target/criterion/report/index.html`.

use std::num::NonZeroUsize;
use std::time::Duration;

use bonus_async_tasks::AsyncClient;
use common::outcome::verify_ids;
use common::sync::Arc;
use common::{LatencyRange, LlmClient, Schedule, Workload};
use compare::{Contender, contenders, deadlines, peers, worker_pool};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};
use part_05_worker_pool::CAPACITY;

const SEED: u64 = 1;

/// The async bonus crate's name in the groups.
const ASYNC: &str = "bonus-async-tasks";

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
/// mode for long runs) keep the whole suite to about 7 minutes on two cores.
fn slow_group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(7));
    group
}

/// The async bonus crate: tokio tasks under a `Semaphore` of `workers`
/// permits, on a runtime of one thread per core. One sample is one whole
/// run, on a fresh client and a fresh runtime, as the peers build theirs.
fn bench_async(
    group: &mut BenchmarkGroup<'_, WallTime>,
    workers: NonZeroUsize,
    id: BenchmarkId,
    workload: Workload,
) {
    group.bench_function(id, |b| {
        b.iter(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_time()
                .build()
                .expect("a tokio runtime");
            let client = std::sync::Arc::new(AsyncClient::new(workload));
            let results = runtime
                .block_on(bonus_async_tasks::process_all(
                    workload.articles(),
                    client,
                    Some(workers),
                    None,
                ))
                .expect("the run succeeds");
            assert_eq!(verify_ids(workload.articles, &results), Ok(()));
            results
        });
    });
}

fn arc1(c: &mut Criterion) {
    let workload = arc1_workload();
    let mut group = slow_group(c, "arc1");
    for contender in contenders(workers(5), CAPACITY) {
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
            &worker_pool(workers(count), CAPACITY),
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
        bench_async(
            &mut group,
            workers(count),
            BenchmarkId::new(ASYNC, count),
            workload,
        );
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
    for contender in contenders(workers(5), CAPACITY)
        .into_iter()
        .chain(peers(workers(5)))
    {
        bench(
            &mut group,
            BenchmarkId::from_parameter(contender.part.name),
            &contender,
            workload,
        );
    }
    bench_async(
        &mut group,
        workers(5),
        BenchmarkId::from_parameter(ASYNC),
        workload,
    );
    group.finish();
}

fn capacity(c: &mut Criterion) {
    let workload = Workload {
        seed: SEED,
        articles: 10_000,
        latency: LatencyRange::ZERO,
    };
    let mut group = c.benchmark_group("capacity");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(workload.articles as u64));
    for capacity in [0, 2, 64, CAPACITY] {
        bench(
            &mut group,
            BenchmarkId::new("part-05-worker-pool", capacity),
            &worker_pool(workers(2), capacity),
            workload,
        );
    }
    group.finish();
}

/// Part 6's deadline costs an `Instant::now()` per article and, in each
/// call's wait, a timer channel (`at(deadline)`) where Part 5 has `never()`.
/// On calls of 5–15 ms a deadline of 10 s never fires, so the three runs do
/// the same work and any difference is the deadline's bookkeeping.
fn deadline(c: &mut Criterion) {
    let workload = arc1_workload();
    let never_fires = Duration::from_secs(10);
    // A thread per article finishes with the slowest article.
    let slowest = workload.ideal(Schedule::ThreadPerArticle);
    assert!(
        slowest < never_fires,
        "the deadline must not fire: the slowest article takes {slowest:?}"
    );
    let mut group = c.benchmark_group("deadline");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (id, contender) in [
        (
            BenchmarkId::from_parameter("part-05-worker-pool"),
            worker_pool(workers(5), CAPACITY),
        ),
        (
            BenchmarkId::new("part-06-deadlines", "10s"),
            deadlines(workers(5), CAPACITY, Some(never_fires)),
        ),
        (
            BenchmarkId::new("part-06-deadlines", "none"),
            deadlines(workers(5), CAPACITY, None),
        ),
    ] {
        bench(&mut group, id, &contender, workload);
    }
    group.finish();
}

/// Part 7's stop costs, per article, a `try_recv` on the stop in the worker
/// that takes it, a `select!` over the job's send and the stop in the
/// feeder, and a `try_recv` on the stop as each of its three calls starts
/// to wait. At zero latency the calls cost nothing, so that bookkeeping is
/// what is left to see; the stop never fires (no `--cancel-after`), and
/// neither part has a deadline, so both do the same work and the stop is
/// the one difference.
fn shutdown(c: &mut Criterion) {
    let workload = Workload {
        seed: SEED,
        articles: 1_000,
        latency: LatencyRange::ZERO,
    };
    let mut group = c.benchmark_group("shutdown");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(workload.articles as u64));
    for contender in [
        deadlines(workers(5), CAPACITY, None),
        compare::shutdown(workers(5), CAPACITY, None, None),
    ] {
        bench(
            &mut group,
            BenchmarkId::from_parameter(contender.part.name),
            &contender,
            workload,
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    arc1,
    worker_count,
    overhead,
    capacity,
    deadline,
    shutdown
);
criterion_main!(benches);
