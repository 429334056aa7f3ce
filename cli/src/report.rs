//! What a run prints after its calls: the numbers, the projection, the
//! worker loads and the knob (the timeline has a module of its own).
//!
//! Every function here returns the text rather than printing it, so the
//! parts, `compare` and the tests share one rendering.

use std::fmt::{self, Write};
use std::num::NonZeroUsize;
use std::time::Duration;

use common::instruments::Stats;
use common::out::{Time, plural};
use common::outcome::{Ended, Outcome};
use common::{RateLimit, Schedule, Workload};

/// The run's time next to its ideal: what threads, locks, channels and the
/// OS cost on top of the calls themselves.
pub fn overhead(outcome: &Outcome) -> Overhead {
    Overhead {
        measured: outcome.elapsed,
        ideal: outcome.ideal,
    }
}

/// The numbers of the report.
pub(crate) fn summary(outcome: &Outcome) -> String {
    let stats = &outcome.stats;
    let mut out = String::new();
    let _ = writeln!(out, "Report");
    let _ = writeln!(
        out,
        "  articles         {}",
        articles(&outcome.ended, outcome.workload.articles)
    );
    let _ = writeln!(out, "  total time       {}", Time(outcome.elapsed));
    // A stopped run did not run every article: no schedule to compare with.
    let stopped = outcome.ended.cancelled + outcome.ended.queued > 0;
    if stopped {
        let _ = writeln!(
            out,
            "  ideal            -  (the run was stopped: the schedule's ideal runs every article)"
        );
    } else {
        let capped = outcome.timeout.map_or(String::new(), |timeout| {
            format!(", each article capped at its {} deadline", Time(timeout))
        });
        let _ = writeln!(
            out,
            "  ideal            {}  ({}{capped})",
            Time(outcome.ideal),
            outcome.schedule.explain(&outcome.workload)
        );
        if let Schedule::Pool { workers } = outcome.schedule {
            let _ = writeln!(
                out,
                "  lower bound      {}  (no pool of {workers} does better: the slowest article, \
                 or all the work split evenly)",
                Time(outcome.lower_bound)
            );
        }
        let beat_the_schedule = outcome.elapsed < outcome.ideal;
        let _ = writeln!(
            out,
            "  overhead         {}{}",
            overhead(outcome),
            if beat_the_schedule {
                "  (faster than the schedule: the workers took the articles in another order \
                 than the ideal assumes; the lower bound is the true floor)"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        out,
        "  peak in flight   {}",
        plural(stats.peak_in_flight, "call")
    );
    let _ = writeln!(out, "  threads used     {}", threads_used(stats));
    if let Some(limit) = outcome.rate_limit {
        let _ = writeln!(
            out,
            "  refused calls    {} (each ends its article; the provider's limit: {limit}; \
             a refused call takes no time, and nothing retries it)",
            stats.calls_refused
        );
    }
    out
}

/// How every article ended, each counted once: it succeeded, or failed at
/// a call that gave no answer (which ends its article): refused by the
/// provider, or cut by the article's deadline, or in a panic; or, in a
/// stopped run, it was cut in flight or never started.
pub fn articles(ended: &Ended, articles: usize) -> String {
    let why: Vec<String> = [
        (ended.refused, "refused"),
        (ended.timed_out, "timed out"),
        (ended.panicked.len(), "panicked"),
    ]
    .into_iter()
    .filter(|&(count, _)| count > 0)
    .map(|(count, why)| format!("{count} {why}"))
    .collect();
    let failed = if why.is_empty() {
        format!("{} failed", ended.failed())
    } else {
        format!("{} failed ({})", ended.failed(), why.join(", "))
    };
    let stopped: String = [(ended.cancelled, "cancelled"), (ended.queued, "queued")]
        .into_iter()
        .filter(|&(count, _)| count > 0)
        .map(|(count, how)| format!(", {count} {how}"))
        .collect();
    format!(
        "{articles}: {} succeeded, {failed}{stopped}, each reported once",
        ended.succeeded
    )
}

fn threads_used(stats: &Stats) -> String {
    match stats.threads.as_slice() {
        [only] => format!("1 ({})", only.name),
        threads => format!("{} (OS threads that made calls)", threads.len()),
    }
}

/// The most worker rows [`worker_loads`] prints: past a screenful, it shows
/// the first and the last workers and summarises the rest.
const WORKER_ROWS: usize = 20;

/// How many articles each of `workers` workers (threads named `worker-1`
/// … `worker-W`) took, one bar per worker; a worker that got none shows 0.
pub(crate) fn worker_loads(stats: &Stats, workers: NonZeroUsize) -> String {
    let loads: Vec<(String, usize)> = (1..=workers.get())
        .map(|id| {
            let name = format!("worker-{id}");
            let articles = stats
                .threads
                .iter()
                .find(|thread| thread.name == name)
                .map_or(0, |thread| thread.articles);
            (name, articles)
        })
        .collect();
    let most = loads.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let width = loads.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut out = String::from("Articles per worker");
    let (head, tail) = if loads.len() > WORKER_ROWS {
        let fewest = loads.iter().map(|(_, n)| *n).min().unwrap_or(0);
        let _ = write!(
            out,
            " ({} workers: the fewest took {fewest}, the most {most})",
            loads.len()
        );
        (WORKER_ROWS - 5, 5)
    } else {
        (loads.len(), 0)
    };
    out.push('\n');
    let row = |out: &mut String, (name, articles): &(String, usize)| {
        let bar = "#".repeat((articles * 40).div_ceil(most));
        let row = format!("  {name:width$}  {articles:>7}  {bar}");
        let _ = writeln!(out, "{}", row.trim_end());
    };
    loads[..head].iter().for_each(|load| row(&mut out, load));
    if tail > 0 {
        let hidden = loads.len() - head - tail;
        let _ = writeln!(out, "  ... {} not shown", plural(hidden, "more worker"));
        loads[loads.len() - tail..]
            .iter()
            .for_each(|load| row(&mut out, load));
    }
    out
}

/// Part 1's lesson in numbers: the measured time per article, projected to
/// the series' article counts.
pub(crate) fn projection(outcome: &Outcome) -> String {
    let per_article = outcome
        .elapsed
        .div_f64(outcome.workload.articles.max(1) as f64);
    let mut out = format!(
        "Scaling projection ({} per article, measured): time grows with the article count\n",
        Time(per_article)
    );
    let _ = writeln!(out, "  {:>8}  {:>12}", "articles", "time");
    for (count, label) in [
        (10, "10"),
        (100, "100"),
        (1_000, "1,000"),
        (10_000, "10,000"),
    ] {
        let _ = writeln!(out, "  {label:>8}  {:>12}", Time(per_article * count));
    }
    out
}

/// The worker-count knob as ideal times on this workload (each article
/// capped at `timeout`, if it has a deadline): what `--sweep` would
/// approach, computed without running anything.
pub(crate) fn knob(
    workload: &Workload,
    current: NonZeroUsize,
    timeout: Option<Duration>,
) -> String {
    let mut counts: Vec<usize> = vec![1, 2, 5, 10, 20, current.get()];
    counts.sort_unstable();
    counts.dedup();
    let sequential = workload.ideal_within(Schedule::Sequential, timeout);
    let mut out = String::from(
        "Worker-count knob (ideal times on this workload; measure with --sweep 1,5,20)\n",
    );
    let _ = writeln!(out, "  {:>7}  {:>12}  {:>8}", "workers", "ideal", "speedup");
    for count in counts {
        let workers = NonZeroUsize::new(count).expect("counts are at least 1");
        let ideal = workload.ideal_within(Schedule::Pool { workers }, timeout);
        let _ = writeln!(
            out,
            "  {count:>7}  {:>12}  {:>8}{}",
            Time(ideal).to_string(),
            speedup(sequential, ideal),
            if workers == current {
                "  <- this run"
            } else {
                ""
            }
        );
    }
    out
}

/// The worker-count knob's right setting against a rate limit: the most
/// workers that never see a refusal, computed, not guessed.
pub(crate) fn right_setting(limit: RateLimit, shortest: Duration) -> String {
    let workers = limit.workers_that_fit(shortest);
    if workers == 0 {
        return format!(
            "Against {limit}, with calls of at least {}: no worker count is sure to see no \
             refusal (a call is shorter than the limit's interval)",
            Time(shortest)
        );
    }
    format!(
        "Against {limit}, with calls of at least {}: {} are sure never to see a refusal, \
         the most that are (each worker makes at most one call per shortest latency, and all \
         start together: min(burst {}, the limit x the shortest latency) = {workers})",
        Time(shortest),
        plural(workers as usize, "worker"),
        limit.burst,
    )
}

/// How many times faster `time` is than `baseline`, as `4.5x`; `-` when
/// either is zero, as at zero latency, where there is no ratio to show.
pub fn speedup(baseline: Duration, time: Duration) -> String {
    if baseline.is_zero() || time.is_zero() {
        "-".to_owned()
    } else {
        format!("{:.1}x", ratio(baseline, time))
    }
}

/// `a / b`, or 0 when `b` is zero.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    if b.is_zero() {
        0.0
    } else {
        a.as_secs_f64() / b.as_secs_f64()
    }
}

/// A measured time next to its ideal.
#[derive(Debug, Clone, Copy)]
pub struct Overhead {
    /// The time the run took.
    pub measured: Duration,
    /// The best time it could have taken.
    pub ideal: Duration,
}

impl fmt::Display for Overhead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sign, gap) = match self.measured.checked_sub(self.ideal) {
            Some(gap) => ("+", gap),
            None => ("-", self.ideal - self.measured),
        };
        write!(f, "{sign}{}", Time(gap))?;
        if !self.ideal.is_zero() {
            write!(f, " ({sign}{:.1}%)", ratio(gap, self.ideal) * 100.0)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::outcome;
    use common::instruments::ThreadLoad;
    use std::time::Instant;

    /// Claim: with a deadline per article, the knob's ideal times cap each article at it.
    #[test]
    fn the_knob_caps_each_article_at_its_deadline() {
        let w = Workload {
            seed: 1,
            articles: 10,
            latency: common::LatencyRange::from_millis(1_000, 1_000).unwrap(),
        };
        let five = NonZeroUsize::new(5).unwrap();
        let capped = knob(&w, five, Some(Duration::from_millis(500)));
        // Ten articles of 3 s each on one worker: 30 s; capped at 500 ms: 5 s.
        assert!(capped.contains("        1        5.00 s"), "{capped}");
        let uncapped = knob(&w, five, None);
        assert!(uncapped.contains("        1       30.00 s"), "{uncapped}");
    }

    #[test]
    fn the_report_says_how_every_article_ended_each_once() {
        let t0 = Instant::now();
        let mut run = outcome(20, Vec::new(), t0, Duration::from_secs(1));
        assert!(
            summary(&run)
                .contains("  articles         20: 20 succeeded, 0 failed, each reported once\n"),
            "{}",
            summary(&run)
        );
        run.ended.succeeded = 10;
        run.ended.refused = 10;
        assert!(
            summary(&run).contains(
                "  articles         20: 10 succeeded, 10 failed (10 refused), each reported once\n"
            ),
            "{}",
            summary(&run)
        );
        run.ended.succeeded = 7;
        run.ended.timed_out = 3;
        assert!(
            summary(&run).contains(
                "  articles         20: 7 succeeded, 13 failed (10 refused, 3 timed out), each \
                 reported once\n"
            ),
            "{}",
            summary(&run)
        );
    }

    #[test]
    fn projection_scales_the_measured_time_per_article() {
        let t0 = Instant::now();
        let text = projection(&outcome(10, Vec::new(), t0, Duration::from_secs(30)));
        assert!(text.contains("3.00 s per article"), "{text}");
        assert!(
            text.contains("30.00 s") && text.contains("5.0 min") && text.contains("8.3 h"),
            "{text}"
        );
    }

    #[test]
    fn worker_loads_list_every_worker_even_idle_ones() {
        let t0 = Instant::now();
        let mut stats = outcome(2, Vec::new(), t0, Duration::ZERO).stats;
        stats.threads = vec![
            ThreadLoad {
                name: "worker-2".into(),
                articles: 2,
            },
            ThreadLoad {
                name: "feeder".into(),
                articles: 0,
            },
        ];
        let text = worker_loads(&stats, NonZeroUsize::new(3).unwrap());
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(rows[0][..2], ["worker-1", "0"]);
        assert_eq!(rows[1][..2], ["worker-2", "2"]);
        assert_eq!(rows[2][..2], ["worker-3", "0"]);
        assert_eq!(rows.len(), 3, "{text}");
    }

    #[test]
    fn worker_loads_summarise_past_a_screenful() {
        let t0 = Instant::now();
        let stats = outcome(2, Vec::new(), t0, Duration::ZERO).stats;
        let text = worker_loads(&stats, NonZeroUsize::new(2000).unwrap());
        assert!(text.lines().count() <= WORKER_ROWS + 2, "{text}");
        assert!(
            text.contains("2000 workers") && text.contains("1980 more workers"),
            "{text}"
        );
        assert!(
            text.contains("worker-1 ") && text.contains("worker-2000"),
            "{text}"
        );
    }

    #[test]
    fn overhead_is_signed_and_relative_to_the_ideal() {
        let over = Overhead {
            measured: Duration::from_millis(1100),
            ideal: Duration::from_secs(1),
        };
        assert_eq!(over.to_string(), "+100.0 ms (+10.0%)");
    }
}
