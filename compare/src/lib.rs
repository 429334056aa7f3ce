//! The five parts as one list, so that the `compare` binary and the
//! criterion benches run exactly the same thing: each part's own
//! `process_all`, on a workload and a fresh client. After them, Part 6, the
//! pool with a deadline per article ([`deadlines`]), and Part 7, Part 6 with
//! one stop for the run ([`shutdown`]); beside them, the [`peers`](mod@peers):
//! rayon and tokio running the same work, for comparison.

pub mod peers;

use std::num::NonZeroUsize;
use std::time::Duration;

use common::Outcome;
use common::Part;
use common::outcome::execute_or_say_how_it_ended;
use common::sync::{Arc, channel};
use common::{AIResult, Articles, LlmClient, PipelineError, Schedule};

/// A part's `process_all`, with its own arguments (Part 5's worker count,
/// Part 6's timeout, Part 7's stop) bound.
pub type ProcessAll =
    Box<dyn Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError>>;

/// One part, ready to run.
pub struct Contender {
    /// Its name and approach.
    pub part: Part,
    /// How it lays out the calls, which fixes its ideal time.
    pub schedule: Schedule,
    /// Each article's deadline, from when it is taken (on the run's clock):
    /// Part 6's and Part 7's, which the ideal caps each article at; `None`
    /// for the others.
    pub timeout: Option<Duration>,
    /// Its pipeline.
    pub process_all: ProcessAll,
}

impl std::fmt::Debug for Contender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contender")
            .field("part", &self.part)
            .field("schedule", &self.schedule)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Contender {
    /// Runs the part on `client`'s workload and measures it.
    ///
    /// # Errors
    ///
    /// How the run ended instead, in a few words: the part's error, lost
    /// results, or a panic that reached this thread (Part 1's `--panic-on`).
    pub fn run(&self, client: &Arc<LlmClient>) -> Result<Outcome, String> {
        execute_or_say_how_it_ended(self.schedule, self.timeout, client, &self.process_all)
    }
}

/// The five parts in order, Part 5 with `workers` workers and channels of `capacity`.
pub fn contenders(workers: NonZeroUsize, capacity: usize) -> Vec<Contender> {
    vec![
        Contender {
            part: part_01_sequential::PART,
            schedule: Schedule::Sequential,
            timeout: None,
            process_all: Box::new(part_01_sequential::process_all),
        },
        Contender {
            part: part_02_threads::PART,
            schedule: Schedule::ThreadPerArticle,
            timeout: None,
            process_all: Box::new(part_02_threads::process_all),
        },
        Contender {
            part: part_03_mutex::PART,
            schedule: Schedule::ThreadPerArticle,
            timeout: None,
            process_all: Box::new(part_03_mutex::process_all),
        },
        Contender {
            part: part_04_channels::PART,
            schedule: Schedule::ThreadPerArticle,
            timeout: None,
            process_all: Box::new(part_04_channels::process_all),
        },
        worker_pool(workers, capacity),
    ]
}

/// Part 5 with `workers` workers and channels of `capacity`.
pub fn worker_pool(workers: NonZeroUsize, capacity: usize) -> Contender {
    Contender {
        part: part_05_worker_pool::PART,
        schedule: Schedule::Pool { workers },
        timeout: None,
        process_all: Box::new(move |articles: Articles, client: &Arc<LlmClient>| {
            part_05_worker_pool::process_all(articles, client, workers, capacity)
        }),
    }
}

/// Part 6: Part 5's pool with `workers` workers and channels of `capacity`,
/// where each article has `timeout` (on the run's clock) from when a worker
/// takes it, or no deadline with `None`.
pub fn deadlines(workers: NonZeroUsize, capacity: usize, timeout: Option<Duration>) -> Contender {
    Contender {
        part: part_06_deadlines::PART,
        schedule: Schedule::Pool { workers },
        timeout,
        process_all: Box::new(move |articles: Articles, client: &Arc<LlmClient>| {
            part_06_deadlines::process_all(articles, client, workers, capacity, timeout)
        }),
    }
}

/// Part 7: Part 6 with `workers` workers, channels of `capacity` and
/// `timeout` per article, and one stop for the run, which fires
/// `cancel_after` (as given, and on the run's clock) after the run starts;
/// with `None`, the stop never fires and every article runs to its end.
pub fn shutdown(
    workers: NonZeroUsize,
    capacity: usize,
    timeout: Option<Duration>,
    cancel_after: Option<(Duration, Duration)>,
) -> Contender {
    Contender {
        part: part_07_shutdown::PART,
        schedule: Schedule::Pool { workers },
        timeout,
        process_all: Box::new(move |articles: Articles, client: &Arc<LlmClient>| {
            // The run's stop: a channel that carries nothing, whose one
            // sender's drop is the stop every receiver sees. The switch
            // holds the sender, and only the timer drops it before the run
            // is over: a Ctrl-C still ends the whole table, as it does for
            // the other rows. Without `cancel_after`, there is no timer and
            // the stop never fires.
            let (stop_tx, stop_rx) = channel::bounded::<()>(0);
            let switch = cli::stop::Switch::new(stop_tx);
            let armed = cli::stop::arm_timer(&switch, cancel_after);
            let results = part_07_shutdown::process_all(
                articles, client, workers, capacity, timeout, stop_rx,
            );
            // Joins the timer, so that no thread outlives the row.
            drop(armed);
            results
        }),
    }
}

/// The pool's peers, at `workers` threads or permits: rayon's thread pool
/// and tokio with a semaphore. Comparisons, not lessons (see [`peers`](mod@peers)).
pub fn peers(workers: NonZeroUsize) -> Vec<Contender> {
    vec![
        Contender {
            part: Part {
                name: "rayon",
                approach: "rayon's pool of W threads, one task per article (with_max_len(1))",
            },
            schedule: Schedule::Pool { workers },
            timeout: None,
            process_all: Box::new(move |articles: Articles, client: &Arc<LlmClient>| {
                peers::rayon_pool(articles, client, workers)
            }),
        },
        Contender {
            part: Part {
                name: "tokio",
                approach: "tokio, spawn_blocking per article under a Semaphore of W permits",
            },
            schedule: Schedule::Pool { workers },
            timeout: None,
            process_all: Box::new(move |articles: Articles, client: &Arc<LlmClient>| {
                peers::tokio_semaphore(articles, client, workers)
            }),
        },
    ]
}
