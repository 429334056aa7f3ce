//! The flags every part shares, and how they are parsed: a bad value ends
//! the process with one line and exit status 2, before anything starts.

use std::num::NonZeroUsize;
use std::time::{Duration, SystemTime};

use clap::Parser;
use clap::error::ErrorKind;

use common::{LatencyRange, MAX_THREADS, RateLimit, Schedule, Workload, check_thread_budget};

use crate::budget;

/// The slowest call accepted, so a typo cannot make a run sleep for hours.
const MAX_LATENCY_MS: u64 = 60_000;

/// `--fast` divides the latency by this: a 10-article sequential run at the
/// default 500–1500 ms takes about one second instead of thirty.
const FAST_DIVISOR: u32 = 30;

/// Runs of more articles than this show a progress bar instead of per-call lines.
const LINES_UP_TO: usize = 50;

/// Runs of up to this many articles draw the timeline unless told otherwise.
const TIMELINE_UP_TO: usize = 40;

/// `--timeline` draws at most this many rows.
const TIMELINE_ROWS: usize = 200;

/// The flags every part takes.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// How many articles to process
    #[arg(long, value_name = "N", default_value = "10", allow_hyphen_values = true, value_parser = parse_articles)]
    pub articles: usize,

    /// Fixes the articles and every call's latency, so a run can be repeated
    /// exactly; when absent one is drawn and printed
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Latency of each simulated LLM call, drawn uniformly from MIN to MAX
    /// milliseconds
    #[arg(long, value_name = "MIN-MAX", default_value = "500-1500", allow_hyphen_values = true, value_parser = parse_latency)]
    pub latency: LatencyRange,

    /// An unreliable provider, as the series' -unreliable: 500-3000 ms per
    /// call, and one call in five hangs for 12 s (which calls, the seed fixes)
    #[arg(long, conflicts_with = "latency")]
    pub unreliable: bool,

    /// Divide the latency by 30, so a 10-article sequential run takes about a second
    #[arg(long)]
    pub fast: bool,

    /// Hide the per-call lines (a progress bar shows instead, on a terminal)
    #[arg(long, short)]
    pub quiet: bool,

    /// Always draw the timeline (by default it is drawn for up to 40 articles)
    #[arg(long, overrides_with = "no_timeline")]
    pub timeline: bool,

    /// Never draw the timeline
    #[arg(long)]
    pub no_timeline: bool,

    /// The provider's rate limit, in calls per second over all threads: a
    /// call over it is refused at once (its 429) and not retried
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_rate)]
    pub rate_limit: Option<u32>,

    /// With --rate-limit: the most calls the provider admits at once, after a
    /// quiet spell (default: the per-second limit)
    #[arg(long, value_name = "B", requires = "rate_limit", allow_hyphen_values = true, value_parser = parse_rate)]
    pub burst: Option<u32>,

    /// Make the simulated LLM panic on this article, to see how the part copes
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub panic_on: Option<usize>,
}

/// What a run needs from its flags, read once they are checked: what
/// [`RunArgs::plan`] returns, so that a run reads its flags in one place.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// The articles, their seed and each call's latency (`--fast` applied).
    pub workload: Workload,
    /// Whether the seed was drawn (no `--seed`): the header then says how to
    /// repeat the run.
    pub drawn: bool,
    /// The provider's rate limit on the run's clock (`--rate-limit`,
    /// `--burst`; `--fast` refills it 30 times faster).
    pub rate_limit: Option<RateLimit>,
    /// `--fast`, which the long-run hint suggests when it is off.
    pub fast: bool,
    /// Whether the client prints the per-call lines: a short run, not
    /// `--quiet`. Otherwise a progress bar shows.
    pub lines: bool,
    /// How many timeline rows the run draws, and so the calls of how many
    /// articles the client records: 0 for none.
    pub timeline_rows: usize,
    /// The article whose calls panic (`--panic-on`).
    pub panic_on: Option<usize>,
}

impl RunArgs {
    /// Checks these flags and reads what a run needs from them. What they
    /// ask for that a run cannot do ends the process as a usage error (one
    /// line, exit status 2): a `--panic-on` article outside the input, or
    /// more articles than the memory this process can use holds.
    pub fn plan(&self) -> Plan {
        self.check();
        let (workload, drawn) = self.workload();
        Plan {
            workload,
            drawn,
            rate_limit: self.rate_limit(),
            fast: self.fast,
            lines: !self.quiet && self.articles <= LINES_UP_TO,
            timeline_rows: self.timeline_rows(),
            panic_on: self.panic_on,
        }
    }

    /// [`plan`](Self::plan) for a part that runs on `schedule`: a thread per
    /// article is refused first, past [`MAX_THREADS`] articles.
    pub(crate) fn plan_for(&self, schedule: Schedule) -> Plan {
        if schedule == Schedule::ThreadPerArticle
            && let Err(error) = check_thread_budget(self.articles)
        {
            usage_error(&format!("error: --articles {}: {error}", self.articles));
        }
        self.plan()
    }

    /// `duration`, in the series' units, on this run's clock: `--fast`
    /// divides it by 30, as it does the latencies.
    pub fn on_the_runs_clock(&self, duration: Duration) -> Duration {
        if self.fast {
            duration / FAST_DIVISOR
        } else {
            duration
        }
    }

    /// The workload these flags describe, and whether its seed was drawn.
    fn workload(&self) -> (Workload, bool) {
        let latency = if self.unreliable {
            LatencyRange::UNRELIABLE
        } else {
            self.latency
        };
        let latency = if self.fast {
            latency.scaled_down(FAST_DIVISOR)
        } else {
            latency
        };
        let workload = |seed| Workload {
            seed,
            articles: self.articles,
            latency,
        };
        match self.seed {
            Some(seed) => (workload(seed), false),
            None => (workload(draw_seed()), true),
        }
    }

    /// Refuses, as a usage error (one line, exit status 2), what these flags
    /// ask for that a run cannot do: a `--panic-on` article outside the
    /// input, or more articles than the memory this process can use holds.
    fn check(&self) {
        if let Some(id) = self.panic_on
            && id >= self.articles
        {
            usage_error(&format!(
                "error: --panic-on {id}: the articles are numbered 0 to {} (see --help)",
                self.articles - 1
            ));
        }
        if let Err(error) = budget::check_memory(
            self.articles,
            budget::BYTES_PER_ARTICLE,
            budget::memory_available(),
        ) {
            usage_error(&format!("error: --articles {}: {error}", self.articles));
        }
    }

    /// The provider's rate limit these flags describe, on the run's clock:
    /// `--fast` refills the bucket 30 times faster, and keeps its burst.
    fn rate_limit(&self) -> Option<RateLimit> {
        let per_second = self.rate_limit?;
        let limit = RateLimit {
            burst: self.burst.unwrap_or(per_second),
            ..RateLimit::new(per_second)
        };
        Some(if self.fast {
            limit.sped_up(FAST_DIVISOR)
        } else {
            limit
        })
    }

    /// How many timeline rows this run draws: 0 for none.
    fn timeline_rows(&self) -> usize {
        if self.no_timeline || (!self.timeline && self.articles > TIMELINE_UP_TO) {
            0
        } else {
            self.articles.min(TIMELINE_ROWS)
        }
    }
}

/// The pool size: Part 5's `--workers`, which `compare` takes too.
#[derive(Debug, Clone, clap::Args)]
pub struct PoolArgs {
    /// How many workers: the most articles in progress at once (at least 1)
    #[arg(long, value_name = "W", default_value = "5", allow_hyphen_values = true, value_parser = parse_workers)]
    pub workers: NonZeroUsize,
}

/// Parses the command line. A bad flag or value ends the process with a
/// one-line error naming it and exit status 2, before anything has started.
pub fn parse<C: Parser>() -> C {
    C::try_parse().unwrap_or_else(|error| {
        if matches!(
            error.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
        ) {
            if let Err(failed) = error.print() {
                common::out::error_line(format_args!("error: cannot write the help: {failed}"));
                std::process::exit(1);
            }
            std::process::exit(0);
        }
        usage_error(&one_line(&error.render().to_string()))
    })
}

/// clap's error in one line: its first line, and the values a flag takes
/// when it lists them (`--lock bogus`).
fn one_line(text: &str) -> String {
    let mut lines = text.lines();
    let mut line = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_owned();
    if line.ends_with(':') {
        // "the following required arguments were not provided:", then the
        // arguments, indented, one a line.
        let listed: Vec<&str> = lines
            .take_while(|next| next.starts_with("  "))
            .map(str::trim)
            .collect();
        line = format!("{line} {}", listed.join(", "));
    }
    match text
        .lines()
        .find_map(|line| line.trim().strip_prefix("[possible values: "))
    {
        Some(values) => format!(
            "{line}: use one of {} (see --help)",
            values.trim_end_matches(']')
        ),
        None => format!("{line} (see --help)"),
    }
}

/// Ends the process as a usage error does: `line` on stderr, exit status 2.
pub fn usage_error(line: &str) -> ! {
    common::out::error_line(format_args!("{line}"));
    std::process::exit(2)
}

fn draw_seed() -> u64 {
    // Any varying number will do: the seed is printed, so the run can be repeated.
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    u64::from(nanos ^ std::process::id().rotate_left(16)) % 100_000
}

/// Parses `--articles`: a whole number from 1. Whether that many fit in
/// memory is [`RunArgs::check`]'s question.
fn parse_articles(text: &str) -> Result<usize, String> {
    parse_count(text, 1, usize::MAX, "")
}

/// Parses Part 5's `--workers`: a whole number from 1 to [`MAX_THREADS`].
pub fn parse_workers(text: &str) -> Result<NonZeroUsize, String> {
    parse_count(text, 1, MAX_THREADS, "each worker is an OS thread")
        .map(|count| NonZeroUsize::new(count).expect("parse_count refuses 0 when the least is 1"))
}

/// The most messages `--capacity` gives a channel: a bounded channel makes
/// room for all of them when it is created.
const MAX_CAPACITY: usize = 100_000;

/// Parses Part 5's `--capacity`: a whole number from 0 (every hand-over a
/// rendezvous) to 100,000.
pub fn parse_capacity(text: &str) -> Result<usize, String> {
    parse_count(
        text,
        0,
        MAX_CAPACITY,
        "a bounded channel makes room for every message when it is created",
    )
}

/// A whole number from `least` (0 or 1) to `most`.
fn parse_count(text: &str, least: usize, most: usize, why: &str) -> Result<usize, String> {
    let text = text.trim();
    if let Some(negative) = text.strip_prefix('-')
        && !negative.is_empty()
        && negative.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("must be at least {least}"));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must be a whole number, such as 10".into());
    }
    match text.parse::<usize>() {
        Ok(count) if count < least => Err(format!("must be at least {least}")),
        Ok(count) if count <= most => Ok(count),
        Ok(_) => Err(format!("must be at most {most}: {why}")),
        Err(_) => Err("is too large a number".into()),
    }
}

/// Parses `--rate-limit` and `--burst`: a whole number from 1.
fn parse_rate(text: &str) -> Result<u32, String> {
    parse_count(text, 1, u32::MAX as usize, "").map(|count| count as u32)
}

/// The longest `--timeout` or `--cancel-after` accepted, so a typo cannot
/// make a wait of hours.
const MAX_TIMEOUT: Duration = Duration::from_secs(600);

/// Parses `--timeout`: a duration with its unit, in the series' units (`4s`,
/// `1500ms`), or `none` for no deadline; more than zero, at most 600 s.
///
/// # Errors
///
/// What is wrong with `text`, in one line.
pub fn parse_timeout(text: &str) -> Result<Option<Duration>, String> {
    if text.trim() == "none" {
        return Ok(None);
    }
    parse_duration(text, " (none: no deadline)", ", or none").map(Some)
}

/// Parses `--cancel-after`: a duration with its unit, in the series' units
/// (`1s`, `2200ms`); more than zero, at most 600 s.
///
/// # Errors
///
/// What is wrong with `text`, in one line.
pub fn parse_cancel_after(text: &str) -> Result<Duration, String> {
    parse_duration(text, "", "")
}

/// A duration with its unit, `ms` or `s`, more than zero and at most
/// [`MAX_TIMEOUT`]; `zero` and `or` end the errors' sentences.
fn parse_duration(text: &str, zero: &str, or: &str) -> Result<Duration, String> {
    let text = text.trim();
    let positive = || format!("must be more than 0{zero}");
    if text.trim_start_matches('0').is_empty() {
        return Err(positive());
    }
    let expected =
        || format!("expected a duration with its unit, ms or s, such as 4s or 1500ms{or}");
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map(|at| text.split_at(at))
        .ok_or_else(expected)?;
    let number: u64 = number.parse().map_err(|_| expected())?;
    let duration = match unit {
        "ms" => Duration::from_millis(number),
        "s" => Duration::from_secs(number),
        _ => return Err(expected()),
    };
    if duration.is_zero() {
        return Err(positive());
    }
    if duration > MAX_TIMEOUT {
        return Err(format!("at most {}s", MAX_TIMEOUT.as_secs()));
    }
    Ok(duration)
}

/// Parses `--latency MIN-MAX` in milliseconds, such as `500-1500` or `0-0`.
fn parse_latency(text: &str) -> Result<LatencyRange, String> {
    let expected = || "expected MIN-MAX in milliseconds, such as 500-1500".to_owned();
    let (min, max) = text.trim().split_once('-').ok_or_else(expected)?;
    let ms = |part: &str| part.trim().parse::<u64>().map_err(|_| expected());
    let (min, max) = (ms(min)?, ms(max)?);
    if max > MAX_LATENCY_MS {
        return Err(format!("at most {MAX_LATENCY_MS} ms per call"));
    }
    LatencyRange::from_millis(min, max)
        .ok_or_else(|| format!("the minimum ({min} ms) is above the maximum ({max} ms)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_refuse_zero_negative_text_and_huge_values() {
        assert_eq!(parse_articles("10"), Ok(10));
        assert_eq!(parse_articles("0"), Err("must be at least 1".into()));
        assert_eq!(parse_articles("-3"), Err("must be at least 1".into()));
        assert!(parse_articles("abc").unwrap_err().contains("whole number"));
        assert!(parse_articles("1.5").unwrap_err().contains("whole number"));
        assert_eq!(parse_articles("99999999999"), Ok(99_999_999_999));
        let huge = parse_articles("99999999999999999999999").unwrap_err();
        assert!(huge.contains("too large"), "{huge}");
    }

    #[test]
    fn a_rate_limit_is_a_whole_number_from_1() {
        assert_eq!(parse_rate("10"), Ok(10));
        assert_eq!(parse_rate("0"), Err("must be at least 1".into()));
        assert_eq!(parse_rate("-5"), Err("must be at least 1".into()));
        assert!(parse_rate("fast").unwrap_err().contains("whole number"));
        assert!(parse_rate("99999999999").is_err());
    }

    #[test]
    fn fast_speeds_up_the_refill_and_keeps_the_burst() {
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            run: RunArgs,
        }
        let cli = Cli::try_parse_from(["part", "--rate-limit", "10", "--fast"]).unwrap();
        assert_eq!(
            cli.run.rate_limit(),
            Some(RateLimit {
                per_second: 300.0,
                burst: 10
            })
        );
        let cli = Cli::try_parse_from(["part", "--rate-limit", "10", "--burst", "3"]).unwrap();
        assert_eq!(cli.run.rate_limit().map(|limit| limit.burst), Some(3));
    }

    #[test]
    fn workers_cannot_be_zero_or_more_than_the_thread_limit() {
        assert_eq!(parse_workers("5").map(NonZeroUsize::get), Ok(5));
        assert!(parse_workers("0").is_err());
        assert!(parse_workers("2001").unwrap_err().contains("OS thread"));
        assert_eq!(parse_capacity("0"), Ok(0));
        assert_eq!(parse_capacity("1024"), Ok(1024));
        assert_eq!(parse_capacity("00"), Ok(0));
        assert_eq!(parse_capacity("-1"), Err("must be at least 0".into()));
        assert!(parse_capacity("-x").unwrap_err().contains("whole number"));
        assert!(
            parse_capacity("100001")
                .unwrap_err()
                .contains("at most 100000")
        );
        assert!(parse_capacity("lots").is_err());
    }

    #[test]
    fn latency_range_must_be_ordered_and_bounded() {
        assert_eq!(parse_latency("500-1500"), Ok(LatencyRange::DEFAULT));
        assert_eq!(parse_latency("0-0"), Ok(LatencyRange::ZERO));
        assert_eq!(
            parse_latency("1500-500"),
            Err("the minimum (1500 ms) is above the maximum (500 ms)".into())
        );
        assert!(parse_latency("fast").unwrap_err().contains("MIN-MAX"));
        assert!(parse_latency("1-99999999").unwrap_err().contains("at most"));
    }

    #[test]
    fn short_runs_print_their_calls_and_draw_a_timeline_long_ones_do_not() {
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            run: RunArgs,
        }
        let plan = |args: &[&str]| {
            let cli = Cli::try_parse_from(["part", "--seed", "1"].iter().chain(args)).unwrap();
            let plan = cli.run.plan();
            (plan.lines, plan.timeline_rows)
        };
        assert_eq!(plan(&["--articles", "8"]), (true, 8));
        assert_eq!(plan(&["--articles", "8", "--quiet"]), (false, 8));
        assert_eq!(plan(&["--articles", "8", "--no-timeline"]), (true, 0));
        assert_eq!(plan(&["--articles", "45"]), (true, 0));
        assert_eq!(plan(&["--articles", "60"]), (false, 0));
        assert_eq!(plan(&["--articles", "300", "--timeline"]), (false, 200));
    }

    #[test]
    fn fast_divides_the_latency_by_thirty() {
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            run: RunArgs,
        }
        let cli = Cli::try_parse_from(["part", "--fast", "--seed", "1"]).unwrap();
        let (workload, drawn) = cli.run.workload();
        assert!(!drawn);
        assert_eq!(workload.latency, LatencyRange::DEFAULT.scaled_down(30));
    }

    /// Claim: `--timeout` takes a duration with its unit or none, refuses zero, no unit and hours, and `--fast` divides it by 30.
    #[test]
    fn timeouts_need_a_unit_and_fast_scales_them() {
        assert_eq!(parse_timeout("4s"), Ok(Some(Duration::from_secs(4))));
        assert_eq!(
            parse_timeout("1500ms"),
            Ok(Some(Duration::from_millis(1500)))
        );
        assert_eq!(parse_timeout("none"), Ok(None));
        assert!(parse_timeout("0s").unwrap_err().contains("more than 0"));
        assert!(parse_timeout("0").unwrap_err().contains("more than 0"));
        assert!(parse_timeout("4").unwrap_err().contains("with its unit"));
        assert!(parse_timeout("4h").unwrap_err().contains("with its unit"));
        assert!(parse_timeout("-4s").unwrap_err().contains("with its unit"));
        assert!(parse_timeout("601s").unwrap_err().contains("at most 600s"));
        assert!(parse_timeout("99999999999999999999s").is_err());
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            run: RunArgs,
        }
        let fast = Cli::try_parse_from(["part", "--fast"]).unwrap();
        assert_eq!(
            fast.run.on_the_runs_clock(Duration::from_secs(3)),
            Duration::from_millis(100)
        );
    }

    /// Claim: `--unreliable` brings the series' unreliable provider, `--fast` scales it, and `--latency` beside it is a usage error.
    #[test]
    fn unreliable_brings_its_own_latency_and_refuses_latency() {
        #[derive(Parser, Debug)]
        struct Cli {
            #[command(flatten)]
            run: RunArgs,
        }
        let cli = Cli::try_parse_from(["part", "--unreliable", "--fast"]).unwrap();
        let (workload, _) = cli.run.workload();
        assert_eq!(workload.latency, LatencyRange::UNRELIABLE.scaled_down(30));
        let error = Cli::try_parse_from(["part", "--unreliable", "--latency", "1-2"]).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ArgumentConflict);
    }
}
