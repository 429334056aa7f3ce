//! The provider's rate limit (`--rate-limit N`): a token bucket, as real LLM
//! APIs enforce on their side.
//!
//! The bucket holds at most `burst` tokens (by default the per-second limit)
//! and starts full. Every call takes a token; tokens come back at the limit's
//! rate, continuously. A call that finds the bucket empty is refused at once,
//! as a provider answers HTTP 429: it takes no time, and nothing retries it.
//! Retries, backoff and circuit breakers are the next arc's subject.
//!
//! The limit belongs to the provider, so the simulated client enforces it
//! over every call from every thread. `--fast` divides the latency by 30 and
//! multiplies the refill rate by 30, but leaves the burst alone: a fast run
//! shows the same picture as a real one.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A limit of `per_second` calls a second, with bursts of up to `burst`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Calls a second the provider admits, on average.
    pub per_second: f64,
    /// The most calls admitted at once, after a quiet spell.
    pub burst: u32,
}

impl RateLimit {
    /// `per_second` calls a second, with a burst of as many.
    pub fn new(per_second: u32) -> Self {
        RateLimit {
            per_second: f64::from(per_second),
            burst: per_second,
        }
    }

    /// The same limit on a clock `factor` times faster: what `--fast` does.
    pub fn sped_up(self, factor: u32) -> Self {
        RateLimit {
            per_second: self.per_second * f64::from(factor),
            ..self
        }
    }

    /// The most workers that are sure never to see a refusal when every call
    /// takes at least `shortest`: each worker makes at most one call per
    /// `shortest`, and all of them start together, so
    /// W* = min(burst, ⌊limit × shortest⌋). (More may be lucky: a workload
    /// whose calls are mostly longer leaves room.)
    pub fn workers_that_fit(self, shortest: Duration) -> u32 {
        // Durations are whole nanoseconds, so `--fast`'s 500 ms / 30 is a hair
        // under 1/60 s: a millionth of a call of tolerance keeps 5 from
        // rounding down to 4.
        let sustained = (self.per_second * shortest.as_secs_f64() + 1e-6).floor() as u32;
        self.burst.min(sustained)
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} calls/s, bursts of {}", self.per_second, self.burst)
    }
}

/// The token bucket of one provider.
#[derive(Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    started: Instant,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    /// When `tokens` was last brought up to date, since `started`.
    at: Duration,
}

impl Limiter {
    /// A full bucket for `limit`.
    pub(crate) fn new(limit: RateLimit) -> Self {
        Limiter {
            limit,
            started: Instant::now(),
            bucket: Mutex::new(Bucket {
                tokens: f64::from(limit.burst),
                at: Duration::ZERO,
            }),
        }
    }

    /// The limit this bucket enforces.
    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes a token for a call now, or refuses the call.
    pub(crate) fn admit(&self) -> bool {
        self.admit_at(self.started.elapsed())
    }

    /// Takes a token for a call at `now` (time since the bucket was made),
    /// or refuses it: the bucket on a clock the tests can set.
    pub(crate) fn admit_at(&self, now: Duration) -> bool {
        let mut bucket = self.bucket.lock().unwrap_or_else(PoisonError::into_inner);
        let refill = now.saturating_sub(bucket.at).as_secs_f64() * self.limit.per_second;
        bucket.tokens = (bucket.tokens + refill).min(f64::from(self.limit.burst));
        bucket.at = bucket.at.max(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn a_full_bucket_admits_its_burst_then_refuses() {
        let limiter = Limiter::new(RateLimit::new(10));
        let admitted = (0..25).filter(|_| limiter.admit_at(Duration::ZERO)).count();
        assert_eq!(admitted, 10);
    }

    #[test]
    fn tokens_come_back_at_the_limits_rate() {
        let limiter = Limiter::new(RateLimit::new(10));
        (0..10).for_each(|_| assert!(limiter.admit_at(Duration::ZERO)));
        assert!(!limiter.admit_at(99 * MS), "one token takes 100 ms at 10/s");
        assert!(limiter.admit_at(100 * MS));
        assert!(!limiter.admit_at(100 * MS));
        let later = (0..20).filter(|_| limiter.admit_at(10_000 * MS)).count();
        assert_eq!(
            later, 10,
            "a quiet spell refills the bucket up to its burst, no more"
        );
    }

    #[test]
    fn concurrent_callers_never_get_more_than_the_limit_allows() {
        // 8 threads call at the same instants of a fake clock: in each window
        // the bucket admits its burst the first time, then what refilled.
        let limiter = Limiter::new(RateLimit::new(10));
        let admitted = AtomicUsize::new(0);
        for (window, expected) in [(0, 10), (1, 10), (2, 10)] {
            let now = Duration::from_secs(window);
            thread::scope(|scope| {
                for _ in 0..8 {
                    scope.spawn(|| {
                        for _ in 0..5 {
                            if limiter.admit_at(now) {
                                admitted.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                    });
                }
            });
            assert_eq!(
                admitted.swap(0, Ordering::SeqCst),
                expected,
                "second {window}"
            );
        }
    }

    #[test]
    fn fast_runs_refill_faster_and_keep_the_burst() {
        let fast = RateLimit::new(10).sped_up(30);
        assert_eq!((fast.per_second, fast.burst), (300.0, 10));
    }

    #[test]
    fn the_knobs_right_setting_is_the_series_number() {
        // 10 calls a second, calls of 500 ms or more: five workers.
        let limit = RateLimit::new(10);
        assert_eq!(limit.workers_that_fit(500 * MS), 5);
        // The same at --fast: the latency divided by 30, the rate multiplied by 30.
        assert_eq!(limit.sped_up(30).workers_that_fit(500 * MS / 30), 5);
        assert_eq!(
            RateLimit::new(10).workers_that_fit(5000 * MS),
            10,
            "the burst caps it"
        );
    }
}
