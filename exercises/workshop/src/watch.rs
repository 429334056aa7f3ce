//! `cargo exercise watch N`: the checks again at every save of the
//! exercise's `src/lib.rs`, until `q` + Enter or Ctrl-C.
//!
//! It polls the file's modification time twice a second rather than ask
//! the OS to watch it: nothing to install, and it works the same on every
//! laptop in the room. Where a file system does not update the time (some
//! shared folders of virtual machines), Enter checks again by hand.

use std::fs;
use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime};

use crate::exercises::Exercise;
use crate::hints::Hints;
use crate::verdict::{self, Outcome, Ran, Run, Verdict};
use crate::{Say, hints_of, lib_rs, report, run_checks};

/// How often the file's modification time is read.
const POLL: Duration = Duration::from_millis(500);

/// What identifies one saved version of the file: its modification time
/// and its length (a save within the clock's resolution still changes it).
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let metadata = fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// What the learner typed.
enum Typed {
    /// Enter, or any other line: check now.
    Again,
    /// `q` (or `quit`, `exit`): stop watching.
    Quit,
}

fn typed(line: &str) -> Typed {
    match line.trim() {
        "q" | "quit" | "exit" => Typed::Quit,
        _ => Typed::Again,
    }
}

pub fn watch(exercise: &Exercise) -> ExitCode {
    let file = lib_rs(exercise);
    let shown = format!("exercises/{}/src/lib.rs", exercise.package);
    // stdin is read on a thread of its own, so that the loop below can poll
    // the file while it waits for a line.
    let (line_tx, line_rx) = mpsc::channel();
    thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line_tx.send(typed(&line)).is_err() {
                break;
            }
        }
    });
    let mut stdin_open = true;
    loop {
        // The version being checked: a save during the run checks again.
        let checked = stamp(&file);
        let (ran, verdict) = run_checks(exercise, &Say::default());
        report(exercise, &ran, &verdict);
        let runs = match &ran {
            Ran::Built { runs, .. } => runs.as_slice(),
            Ran::NotBuilt => &[],
        };
        println!("\n{}", next_step(exercise, &verdict, runs));
        println!(
            "\nWatching {shown}: save it to check again; Enter checks now; q + Enter (or Ctrl-C) \
             quits."
        );
        // Lines typed during the run: a `q` still quits, the rest are spent.
        while let Ok(typed) = line_rx.try_recv() {
            if let Typed::Quit = typed {
                return ExitCode::SUCCESS;
            }
        }
        loop {
            if stdin_open {
                match line_rx.recv_timeout(POLL) {
                    Ok(Typed::Quit) => return ExitCode::SUCCESS,
                    Ok(Typed::Again) => {
                        println!("\nChecking again.\n");
                        break;
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        stdin_open = false;
                        println!("(The input is closed: only a save checks again; Ctrl-C quits.)");
                    }
                }
            } else {
                thread::sleep(POLL);
            }
            let now = stamp(&file);
            // A file missing for a moment (an editor replacing it) is no save.
            if now.is_some() && now != checked {
                println!("\n{shown} changed: checking again.\n");
                break;
            }
        }
    }
}

/// The one thing to do next, after a run.
fn next_step(exercise: &Exercise, verdict: &Verdict, runs: &[Run]) -> String {
    let n = exercise.number;
    let hint = hints_of(exercise).and_then(|hints| lowest_hint(verdict, runs, &hints, n));
    match (verdict, hint) {
        (Verdict::Done { .. }, _) => {
            format!("Next: compare with the part (cargo exercise solution {n}), then break it.")
        }
        (Verdict::DoesNotCompile, _) => "Next: the compiler's first error above.".to_owned(),
        (Verdict::TodoLeft { .. }, _) => {
            "Next: the todo!() left in the file: finish or remove it.".to_owned()
        }
        (_, Some(level)) => format!(
            "Next: hint {level}, the lowest that covers a failure: cargo exercise hint {n} {level}"
        ),
        (_, None) => "Next: the diagnosis above.".to_owned(),
    }
}

/// The lowest hint that covers one of the failures the verdict names: the
/// hint a check's diagnosis names (the lowest that covers its cause), or
/// else the hint that covers the check.
fn lowest_hint(verdict: &Verdict, runs: &[Run], hints: &Hints<'_>, n: u8) -> Option<usize> {
    let checks = match verdict {
        Verdict::Failed { checks, .. } | Verdict::Crashed { checks } => checks,
        _ => return None,
    };
    let named = |name: &str| {
        runs.iter()
            .find(|run| run.name == name)
            .and_then(|run| match &run.outcome {
                Outcome::Failed { message } => verdict::hint_named(message, n),
                _ => None,
            })
    };
    checks
        .iter()
        .filter_map(|name| named(name).or_else(|| hints.covering(name)))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercises;

    /// Claim: after a run, watch points at the lowest hint that covers a
    /// failure (the one a diagnosis names, or the one that covers the
    /// check), and at nothing else when none fails.
    #[test]
    fn the_next_step_is_the_lowest_hint_that_covers_a_failure() {
        let exercise = exercises::find(4).unwrap();
        let hints = crate::hints::parse(exercise.hints).unwrap();
        let at = |check: &str| hints.covering(check).unwrap();
        let (low, high) = (
            "too_many_articles_are_refused_before_any_thread_starts",
            "a_panicking_article_ends_the_run_with_an_error_naming_it",
        );
        assert!(at(low) < at(high));
        let failed = Verdict::Failed {
            checks: vec![high.to_owned(), low.to_owned()],
            of: 7,
        };
        assert_eq!(lowest_hint(&failed, &[], &hints, 4), Some(at(low)));
        assert!(
            next_step(exercise, &failed, &[])
                .contains(&format!("cargo exercise hint 4 {}", at(low)))
        );
        let crashed = Verdict::Crashed {
            checks: vec![high.to_owned()],
        };
        assert_eq!(lowest_hint(&crashed, &[], &hints, 4), Some(at(high)));
        // A diagnosis that names a lower hint than the check's wins.
        let only_high = Verdict::Failed {
            checks: vec![high.to_owned()],
            of: 7,
        };
        let named_1 = [Run {
            name: high.to_owned(),
            outcome: Outcome::Failed {
                message: "... Hint 1 covers this: cargo exercise hint 4 1".to_owned(),
            },
            took: std::time::Duration::ZERO,
        }];
        assert!(at(high) > 1);
        assert_eq!(lowest_hint(&only_high, &named_1, &hints, 4), Some(1));
        for verdict in [
            Verdict::Done { checks: 7 },
            Verdict::DoesNotCompile,
            Verdict::TodoLeft {
                todos: 1,
                checks: 7,
            },
        ] {
            assert_eq!(lowest_hint(&verdict, &[], &hints, 4), None);
            assert!(
                !next_step(exercise, &verdict, &[]).contains("hint"),
                "{verdict:?}"
            );
        }
    }
}
