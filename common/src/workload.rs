//! The workload: which articles, the three tasks each one goes through, and
//! how slow each call is. The best time a design could reach on it is in
//! [`schedule`](crate::schedule).

use std::fmt;
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

use crate::article::Articles;

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

/// The range each simulated call's latency is drawn from, uniformly; and,
/// for an unreliable provider, the share of calls that hang instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatencyRange {
    min: Duration,
    max: Duration,
    hangs: Option<Hangs>,
}

/// Calls that hang: `percent` of them, drawn per call like the latency,
/// each taking `latency` instead of a draw from the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hangs {
    percent: u64,
    latency: Duration,
}

impl LatencyRange {
    /// The series' latency: 500 to 1500 ms per call.
    pub const DEFAULT: LatencyRange = LatencyRange {
        min: Duration::from_millis(500),
        max: Duration::from_millis(1500),
        hangs: None,
    };

    /// The series' unreliable provider (its `-unreliable`): 500 to 3000 ms
    /// per call, and one call in five hangs for 12 s.
    pub const UNRELIABLE: LatencyRange = LatencyRange {
        min: Duration::from_millis(500),
        max: Duration::from_millis(3000),
        hangs: Some(Hangs {
            percent: 20,
            latency: Duration::from_secs(12),
        }),
    };

    /// No latency at all: the calls cost only the work they do.
    pub const ZERO: LatencyRange = LatencyRange {
        min: Duration::ZERO,
        max: Duration::ZERO,
        hangs: None,
    };

    /// A range from `min` to `max`, or `None` if `min` is above `max`.
    pub fn new(min: Duration, max: Duration) -> Option<Self> {
        (min <= max).then_some(LatencyRange {
            min,
            max,
            hangs: None,
        })
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
            hangs: self.hangs.map(|hangs| Hangs {
                latency: hangs.latency / divisor.max(1),
                ..hangs
            }),
        }
    }

    /// The shortest latency.
    pub fn min(self) -> Duration {
        self.min
    }

    /// The longest latency: a hung call's, if calls hang.
    pub fn max(self) -> Duration {
        self.hangs
            .map_or(self.max, |hangs| hangs.latency.max(self.max))
    }

    /// Whether every call is instant.
    pub fn is_zero(self) -> bool {
        self.max.is_zero()
    }

    fn draw(self, seed: u64, article: usize, task: Task) -> Duration {
        // At a fixed latency (`--latency 0-0`), no draw: the hot path stays free.
        if self.hangs.is_none() && self.min == self.max {
            return self.min;
        }
        let mut rng = SmallRng::seed_from_u64(mix(seed, article as u64, task as u64));
        if let Some(hangs) = self.hangs
            && rng.random_range(0..100) < hangs.percent
        {
            return hangs.latency;
        }
        if self.min == self.max {
            return self.min;
        }
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
        let whole = |d: Duration| d.subsec_micros().is_multiple_of(1000);
        if whole(self.min) && whole(self.max) {
            write!(f, "{}–{} ms per call", ms(self.min), ms(self.max))?;
        } else {
            write!(f, "{:.1}–{:.1} ms per call", ms(self.min), ms(self.max))?;
        }
        match self.hangs {
            Some(hangs) if whole(hangs.latency) => write!(
                f,
                ", {}% of calls hang for {} ms",
                hangs.percent,
                ms(hangs.latency)
            ),
            Some(hangs) => write!(
                f,
                ", {}% of calls hang for {:.1} ms",
                hangs.percent,
                ms(hangs.latency)
            ),
            None => Ok(()),
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
    pub(crate) fn article_latency(&self, article: usize) -> Duration {
        self.latency_until(article, None)
    }

    /// The calls of one article that ran: those before the call `refused`
    /// (over the provider's rate limit), which took no time; all three if
    /// none was refused.
    pub(crate) fn latency_until(&self, article: usize, refused: Option<Task>) -> Duration {
        Task::ALL
            .iter()
            .take_while(|&&task| refused.is_none_or(|refused| task < refused))
            .map(|&task| self.latency(article, task))
            .sum()
    }
}

/// Mixes a seed with two numbers into a seed for one draw (SplitMix64's
/// finaliser), so that draws for different (article, task) pairs are
/// independent and fixed.
pub(crate) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The series' latency on `articles` articles of seed 42.
    pub(crate) fn workload(articles: usize) -> Workload {
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

    /// Claim: `--unreliable` hangs one call in five, the same calls for the same seed, and `--fast` shortens the hang too.
    #[test]
    fn an_unreliable_provider_hangs_one_call_in_five_fixed_by_seed() {
        let w = Workload {
            latency: LatencyRange::UNRELIABLE,
            ..workload(1000)
        };
        let hung = |w: &Workload| -> Vec<(usize, Task)> {
            (0..w.articles)
                .flat_map(|id| Task::ALL.map(|task| (id, task)))
                .filter(|&(id, task)| w.latency(id, task) == Duration::from_secs(12))
                .collect()
        };
        let calls = hung(&w);
        assert!(
            (540..=660).contains(&calls.len()),
            "{} of 3000 calls hung, not about 600",
            calls.len()
        );
        assert_eq!(hung(&w), calls, "the same seed hangs the same calls");
        assert_ne!(hung(&Workload { seed: 43, ..w }), calls);
        for id in 0..w.articles {
            for task in Task::ALL {
                let drawn = w.latency(id, task);
                assert!(
                    drawn == Duration::from_secs(12)
                        || (Duration::from_millis(500)..=Duration::from_secs(3)).contains(&drawn),
                    "{drawn:?}"
                );
            }
        }
        let fast = LatencyRange::UNRELIABLE.scaled_down(30);
        assert_eq!(fast.max(), Duration::from_millis(400));
        assert_eq!(
            fast.to_string(),
            "16.7–100.0 ms per call, 20% of calls hang for 400 ms"
        );
        assert_eq!(
            LatencyRange::UNRELIABLE.to_string(),
            "500–3000 ms per call, 20% of calls hang for 12000 ms"
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
}
