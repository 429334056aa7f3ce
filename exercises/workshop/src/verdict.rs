//! The runner's verdict on an exercise, and the causes of its failures: pure
//! functions over what building and running the checks returned, so that
//! every way an exercise can be not done is a unit test, not a hope.

use std::time::Duration;

/// How one check's process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// libtest said `ok`, and the process exited cleanly.
    Passed,
    /// libtest said `FAILED`; the check's panic message, as printed, without
    /// the line naming its thread and location.
    Failed { message: String },
    /// The process ended without libtest's verdict on the check: it
    /// aborted, overflowed its stack, was killed, or ran no check of that
    /// name. `how` says which; `output` is the last of what it printed.
    Crashed { how: String, output: String },
}

/// One check, run in a process of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The check's name, as the test binary lists it.
    pub name: String,
    pub outcome: Outcome,
    /// From the process's start to its end.
    pub took: Duration,
}

/// What building and running one exercise's checks returned: all the
/// verdict looks at, besides the `todo!()`s left in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// cargo built no test binary for the checks: the code does not compile.
    NotBuilt,
    /// The test binary was built. `listed` is what `--ignored --list` said
    /// (or how it crashed), `runs` what each listed check's process did.
    Built {
        listed: Result<Vec<String>, String>,
        runs: Vec<Run>,
    },
}

/// Whether an exercise is done and, if not, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every check passed and no `todo!()` is left.
    Done { checks: usize },
    /// The checks could not be built.
    DoesNotCompile,
    /// The test binary crashed: while listing its checks (`checks` is
    /// empty), or in these checks, which got no verdict from libtest. A
    /// crash outranks a failed check: it is the stranger news.
    Crashed { checks: Vec<String> },
    /// These checks failed, out of `of`.
    Failed { checks: Vec<String>, of: usize },
    /// The test binary lists no check: there was nothing to pass.
    NoCheckRan,
    /// Every check passed, but `todos` `todo!()`s are left in the file.
    TodoLeft { todos: usize, checks: usize },
}

impl Verdict {
    /// Whether the exercise is done: nothing else counts.
    pub fn is_done(&self) -> bool {
        matches!(self, Verdict::Done { .. })
    }

    /// Whether every check passed, a `todo!()` left or not: what `solution`
    /// waits for.
    pub fn checks_pass(&self) -> bool {
        matches!(self, Verdict::Done { .. } | Verdict::TodoLeft { .. })
    }

    /// The verdict in one line, after "exercise N: ".
    pub fn summary(&self) -> String {
        match self {
            Verdict::Done { checks } => format!("done: all {checks} checks pass"),
            Verdict::DoesNotCompile => "not done: it does not compile".to_owned(),
            Verdict::Crashed { checks } if checks.is_empty() => {
                "not done: the checks' test binary crashed while listing its checks".to_owned()
            }
            Verdict::Crashed { checks } if checks.len() <= 2 => format!(
                "not done: the checks' test binary crashed in {} ({})",
                count(checks.len(), "check"),
                checks.join(", ")
            ),
            Verdict::Crashed { checks } => format!(
                "not done: the checks' test binary crashed in {}",
                count(checks.len(), "check")
            ),
            Verdict::Failed { checks, of } => format!(
                "not done: {} of {of} checks pass, {} {}",
                of - checks.len(),
                checks.len(),
                if checks.len() == 1 { "fails" } else { "fail" }
            ),
            Verdict::NoCheckRan => {
                "not done: no check ran (the checks' test binary lists none)".to_owned()
            }
            Verdict::TodoLeft { todos, checks } => format!(
                "not done: all {checks} checks pass, but {} left in the file",
                count(*todos, "todo!()")
            ),
        }
    }
}

/// "1 check", "2 checks".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The verdict on an exercise whose checks returned `ran`, with `todos`
/// `todo!()`s left in its file. Done only if the checks were built, listed
/// at least one check, and every listed check passed in a process that
/// exited cleanly, and no `todo!()` is left.
pub fn verdict(ran: &Ran, todos: usize) -> Verdict {
    let (listed, runs) = match ran {
        Ran::NotBuilt => return Verdict::DoesNotCompile,
        Ran::Built { listed: Err(_), .. } => return Verdict::Crashed { checks: Vec::new() },
        Ran::Built {
            listed: Ok(listed),
            runs,
        } => (listed, runs),
    };
    if listed.is_empty() {
        return Verdict::NoCheckRan;
    }
    let outcome_of = |name: &String| {
        runs.iter()
            .find(|run| run.name == *name)
            .map(|run| &run.outcome)
    };
    // A listed check with no run got no verdict either: it counts as crashed.
    let crashed: Vec<String> = listed
        .iter()
        .filter(|name| matches!(outcome_of(name), None | Some(Outcome::Crashed { .. })))
        .cloned()
        .collect();
    if !crashed.is_empty() {
        return Verdict::Crashed { checks: crashed };
    }
    let failed: Vec<String> = listed
        .iter()
        .filter(|name| matches!(outcome_of(name), Some(Outcome::Failed { .. })))
        .cloned()
        .collect();
    if !failed.is_empty() {
        return Verdict::Failed {
            checks: failed,
            of: listed.len(),
        };
    }
    if todos > 0 {
        return Verdict::TodoLeft {
            todos,
            checks: listed.len(),
        };
    }
    Verdict::Done {
        checks: listed.len(),
    }
}

/// Checks that failed the same way, and the diagnosis they share.
#[derive(Debug, PartialEq, Eq)]
pub struct Cause<'a> {
    /// The checks, in the order of the runs.
    pub checks: Vec<&'a str>,
    /// One check's panic message, as printed: that of the first check
    /// whose message reads as most of the others' do, counts aside.
    pub diagnosis: &'a str,
    /// The check whose message [`Cause::diagnosis`] is.
    pub seen_by: &'a str,
    /// Whether the others' messages differ from it in their counts.
    pub counts_differ: bool,
}

/// The failed runs, grouped by their panic messages: one cause per
/// diagnosis, in the order each first appears.
///
/// Messages that differ only in their counts are one cause: each check
/// runs a workload of its own ("25 of 25 articles analysed" in one, "9 of
/// 10 articles analysed, 1 call panicked" in the next), and a mistake that
/// stalls them all says the same thing about each.
pub fn causes(runs: &[Run]) -> Vec<Cause<'_>> {
    let mut groups: Vec<(String, Vec<(&str, &str)>)> = Vec::new();
    for run in runs {
        let Outcome::Failed { message } = &run.outcome else {
            continue;
        };
        let key = without_numbers(message, true);
        let failure = (run.name.as_str(), message.as_str());
        match groups.iter_mut().find(|(seen, _)| *seen == key) {
            Some((_, failures)) => failures.push(failure),
            None => groups.push((key, vec![failure])),
        }
    }
    groups
        .into_iter()
        .map(|(_, failures)| {
            // Shown: the message most of them share, numbers aside, so that
            // one check's odd count ("1 call panicked") does not stand for all.
            let shape = |message: &str| without_numbers(message, false);
            let sharing = |message: &str| {
                failures
                    .iter()
                    .filter(|(_, other)| shape(other) == shape(message))
                    .count()
            };
            let most = failures.iter().map(|(_, message)| sharing(message)).max();
            let &(seen_by, diagnosis) = failures
                .iter()
                .find(|(_, message)| Some(sharing(message)) == most)
                .expect("a group has a failure");
            Cause {
                checks: failures.iter().map(|(name, _)| *name).collect(),
                diagnosis,
                seen_by,
                counts_differ: failures.iter().any(|(_, message)| *message != diagnosis),
            }
        })
        .collect()
}

/// Whether a diagnosis already says where to read more for exercise `n`:
/// the lowest hint that covers its cause (`cargo exercise hint n K`), the
/// part's code for what the exercise gave ready-made, or the part's README
/// section on the claim. The checks it names need no hint of their own.
pub fn points_the_way(diagnosis: &str, n: u8) -> bool {
    hint_named(diagnosis, n).is_some()
        || diagnosis.contains(&format!("ready-made in exercise {n}"))
        || diagnosis.contains("/README.md, \"")
}

/// The hint of exercise `n` that a diagnosis names (`cargo exercise hint n
/// K`), if it names one.
pub fn hint_named(diagnosis: &str, n: u8) -> Option<usize> {
    let (_, after) = diagnosis.split_once(&format!("cargo exercise hint {n} "))?;
    let level: String = after.chars().take_while(char::is_ascii_digit).collect();
    level.parse().ok()
}

/// Checks whose processes crashed the same way.
#[derive(Debug, PartialEq, Eq)]
pub struct Crash<'a> {
    /// The checks, in the order of the runs.
    pub checks: Vec<&'a str>,
    /// How the first one's process ended.
    pub how: &'a str,
    /// The last it printed.
    pub output: &'a str,
}

/// The crashed runs, grouped by how they ended and what they printed
/// last, counts and the check's own name aside: one crash per cause, in the
/// order each first appears.
pub fn crashes(runs: &[Run]) -> Vec<Crash<'_>> {
    let mut crashes: Vec<(String, Crash<'_>)> = Vec::new();
    for run in runs {
        let Outcome::Crashed { how, output } = &run.outcome else {
            continue;
        };
        // A check's own name in its output (its thread's) is no difference.
        let output_of_any = output.replace(run.name.as_str(), "<check>");
        let key = without_numbers(&format!("{how}\n{output_of_any}"), true);
        match crashes.iter_mut().find(|(seen, _)| *seen == key) {
            Some((_, crash)) => crash.checks.push(&run.name),
            None => crashes.push((
                key,
                Crash {
                    checks: vec![&run.name],
                    how,
                    output,
                },
            )),
        }
    }
    crashes.into_iter().map(|(_, crash)| crash).collect()
}

/// `text` with each number replaced by `#` and, if `singular`, the word
/// it counts made singular: "1 call panicked" and "0 calls panicked" then
/// read the same.
fn without_numbers(text: &str, singular: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            out.push(c);
            continue;
        }
        out.push('#');
        while chars.next_if(char::is_ascii_digit).is_some() {}
        if singular && let Some(space) = chars.next_if_eq(&' ') {
            out.push(space);
            let mut word = String::new();
            while let Some(c) = chars.next_if(|c| c.is_alphabetic()) {
                word.push(c);
            }
            out.push_str(word.strip_suffix('s').unwrap_or(&word));
        }
    }
    out
}

/// The `todo!(` calls left in `source`, comments not counted.
pub fn todos_left(source: &str) -> usize {
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| line.matches("todo!(").count())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, outcome: Outcome) -> Run {
        Run {
            name: name.to_owned(),
            outcome,
            took: Duration::from_millis(10),
        }
    }

    fn passed(name: &str) -> Run {
        run(name, Outcome::Passed)
    }

    fn failed(name: &str, message: &str) -> Run {
        run(
            name,
            Outcome::Failed {
                message: message.to_owned(),
            },
        )
    }

    fn crashed(name: &str) -> Run {
        run(
            name,
            Outcome::Crashed {
                how: "killed by signal 6 (SIGABRT)".to_owned(),
                output: "fatal runtime error: stack overflow".to_owned(),
            },
        )
    }

    fn built(listed: &[&str], runs: Vec<Run>) -> Ran {
        Ran::Built {
            listed: Ok(listed.iter().map(|name| (*name).to_owned()).collect()),
            runs,
        }
    }

    const CHECKS: [&str; 3] = [
        "every_article_once",
        "every_article_in_flight_at_once",
        "results_may_arrive_in_any_order",
    ];

    fn all_passed() -> Vec<Run> {
        CHECKS.iter().map(|name| passed(name)).collect()
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    /// Claim: an exercise is done when every listed check passed and no
    /// `todo!()` is left, and only then.
    #[test]
    fn every_check_passed_and_no_todo_left_is_done() {
        let verdict = verdict(&built(&CHECKS, all_passed()), 0);
        assert_eq!(verdict, Verdict::Done { checks: 3 });
        assert!(verdict.is_done() && verdict.checks_pass());
        assert_eq!(verdict.summary(), "done: all 3 checks pass");
    }

    /// Claim: one failed check is enough to be not done, and it is named.
    #[test]
    fn a_failed_check_is_not_done() {
        let mut runs = all_passed();
        runs[1] = failed(
            CHECKS[1],
            "expected a peak of 10 calls in flight, measured 1",
        );
        let verdict = verdict(&built(&CHECKS, runs), 0);
        assert_eq!(
            verdict,
            Verdict::Failed {
                checks: names(&[CHECKS[1]]),
                of: 3
            }
        );
        assert!(!verdict.is_done() && !verdict.checks_pass());
        assert_eq!(verdict.summary(), "not done: 2 of 3 checks pass, 1 fails");
    }

    /// Claim: code that does not compile is not done, whatever else is known.
    #[test]
    fn code_that_does_not_compile_is_not_done() {
        let verdict = verdict(&Ran::NotBuilt, 0);
        assert_eq!(verdict, Verdict::DoesNotCompile);
        assert!(!verdict.is_done() && !verdict.checks_pass());
    }

    /// Claim: a check whose process ended with no verdict from libtest (an
    /// abort, a stack overflow, a kill) is not done, even if every other
    /// check passed, and even beside a failed check.
    #[test]
    fn a_crashed_test_binary_is_not_done() {
        let mut runs = all_passed();
        runs[2] = crashed(CHECKS[2]);
        let verdict = verdict(&built(&CHECKS, runs.clone()), 0);
        assert_eq!(
            verdict,
            Verdict::Crashed {
                checks: names(&[CHECKS[2]])
            }
        );
        assert!(!verdict.is_done() && !verdict.checks_pass());
        runs[0] = failed(CHECKS[0], "article 0 has no result");
        assert_eq!(
            super::verdict(&built(&CHECKS, runs), 0),
            Verdict::Crashed {
                checks: names(&[CHECKS[2]])
            }
        );
    }

    /// Claim: a test binary that crashed while listing its checks is not done.
    #[test]
    fn a_test_binary_that_crashed_while_listing_is_not_done() {
        let ran = Ran::Built {
            listed: Err("killed by signal 11 (SIGSEGV)".to_owned()),
            runs: Vec::new(),
        };
        let verdict = verdict(&ran, 0);
        assert_eq!(verdict, Verdict::Crashed { checks: Vec::new() });
        assert!(!verdict.is_done());
        assert!(verdict.summary().contains("while listing"));
    }

    /// Claim: a listed check that never ran got no verdict: not done.
    #[test]
    fn a_listed_check_that_never_ran_is_not_done() {
        let runs = all_passed().into_iter().take(2).collect();
        let verdict = verdict(&built(&CHECKS, runs), 0);
        assert_eq!(
            verdict,
            Verdict::Crashed {
                checks: names(&[CHECKS[2]])
            }
        );
    }

    /// Claim: zero checks found is not done: nothing passed.
    #[test]
    fn zero_checks_found_is_not_done() {
        let verdict = verdict(&built(&[], Vec::new()), 0);
        assert_eq!(verdict, Verdict::NoCheckRan);
        assert!(!verdict.is_done() && !verdict.checks_pass());
        // Runs of checks the binary does not list change nothing.
        let verdict = super::verdict(&built(&[], all_passed()), 0);
        assert_eq!(verdict, Verdict::NoCheckRan);
    }

    /// Claim: a `todo!()` left is not done, though the checks pass.
    #[test]
    fn a_todo_left_is_not_done() {
        let verdict = verdict(&built(&CHECKS, all_passed()), 2);
        assert_eq!(
            verdict,
            Verdict::TodoLeft {
                todos: 2,
                checks: 3
            }
        );
        assert!(!verdict.is_done() && verdict.checks_pass());
        assert_eq!(
            verdict.summary(),
            "not done: all 3 checks pass, but 2 todo!()s left in the file"
        );
    }

    /// Claim: a failure or a crash outranks a `todo!()` left: the learner
    /// hears first about what the checks saw.
    #[test]
    fn failures_are_reported_before_todos() {
        let mut runs = all_passed();
        runs[0] = failed(CHECKS[0], "not yet implemented");
        assert!(matches!(
            verdict(&built(&CHECKS, runs.clone()), 5),
            Verdict::Failed { .. }
        ));
        runs[1] = crashed(CHECKS[1]);
        assert!(matches!(
            verdict(&built(&CHECKS, runs), 5),
            Verdict::Crashed { .. }
        ));
    }

    /// Claim: checks whose messages differ only in their counts are one
    /// cause, printed once; a different message is another cause.
    #[test]
    fn checks_that_failed_the_same_way_share_one_diagnosis() {
        let stalled = |n: usize| {
            format!(
                "the pipeline stopped: for 1.00 s no call has started or ended. Still waiting:\n  \
                 {n} of {n} articles analysed\nLikely mistakes:\n  - drop(result_tx)"
            )
        };
        let panicked = |calls: &str| {
            format!("9 of 10 articles analysed, {calls} panicked; 10 of 10 taken from the input")
        };
        let runs = vec![
            failed("a", &stalled(25)),
            passed("b"),
            failed("c", "expected a peak of 10 calls in flight, measured 1"),
            failed("d", &stalled(10)),
            crashed("e"),
            failed("f", &stalled(25)),
        ];
        let causes = causes(&runs);
        assert_eq!(causes.len(), 2, "{causes:#?}");
        assert_eq!(causes[0].checks, ["a", "d", "f"]);
        assert_eq!(causes[0].diagnosis, stalled(25));
        assert_eq!(causes[0].seen_by, "a");
        assert!(causes[0].counts_differ);
        assert_eq!(causes[1].checks, ["c"]);
        assert!(!causes[1].counts_differ);
        // One check's odd count does not stand for the others.
        let plural = vec![
            failed("a", &panicked("1 call")),
            failed("b", &panicked("0 calls")),
            failed("c", &panicked("2 calls")),
        ];
        let plural = super::causes(&plural);
        assert_eq!(plural.len(), 1, "{plural:#?}");
        assert_eq!(plural[0].seen_by, "b");
        assert_eq!(plural[0].diagnosis, panicked("0 calls"));
        let same = vec![failed("a", &stalled(6)), failed("b", &stalled(6))];
        assert!(!super::causes(&same)[0].counts_differ);
    }

    /// Claim: checks that crashed the same way are one crash, printed once.
    /// Claim: a diagnosis that says where to read more (its hint, the part's code, a README section) answers its checks' hint.
    #[test]
    fn a_diagnosis_naming_its_hint_points_the_way() {
        let hint = "... Hint 1 covers this: cargo exercise hint 4 1";
        let ready_made = "... ready-made in exercise 5: put it back as it was";
        let section = "... Read: part-04-channels/README.md, \"What to observe\".";
        assert!(points_the_way(hint, 4));
        assert!(points_the_way(ready_made, 5));
        assert!(points_the_way(section, 4));
        assert!(!points_the_way("... cargo exercise hint 5 1", 4));
        assert!(!points_the_way("expected a peak of 10, measured 1", 4));
        assert_eq!(hint_named(hint, 4), Some(1));
        assert_eq!(hint_named(ready_made, 5), None);
    }

    #[test]
    fn checks_that_crashed_the_same_way_are_one_crash() {
        let overflowed = |name: &str| {
            run(
                name,
                Outcome::Crashed {
                    how: "killed by signal 6 (SIGABRT)".to_owned(),
                    output: format!("thread '{name}' (4{}) has overflowed its stack", name.len()),
                },
            )
        };
        let runs = vec![
            overflowed("every_article_once"),
            passed("every_article_in_flight_at_once"),
            crashed("a_panicking_article_is_reported"),
            overflowed("results_keep_input_order"),
            failed("reported_ideal_is_right", "boom"),
        ];
        let crashes = crashes(&runs);
        assert_eq!(crashes.len(), 2, "{crashes:#?}");
        assert_eq!(
            crashes[0].checks,
            ["every_article_once", "results_keep_input_order"]
        );
        assert_eq!(
            crashes[0].output,
            "thread 'every_article_once' (418) has overflowed its stack"
        );
        assert_eq!(crashes[1].checks, ["a_panicking_article_is_reported"]);
        assert_eq!(crashes[1].how, "killed by signal 6 (SIGABRT)");
    }

    #[test]
    fn todos_in_comments_do_not_count() {
        let source = "// full of `todo!()`\nlet a = todo!(\"one\");\n    todo!(\"two\");\n";
        assert_eq!(todos_left(source), 2);
    }
}
