//! What every part of the pipeline shares, so that a part's own code is its
//! concurrency technique and nothing else. This file is the map.
//!
//! **What a learner reads**, the names a part's `lib.rs` uses:
//! - [`article`]: an [`Article`], and [`Articles`], the input stream.
//! - [`result`]: the [`AIResult`] of one article.
//! - [`client`]: the [`LlmClient`]: what one slow call does.
//! - [`pipeline`]: [`analyze`] (one article's three calls), [`PipelineError`],
//!   the thread budget, and [`Part`].
//! - [`sync`]: the shim that gives Parts 3–7 their `Arc`, `Mutex`, `thread`
//!   and `channel`: the real crates, or loom's models under `--cfg loom`.
//!
//! **The machinery** behind those names:
//! - [`newsroom`]: how an article is written, from `data/newsroom.txt`.
//! - [`ai`]: the "AI" that computes a result from the article's words.
//! - [`workload`]: the three [`Task`]s and each call's latency, fixed by
//!   seed, article and task.
//! - [`limiter`]: the provider's rate limit, a token bucket (`--rate-limit`).
//! - [`instruments`]: what the client measures for the report.
//! - [`outcome`]: [`outcome::execute`] runs a part and measures it as an
//!   [`Outcome`], which reports and tests read.
//! - [`schedule`]: the arithmetic of the report's ideal and lower bound.
//! - [`out`](mod@out): the per-call lines or a progress bar, durations, and
//!   printing that survives a closed pipe.
//! - `testing` (feature `testing`, the parts' tests only): the claims every
//!   part's tests check, the tests' observer of the client, the deadline
//!   every run in a test has, and loom's models of a mutex and a channel.
//!
//! The command line and the report are in the `cli` crate, beside this one.
//!
//! **Where a change goes:**
//! - a flag every part takes: `cli`'s `args.rs` (and the workload here, if
//!   it changes what runs);
//! - a line of the report or a picture: `cli`'s `report.rs` or `timeline.rs`,
//!   from what [`Outcome`] holds;
//! - something a normal run measures: [`instruments`]; something only a
//!   test needs to see or to wait for: the tests' observer in `testing`,
//!   through the client's one seam, [`client::Observer`];
//! - a claim: `testing::claims`, run by the part's contract in its `tests/`;
//! - a new part: a crate in the same shape as its neighbours (see the
//!   workspace's README), whose `lib.rs` uses only the names above.

pub mod ai;
pub mod article;
pub mod client;
pub mod instruments;
pub mod limiter;
pub mod newsroom;
pub mod out;
pub mod outcome;
pub mod pipeline;
pub mod result;
pub mod schedule;
pub mod sync;
pub mod workload;

#[cfg(feature = "testing")]
pub mod testing;

pub use article::{Article, ArticleStore, Articles};
pub use client::LlmClient;
pub use limiter::RateLimit;
pub use out::Output;
pub use outcome::Outcome;
pub use pipeline::{
    MAX_THREADS, Part, PipelineError, analyze, analyze_by, analyze_until, check_thread_budget,
};
pub use result::{AIResult, Failed, Sentiment};
pub use schedule::Schedule;
pub use workload::{LatencyRange, Task, Workload};
