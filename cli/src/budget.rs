//! What a run will need, checked before it starts: memory for its results,
//! and a warning when it will take long.

use std::time::Duration;

use common::out::Time;

/// What one article costs in memory until the report: its result (summary,
/// sentiment, three keywords) and its slot in the results, about 340 bytes
/// measured at a million articles, rounded up.
pub(crate) const BYTES_PER_ARTICLE: u64 = 400;

/// A run may use at most this share of the memory it can have: the results
/// `Vec` grows by doubling, and the rest of the process needs room too.
const SHARE: u64 = 2;

/// Runs whose ideal time is longer than this get a hint in the header.
const LONG_RUN: Duration = Duration::from_secs(60);

/// The memory this process can use, in bytes: the least of the machine's
/// available memory, a cgroup's free memory (a container's limit) and the
/// address-space limit (`ulimit -v`), where the platform gives each; `None`
/// where it gives none.
pub fn memory_available() -> Option<u64> {
    let mut figures = Vec::new();
    if sysinfo::IS_SUPPORTED_SYSTEM {
        let mut system = sysinfo::System::new();
        system.refresh_memory();
        figures.push(system.available_memory());
        if let Some(cgroup) = system.cgroup_limits() {
            figures.push(cgroup.free_memory);
        }
    }
    #[cfg(unix)]
    if let Ok((soft, _)) = rlimit::getrlimit(rlimit::Resource::AS)
        && soft != rlimit::INFINITY
    {
        figures.push(soft);
    }
    figures.into_iter().filter(|&bytes| bytes > 0).min()
}

/// What a run may use where the system does not say how much memory it has.
const UNKNOWN_MEMORY: u64 = 4 << 30;

/// Refuses a run of `articles` articles, `bytes_per_article` each, that would
/// not fit in `available` bytes, with the estimate and the largest count that fits.
///
/// # Errors
///
/// The sentence to print.
pub fn check_memory(
    articles: usize,
    bytes_per_article: u64,
    available: Option<u64>,
) -> Result<(), String> {
    // A system that says nothing about its memory is held to a modest one,
    // rather than trusted with any count.
    let available = available.unwrap_or(UNKNOWN_MEMORY);
    let needed = (articles as u64).saturating_mul(bytes_per_article);
    if needed.saturating_mul(SHARE) <= available {
        return Ok(());
    }
    Err(format!(
        "the run would need about {}, and this process can use {} \
         (the least of the available memory, a container's limit and `ulimit -v`); \
         at most {} articles fit",
        Bytes(needed),
        Bytes(available),
        available / SHARE / bytes_per_article.max(1)
    ))
}

/// The header's warning for a run whose ideal alone is over [`LONG_RUN`].
pub(crate) fn long_run_hint(ideal: Duration, fast: bool) -> Option<String> {
    (ideal > LONG_RUN).then(|| {
        let hint = if fast {
            "a smaller --articles or --latency shortens it"
        } else {
            "--fast divides the latency by 30"
        };
        format!(
            "this run takes at least {}, its ideal time: {hint}",
            Time(ideal)
        )
    })
}

/// A size in the unit a person would use.
struct Bytes(u64);

impl std::fmt::Display for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
        let mut value = self.0 as f64;
        let mut unit = 0;
        while value >= 1000.0 && unit < UNITS.len() - 1 {
            value /= 1000.0;
            unit += 1;
        }
        write!(f, "{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_fits_is_accepted() {
        assert_eq!(
            check_memory(1_000_000, BYTES_PER_ARTICLE, Some(1_000_000_000)),
            Ok(())
        );
        assert_eq!(check_memory(1_000_000, BYTES_PER_ARTICLE, None), Ok(()));
        assert!(
            check_memory(usize::MAX, BYTES_PER_ARTICLE, None).is_err(),
            "no figure: the modest default, not no check"
        );
    }

    #[test]
    fn a_run_too_big_is_refused_with_the_estimate_and_the_most_that_fits() {
        let error = check_memory(10_000_000, BYTES_PER_ARTICLE, Some(2_000_000_000)).unwrap_err();
        assert!(error.contains("about 4.0 GB"), "{error}");
        assert!(error.contains("can use 2.0 GB"), "{error}");
        assert!(error.contains("at most 2500000 articles fit"), "{error}");
        assert!(
            check_memory(usize::MAX, BYTES_PER_ARTICLE, Some(1 << 40)).is_err(),
            "no overflow"
        );
    }

    #[test]
    fn long_runs_get_a_hint_and_short_ones_none() {
        assert_eq!(long_run_hint(Duration::from_secs(30), false), None);
        let hint = long_run_hint(Duration::from_secs(3000), false).unwrap();
        assert!(
            hint.contains("50.0 min") && hint.contains("--fast"),
            "{hint}"
        );
    }
}
