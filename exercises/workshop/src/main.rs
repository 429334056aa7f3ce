//! `cargo exercise`: the workshop's runner. One command per step of an
//! exercise: `start`, `check`, `hint`, `solution`, `status`, `reset`, and
//! `loom` for the break-it tasks. It needs nothing but cargo, and works
//! offline once the workspace is built.
//!
//! The state of an exercise is never stored: `status` and `solution` ask
//! the exercise's own checks.

mod exercises;
mod hints;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{self, Command, ExitCode, Output};

use clap::{Parser, Subcommand};
use similar::TextDiff;

use exercises::{EXERCISES, Exercise};
use hints::Hints;

/// The workshop's exercises: write each part's technique yourself, checked
/// by that part's own tests.
#[derive(Debug, Parser)]
#[command(name = "cargo exercise", version, about)]
struct Cli {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, Subcommand)]
enum Step {
    /// Print exercise N's task, the file to edit and what its checks expect
    Start { number: u8 },
    /// Run exercise N's checks, then refuse any `todo!()` left in its code
    Check { number: u8 },
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
            eprintln!("error: there is no exercise {number}: they are 2, 3, 4 and 5");
            process::exit(2);
        })
    };
    match cli.step {
        Step::Start { number } => start(exercise(number)),
        Step::Check { number } => check(exercise(number)),
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

/// cargo, with its output captured, run from the workspace.
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

/// What one run of an exercise's checks said.
#[derive(Debug, Default, PartialEq, Eq)]
struct Checks {
    compiled: bool,
    /// Whether the test binary itself exited cleanly: one that crashed
    /// (abort, stack overflow) has fewer `... ok` lines than checks.
    exited_cleanly: bool,
    passed: Vec<String>,
    failed: Vec<String>,
    output: String,
}

impl Checks {
    /// Runs the exercise's checks: builds them first, so that the checks'
    /// deadlines time the checks and not the compiler.
    fn run(exercise: &Exercise) -> Self {
        let build = output(cargo(&[
            "test",
            "-q",
            "-p",
            exercise.package,
            "--test",
            "checks",
            "--no-run",
        ]));
        if !build.status.success() {
            return Checks {
                output: String::from_utf8_lossy(&build.stderr).into_owned(),
                ..Checks::default()
            };
        }
        let run = output(cargo(&[
            "test",
            "-p",
            exercise.package,
            "--test",
            "checks",
            "--",
            "--ignored",
            "--color",
            "never",
        ]));
        let mut checks = Checks::parse(&String::from_utf8_lossy(&run.stdout));
        checks.compiled = true;
        checks.exited_cleanly = run.status.success();
        checks.output = String::from_utf8_lossy(&run.stdout).into_owned();
        checks
    }

    /// Reads libtest's `test NAME ... ok` and `test NAME ... FAILED` lines.
    fn parse(stdout: &str) -> Self {
        let mut checks = Checks::default();
        for line in stdout.lines() {
            let Some(rest) = line.strip_prefix("test ") else {
                continue;
            };
            if let Some(name) = rest.strip_suffix(" ... ok") {
                checks.passed.push(name.to_owned());
            } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
                checks.failed.push(name.to_owned());
            }
        }
        checks
    }

    fn all_pass(&self) -> bool {
        self.compiled && self.exited_cleanly && self.failed.is_empty() && !self.passed.is_empty()
    }
}

fn output(mut command: Command) -> Output {
    command.output().unwrap_or_else(|error| {
        eprintln!("error: cannot run cargo: {error}");
        process::exit(1);
    })
}

fn check(exercise: &Exercise) -> ExitCode {
    let n = exercise.number;
    println!("Exercise {n}: running its checks (Part {n}'s claims, against your code)...\n");
    let checks = Checks::run(exercise);
    print!("{}", checks.output);
    if !checks.compiled {
        println!(
            "\nYour code does not compile yet: the compiler's errors above say where and why."
        );
        return ExitCode::FAILURE;
    }
    if !checks.all_pass() {
        println!(
            "\n{} of {} checks fail:",
            checks.failed.len(),
            checks.failed.len() + checks.passed.len()
        );
        let hints = hints_of(exercise);
        for name in &checks.failed {
            match hints.as_ref().and_then(|hints| hints.covering(name)) {
                Some(level) => {
                    println!("  {name}: hint {level} covers it: cargo exercise hint {n} {level}")
                }
                None => println!("  {name}"),
            }
        }
        println!(
            "\nEach failure above says what it saw; a check that hangs fails after its deadline and says what is still waiting."
        );
        return ExitCode::FAILURE;
    }
    let todos = todos_left(&read(&lib_rs(exercise)));
    if todos > 0 {
        println!(
            "\nAll {} checks pass, but {} left in the file: finish or remove it.",
            checks.passed.len(),
            if todos == 1 {
                "a todo!() is"
            } else {
                "todo!()s are"
            }
        );
        return ExitCode::FAILURE;
    }
    println!("\nAll {} checks pass.", checks.passed.len());
    println!("Exercise {n} is done. Compare with Part {n}: cargo exercise solution {n}");
    if let Some(hints) = hints_of(exercise) {
        println!("\nThen break it, one line at a time: predict what fails, check, put it back.");
        for task in hints.break_it {
            println!("\n{task}");
        }
    }
    ExitCode::SUCCESS
}

/// The `todo!(` calls left in `source`, comments not counted.
fn todos_left(source: &str) -> usize {
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| line.matches("todo!(").count())
        .sum()
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
    if !anyway && !Checks::run(exercise).all_pass() {
        println!(
            "Exercise {n}'s checks do not pass yet: `cargo exercise check {n}` says why. \
             To see the solution anyway: cargo exercise solution {n} --anyway"
        );
        return ExitCode::FAILURE;
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
    println!("Asking each exercise's checks (this builds and runs them)...\n");
    for exercise in &EXERCISES {
        let todos = todos_left(&read(&lib_rs(exercise)));
        let checks = Checks::run(exercise);
        let total = checks.passed.len() + checks.failed.len();
        let state = if !checks.compiled {
            "does not compile".to_owned()
        } else if checks.all_pass() && todos == 0 {
            format!("done: all {total} checks pass")
        } else {
            format!(
                "{} of {total} checks pass, {todos} todo!() left",
                checks.passed.len()
            )
        };
        println!(
            "  exercise {} ({}): {state}",
            exercise.number, exercise.package
        );
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
            "Exercise {} has no loom model: loom checks Parts 3 to 5.",
            exercise.number
        );
        return ExitCode::FAILURE;
    }
    println!(
        "loom explores every interleaving of exercise {}'s threads. The first time, it builds \
         every dependency again, in release mode, in target/loom: a minute or more.",
        exercise.number
    );
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
    .env("LOOM_LOCATION", "1")
    .status();
    match status {
        Ok(status) if status.success() => {
            println!("\nloom explored every interleaving within its bounds: no failure.");
            ExitCode::SUCCESS
        }
        Ok(_) => {
            println!(
                "\nloom found an interleaving that fails. In a `deadlock; threads = [...]` report, \
                      each thread is Blocked (with the file and line of its wait) or Terminated: \
                      part-04-channels/README.md shows how to read one."
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
    fn libtest_lines_are_read_as_passed_and_failed_checks() {
        let stdout = "running 3 tests\n\
                      test every_article_once ... ok\n\
                      test every_article_in_flight_at_once ... FAILED\n\
                      test results_keep_input_order ... ok\n\
                      \ntest result: FAILED. 2 passed; 1 failed\n";
        let checks = Checks::parse(stdout);
        assert_eq!(
            checks.passed,
            ["every_article_once", "results_keep_input_order"]
        );
        assert_eq!(checks.failed, ["every_article_in_flight_at_once"]);
    }

    #[test]
    fn todos_in_comments_do_not_count() {
        let source = "// full of `todo!()`\nlet a = todo!(\"one\");\n    todo!(\"two\");\n";
        assert_eq!(todos_left(source), 2);
    }

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
