//! `cargo exercise`: the workshop's runner. One command per step of an
//! exercise: `start`, `check` (or `watch`, which checks again at every
//! save), `hint`, `solution`, `status`, `reset`, and `loom` for the break-it
//! tasks. It needs nothing but cargo, and works offline once the workspace
//! is built.
//!
//! The state of an exercise is never stored: `status` and `solution` ask
//! the exercise's own checks. Each check runs in a process of its own
//! ([`runs`]), so the room sees each one start and end; the verdict is a
//! pure function of what they returned ([`verdict`]).

mod compile;
mod exercises;
mod hints;
mod runs;
mod verdict;
mod watch;

use std::cell::Cell;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{self, Command, ExitCode};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use similar::TextDiff;

use compile::Binaries;
use exercises::{EXERCISES, Exercise};
use hints::Hints;
use runs::Event;
use verdict::{Outcome, Ran, Verdict, todos_left};

/// The workshop's exercises: write each part's technique yourself, checked
/// by that part's own tests.
#[derive(Debug, Parser)]
#[command(
    name = "cargo exercise",
    bin_name = "cargo exercise",
    version,
    about,
    after_help = "A typical exercise: `start 4`, then `watch 4` in a terminal of its own while you \
                  edit (every save checks again), `hint 4` when stuck, `solution 4` once done."
)]
struct Cli {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, Subcommand)]
enum Step {
    /// Print exercise N's task, the file to edit and what its checks expect
    Start { number: u8 },
    /// Run exercise N's checks, each as it starts and ends, then refuse any `todo!()` left
    ///
    /// Builds the checks, then runs each in a process of its own, four at a
    /// time, naming each as it starts and ends, and what is still running
    /// every 2 s. A check that stalls fails about 1 s after its last call;
    /// one still busy at its deadline, 10 s (PIPELINE_DEADLINE=60 stretches
    /// it to a minute). Checks that failed the same way print their
    /// diagnosis once; each failing check names the hint that covers it.
    Check { number: u8 },
    /// Check exercise N again at every save of its src/lib.rs (Enter: now; q + Enter: quit)
    ///
    /// Runs `check N` at once, then again whenever src/lib.rs is saved (its
    /// modification time is read twice a second). Where a save goes unnoticed
    /// (some shared folders), Enter checks again by hand. `q` then Enter, or
    /// Ctrl-C, quits. Each run ends with its verdict and the lowest hint that
    /// covers a failing check.
    Watch { number: u8 },
    /// Show hint LEVEL (1 to 3, graded) of exercise N
    Hint {
        number: u8,
        #[arg(default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
        level: u8,
    },
    /// Show the diff from your file to the part's own lib.rs, once your checks pass
    Solution {
        number: u8,
        /// Show it even though the checks do not pass yet
        #[arg(long)]
        anyway: bool,
    },
    /// Every exercise's state, asked of its checks
    Status,
    /// Put exercise N's file back as it started (yours is kept as lib.rs.bak)
    Reset { number: u8 },
    /// Explore every interleaving of exercise N's threads with loom
    Loom { number: u8 },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exercise = |number: u8| {
        exercises::find(number).unwrap_or_else(|| {
            eprintln!("error: there is no exercise {number}: they are 2, 3, 4, 5, 6 and 7");
            process::exit(2);
        })
    };
    match cli.step {
        Step::Start { number } => start(exercise(number)),
        Step::Check { number } => check(exercise(number)),
        Step::Watch { number } => watch::watch(exercise(number)),
        Step::Hint { number, level } => hint(exercise(number), level),
        Step::Solution { number, anyway } => solution(exercise(number), anyway),
        Step::Status => status(),
        Step::Reset { number } => reset(exercise(number)),
        Step::Loom { number } => loom(exercise(number)),
    }
}

fn workspace() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn lib_rs(exercise: &Exercise) -> PathBuf {
    workspace()
        .join("exercises")
        .join(exercise.package)
        .join("src/lib.rs")
}

fn start_copy(exercise: &Exercise) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("start")
        .join(format!("{}.rs", exercise.package))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| {
        eprintln!("error: cannot read {}: {error}", path.display());
        process::exit(1);
    })
}

/// cargo, run from the workspace, with no backtraces.
fn cargo(args: &[&str]) -> Command {
    let mut command =
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")));
    command
        .args(args)
        .current_dir(workspace())
        .env("RUST_BACKTRACE", "0");
    command
}

fn start(exercise: &Exercise) -> ExitCode {
    let readme = workspace()
        .join("exercises")
        .join(exercise.package)
        .join("README.md");
    println!("{}", read(&readme));
    println!(
        "When you think it works: cargo exercise check {}",
        exercise.number
    );
    ExitCode::SUCCESS
}

/// The runner's own lines, on stdout, and when it last said anything: it
/// never stays silent for more than [`HEARTBEAT`] while it waits.
#[derive(Debug)]
struct Say {
    last: Cell<Instant>,
}

impl Default for Say {
    fn default() -> Self {
        Say {
            last: Cell::new(Instant::now()),
        }
    }
}

impl Say {
    fn line(&self, text: impl fmt::Display) {
        println!("{text}");
        self.last.set(Instant::now());
    }

    fn quiet_for(&self) -> Duration {
        self.last.get().elapsed()
    }
}

/// How long the runner may print nothing while it builds or checks.
const HEARTBEAT: Duration = Duration::from_secs(2);

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// Builds the checks of `exercises`, with the compiler's messages about
/// them if `show_their_errors`.
fn build(exercises: &[&Exercise], show_their_errors: bool, say: &Say) -> Binaries {
    let packages: Vec<&str> = exercises.iter().map(|exercise| exercise.package).collect();
    let built = compile::build(
        &workspace(),
        &packages,
        show_their_errors,
        HEARTBEAT,
        &mut |took| say.line(format!("  ... still building ({} s)", took.as_secs())),
    );
    built.unwrap_or_else(|error| {
        eprintln!("error: {error}");
        process::exit(1);
    })
}

/// Tells the room what the checks wait for, and how long each may wait.
fn explain_the_wait(say: &Say) {
    let deadline = runs::pipeline_deadline();
    let stretch = if std::env::var_os(runs::DEADLINE_VAR).is_some() {
        format!("{} is set", runs::DEADLINE_VAR)
    } else {
        format!("{}=<seconds> stretches it", runs::DEADLINE_VAR)
    };
    say.line(
        "Each check waits for your process_all: a run that stops making progress fails about \
         1 s after its last call;",
    );
    say.line(format!(
        "a run still busy fails at its deadline, {} s ({stretch}).",
        deadline.as_secs()
    ));
}

/// Says how many checks are about to run and how long they take at most
/// (every round of them stuck until its deadline); and, if `explain`, what
/// they wait for.
fn announce(exercise: &Exercise, checks: usize, say: &Say, explain: bool) {
    let rounds = checks.div_ceil(runs::AT_ONCE).max(1);
    let at_most = runs::pipeline_deadline() * u32::try_from(rounds).unwrap_or(u32::MAX);
    say.line(format!(
        "Exercise {}: {}, {} at a time, each in a process of its own; at most about {} s in all.",
        exercise.number,
        verdict::count(checks, "check"),
        runs::AT_ONCE,
        at_most.as_secs()
    ));
    if explain {
        explain_the_wait(say);
    }
}

/// Runs `exercise`'s checks from `binaries`, each in a process of its
/// own, several at once, saying as each starts and ends.
fn checks_of(exercise: &Exercise, binaries: &Binaries, say: &Say, explain: bool) -> Ran {
    let Some(binary) = binaries.get(exercise.package) else {
        return Ran::NotBuilt;
    };
    let dir = workspace().join("exercises").join(exercise.package);
    let listed = runs::list(binary, &dir);
    let names = match &listed {
        Ok(names) => names.clone(),
        Err(error) => {
            say.line(format!("The checks' test binary crashed: {error}"));
            return Ran::Built {
                listed,
                runs: Vec::new(),
            };
        }
    };
    announce(exercise, names.len(), say, explain);
    say.line("");
    let runs = runs::run_all(
        binary,
        &dir,
        &names,
        HEARTBEAT,
        &|| say.quiet_for(),
        &mut |event| match event {
            Event::Started(name) => say.line(format!("  start  {name}")),
            Event::Ended(run) => {
                let verdict = match run.outcome {
                    Outcome::Passed => "ok",
                    Outcome::Failed { .. } => "FAIL",
                    Outcome::Crashed { .. } => "CRASH",
                };
                say.line(format!(
                    "  {verdict:<5}  {}  {}",
                    run.name,
                    seconds(run.took)
                ));
            }
            Event::StillRunning(running) => {
                let longest = running.iter().map(|&(_, took)| took).max();
                let names: Vec<&str> = running.iter().map(|&(name, _)| name).collect();
                say.line(format!(
                    "  ...    still running: {} ({:.1} s)",
                    names.join(", "),
                    longest.unwrap_or_default().as_secs_f64()
                ));
            }
        },
    );
    Ran::Built { listed, runs }
}

/// Builds and runs `exercise`'s checks, with progress, and judges them.
fn run_checks(exercise: &Exercise, say: &Say) -> (Ran, Verdict) {
    say.line(format!(
        "Exercise {}: building its checks (Part {}'s claims, against your code)...",
        exercise.number, exercise.number
    ));
    let binaries = build(&[exercise], true, say);
    let ran = checks_of(exercise, &binaries, say, true);
    let todos = todos_left(&read(&lib_rs(exercise)));
    let verdict = verdict::verdict(&ran, todos);
    (ran, verdict)
}

/// `text` with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Writes `text` indented by `indent`, line by line.
fn indented(text: &str, indent: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "N checks `what` the same way:", then their names, one a line.
fn print_group(checks: &[&str], what: &str) {
    println!(
        "{} {what} the same way:",
        verdict::count(checks.len(), "check")
    );
    for name in checks {
        println!("    {name}");
    }
}

/// What the checks said, once they have all ended: each cause of failure
/// once, with the checks it failed; each crash; the hint for each failing
/// check; then the verdict.
fn report(exercise: &Exercise, ran: &Ran, verdict: &Verdict) {
    let n = exercise.number;
    let runs = match ran {
        Ran::Built { runs, .. } => runs.as_slice(),
        Ran::NotBuilt => &[],
    };
    let causes = verdict::causes(runs);
    // Checks whose diagnosis names its hint need no other.
    let pointed: Vec<&str> = causes
        .iter()
        .filter(|cause| verdict::points_the_way(cause.diagnosis, n))
        .flat_map(|cause| cause.checks.iter().copied())
        .collect();
    for cause in causes {
        println!();
        if cause.checks.len() == 1 {
            println!("{} failed. It saw:", cause.seen_by);
        } else {
            print_group(&cause.checks, "failed");
            if cause.counts_differ {
                println!(
                    "  They saw (with the counts of {}; each check has its own):",
                    cause.seen_by
                );
            } else {
                println!("  They saw:");
            }
        }
        println!("{}", indented(cause.diagnosis, "    "));
    }
    for crash in verdict::crashes(runs) {
        println!();
        if crash.checks.len() == 1 {
            println!("{} crashed:", crash.checks[0]);
        } else {
            print_group(&crash.checks, "crashed");
        }
        println!("  {}. The last it printed:", capitalized(crash.how));
        println!("{}", indented(crash.output, "    "));
    }
    let failing: Vec<&str> = runs
        .iter()
        .filter(|run| run.outcome != Outcome::Passed)
        .map(|run| run.name.as_str())
        .filter(|name| !pointed.contains(name))
        .collect();
    if !failing.is_empty() {
        if pointed.is_empty() {
            println!("\nThe hint that covers each failing check:");
        } else {
            println!("\nFor the other failing checks, the hint that covers each:");
        }
        let hints = hints_of(exercise);
        for name in failing {
            match hints.as_ref().and_then(|hints| hints.covering(name)) {
                Some(level) => {
                    println!("  {name}: hint {level} covers it: cargo exercise hint {n} {level}")
                }
                None => println!("  {name}"),
            }
        }
    }
    println!();
    match verdict {
        Verdict::DoesNotCompile => println!(
            "Exercise {n} is not done: your code does not compile yet. The compiler's errors \
             above say where and why."
        ),
        Verdict::Done { checks } => {
            println!("All {checks} checks pass.");
            println!("Exercise {n} is done. Compare with Part {n}: cargo exercise solution {n}");
            if let Some(hints) = hints_of(exercise) {
                println!(
                    "\nThen break it, one line at a time: predict what fails, check, put it back."
                );
                for task in hints.break_it {
                    println!("\n{task}");
                }
            }
        }
        Verdict::TodoLeft { .. } => println!(
            "Exercise {n} is {}: finish or remove it.",
            verdict.summary()
        ),
        _ => println!("Exercise {n} is {}.", verdict.summary()),
    }
}

fn check(exercise: &Exercise) -> ExitCode {
    let (ran, verdict) = run_checks(exercise, &Say::default());
    report(exercise, &ran, &verdict);
    if verdict.is_done() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The exercise's hints file, read: a malformed one is reported, and the
/// command goes on without it (`cargo test -p workshop` catches it first).
fn hints_of(exercise: &Exercise) -> Option<Hints<'static>> {
    hints::parse(exercise.hints)
        .inspect_err(|error| {
            eprintln!("error: exercises/{}/HINTS.md, {error}", exercise.package);
        })
        .ok()
}

fn hint(exercise: &Exercise, level: u8) -> ExitCode {
    let Some(hints) = hints_of(exercise) else {
        return ExitCode::FAILURE;
    };
    let n = exercise.number;
    println!("Exercise {n}, hint {level} of 3:\n");
    println!("{}", hints.hints[usize::from(level) - 1].text);
    if level < 3 {
        println!("\nMore: cargo exercise hint {n} {}", level + 1);
    }
    ExitCode::SUCCESS
}

fn solution(exercise: &Exercise, anyway: bool) -> ExitCode {
    let n = exercise.number;
    if !anyway && !run_checks(exercise, &Say::default()).1.checks_pass() {
        println!(
            "Exercise {n}'s checks do not pass yet: `cargo exercise check {n}` says why. \
             To see the solution anyway: cargo exercise solution {n} --anyway"
        );
        return ExitCode::FAILURE;
    }
    if !anyway {
        println!();
    }
    let yours = read(&lib_rs(exercise));
    let part = read(&workspace().join(exercise.part).join("src/lib.rs"));
    let diff = TextDiff::from_lines(&yours, &part);
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(
            &format!("exercises/{}/src/lib.rs (yours)", exercise.package),
            &format!("{}/src/lib.rs (the part)", exercise.part),
        )
    );
    ExitCode::SUCCESS
}

fn status() -> ExitCode {
    let say = Say::default();
    say.line("Asking each exercise's checks: building them, then running them.");
    explain_the_wait(&say);
    let binaries = build(&EXERCISES.iter().collect::<Vec<_>>(), false, &say);
    let mut states = Vec::new();
    for exercise in &EXERCISES {
        say.line("");
        let ran = checks_of(exercise, &binaries, &say, false);
        let todos = todos_left(&read(&lib_rs(exercise)));
        let verdict = verdict::verdict(&ran, todos);
        let mut state = verdict.summary();
        if verdict == Verdict::DoesNotCompile {
            state = format!(
                "{state} (cargo exercise check {} shows the errors)",
                exercise.number
            );
        } else if todos > 0 && !matches!(verdict, Verdict::TodoLeft { .. }) {
            state = format!("{state}; {} left", verdict::count(todos, "todo!()"));
        }
        let state = format!(
            "exercise {} ({}): {state}",
            exercise.number, exercise.package
        );
        say.line(format!("  {state}"));
        states.push(state);
    }
    say.line("\nEvery exercise:");
    for state in states {
        say.line(format!("  {state}"));
    }
    ExitCode::SUCCESS
}

fn reset(exercise: &Exercise) -> ExitCode {
    let file = lib_rs(exercise);
    let start = read(&start_copy(exercise));
    let yours = read(&file);
    if yours == start {
        println!(
            "exercises/{}/src/lib.rs is already as it started.",
            exercise.package
        );
        return ExitCode::SUCCESS;
    }
    // Never overwrite an earlier backup: lib.rs.bak, then lib.rs.bak.2, ...
    let backup = (1..)
        .map(|n| match n {
            1 => file.with_extension("rs.bak"),
            n => file.with_extension(format!("rs.bak.{n}")),
        })
        .find(|path| !path.exists())
        .expect("some backup name is free");
    if let Err(error) = fs::write(&backup, yours).and_then(|()| fs::write(&file, start)) {
        eprintln!("error: cannot reset {}: {error}", file.display());
        return ExitCode::FAILURE;
    }
    println!(
        "exercises/{}/src/lib.rs is back as it started; your version is in src/{}.",
        exercise.package,
        backup
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    );
    ExitCode::SUCCESS
}

fn loom(exercise: &Exercise) -> ExitCode {
    if !exercise.loom {
        println!(
            "Exercise {} has no loom model: loom checks Parts 3 to 7.",
            exercise.number
        );
        return ExitCode::FAILURE;
    }
    println!(
        "loom explores every interleaving of exercise {}'s threads.",
        exercise.number
    );
    if !workspace().join("target/loom").exists() {
        println!(
            "The first time, it builds every dependency again, in release mode, in target/loom: \
             two to three minutes on two cores, once."
        );
    }
    let status = cargo(&[
        "test",
        "--release",
        "-p",
        exercise.package,
        "--test",
        "loom",
    ])
    .env("RUSTFLAGS", "--cfg loom")
    .env("CARGO_TARGET_DIR", workspace().join("target/loom"))
    .status();
    match status {
        Ok(status) if status.success() => {
            let n = exercise.number;
            println!(
                "\nloom explored every interleaving within its bounds: no failure, no deadlock.\n\
                 Its models leave out panics and time. A thread whose call panics is checked by \
                 `cargo exercise check {n}` ({}), and a run that stops making progress or takes \
                 too long, by every check's stall verdict and deadline.",
                exercise.panic_check
            );
            ExitCode::SUCCESS
        }
        Ok(_) => {
            println!(
                "\nloom found an interleaving that fails: its report above says what went wrong \
                 in it (for a deadlock, each thread that cannot move and the line of your code \
                 where it waits)."
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exercise_has_its_crate_its_part_and_its_start_copy() {
        for exercise in &EXERCISES {
            let crate_dir = workspace().join("exercises").join(exercise.package);
            for file in ["src/lib.rs", "src/main.rs", "tests/checks.rs", "README.md"] {
                assert!(
                    crate_dir.join(file).exists(),
                    "{}: no {file}",
                    exercise.package
                );
            }
            assert!(workspace().join(exercise.part).join("src/lib.rs").exists());
            assert!(
                start_copy(exercise).exists(),
                "{}: no start copy",
                exercise.package
            );
            assert_eq!(crate_dir.join("tests/loom.rs").exists(), exercise.loom);
        }
    }

    /// Claim: every hints file reads, with its three hints and a task.
    #[test]
    fn every_exercise_has_three_hints_and_a_break_it_task() {
        for exercise in &EXERCISES {
            let file = format!("exercises/{}/HINTS.md", exercise.package);
            let hints =
                hints::parse(exercise.hints).unwrap_or_else(|error| panic!("{file}, {error}"));
            assert!(!hints.break_it.is_empty(), "{file}: no break-it task");
        }
    }

    /// The checks an exercise's `tests/checks.rs` runs: its own, and those of
    /// every file it `include!`s (the part's contract).
    fn check_names(file: &Path) -> Vec<String> {
        let source = fs::read_to_string(file)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
        let mut names = Vec::new();
        for line in source.lines().map(str::trim) {
            if let Some(path) = line
                .strip_prefix("include!(\"")
                .and_then(|rest| rest.strip_suffix("\");"))
            {
                // An `include!` is relative to the directory of the file it is in.
                names.extend(check_names(&file.parent().unwrap().join(path)));
                continue;
            }
            // A check (after `#[test]`, or inside a `claim! { ... }`) takes
            // nothing and returns nothing; the helpers (`workers(count)`,
            // `pool_of(count)`, `fn client() -> ...`) take or return something.
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub "))
                .unwrap_or(line);
            let Some(rest) = line.strip_prefix("fn ") else {
                continue;
            };
            let Some((name, signature)) = rest.split_once('(') else {
                continue;
            };
            let is_name = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if is_name && signature.starts_with(')') && !signature.contains("->") {
                names.push(name.to_owned());
            }
        }
        names
    }

    /// Claim: `cargo exercise check` can point every failing check at a hint.
    #[test]
    fn every_check_has_a_hint_and_every_hint_names_a_check() {
        for exercise in &EXERCISES {
            let crate_dir = workspace().join("exercises").join(exercise.package);
            let mut checks = check_names(&crate_dir.join("tests/checks.rs"));
            checks.sort();
            checks.dedup();
            assert!(
                !checks.is_empty(),
                "exercise {}: no check found",
                exercise.number
            );
            let hints = hints::parse(exercise.hints).unwrap();
            let file = format!("exercises/{}/HINTS.md", exercise.package);
            for check in &checks {
                assert!(
                    hints.covering(check).is_some(),
                    "{file}: no hint covers the check `{check}`: list it under one hint's `Covers:`"
                );
            }
            assert!(
                checks.iter().any(|check| check == exercise.panic_check),
                "exercise {}: `{}`, which a passing loom run points at, is no check",
                exercise.number,
                exercise.panic_check
            );
            for (level, hint) in hints.hints.iter().enumerate() {
                for name in &hint.covers {
                    assert!(
                        checks.iter().any(|check| check == name),
                        "{file}: hint {} covers `{name}`, which is no check of tests/checks.rs",
                        level + 1
                    );
                }
            }
        }
    }

    /// Claim: the checks of a part's contract, `include!`d, count, whether
    /// after `#[test]` or inside a `claim! { ... }`; helpers do not.
    #[test]
    fn checks_are_found_through_an_include_and_in_a_claim_macro() {
        let dir = std::env::temp_dir().join(format!("workshop-checks-{}", process::id()));
        fs::create_dir_all(dir.join("tests")).unwrap();
        fs::create_dir_all(dir.join("part/contract")).unwrap();
        fs::write(
            dir.join("tests/checks.rs"),
            "include!(\"../part/contract/mod.rs\");\n\n\
             fn workers(count: usize) -> NonZeroUsize {}\n\
             #[test]\n#[ignore = \"exercise check\"]\nfn too_many_workers_are_refused() {\n}\n",
        )
        .unwrap();
        fs::write(
            dir.join("part/contract/mod.rs"),
            "fn pool_of(\n    count: usize,\n) -> impl Fn() {}\n\
             fn client() -> Arc<LlmClient> {}\n\
             macro_rules! claim { (fn $name:ident() $body:block) => {} }\n\
             claim! {\n    /// Claim: once.\n    fn every_article_once() {\n        run();\n    }\n\n    \
             pub fn results_keep_input_order() { run(); }\n}\n",
        )
        .unwrap();
        let names = check_names(&dir.join("tests/checks.rs"));
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            names,
            [
                "every_article_once",
                "results_keep_input_order",
                "too_many_workers_are_refused"
            ]
        );
    }
}
