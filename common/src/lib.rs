//! What every part of the pipeline shares, so that a part's own code is its
//! concurrency technique and nothing else. This file is the map; each module
//! says what it is for. What a learner opens first: [`article`], [`ai`] and
//! [`client`].
//!
//! The input and the output:
//! - [`article`]: [`Article`]s, generated deterministically from a seed.
//! - [`ai`]: [`AIResult`], and the "AI" that computes it from the article's words.
//!
//! The simulated LLM:
//! - [`workload`]: the three [`Task`]s, each call's latency (fixed by seed,
//!   article and task), and the ideal time of each [`Schedule`].
//! - [`client`]: the [`LlmClient`]: what one call does.
//! - [`limiter`]: the provider's rate limit, a token bucket (`--rate-limit`).
//! - [`instruments`]: what the client measures: calls in flight, threads,
//!   the calls' start and end.
//!
//! What the parts call:
//! - [`pipeline`]: [`analyze`] (one article's three calls) and [`PipelineError`].
//! - [`sync`]: the shim that gives Parts 3–5 their `Arc`, `Mutex`, `thread` and
//!   `channel`: the real crates, or loom's models under `--cfg loom`.
//!
//! Around a run:
//! - [`outcome`]: [`outcome::execute`] runs a part and measures it as an
//!   [`outcome::Outcome`], which reports and tests read.
//! - [`out`](mod@out): the per-call lines or a progress bar, durations, and
//!   printing that survives a closed pipe.
//!
//! The command line and the report are in the `cli` crate, beside this one.
//!
//! With the `testing` feature, which the parts enable for their tests only:
//! `testing` (the claims every part's tests check, the deadline every run in
//! a test has, and loom's models of a mutex and a channel) and `hooks`
//! (points in the client where a test makes calls wait).
//!
//! The articles' places, desks and sentence templates are data, in
//! `data/newsroom.txt`.

pub mod ai;
pub mod article;
pub mod client;
pub mod instruments;
pub mod limiter;
pub mod out;
pub mod outcome;
pub mod pipeline;
pub mod sync;
pub mod workload;

#[cfg(feature = "testing")]
pub mod hooks;
#[cfg(feature = "testing")]
pub mod testing;

pub use ai::{AIResult, Sentiment};
pub use article::{Article, ArticleStore, Articles};
pub use client::LlmClient;
pub use limiter::{RateLimit, Refused};
pub use out::Output;
pub use outcome::{Outcome, Part};
pub use pipeline::{MAX_THREADS, PipelineError, analyze, check_thread_budget};
pub use workload::{LatencyRange, Schedule, Task, Workload};
