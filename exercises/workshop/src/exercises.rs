//! The exercises: where each one lives, and its hints file. The hints and
//! the break-it tasks are text, in `exercises/ex-0N-*/HINTS.md` beside the
//! exercise; [`crate::hints`] reads them.

/// One exercise: Part `number`'s technique, to write into a crate of its own.
#[derive(Debug)]
pub struct Exercise {
    /// The part it practises, 2 to 7.
    pub number: u8,
    /// The exercise's crate, under `exercises/`.
    pub package: &'static str,
    /// The part's crate: the reference solution.
    pub part: &'static str,
    /// The exercise's `HINTS.md`, as written: three graded hints, the checks
    /// each one covers, and what to break once the checks pass.
    pub hints: &'static str,
    /// Whether the exercise has a loom model (`tests/loom.rs`).
    pub loom: bool,
    /// The check of a thread whose call panics, which loom's models leave
    /// out.
    pub panic_check: &'static str,
}

/// Every exercise, in the order of the parts.
pub const EXERCISES: [Exercise; 6] = [
    Exercise {
        number: 2,
        package: "ex-02-threads",
        part: "part-02-threads",
        hints: include_str!("../../ex-02-threads/HINTS.md"),
        loom: false,
        panic_check: "a_panicking_article_ends_the_run_with_an_error_naming_it",
    },
    Exercise {
        number: 3,
        package: "ex-03-mutex",
        part: "part-03-mutex",
        hints: include_str!("../../ex-03-mutex/HINTS.md"),
        loom: true,
        panic_check: "a_panicking_article_ends_the_run_with_an_error_naming_it",
    },
    Exercise {
        number: 4,
        package: "ex-04-channels",
        part: "part-04-channels",
        hints: include_str!("../../ex-04-channels/HINTS.md"),
        loom: true,
        panic_check: "a_panicking_article_ends_the_run_with_an_error_naming_it",
    },
    Exercise {
        number: 5,
        package: "ex-05-worker-pool",
        part: "part-05-worker-pool",
        hints: include_str!("../../ex-05-worker-pool/HINTS.md"),
        loom: true,
        panic_check: "a_panicking_article_does_not_hang_the_pool_and_is_reported",
    },
    Exercise {
        number: 6,
        package: "ex-06-deadlines",
        part: "part-06-deadlines",
        hints: include_str!("../../ex-06-deadlines/HINTS.md"),
        loom: true,
        panic_check: "a_panicking_article_does_not_hang_the_pool_and_is_reported",
    },
    Exercise {
        number: 7,
        package: "ex-07-shutdown",
        part: "part-07-shutdown",
        hints: include_str!("../../ex-07-shutdown/HINTS.md"),
        loom: true,
        panic_check: "a_panic_fails_its_article_alone",
    },
];

/// The exercise for part `number`, if there is one.
pub fn find(number: u8) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|exercise| exercise.number == number)
}
