//! What a run prints after its calls: the numbers, then the pictures.
//!
//! Every function here returns the text rather than printing it, so the
//! parts, `compare` and the tests share one rendering.

use std::fmt::{self, Write};
use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use crate::client::{CallRecord, Stats};
use crate::{Schedule, Task, Workload};

/// One finished run, as measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What was run.
    pub workload: Workload,
    /// How the part lays the calls out.
    pub schedule: Schedule,
    /// When `process_all` was called.
    pub started: Instant,
    /// How long `process_all` took.
    pub elapsed: Duration,
    /// The best time this schedule could reach on this workload, computed
    /// once: on a large workload it is a pass over every call's latency.
    pub ideal: Duration,
    /// What the client measured.
    pub stats: Stats,
    /// The recorded calls, for the timeline.
    pub calls: Vec<CallRecord>,
}

impl Outcome {
    /// Measured time minus the ideal: what threads, locks, channels and the
    /// OS cost on top of the calls themselves.
    pub fn overhead(&self) -> Overhead {
        Overhead {
            measured: self.elapsed,
            ideal: self.ideal,
        }
    }
}

/// The numbers of the report.
pub fn summary(outcome: &Outcome) -> String {
    let stats = &outcome.stats;
    let mut out = String::new();
    let calls = |n: usize| if n == 1 { "call" } else { "calls" };
    let _ = writeln!(out, "Report");
    let _ = writeln!(
        out,
        "  processed        {} articles, each exactly once",
        outcome.workload.articles
    );
    let _ = writeln!(out, "  total time       {}", Time(outcome.elapsed));
    let _ = writeln!(
        out,
        "  ideal            {}  ({})",
        Time(outcome.ideal),
        outcome.schedule.explain(&outcome.workload)
    );
    let _ = writeln!(out, "  overhead         {}", outcome.overhead());
    let _ = writeln!(
        out,
        "  peak in flight   {} {}",
        stats.peak_in_flight,
        calls(stats.peak_in_flight)
    );
    let _ = writeln!(out, "  threads used     {}", threads_used(stats));
    out
}

fn threads_used(stats: &Stats) -> String {
    match stats.threads.as_slice() {
        [only] => format!("1 ({})", only.name),
        threads => format!("{} (OS threads that made calls)", threads.len()),
    }
}

/// How many articles each of `workers` workers (threads named `worker-1`
/// … `worker-W`) took, one bar per worker; a worker that got none shows 0.
pub fn worker_loads(stats: &Stats, workers: NonZeroUsize) -> String {
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
    let mut out = String::from("Articles per worker\n");
    for (name, articles) in &loads {
        let bar = "#".repeat((articles * 40).div_ceil(most));
        let row = format!("  {name:width$}  {articles:>7}  {bar}");
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out
}

/// The timeline: one row per article (at most `rows`), time left to right,
/// one letter per call, no wider than 100 columns.
pub fn timeline(outcome: &Outcome, rows: usize) -> String {
    timeline_over(outcome, rows, span(outcome))
}

/// The time a timeline of `outcome` covers: the whole run.
pub fn span(outcome: &Outcome) -> Duration {
    outcome
        .calls
        .iter()
        .map(|call| call.end - outcome.started)
        .max()
        .unwrap_or_default()
        .max(outcome.elapsed)
}

/// [`timeline`] drawn over `span` instead of the run's own length, so that
/// the timelines of several runs share one scale.
pub fn timeline_over(outcome: &Outcome, rows: usize, span: Duration) -> String {
    const WIDTH: usize = 100;
    let rows = rows.min(outcome.workload.articles);
    let label = |id: usize| format!("  article {id:>w$} |", w = digits(rows.saturating_sub(1)));
    let columns = WIDTH - label(0).chars().count() - 1;
    let span = span.max(Duration::from_micros(1));
    let column = span / columns as u32;
    let at = |instant: Instant| {
        let offset = instant.saturating_duration_since(outcome.started);
        ((offset.as_secs_f64() / span.as_secs_f64()) * columns as f64) as usize
    };

    let mut grid = vec![vec![' '; columns]; rows];
    for call in outcome.calls.iter().filter(|call| call.article < rows) {
        let from = at(call.start).min(columns - 1);
        let to = at(call.end).clamp(from + 1, columns);
        grid[call.article][from..to].fill(call.task.letter());
    }

    let mut out = format!(
        "Timeline (one column = {}; {})\n",
        Time(column),
        Task::ALL
            .map(|task| format!("{} {task}", task.letter()))
            .join(", ")
    );
    for (id, row) in grid.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}{}",
            label(id),
            row.iter().collect::<String>().trim_end()
        );
    }
    if rows < outcome.workload.articles {
        let _ = writeln!(
            out,
            "  ({} more articles not drawn)",
            outcome.workload.articles - rows
        );
    }
    let pad = label(0).chars().count();
    let end = Time(span).to_string();
    let _ = writeln!(
        out,
        "{:pad$}0{end:>width$}",
        "",
        width = columns.saturating_sub(1)
    );
    out
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// Part 1's lesson in numbers: the measured time per article, projected to
/// the series' article counts.
pub fn projection(outcome: &Outcome) -> String {
    let articles = outcome.workload.articles.max(1) as u32;
    let per_article = outcome.elapsed / articles;
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
        let _ = writeln!(out, "  {label:>8}  {:>12}", Human(per_article * count));
    }
    out
}

/// The worker-count knob as ideal times on this workload: what `--sweep`
/// would approach, computed without running anything.
pub fn knob(workload: &Workload, current: NonZeroUsize) -> String {
    let mut counts: Vec<usize> = vec![1, 2, 5, 10, 20, current.get()];
    counts.sort_unstable();
    counts.dedup();
    let sequential = workload.ideal(Schedule::Sequential);
    let mut out = String::from(
        "Worker-count knob (ideal times on this workload; measure with --sweep 1,5,20)\n",
    );
    let _ = writeln!(out, "  {:>7}  {:>12}  {:>8}", "workers", "ideal", "speedup");
    for count in counts {
        let workers = NonZeroUsize::new(count).expect("counts are at least 1");
        let ideal = workload.ideal(Schedule::Pool { workers });
        let _ = writeln!(
            out,
            "  {count:>7}  {:>12}  {:>7.1}x{}",
            Time(ideal).to_string(),
            ratio(sequential, ideal),
            if workers == current {
                "  <- this run"
            } else {
                ""
            }
        );
    }
    out
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

/// A run time: `1.04 s`, `38.2 ms`, `412 µs`.
#[derive(Debug, Clone, Copy)]
pub struct Time(pub Duration);

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.as_secs_f64();
        let text = if secs >= 1.0 {
            format!("{secs:.2} s")
        } else if secs >= 1e-3 {
            format!("{:.1} ms", secs * 1e3)
        } else {
            format!("{:.0} µs", secs * 1e6)
        };
        f.pad(&text)
    }
}

/// A long time in the unit a person would use: `42 s`, `6.9 min`, `1.9 h`.
#[derive(Debug, Clone, Copy)]
pub struct Human(pub Duration);

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.as_secs_f64();
        let text = if secs < 60.0 {
            return Time(self.0).fmt(f);
        } else if secs < 3600.0 {
            format!("{:.1} min", secs / 60.0)
        } else {
            format!("{:.1} h", secs / 3600.0)
        };
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LatencyRange;
    use crate::client::ThreadLoad;

    fn outcome(
        articles: usize,
        calls: Vec<CallRecord>,
        started: Instant,
        elapsed: Duration,
    ) -> Outcome {
        Outcome {
            workload: Workload {
                seed: 1,
                articles,
                latency: LatencyRange::ZERO,
            },
            schedule: Schedule::Sequential,
            started,
            elapsed,
            ideal: Duration::ZERO,
            stats: Stats {
                calls_started: 0,
                calls_completed: 0,
                articles_done: 0,
                in_flight: 0,
                peak_in_flight: 1,
                threads: vec![ThreadLoad {
                    name: "main".into(),
                    articles,
                }],
            },
            calls,
        }
    }

    fn call(article: usize, task: Task, started: Instant, from_ms: u64, to_ms: u64) -> CallRecord {
        CallRecord {
            article,
            task,
            start: started + Duration::from_millis(from_ms),
            end: started + Duration::from_millis(to_ms),
        }
    }

    #[test]
    fn timeline_draws_a_staircase_for_sequential_calls() {
        let t0 = Instant::now();
        let calls = vec![
            call(0, Task::Summarize, t0, 0, 100),
            call(0, Task::Sentiment, t0, 100, 200),
            call(0, Task::Keywords, t0, 200, 300),
            call(1, Task::Summarize, t0, 300, 400),
            call(1, Task::Sentiment, t0, 400, 500),
            call(1, Task::Keywords, t0, 500, 600),
        ];
        let text = timeline(&outcome(2, calls, t0, Duration::from_millis(600)), 10);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("article")).collect();
        let row0 = rows[0].split('|').nth(1).unwrap();
        let row1 = rows[1].split('|').nth(1).unwrap();
        assert!(row0.starts_with('S') && row0.ends_with('K'), "{text}");
        assert!(
            row1.starts_with(' ') && row1.trim_start().starts_with('S'),
            "{text}"
        );
        assert!(row1.len() > row0.len(), "article 1 ends later:\n{text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= 100),
            "{text}"
        );
    }

    #[test]
    fn timeline_caps_its_rows() {
        let t0 = Instant::now();
        let text = timeline(&outcome(500, Vec::new(), t0, Duration::from_millis(5)), 3);
        assert_eq!(text.lines().filter(|l| l.contains("article ")).count(), 3);
        assert!(text.contains("497 more articles"), "{text}");
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
    fn overhead_is_signed_and_relative_to_the_ideal() {
        let over = Overhead {
            measured: Duration::from_millis(1100),
            ideal: Duration::from_secs(1),
        };
        assert_eq!(over.to_string(), "+100.0 ms (+10.0%)");
    }
}
