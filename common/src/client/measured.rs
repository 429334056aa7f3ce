//! What the client measured, for the report and the tests, and the marks
//! of a run's progress: beside the call, not in it.

use super::LlmClient;
use crate::instruments::{Instruments, Stats};
use crate::limiter::{Limiter, RateLimit};
use crate::out::Output;

impl LlmClient {
    /// Marks one article as finished: answered, or ended by a refusal.
    pub(crate) fn article_done(&self) {
        self.instruments.article_done();
        if let Some(observer) = &self.observer {
            observer.article_done(&self.instruments);
        }
        if let Output::Progress(bar) = &self.output {
            bar.inc(1);
        }
    }

    /// Removes the progress bar, if there is one, before the report prints.
    pub(crate) fn finish_output(&self) {
        if let Output::Progress(bar) = &self.output {
            bar.finish_and_clear();
        }
    }

    /// The provider's rate limit, if it has one.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.limiter.as_ref().map(Limiter::limit)
    }

    /// The gauges and records, read while or after a part runs.
    pub fn instruments(&self) -> &Instruments {
        &self.instruments
    }

    /// What the client has measured so far.
    pub fn stats(&self) -> Stats {
        self.instruments.stats()
    }
}
