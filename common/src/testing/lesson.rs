//! Which lesson a test checks, and what a failure says in that lesson's
//! words.
//!
//! The same claim runs as a part's test and as its exercise's check; the
//! instruments tell one cause of failure from another; this module says
//! each cause as the part or the exercise being checked would: with the
//! code that part has (a feeder and `job_rx` only in Part 5, a lock only in
//! Part 3), and pointing at that part's README or at the exercise's lowest
//! hint that covers it. No part's advice uses another part's words (a
//! unit test below holds that).
//!
//! A test names its lesson once, with [`checking`], which the `claim!`
//! macros of the parts' `tests/pipeline.rs` and of the exercises'
//! `tests/checks.rs` call with their package's name. A failure found by a
//! test that named none (`common`'s own tests) describes the state only.

use std::cell::Cell;

/// The lesson under test: a part's own code, or its exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// The part, 1 to 7.
    pub part: u8,
    /// Whether this is the part's exercise (`exercises/ex-0N-…`) rather
    /// than the part itself.
    pub exercise: bool,
}

thread_local! {
    static LESSON: Cell<Option<Lesson>> = const { Cell::new(None) };
}

/// Names the lesson that the test on this thread checks, from its package
/// name: `part-04-channels` is Part 4, `ex-04-channels` exercise 4.
///
/// # Panics
///
/// If `package` is neither a part's nor an exercise's.
pub fn checking(package: &str) {
    LESSON.with(|lesson| lesson.set(Some(lesson_of(package))));
}

fn lesson_of(package: &str) -> Lesson {
    let (exercise, rest) = match package.split_once('-') {
        Some(("part", rest)) => (false, rest),
        Some(("ex", rest)) => (true, rest),
        _ => panic!("`{package}` is neither a part (part-0N-…) nor an exercise (ex-0N-…)"),
    };
    let part = rest
        .get(..2)
        .and_then(|number| number.parse().ok())
        .filter(|part| (1..=9).contains(part))
        .unwrap_or_else(|| panic!("`{package}` has no part number"));
    Lesson { part, exercise }
}

/// The lesson the test on this thread named, if it named one.
pub fn current() -> Option<Lesson> {
    LESSON.with(Cell::get)
}

/// Names `lesson` (from [`current`] on another thread) for this thread: a
/// test's helper thread speaks in the test's words.
pub fn resume(lesson: Option<Lesson>) {
    LESSON.with(|current| current.set(lesson));
}

/// The cause of a failure, as told from what the instruments saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// `process_all` returned while threads it started were not joined.
    Unjoined,
    /// Articles have no result, and nothing is still running.
    MissingResults,
    /// Every article is done, yet the results are still awaited: a sender
    /// is alive.
    KeptSender,
    /// Articles are left, no call is running, and the threads that made
    /// calls are alive: blocked on channels.
    Blocked,
    /// Articles are left, and every thread that made calls is gone.
    ThreadsGone,
    /// A call stays in flight: a thread is stuck inside it.
    StuckInCall,
    /// Fewer calls overlapped than the design allows: the threads took turns.
    TookTurns,
    /// The results came back in input order, though nothing keeps it.
    PutBackInOrder,
    /// The results did not come back in input order, though the part keeps it.
    OutOfOrder,
    /// The feeder ran further ahead of the workers than its channel holds.
    ReadTooFarAhead,
    /// The feeder never filled its channel.
    ReadTooLittleAhead,
    /// The input was not taken from the client's articles.
    OwnInput,
    /// A call waited with no deadline, though its article has one.
    NoDeadline,
    /// An article was cut sooner than its whole timeout after it was taken:
    /// its deadline was made before the article was.
    SharedDeadline,
    /// An article ended later than its calls' latencies and its deadline
    /// decide: it succeeded, or was cut at a later call, where the deadline
    /// falls in an earlier one.
    WrongCut,
    /// With no timeout, calls were given a deadline all the same.
    DeadlineFromNothing,
    /// After the stop, a call started, or a call in flight ran on: the
    /// calls were not given the stop.
    NoStop,
    /// After the stop, the feeder went on waiting to send a job.
    DeafFeeder,
    /// Articles have no result after a stop: queued ones were dropped.
    DroppedQueued,
    /// Jobs taken after the stop were reported cancelled, not queued.
    StartedAfterStop,
    /// A panic in one article ended the run, or its worker.
    PanicEndsRun,
    /// Articles were taken, yet no call started: a worker waits (for the
    /// stop) before its first call.
    WaitsBeforeAnyCall,
    /// Articles were queued or cancelled, though no stop came: a worker
    /// took "no message yet" for the stop.
    StopThatNeverCame,
    /// The article in the feeder's hand at the stop has no result.
    DroppedInHand,
    /// An article's analysis panicked by itself: a `todo!()` left in it.
    PanickedAnalysis,
    /// As many results as articles, yet one article has two and another
    /// none: a result made with another article's id.
    ResultOfAnother,
}

/// What the lesson says about a cause: the likely mistake, the fix, and
/// where it is taught.
#[derive(Clone, Copy)]
struct Advice {
    part: u8,
    cause: Cause,
    /// The mistake and its fix, in the part's own code.
    says: &'static str,
    /// The README section that teaches it.
    section: &'static str,
    /// Where the exercise's learner reads more.
    exercise: Pointer,
}

/// Where an exercise's diagnosis sends the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pointer {
    /// The lowest hint that covers the cause.
    Hint(u8),
    /// No hint covers it: the exercise gives that code ready-made, and the
    /// part has it as it was.
    ReadyMade,
    /// No hint covers it: the part's README section on that claim.
    Section,
}

const fn advice(
    part: u8,
    cause: Cause,
    says: &'static str,
    section: &'static str,
    exercise: Pointer,
) -> Advice {
    Advice {
        part,
        cause,
        says,
        section,
        exercise,
    }
}

/// The join loop's mistake, in every part with one.
const RETURNS_AT_A_PANIC: &str = "Does the join loop stop at the first panic (a `?` inside it, or \
     a `return`) instead of joining every thread? Push every `join` as a `Result`, and return \
     the first error only after the loop.";

const ADVICE: &[Advice] = &[
    advice(
        2,
        Cause::Unjoined,
        RETURNS_AT_A_PANIC,
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        2,
        Cause::MissingResults,
        "Does process_all return before joining every thread (a join skipped, or only the \
         threads that have finished joined)? A thread's result comes back through its `join`.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        2,
        Cause::TookTurns,
        "Is each thread joined inside the spawn loop, before the next one starts? Start them \
         all, then join them all.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        2,
        Cause::OutOfOrder,
        "Join the handles in the order they were spawned: the order of the joins is the \
         order of the results.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        3,
        Cause::Unjoined,
        RETURNS_AT_A_PANIC,
        "The lesson",
        Pointer::ReadyMade,
    ),
    advice(
        3,
        Cause::MissingResults,
        "Are the results taken out of the list before every thread has pushed (before the \
         joins)?",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        3,
        Cause::TookTurns,
        "The threads took turns at the lock: is a guard alive across `analyze`, a `lock()` \
         before the call or a guard in a `match` scrutinee around it? Lock around the push \
         only.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        3,
        Cause::StuckInCall,
        "Is a thread waiting for a lock that another thread never releases (a guard kept while \
         locking again)?",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        4,
        Cause::Unjoined,
        RETURNS_AT_A_PANIC,
        "The lesson",
        Pointer::ReadyMade,
    ),
    advice(
        4,
        Cause::MissingResults,
        "Did the collector stop before every result arrived (one `recv` per thread, a \
         `try_iter`, a `take`)? `result_rx.iter()` ends when every sender is gone.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        4,
        Cause::KeptSender,
        "A sender is still alive, so `result_rx.iter()` never ends. Drop the collector's own \
         sender (`drop(result_tx)`) before collecting: Go's `close(results)`.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        4,
        Cause::Blocked,
        "The threads are blocked in `send`: is the results channel bounded, with the \
         collector reached only after the joins? A `send` on a full channel waits for the \
         collector.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        4,
        Cause::ThreadsGone,
        "A thread whose call panicked ended without sending: is the collector waiting for \
         one result per thread (a `recv` for each, perhaps inside the spawn loop)? \
         `result_rx.iter()` ends when every sender is gone, a dead thread's included.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        4,
        Cause::TookTurns,
        "Does the spawn loop wait for each thread's result (a `recv` inside the loop) before \
         starting the next? Start every thread, then collect.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        4,
        Cause::PutBackInOrder,
        "Are the results put back in input order (sorted by id)? A channel hands them over \
         as they arrive, and nothing needs them sorted.",
        "What to observe",
        Pointer::Section,
    ),
    advice(
        5,
        Cause::Unjoined,
        RETURNS_AT_A_PANIC,
        "The lesson",
        Pointer::ReadyMade,
    ),
    advice(
        5,
        Cause::MissingResults,
        "Did the collector stop before every result arrived? `result_rx.iter()` ends when \
         every sender is gone.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        5,
        Cause::KeptSender,
        "A `result_tx` is still alive, so `result_rx.iter()` never ends: drop this thread's \
         own `result_tx` once the workers have their clones, before collecting.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        5,
        Cause::Blocked,
        "Is the feeder on the collector's thread? It waits for a worker with a full job \
         channel, while the workers wait for the collector with a full results channel. Feed \
         from a thread of its own.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        5,
        Cause::ThreadsGone,
        "The workers died (their calls panicked) while a `job_rx` stayed alive on this \
         thread, so the feeder waits for a receiver that never takes: `drop(job_rx)` once the \
         workers have their clones.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        5,
        Cause::TookTurns,
        "Do the workers take turns, or is the pool smaller than `workers`? Each of the \
         `workers` threads takes its next job as soon as it is free.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        5,
        Cause::PutBackInOrder,
        "Are the results put back in input order (sorted by id)? A pool hands them over as \
         they arrive, and nothing needs them sorted.",
        "What to observe",
        Pointer::Section,
    ),
    advice(
        5,
        Cause::ReadTooFarAhead,
        "Is the job channel unbounded, or bounded by something larger than `capacity`? \
         `channel::bounded(capacity)` keeps the feeder at most `capacity` jobs ahead.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        5,
        Cause::ReadTooLittleAhead,
        "Is the job channel bounded to something other than `capacity`, such as the number \
         of workers? Both channels are `channel::bounded(capacity)`.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        5,
        Cause::OwnInput,
        "Read-ahead is measured on what is taken from `articles` (or `articles.ids()`), so \
         the feeder takes its input from there, not from a range of its own.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        6,
        Cause::MissingResults,
        "Is an article cut by its deadline dropped instead of sent? A cut article is a \
         result like any other: send whatever `analyze_by` returns, `failed` set or not.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        6,
        Cause::NoDeadline,
        "Is the call made without the article's deadline (`None` where the deadline \
         belongs, or Part 5's `analyze`, which passes `None`)? A thread cannot be stopped \
         from outside: only a wait that knows the deadline ends there. Pass the article's \
         `deadline` to `analyze_by`.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        6,
        Cause::SharedDeadline,
        "Is the deadline made before the article is taken, so that articles share it: \
         before the worker's `for article_id` loop (one per worker) or before the workers \
         start (one per run)? Each article gets `timeout` from when a worker takes it: \
         make `Instant::now() + timeout` inside the worker's loop, after taking the article.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        6,
        Cause::WrongCut,
        "Is the deadline made for each call rather than each article? One deadline per \
         article, made where the worker takes it, is passed to all three calls: a slow \
         first call leaves less time for the other two.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        6,
        Cause::DeadlineFromNothing,
        "Is `timeout` unwrapped, or `None` (no timeout) turned into a deadline with a \
         fallback (`unwrap_or`, a default)? With no timeout an article has no deadline: \
         `timeout.map(...)` keeps `None` as `None`, and its calls wait on `never()`.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        7,
        Cause::NoStop,
        "Is the article analysed without the stop (`analyze_by`, or `analyze_until` given a \
         receiver that never disconnects)? A thread cannot be stopped from outside: only a \
         wait that knows the stop ends at it, and only a call that knows it does not start \
         after it. Pass the worker's `stop` to `analyze_until`.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        7,
        Cause::DeafFeeder,
        "Does the feeder `send` without hearing the stop? A plain `send` on a full job channel \
         waits for a worker, whatever happens meanwhile. Race it with the stop: \
         `select! { send(job_tx, article_id) -> .. , recv(stop) -> _ => .. }`, as Go's \
         `select` with `<-ctx.Done()`.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        7,
        Cause::DroppedQueued,
        "Are the articles that never started dropped instead of reported? After the stop, \
         the worker sends each job it takes as `AIResult::unanswered(article_id, \
         Failed::Queued)`, and the feeder sends one for the article in its hand and for each \
         it never sent: every article has exactly one result.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        7,
        Cause::StartedAfterStop,
        "Does a worker start the jobs it takes after the stop? Look at the stop before each \
         job (`stop.try_recv()`, which never waits: Go's `select` with a `default` arm) and, \
         once it has come (`Err(TryRecvError::Disconnected)`: nothing is ever sent, so \
         `Ok(())` never comes), report the job as queued instead of analysing it, then go on \
         to the next job (`continue`): each article has one result.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        7,
        Cause::WaitsBeforeAnyCall,
        "Does a worker wait for the stop (`stop.recv()`, which blocks until the stop comes) \
         instead of looking at it (`stop.try_recv()`, which never waits: Go's `select` with a \
         `default` arm)? Until the stop, the worker goes straight on to the article.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        7,
        Cause::StopThatNeverCame,
        "Does a worker take `Empty` for the stop (`Err(TryRecvError::Empty)`, `is_err()` or \
         `Err(_)`)? Until the stop the channel is only empty: `Err(TryRecvError::Empty)` \
         means no stop yet, and only `Err(TryRecvError::Disconnected)`, the sender dropped, \
         is the stop.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        7,
        Cause::DroppedInHand,
        "Does the feeder stop without reporting the article in its hand, or the articles it \
         never took? The one in its hand at the stop was taken from the input but never sent \
         to a worker: its stop arm sends it to the collector as \
         `AIResult::unanswered(article_id, Failed::Queued)`, then `break`s; the loop after \
         the `select!` loop reports the rest.",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        7,
        Cause::MissingResults,
        "Is an article lost on its way to a worker? With no stop, every article taken from \
         the input must reach a worker and come back. A `default` arm in the feeder's \
         `select!` fires whenever the job channel is full, and the article in hand is lost: \
         the two arms, `send` and `recv(stop)`, are all it needs. (A cut article, too, is a \
         result like any other: the worker sends whatever the analysis returns.)",
        "The lesson",
        Pointer::Hint(2),
    ),
    advice(
        7,
        Cause::ResultOfAnother,
        "Is a result made with another article's id? The worker's `id` and the job's \
         `article_id` are both numbers: a queued result is \
         `AIResult::unanswered(article_id, Failed::Queued)`.",
        "The lesson",
        Pointer::Hint(3),
    ),
    advice(
        7,
        Cause::PanickedAnalysis,
        "Is a `todo!()` left in the worker's analysis? Inside `catch_unwind` it is a panic \
         like any other, and every article comes back panicked. Analyse the article with \
         `analyze_until(&article, &client, deadline, &stop)`.",
        "The lesson",
        Pointer::Hint(1),
    ),
    advice(
        7,
        Cause::PanicEndsRun,
        "Does a panic in one article's analysis end its worker, or the run? Catch it around \
         `analyze_until` (`panic::catch_unwind`, Go's `recover`), report the article as \
         `Failed::Panicked`, and let the worker take its next job.",
        "The lesson",
        Pointer::Hint(3),
    ),
];

/// Part 6's pool is Part 5's, and Part 7's is Part 6's: where a part has
/// no advice of its own, it has its predecessor's (and Part 7, Part 5's
/// through Part 6), and an exercise gives that code ready-made.
const POOL_ADVICE_FROM: u8 = 5;

/// The package of part `part`, as its directory is named.
fn part_package(part: u8) -> &'static str {
    match part {
        1 => "part-01-sequential",
        2 => "part-02-threads",
        3 => "part-03-mutex",
        4 => "part-04-channels",
        5 => "part-05-worker-pool",
        6 => "part-06-deadlines",
        7 => "part-07-shutdown",
        _ => "a part-0N-… crate",
    }
}

/// What the lesson under test says about `cause`: the likely mistake and
/// its fix in the part's code, then where to read more (the part's README
/// section, or the exercise's hint). Empty when no lesson was named or the
/// part has no such mistake: the caller's description of the state stands
/// alone.
pub fn says(cause: Cause) -> String {
    let Some(lesson) = current() else {
        return String::new();
    };
    let find = |part: u8| {
        ADVICE
            .iter()
            .find(|advice| advice.part == part && advice.cause == cause)
    };
    let inherited = || {
        if !(POOL_ADVICE_FROM + 1..=7).contains(&lesson.part) {
            return None;
        }
        let from = (POOL_ADVICE_FROM..lesson.part).rev().find_map(find)?;
        Some(Advice {
            part: lesson.part,
            section: if lesson.part == 6 {
                "From Part 5"
            } else {
                "From Part 6"
            },
            exercise: Pointer::ReadyMade,
            ..*from
        })
    };
    let Some(advice) = find(lesson.part).copied().or_else(inherited) else {
        return String::new();
    };
    let n = lesson.part;
    let readme = format!(
        "Read: {}/README.md, \"{}\".",
        part_package(n),
        advice.section
    );
    let more = match (lesson.exercise, advice.exercise) {
        (false, _) | (true, Pointer::Section) => readme,
        (true, Pointer::ReadyMade) => format!(
            "This code came ready-made in exercise {n}: put it back as it was (Part {n} has it, \
             in {}/src/lib.rs).",
            part_package(n)
        ),
        (true, Pointer::Hint(hint)) => {
            format!("Hint {hint} covers this: cargo exercise hint {n} {hint}")
        }
    };
    format!("{} {more}", advice.says)
}

/// Words that belong to one part's code (the start of a word: `worker`
/// is also `workers`): a diagnosis for any other part never uses them.
const OWN_WORDS: &[(&[u8], &[&str])] = &[
    (&[3], &["lock", "guard", "Mutex"]),
    (&[5, 6, 7], &["feeder", "worker", "job"]),
];

/// The first word of `text` that belongs to another part's code than
/// `part`'s, with that part: a diagnosis in the wrong part's words.
pub fn another_parts_word(text: &str, part: u8) -> Option<(u8, String)> {
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '_'));
    for word in words {
        for &(owners, own) in OWN_WORDS {
            if !owners.contains(&part) && own.iter().any(|own| word.starts_with(own)) {
                return Some((owners[0], word.to_owned()));
            }
        }
    }
    let other_package = (1..=6)
        .filter(|&other| other != part)
        .map(part_package)
        .find(|package| text.contains(package));
    other_package.map(|package| (0, package.to_owned()))
}

/// What to say of a run that failed because a thread reached a `todo!()`,
/// rather than the advice about panics: the unfinished code is named by
/// the panic's own message. `None` for any other error.
pub(crate) fn unfinished(error: &crate::PipelineError) -> Option<String> {
    match error {
        crate::PipelineError::Panicked { thread, message }
            if message.starts_with("not yet implemented") =>
        {
            Some(format!(
                "Thread '{thread}' reached a `todo!()`: that code is still to be written, and \
                 the comment above the `todo!()` names the hint that covers it."
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_names_its_lesson() {
        assert_eq!(
            lesson_of("part-04-channels"),
            Lesson {
                part: 4,
                exercise: false
            }
        );
        assert_eq!(
            lesson_of("ex-05-worker-pool"),
            Lesson {
                part: 5,
                exercise: true
            }
        );
    }

    #[test]
    fn each_lesson_says_a_cause_in_its_own_words() {
        checking("ex-04-channels");
        let text = says(Cause::KeptSender);
        assert!(text.contains("drop(result_tx)"), "{text}");
        assert!(text.ends_with("cargo exercise hint 4 1"), "{text}");
        checking("part-05-worker-pool");
        let text = says(Cause::KeptSender);
        assert!(
            text.ends_with("part-05-worker-pool/README.md, \"The lesson\"."),
            "{text}"
        );
        // Part 2 has no channel: it says nothing of one.
        checking("part-02-threads");
        assert_eq!(says(Cause::KeptSender), "");
    }

    #[test]
    fn no_advice_uses_another_parts_words() {
        for advice in ADVICE {
            assert_eq!(
                another_parts_word(advice.says, advice.part),
                None,
                "Part {}'s advice on {:?}: {}",
                advice.part,
                advice.cause,
                advice.says
            );
        }
        assert_eq!(another_parts_word("the threads are blocked", 4), None);
        assert_eq!(
            another_parts_word("the workers wait", 4),
            Some((5, "workers".to_owned()))
        );
    }
}
