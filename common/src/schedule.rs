//! The schedule arithmetic behind the report's ideal: how a part lays the
//! calls out in time, the best time that layout reaches on a workload if
//! threads cost nothing, and the least time any design of its shape needs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::num::NonZeroUsize;
use std::time::Duration;

use crate::workload::{Task, Workload};

impl Workload {
    /// The time `schedule` needs on this exact workload if threads, locks and
    /// channels cost nothing: the floor a part's measured time is compared with.
    pub fn ideal(&self, schedule: Schedule) -> Duration {
        self.ideal_within(schedule, None)
    }

    /// [`ideal`](Self::ideal) when each article has `timeout` from its
    /// start: an article's time is capped there, where its last call is cut.
    pub fn ideal_within(&self, schedule: Schedule, timeout: Option<Duration>) -> Duration {
        let capped = |id| {
            let latency = self.article_latency(id);
            timeout.map_or(latency, |timeout| latency.min(timeout))
        };
        schedule.ideal((0..self.articles).map(capped))
    }
}

/// The time `lanes` lanes need for jobs of these lengths when each job, in
/// order, goes to the lane that frees up first, as a job queue hands them out.
pub(crate) fn list_schedule(jobs: impl IntoIterator<Item = Duration>, lanes: usize) -> Duration {
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
                "{} articles handed in order to {}, each taking the next as soon as it is free",
                workload.articles,
                crate::out::plural(workers.get(), "worker")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::tests::workload;

    /// Claim: with a deadline, each article's time in the ideal is capped at it; with none, the ideal is unchanged.
    #[test]
    fn a_deadline_caps_each_article_in_the_ideal() {
        let w = workload(6);
        let schedule = Schedule::Sequential;
        assert_eq!(w.ideal_within(schedule, None), w.ideal(schedule));
        let cap = Duration::from_millis(2_000);
        let expected: Duration = (0..6).map(|id| w.article_latency(id).min(cap)).sum();
        assert_eq!(w.ideal_within(schedule, Some(cap)), expected);
        assert!(
            expected < w.ideal(schedule),
            "some article of the series' latency takes longer than 2 s"
        );
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
