//! INSTRUCTOR.md's table of common mistakes, applied. Each row that a check
//! catches is made here, on the part's own code with the decisive line
//! changed (the parts' `mistakes.rs`, which are also the exercises'
//! break-it tasks), and run through the claim that the row names, once in
//! the part's words and once in its exercise's. Each run must fail with:
//!
//! - the text the row quotes (its third cell's first `` `…` ``), so the
//!   table says what a learner sees;
//! - the cause, in the part's own advice (`common::testing::lesson`);
//! - the part: its README section, or the exercise's hint (`cargo exercise
//!   hint N K`, no higher than the hint that covers the check in the
//!   exercise's `HINTS.md`), or, where no hint covers it, the part's code
//!   (for what the exercise gives ready-made) or its README section;
//! - no other part's words (a feeder in Part 4, a lock in Part 5).
//!
//! A maintainers' check, like `readme_tables.rs`: `#[ignore]`d in `cargo
//! test --workspace`; `.ci/run` runs it with `-- --ignored`.

use std::fs;
use std::num::NonZeroUsize;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::sync::channel::Receiver;
use common::testing::deadline::expecting_a_hang;
use common::testing::lesson::{self, Cause};
use common::testing::{claims, deadlines, failure_of, shutdown};
use common::{AIResult, Articles, LlmClient, PipelineError};
use part_05_worker_pool::mistakes::{Mistake, process_all_with};
use part_06_deadlines::mistakes::{Mistake as Part6Mistake, process_all_with as part6_with};
use part_07_shutdown::mistakes::{Mistake as Part7Mistake, process_all_with as part7_with};

/// One row of the table, applied.
struct Applied {
    /// How the row's first cell begins.
    mistake: &'static str,
    part: u8,
    /// The check that catches it, as the exercise names it.
    check: &'static str,
    cause: Cause,
    /// Runs the claim on the mistaken code; it must panic.
    apply: fn(),
}

fn pool(
    mistake: Mistake,
    workers: usize,
    capacity: usize,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static {
    let workers = NonZeroUsize::new(workers).expect("at least one worker");
    move |articles, client| process_all_with(mistake, articles, client, workers, capacity)
}

/// A stalled run is a verdict a second after its last call; the deadline is
/// only the backstop.
fn stalls(claim: impl FnOnce()) {
    expecting_a_hang(Duration::from_secs(5), claim);
}

const APPLIED: &[Applied] = &[
    Applied {
        mistake: "joining only the threads that have finished",
        part: 2,
        check: "every_article_once_with_its_own_result",
        cause: Cause::MissingResults,
        apply: || {
            claims::every_article_once(part_02_threads::mistakes::process_all_without_join, 25);
        },
    },
    Applied {
        mistake: "joining out of input order",
        part: 2,
        check: "results_keep_input_order",
        cause: Cause::OutOfOrder,
        apply: || {
            claims::results_keep_input_order(
                part_02_threads::mistakes::process_all_joining_in_reverse,
            );
        },
    },
    Applied {
        mistake: "returning at the first panicked thread",
        part: 2,
        check: "a_panicking_article_ends_the_run_with_an_error_naming_it",
        cause: Cause::Unjoined,
        apply: || {
            claims::panic_is_reported(
                part_02_threads::mistakes::process_all_returning_at_a_panic,
                "article-4",
            );
        },
    },
    Applied {
        mistake: "returning at the first panicked thread",
        part: 5,
        check: "a_panicking_article_does_not_hang_the_pool_and_is_reported",
        cause: Cause::Unjoined,
        apply: || claims::panic_is_reported(pool(Mistake::ReturningAtAPanic, 3, 3), "worker-"),
    },
    Applied {
        mistake: "the lock held around the LLM calls",
        part: 3,
        check: "every_article_in_flight_at_once",
        cause: Cause::TookTurns,
        apply: || {
            claims::peak_in_flight_is(part_03_mutex::mistakes::process_all_wide_lock, 10, 10);
        },
    },
    Applied {
        mistake: "a guard in a `match` scrutinee",
        part: 3,
        check: "every_article_in_flight_at_once",
        cause: Cause::TookTurns,
        apply: || {
            claims::peak_in_flight_is(part_03_mutex::mistakes::process_all_guard_in_match, 10, 10);
        },
    },
    Applied {
        mistake: "no `drop(result_tx)` before collecting",
        part: 4,
        check: "every_article_once_with_its_own_result",
        cause: Cause::KeptSender,
        apply: || {
            stalls(|| {
                claims::every_article_once(
                    part_04_channels::mistakes::process_all_keeping_sender,
                    25,
                );
            });
        },
    },
    Applied {
        mistake: "results sorted back into input order",
        part: 4,
        check: "results_may_arrive_in_any_order",
        cause: Cause::PutBackInOrder,
        apply: || {
            claims::results_arrive_in_completion_order(
                part_04_channels::mistakes::process_all_sorting_results,
            );
        },
    },
    Applied {
        mistake: "a `recv` inside the spawn loop",
        part: 4,
        check: "every_article_in_flight_at_once",
        cause: Cause::TookTurns,
        apply: || {
            claims::peak_in_flight_is(
                part_04_channels::mistakes::process_all_receiving_in_the_spawn_loop,
                10,
                10,
            );
        },
    },
    Applied {
        mistake: "an unbounded job channel",
        part: 5,
        check: "the_feeder_reads_ahead_at_most_the_job_channel_capacity",
        cause: Cause::ReadTooFarAhead,
        apply: || {
            claims::read_ahead_is_bounded_by(pool(Mistake::UnboundedJobs, 2, 16), 200, 16, 2);
        },
    },
    Applied {
        mistake: "the feeder on the collector's thread",
        part: 5,
        check: "every_article_once_with_its_own_result_at_every_worker_count",
        cause: Cause::Blocked,
        apply: || {
            stalls(|| {
                drop(claims::every_article_once(
                    pool(Mistake::FeedingInline, 1, 1),
                    10,
                ))
            })
        },
    },
    Applied {
        mistake: "no `drop(job_rx)`",
        part: 5,
        check: "a_panicking_article_does_not_hang_the_pool_and_is_reported",
        cause: Cause::ThreadsGone,
        apply: || {
            stalls(|| claims::panic_is_reported(pool(Mistake::KeepingJobRx, 1, 1), "worker-"))
        },
    },
    Applied {
        mistake: "channels bounded to `W` instead of `capacity`",
        part: 5,
        check: "the_feeder_reads_ahead_at_most_the_job_channel_capacity",
        cause: Cause::ReadTooLittleAhead,
        apply: || {
            claims::read_ahead_is_bounded_by(pool(Mistake::BoundedToWorkers, 2, 16), 200, 16, 2);
        },
    },
    Applied {
        mistake: "the feeder loops over a range of its own",
        part: 5,
        check: "the_feeder_reads_ahead_at_most_the_job_channel_capacity",
        cause: Cause::OwnInput,
        apply: || {
            claims::read_ahead_is_bounded_by(pool(Mistake::FeedingOwnRange, 2, 16), 200, 16, 2);
        },
    },
    Applied {
        mistake: "the deadline made once for the whole run",
        part: 6,
        check: "every_article_has_its_own_deadline",
        cause: Cause::SharedDeadline,
        apply: || {
            deadlines::every_article_has_its_own_deadline(|timeout| {
                timed(Part6Mistake::OneDeadlineForTheRun, 1, timeout)
            });
        },
    },
    Applied {
        mistake: "a call made without the article's deadline",
        part: 6,
        check: "a_cut_call_ends_within_a_second_of_its_deadline",
        cause: Cause::NoDeadline,
        apply: || {
            deadlines::cut_calls_end_within_a_bound_of_their_deadline(
                |timeout| timed(Part6Mistake::CallWithoutDeadline, 2, timeout),
                2,
            );
        },
    },
    Applied {
        mistake: "a cut article dropped instead of sent",
        part: 6,
        check: "every_article_once_succeeded_or_cut",
        cause: Cause::MissingResults,
        apply: || {
            deadlines::every_article_once_succeeded_or_cut(
                |workers, timeout| timed(Part6Mistake::DroppingCutArticles, workers, timeout),
                &[5],
            );
        },
    },
    Applied {
        mistake: "`timeout` given a fallback",
        part: 6,
        check: "with_no_deadline_the_pool_is_part_5s",
        cause: Cause::DeadlineFromNothing,
        apply: || {
            deadlines::with_no_deadline_nothing_is_cut(
                timed(Part6Mistake::DeadlineWithoutTimeout, 3, None),
                10,
            );
        },
    },
    Applied {
        mistake: "the article analysed without the stop",
        part: 7,
        check: "after_a_stop_no_call_starts",
        cause: Cause::NoStop,
        apply: || {
            shutdown::after_a_stop_no_call_starts(
                |stop| stoppable(Part7Mistake::StopOnlyBetweenJobs, 1, 2, stop),
                2,
            );
        },
    },
    Applied {
        mistake: "a feeder deaf to the stop",
        part: 7,
        check: "a_stop_reaches_a_feeder_blocked_on_a_full_channel",
        cause: Cause::DeafFeeder,
        apply: || {
            shutdown::a_stop_reaches_a_feeder_blocked_on_a_full_channel(|stop| {
                stoppable(Part7Mistake::DeafFeeder, 1, 0, stop)
            });
        },
    },
    Applied {
        mistake: "the jobs taken after the stop dropped",
        part: 7,
        check: "every_article_is_accounted_for_at_any_stop",
        cause: Cause::DroppedQueued,
        apply: || {
            shutdown::every_article_accounted_for_at_any_stop(
                |workers| {
                    move |stop| stoppable(Part7Mistake::DroppingQueued, workers, workers, stop)
                },
                &[1, 3],
            );
        },
    },
    Applied {
        mistake: "any error of `try_recv` taken for the stop",
        part: 7,
        check: "every_article_is_accounted_for_at_any_stop",
        cause: Cause::StopThatNeverCame,
        apply: || {
            shutdown::every_article_accounted_for_at_any_stop(
                |workers| {
                    move |stop| {
                        stoppable(Part7Mistake::EmptyTakenForTheStop, workers, workers, stop)
                    }
                },
                &[1, 3],
            );
        },
    },
    Applied {
        mistake: "the worker waits for the stop (`stop.recv()`)",
        part: 7,
        check: "every_article_is_accounted_for_at_any_stop",
        cause: Cause::WaitsBeforeAnyCall,
        apply: || {
            stalls(|| {
                shutdown::every_article_accounted_for_at_any_stop(
                    |workers| {
                        move |stop| {
                            stoppable(Part7Mistake::WaitingForTheStop, workers, workers, stop)
                        }
                    },
                    &[1],
                );
            });
        },
    },
    Applied {
        mistake: "a job reported queued, then analysed all the same",
        part: 7,
        check: "after_a_stop_no_call_starts",
        cause: Cause::StartedAfterStop,
        apply: || {
            shutdown::after_a_stop_no_call_starts(
                |stop| stoppable(Part7Mistake::QueuedAndAnalysed, 1, 2, stop),
                2,
            );
        },
    },
    Applied {
        mistake: "the feeder's stop arm without the article in its hand",
        part: 7,
        check: "a_stop_reaches_a_feeder_blocked_on_a_full_channel",
        cause: Cause::DroppedInHand,
        apply: || {
            shutdown::a_stop_reaches_a_feeder_blocked_on_a_full_channel(|stop| {
                stoppable(Part7Mistake::DroppingTheArticleInHand, 1, 0, stop)
            });
        },
    },
    Applied {
        mistake: "no `catch_unwind` around the analysis",
        part: 7,
        check: "a_panic_fails_its_article_alone",
        cause: Cause::PanicEndsRun,
        apply: || {
            shutdown::a_panic_is_one_failed_article(|workers| {
                move |stop| stoppable(Part7Mistake::NoCatchUnwind, workers, workers, stop)
            });
        },
    },
];

/// Part 6 with `mistake` made, `workers` workers and `timeout` per article.
fn timed(
    mistake: Part6Mistake,
    workers: usize,
    timeout: Option<Duration>,
) -> impl Fn(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static {
    let workers = NonZeroUsize::new(workers).expect("at least one worker");
    move |articles, client| part6_with(mistake, articles, client, workers, workers.get(), timeout)
}

/// Part 7 with `mistake` made, `workers` workers, channels of `capacity`,
/// no deadline, and `stop` as the run's stop: the contract's pool.
fn stoppable(
    mistake: Part7Mistake,
    workers: usize,
    capacity: usize,
    stop: Receiver<()>,
) -> impl FnOnce(Articles, &Arc<LlmClient>) -> Result<Vec<AIResult>, PipelineError> + Send + 'static
{
    let workers = NonZeroUsize::new(workers).expect("at least one worker");
    move |articles, client| part7_with(mistake, articles, client, workers, capacity, None, stop)
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A row of INSTRUCTOR.md's mistake table: its cells, and its line.
#[derive(Debug)]
struct Row {
    line: usize,
    mistake: String,
    caught_by: String,
    sees: String,
}

fn mistake_table() -> Vec<Row> {
    let text = fs::read_to_string(workspace().join("INSTRUCTOR.md")).expect("INSTRUCTOR.md");
    let mut rows = Vec::new();
    let mut inside = false;
    for (index, line) in text.lines().enumerate() {
        if line.starts_with("| mistake | caught by |") {
            inside = true;
            continue;
        }
        if !inside || line.starts_with("|---") {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 3, "INSTRUCTOR.md:{}: three cells", index + 1);
        rows.push(Row {
            line: index + 1,
            mistake: cells[0].to_owned(),
            caught_by: cells[1].to_owned(),
            sees: cells[2].to_owned(),
        });
    }
    assert!(
        !rows.is_empty(),
        "INSTRUCTOR.md has no `| mistake | caught by | …` table"
    );
    rows
}

/// The first `` `…` `` span of a cell.
fn first_quote(cell: &str) -> Option<&str> {
    let start = cell.find('`')? + 1;
    let len = cell[start..].find('`')?;
    Some(&cell[start..start + len])
}

/// The hint of exercise `part`'s HINTS.md whose `Covers:` lists `check`.
fn hint_covering(part: u8, check: &str) -> Option<u8> {
    let dir = fs::read_dir(workspace().join("exercises"))
        .expect("exercises/")
        .map(|entry| entry.expect("an entry").path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(&format!("ex-0{part}-")))
        })?;
    let hints = fs::read_to_string(dir.join("HINTS.md")).expect("HINTS.md");
    let mut level = 0;
    for line in hints.lines() {
        if let Some(n) = line.strip_prefix("## Hint ") {
            level = n.trim().parse().expect("a hint number");
        } else if line.starts_with("## ") {
            level = 0;
        } else if level > 0 && line.trim() == format!("- `{check}`") {
            return Some(level);
        }
    }
    None
}

/// Claim: every row of INSTRUCTOR.md's mistake table that a check catches fails that check, with the row's text, the cause, that part or its hint, and no other part's words.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn each_mistake_in_the_instructors_table_is_caught_in_its_parts_words() {
    let rows = mistake_table();
    let mut errors = Vec::new();
    // Every row a check catches is applied here; the compiler's, loom's and
    // the command line's rows are checked where they are shown.
    for row in &rows {
        let by_a_check = !(row.caught_by.starts_with("the compiler")
            || row.caught_by.starts_with("nothing")
            || row.caught_by.starts_with("usually nothing"));
        let applied = APPLIED.iter().any(|a| row.mistake.starts_with(a.mistake));
        if by_a_check && !applied {
            errors.push(format!(
                "INSTRUCTOR.md:{}: `{}` is caught by a check, yet not applied here",
                row.line, row.mistake
            ));
        }
    }
    // Silence the expected panics' default output: the messages are checked.
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    for applied in APPLIED {
        let Some(row) = rows
            .iter()
            .find(|row| row.mistake.starts_with(applied.mistake))
        else {
            errors.push(format!(
                "no row of INSTRUCTOR.md begins `{}`",
                applied.mistake
            ));
            continue;
        };
        let quote = first_quote(&row.sees).unwrap_or_default();
        for package in packages(applied.part) {
            lesson::checking(package);
            let Some(message) = failure_of(applied.apply) else {
                errors.push(format!("{package}: `{}` passed", applied.mistake));
                continue;
            };
            let mut wrong = |what: String| {
                errors.push(format!(
                    "{package}, `{}` (INSTRUCTOR.md:{}): {what}\n    it said: {message}",
                    applied.mistake, row.line
                ));
            };
            if quote.is_empty() || !message.contains(quote) {
                wrong(format!("the message does not say the row's `{quote}`"));
            }
            let advice = lesson::says(applied.cause);
            if advice.is_empty() || !message.contains(&advice) {
                wrong(format!(
                    "no advice on {:?} in Part {}'s words",
                    applied.cause, applied.part
                ));
            }
            if let Some((part, word)) = lesson::another_parts_word(&message, applied.part) {
                wrong(format!("`{word}` is Part {part}'s word"));
            }
            if package.starts_with("ex-") {
                let n = applied.part;
                let named = message
                    .split(&format!("cargo exercise hint {n} "))
                    .nth(1)
                    .and_then(|rest| rest.get(..1))
                    .and_then(|level| level.parse::<u8>().ok());
                // No hint covers it: the part has the code the exercise gave
                // ready-made, or its README the claim.
                let solution = message.contains(&format!("ready-made in exercise {n}"))
                    || message.contains(&format!("{}/README.md", packages(n)[0]));
                match (named, hint_covering(n, applied.check)) {
                    (Some(named), Some(covering)) if named <= covering => {}
                    (Some(named), covering) => wrong(format!(
                        "names hint {named}, above the hint that covers `{}` ({covering:?})",
                        applied.check
                    )),
                    (None, _) if solution => {}
                    (None, _) => wrong("names no hint of this exercise".to_owned()),
                }
            } else if !message.contains(&format!("{package}/README.md")) {
                wrong(format!("names no section of {package}/README.md"));
            }
        }
    }
    panic::set_hook(quiet);
    assert!(
        errors.is_empty(),
        "{} problems with INSTRUCTOR.md's mistakes:\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
}

/// The part's package and its exercise's.
fn packages(part: u8) -> [&'static str; 2] {
    match part {
        2 => ["part-02-threads", "ex-02-threads"],
        3 => ["part-03-mutex", "ex-03-mutex"],
        4 => ["part-04-channels", "ex-04-channels"],
        5 => ["part-05-worker-pool", "ex-05-worker-pool"],
        6 => ["part-06-deadlines", "ex-06-deadlines"],
        7 => ["part-07-shutdown", "ex-07-shutdown"],
        _ => unreachable!("no mistake is applied to Part {part}"),
    }
}
