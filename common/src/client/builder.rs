//! Setting up an [`LlmClient`]: what it shows, what it records, its
//! provider's rate limit, the fault to inject, and who observes it.

use std::sync::Arc;

use crate::client::{LlmClient, Observer};
use crate::instruments::Instruments;
use crate::limiter::{Limiter, RateLimit};
use crate::out::Output;
use crate::workload::Workload;

/// Sets up an [`LlmClient`]; see [`LlmClient::builder`].
#[derive(Debug)]
pub struct LlmClientBuilder {
    workload: Workload,
    output: Output,
    panic_on: Option<usize>,
    rate_limit: Option<RateLimit>,
    record_below: usize,
    observer: Option<Arc<dyn Observer>>,
}

impl LlmClientBuilder {
    /// What the client shows while it works (default: nothing).
    pub fn output(mut self, output: Output) -> Self {
        self.output = output;
        self
    }

    /// Fault injection (`--panic-on`): every call for article `id` panics.
    pub fn panic_on(mut self, id: Option<usize>) -> Self {
        self.panic_on = id;
        self
    }

    /// The provider's rate limit, over every call from every thread
    /// (`--rate-limit`); none by default.
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Records start and end of the calls of articles `0..articles`, for the
    /// timeline. Off by default: a million-article run does not need it.
    pub fn record_calls(mut self, articles: usize) -> Self {
        self.record_below = articles;
        self
    }

    /// Who watches the calls and may pace them: a test's [`Observer`];
    /// none by default.
    pub fn observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The client.
    pub fn build(self) -> LlmClient {
        LlmClient {
            workload: self.workload,
            output: self.output,
            panic_on: self.panic_on,
            limiter: self.rate_limit.map(Limiter::new),
            instruments: Instruments::new(self.record_below),
            observer: self.observer,
        }
    }
}

impl LlmClient {
    /// A client for `workload`: silent, recording nothing, never failing.
    pub fn builder(workload: Workload) -> LlmClientBuilder {
        LlmClientBuilder {
            workload,
            output: Output::Silent,
            panic_on: None,
            rate_limit: None,
            record_below: 0,
            observer: None,
        }
    }
}
