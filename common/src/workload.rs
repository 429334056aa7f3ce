//! The workload: which articles, the three tasks each one goes through, how
//! slow each call is, and the best time a design could reach on it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::num::NonZeroUsize;
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

use crate::article::{Articles, mix};

/// The three calls made for every article, in this order (which is also
/// the order `Ord` gives them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Task {
    /// "Summarization": the article's opening sentence.
    Summarize,
    /// "Sentiment Analysis": positive, neutral or negative.
    Sentiment,
    /// "Keyword Extraction": the most frequent terms.
    Keywords,
}

impl Task {
    /// All tasks, in the order each article goes through them.
    pub const ALL: [Task; 3] = [Task::Summarize, Task::Sentiment, Task::Keywords];

    /// The letter that stands for the task in the timeline.
    pub fn letter(self) -> char {
        match self {
            Task::Summarize => 'S',
            Task::Sentiment => 'A',
            Task::Keywords => 'K',
        }
    }
}

impl fmt::Display for Task {
    /// The name the series prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Task::Summarize => "Summarization",
            Task::Sentiment => "Sentiment Analysis",
            Task::Keywords => "Keyword Extraction",
        })
    }
}

/// The range each simulated call's latency is drawn from, uniformly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatencyRange {
    min: Duration,
    max: Duration,
}

impl LatencyRange {
    /// The series' latency: 500 to 1500 ms per call.
    pub const DEFAULT: LatencyRange = LatencyRange {
        min: Duration::from_millis(500),
        max: Duration::from_millis(1500),
    };

    /// No latency at all: the calls cost only the work they do.
    pub const ZERO: LatencyRange = LatencyRange {
        min: Duration::ZERO,
        max: Duration::ZERO,
    };

    /// A range from `min` to `max`, or `None` if `min` is above `max`.
    pub fn new(min: Duration, max: Duration) -> Option<Self> {
        (min <= max).then_some(LatencyRange { min, max })
    }

    /// A range in whole milliseconds, or `None` if `min` is above `max`.
    pub fn from_millis(min: u64, max: u64) -> Option<Self> {
        Self::new(Duration::from_millis(min), Duration::from_millis(max))
    }

    /// The same range with both ends divided by `divisor`.
    pub fn scaled_down(self, divisor: u32) -> Self {
        LatencyRange {
            min: self.min / divisor.max(1),
            max: self.max / divisor.max(1),
        }
    }

    /// The shortest latency.
    pub fn min(self) -> Duration {
        self.min
    }

    /// The longest latency.
    pub fn max(self) -> Duration {
        self.max
    }

    /// Whether every call is instant.
    pub fn is_zero(self) -> bool {
        self.max.is_zero()
    }

    fn draw(self, seed: u64, article: usize, task: Task) -> Duration {
        if self.min == self.max {
            return self.min;
        }
        let mut rng = SmallRng::seed_from_u64(mix(seed, article as u64, task as u64));
        // Whole microseconds within the range: `--fast` leaves fractions
        // (16,666.67 µs), and a draw must never fall below the minimum.
        let least = u64::try_from(self.min.as_nanos().div_ceil(1000)).unwrap_or(u64::MAX);
        let most = (self.max.as_micros() as u64).max(least);
        Duration::from_micros(rng.random_range(least..=most))
    }
}

impl fmt::Display for LatencyRange {
    /// `500–1500 ms per call`; with a decimal when `--fast` leaves a
    /// fraction of a millisecond: `16.7–50.0 ms per call`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        if self.min.subsec_micros().is_multiple_of(1000)
            && self.max.subsec_micros().is_multiple_of(1000)
        {
            write!(f, "{}–{} ms per call", ms(self.min), ms(self.max))
        } else {
            write!(f, "{:.1}–{:.1} ms per call", ms(self.min), ms(self.max))
        }
    }
}

/// One reproducible workload: the same articles and the same latency for
/// every call, whichever part runs it and however its threads interleave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    /// Fixes the articles and every call's latency.
    pub seed: u64,
    /// How many articles.
    pub articles: usize,
    /// The range the latencies are drawn from.
    pub latency: LatencyRange,
}

impl Workload {
    /// The articles of this workload, generated as they are consumed.
    pub fn articles(&self) -> Articles {
        Articles::new(self.seed, self.articles)
    }

    /// The latency of `task` on article `article`: fixed by (seed, article, task).
    pub fn latency(&self, article: usize, task: Task) -> Duration {
        self.latency.draw(self.seed, article, task)
    }

    /// The three calls of one article, end to end.
    pub fn article_latency(&self, article: usize) -> Duration {
        self.latency_until(article, None)
    }

    /// The calls of one article that ran: those before the call `refused`
    /// (over the provider's rate limit), which took no time; all three if
    /// none was refused.
    pub fn latency_until(&self, article: usize, refused: Option<Task>) -> Duration {
        Task::ALL
            .iter()
            .take_while(|&&task| refused.is_none_or(|refused| task < refused))
            .map(|&task| self.latency(article, task))
            .sum()
    }

    /// The time `schedule` needs on this exact workload if threads, locks and
    /// channels cost nothing: the floor a part's measured time is compared with.
    pub fn ideal(&self, schedule: Schedule) -> Duration {
        schedule.ideal((0..self.articles).map(|id| self.article_latency(id)))
    }
}

/// The time `lanes` lanes need for jobs of these lengths when each job, in
/// order, goes to the lane that frees up first, as a job queue hands them out.
pub fn list_schedule(jobs: impl IntoIterator<Item = Duration>, lanes: usize) -> Duration {
    // A heap of the times the lanes free up: the earliest is on top.
    let mut free_at: BinaryHeap<Reverse<Duration>> =
        std::iter::repeat_n(Reverse(Duration::ZERO), lanes.max(1)).collect();
    for job in jobs {
        let Reverse(earliest) = free_at.pop().expect("at least one lane");
        free_at.push(Reverse(earliest + job));
    }
    free_at
        .into_iter()
        .map(|Reverse(end)| end)
        .max()
        .unwrap_or_default()
}

/// How a part lays the calls out in time, which fixes its ideal time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// One call at a time (Part 1): the ideal is the sum of all latencies.
    Sequential,
    /// Every article at once (Parts 2–4): the ideal is the slowest article.
    ThreadPerArticle,
    /// `workers` lanes fed in article order (Part 5).
    Pool {
        /// How many articles can be in progress at once.
        workers: NonZeroUsize,
    },
}

impl Schedule {
    /// The least time any design of this shape could need for these
    /// articles: for `W` workers, the slowest article or all the work split
    /// evenly over the workers, whichever is longer. The pool's own list
    /// schedule (its ideal) is at or above it, and another order of the same
    /// articles can beat the list schedule, never this.
    pub fn lower_bound(self, per_article: impl Iterator<Item = Duration>) -> Duration {
        self.bounds(per_article).1
    }

    /// The [`ideal`](Self::ideal) and the [`lower_bound`](Self::lower_bound)
    /// of these articles, in one pass over them.
    pub fn bounds(self, per_article: impl Iterator<Item = Duration>) -> (Duration, Duration) {
        let (mut total, mut longest) = (Duration::ZERO, Duration::ZERO);
        let ideal = self.ideal(per_article.inspect(|&d| {
            total += d;
            longest = longest.max(d);
        }));
        let lower_bound = match self {
            Schedule::Pool { workers } => {
                longest.max(total / u32::try_from(workers.get()).unwrap_or(u32::MAX))
            }
            Schedule::Sequential | Schedule::ThreadPerArticle => ideal,
        };
        (ideal, lower_bound)
    }

    /// The time this schedule needs for articles whose calls take
    /// `per_article`, in input order, if threads cost nothing.
    pub fn ideal(self, per_article: impl Iterator<Item = Duration>) -> Duration {
        match self {
            Schedule::Sequential => per_article.sum(),
            Schedule::ThreadPerArticle => per_article.max().unwrap_or_default(),
            Schedule::Pool { workers } => list_schedule(per_article, workers.get()),
        }
    }

    /// How the ideal of this schedule is reached, for the report.
    pub fn explain(self, workload: &Workload) -> String {
        match self {
            Schedule::Sequential => format!(
                "sum of all {} call latencies: one call at a time",
                workload.articles * Task::ALL.len()
            ),
            Schedule::ThreadPerArticle => {
                "the slowest article: every article runs at once".to_owned()
            }
            Schedule::Pool { workers } => format!(
                "{} articles handed in order to {workers} workers, each taking the next as soon as it is free",
                workload.articles
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload(articles: usize) -> Workload {
        Workload {
            seed: 42,
            articles,
            latency: LatencyRange::DEFAULT,
        }
    }

    #[test]
    fn latency_is_fixed_by_seed_article_and_task() {
        let w = workload(3);
        assert_eq!(w.latency(2, Task::Sentiment), w.latency(2, Task::Sentiment));
        assert_ne!(w.latency(2, Task::Sentiment), w.latency(2, Task::Keywords));
        let other_seed = Workload { seed: 43, ..w };
        assert_ne!(
            w.latency(2, Task::Sentiment),
            other_seed.latency(2, Task::Sentiment)
        );
    }

    #[test]
    fn latency_stays_in_range() {
        // The series' range, `--fast`'s, whose ends are not whole
        // microseconds, and one whose minimum is half a microsecond above one.
        let narrow = LatencyRange::new(Duration::from_nanos(1_500), Duration::from_micros(3));
        for latency in [
            LatencyRange::DEFAULT,
            LatencyRange::DEFAULT.scaled_down(30),
            narrow.expect("ordered"),
        ] {
            let w = Workload {
                latency,
                ..workload(200)
            };
            for id in 0..200 {
                for task in Task::ALL {
                    let drawn = w.latency(id, task);
                    assert!(
                        (latency.min()..=latency.max()).contains(&drawn),
                        "{drawn:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn inverted_range_is_refused() {
        assert_eq!(LatencyRange::from_millis(1500, 500), None);
    }

    #[test]
    fn ideals_order_sequential_above_pool_above_thread_per_article() {
        let w = workload(20);
        let sequential = w.ideal(Schedule::Sequential);
        let pool = w.ideal(Schedule::Pool {
            workers: NonZeroUsize::new(5).unwrap(),
        });
        let every_article = w.ideal(Schedule::ThreadPerArticle);
        assert!(sequential > pool && pool > every_article);
        assert_eq!(sequential, (0..20).map(|id| w.article_latency(id)).sum());
    }

    #[test]
    fn pool_with_one_worker_is_sequential_and_with_enough_is_thread_per_article() {
        let w = workload(8);
        let pool = |n| {
            w.ideal(Schedule::Pool {
                workers: NonZeroUsize::new(n).unwrap(),
            })
        };
        assert_eq!(pool(1), w.ideal(Schedule::Sequential));
        assert_eq!(pool(8), w.ideal(Schedule::ThreadPerArticle));
        assert_eq!(pool(100), w.ideal(Schedule::ThreadPerArticle));
    }

    #[test]
    fn the_lower_bound_is_the_slowest_article_or_the_work_split_evenly() {
        let ms = Duration::from_millis;
        let pool = |workers| Schedule::Pool {
            workers: NonZeroUsize::new(workers).unwrap(),
        };
        let jobs = || [3, 1, 2, 2].map(ms).into_iter();
        assert_eq!(
            pool(2).lower_bound(jobs()),
            ms(4),
            "8 ms of work on 2 lanes"
        );
        assert_eq!(pool(4).lower_bound(jobs()), ms(3), "the slowest article");
        // The list schedule in input order (5 ms on 2 lanes) is not the floor.
        assert!(pool(2).lower_bound(jobs()) < pool(2).ideal(jobs()));
        assert_eq!(Schedule::Sequential.lower_bound(jobs()), ms(8));
    }

    #[test]
    fn list_schedule_gives_each_job_to_the_lane_that_frees_first() {
        let ms = Duration::from_millis;
        let jobs = || [3, 1, 2, 2].map(ms);
        // Lane A takes 3; lane B takes 1, then 2 (free at 1), then 2 (free at 3).
        assert_eq!(list_schedule(jobs(), 2), ms(5));
        assert_eq!(list_schedule(jobs(), 1), ms(8));
        assert_eq!(list_schedule(jobs(), 4), ms(3));
        assert_eq!(list_schedule([], 3), Duration::ZERO);
    }
}
