//! The exercises, their hints and their break-it tasks: the runner's data.

/// One exercise: Part `number`'s technique, to write into a crate of its own.
#[derive(Debug)]
pub struct Exercise {
    /// The part it practises, 2 to 5.
    pub number: u8,
    /// The exercise's crate, under `exercises/`.
    pub package: &'static str,
    /// The part's crate: the reference solution.
    pub part: &'static str,
    /// Three graded hints: the concept and the items to use; the lines and
    /// the shape of the code; nearly the code, minus one decision.
    pub hints: [&'static str; 3],
    /// Which hint covers the mistake a failing check points at.
    pub hint_for: &'static [(&'static str, usize)],
    /// What to break once the checks pass, and what to look for.
    pub break_it: &'static [&'static str],
    /// Whether the exercise has a loom model (`tests/loom.rs`).
    pub loom: bool,
}

/// Every exercise, in the order of the parts.
pub const EXERCISES: [Exercise; 4] = [
    Exercise {
        number: 2,
        package: "ex-02-threads",
        part: "part-02-threads",
        hints: [
            "One OS thread per article, then one join per thread: Go's `go` and \
             `wg.Wait()`. `std::thread::Builder::new().name(..).spawn(closure)` starts a \
             named thread and returns `io::Result<JoinHandle<T>>`; `JoinHandle::join` \
             waits for the thread and returns `Ok(its value)` or `Err(its panic)`.",
            "TODO 1 is one expression: a `thread::Builder`, named \
             `format!(\"article-{}\", article.id)`, that spawns a `move` closure returning \
             `analyze(&article, &client)`, with `?` after `spawn(..)`. TODO 2 is a \
             `for handle in handles` loop that pushes each `handle.join()` into `results`, \
             its panic turned into a `PipelineError` with `map_err`; then one \
             `collect()` of the `Vec` of `Result`s into one `Result`.",
            "let handle = thread::Builder::new()\n    \
                 .name(format!(\"article-{}\", article.id))\n    \
                 .spawn(move || analyze(&article, &client))?;\n\
             ...\n\
             for handle in handles {\n    \
                 let thread = handle.thread().clone(); // join consumes the handle\n    \
                 let joined = handle.join();\n    \
                 results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));\n\
             }\n\
             // Your decision: how does a Vec<Result<AIResult, PipelineError>> become the\n\
             // function's Result<Vec<AIResult>, PipelineError>, and why only after the loop?",
        ],
        hint_for: &[
            ("every_article_once_with_its_own_result", 2),
            ("results_keep_input_order", 2),
            ("every_article_in_flight_at_once", 1),
            ("reported_ideal_is_the_slowest_article", 2),
            ("too_many_articles_are_refused_before_any_thread_starts", 1),
            (
                "a_panicking_article_ends_the_run_with_an_error_naming_it",
                3,
            ),
        ],
        break_it: &[
            "Join only the threads that have finished: loop over \
             `handles.into_iter().filter(|h| h.is_finished())`. Predict which check fails, \
             then check: `every_article_once_with_its_own_result` names an article with no \
             result. The other threads were detached, their work lost (Go's missing \
             `wg.Wait()`).",
            "Return at the first panic (a `?` after `map_err(..)` in the loop) instead of \
             joining the rest. Check: `a_panicking_article_ends_the_run_with_an_error_naming_it` says \
             a call was still in flight when `process_all` returned.",
            "Remove `move` from the closure. The compiler refuses (E0373): read its `help:` \
             line. Go compiles this, and before Go 1.22 every goroutine could see the last \
             article.",
        ],
        loom: false,
    },
    Exercise {
        number: 3,
        package: "ex-03-mutex",
        part: "part-03-mutex",
        hints: [
            "Shared, mutable state between threads: `Arc<Mutex<Vec<AIResult>>>`. The \
             `Mutex` owns the list, the `Arc` lets every thread own a handle to the same \
             `Mutex`: `Arc::new`, `Mutex::new`, `Arc::clone`. `lock()` returns a guard; \
             the lock is released when the guard is dropped.",
            "TODO 1: `Arc::new(Mutex::new(Vec::with_capacity(..)))`. TODO 2: one line \
             before the thread starts, a clone of the `Arc` in a new binding that the \
             `move` closure takes. TODO 3: one statement after the slow `analyze` call. \
             TODO 4: after the joins, take the `Vec` out through the lock \
             (`std::mem::take(&mut *results.lock())`).",
            "let results = Arc::new(Mutex::new(Vec::with_capacity(articles.len())));\n\
             ...\n    \
                 let results = Arc::clone(&results);\n    \
                 ... .spawn(move || {\n        \
                     let result = analyze(&article, &client);\n        \
                     results.lock().push(result);\n    \
                 })?;\n\
             ...\n\
             let results = std::mem::take(&mut *results.lock());\n\
             // Your decision: where exactly is the guard taken and dropped? A guard that\n\
             // lives across `analyze` makes the threads take turns.",
        ],
        hint_for: &[
            ("every_article_once_with_its_own_result", 2),
            ("results_may_arrive_in_any_order", 2),
            ("every_article_in_flight_at_once", 3),
            ("reported_ideal_is_the_slowest_article", 3),
            ("too_many_articles_are_refused_before_any_thread_starts", 1),
            (
                "a_panicking_article_ends_the_run_with_an_error_naming_it",
                2,
            ),
        ],
        break_it: &[
            "Widen the lock: take `let mut results = results.lock();` before `analyze`, and \
             push through that guard. Predict, then check: `every_article_in_flight_at_once` \
             measures a peak of 1 call in flight: the threads take turns.",
            "Split the lock: `let mut copy = results.lock().clone(); copy.push(result); \
             *results.lock() = copy;`. Check: it usually passes, because ten slow threads \
             rarely push at the same moment. Then `cargo exercise loom 3`: loom finds the \
             interleaving that loses a push, every time. That is what loom is for.",
            "Read the list's length in a `match` before the call: \
             `let result = match results.lock().len() { _ => analyze(&article, &client) };`. \
             No `lock()` is around the call, yet `every_article_in_flight_at_once` measures a \
             peak of 1: the scrutinee's guard lives to the end of the `match`.",
            "Share an `Rc<RefCell<Vec<AIResult>>>` instead of the `Arc<Mutex<_>>`. The \
             compiler refuses (E0277): `Rc` is not `Send`.",
        ],
        loom: true,
    },
    Exercise {
        number: 4,
        package: "ex-04-channels",
        part: "part-04-channels",
        hints: [
            "Message passing: `channel::unbounded()` returns `(Sender, Receiver)`. Each \
             thread gets a clone of the sender; `send(value)` moves the value to the \
             receiver; `receiver.iter()` yields values until the channel is empty and every \
             sender has been dropped: Go's `close(ch)` is dropping the last sender.",
            "TODO 1: `channel::unbounded()`. TODO 2: `let result_tx = result_tx.clone();` \
             before the thread starts. TODO 3: `result_tx.send(result)`, which returns a \
             `Result`. TODO 4 is one statement about the collector's own sender, the \
             `result_tx` this function made, before TODO 5 collects. TODO 5: \
             `result_rx.iter().collect()`.",
            "let (result_tx, result_rx) = channel::unbounded();\n\
             ...\n    \
                 let result_tx = result_tx.clone();\n    \
                 ... .spawn(move || {\n        \
                     let result = analyze(&article, &client);\n        \
                     result_tx.send(result) /* and if it fails? */;\n    \
                 })?;\n\
             ...\n\
             drop(result_tx);\n\
             let results = result_rx.iter().collect();\n\
             // Your decision: what does a thread do when `send` fails?",
        ],
        hint_for: &[
            ("every_article_once_with_its_own_result", 3),
            ("results_may_arrive_in_any_order", 3),
            ("every_article_in_flight_at_once", 3),
            ("reported_ideal_is_the_slowest_article", 3),
            ("too_many_articles_are_refused_before_any_thread_starts", 1),
            (
                "a_panicking_article_ends_the_run_with_an_error_naming_it",
                3,
            ),
        ],
        break_it: &[
            "Delete `drop(result_tx)`. Predict, then check: every check that runs the \
             pipeline fails at its deadline, saying every article was analysed yet the \
             collector still waits, and naming `drop(result_tx)`. Then `cargo exercise loom 4`: loom reports a deadlock, \
             the collector blocked in `recv` while every other thread has terminated.",
            "Print `result.summary` after `send(result)`. The compiler refuses (E0382): \
             `send` moved the result.",
            "Sort the results by article id before returning them. Check: \
             `results_may_arrive_in_any_order` notices the order was put back.",
        ],
        loom: true,
    },
    Exercise {
        number: 5,
        package: "ex-05-worker-pool",
        part: "part-05-worker-pool",
        hints: [
            "A fixed pool and a bounded queue: two `channel::bounded(capacity)`, one \
             for article ids, one for results. Each worker loops `for article_id in &job_rx`, \
             which ends when the job channel is empty and every sender is gone, and fetches \
             its article from `store`; a feeder thread sends the ids; `drop` the channel \
             halves this thread does not use.",
            "TODO 1: `channel::bounded(capacity)`, twice. TODO 2: `for article_id in &job_rx \
             { let article = store.fetch(article_id); .. analyze .. result_tx.send(result) .. }`. \
             TODO 3: one statement about this thread's `job_rx`, right after the workers start. \
             TODO 4: a `thread::Builder` named `feeder` whose `move` closure loops over \
             `articles.ids()` and sends each into `job_tx`; push its handle with the others.",
            "// In the worker, before `analyze`, Part 5 also prints its worker lines:\n\
             //     client.log(format_args!(\"[worker {id}] processing article {article_id}\"));\n\
             drop(job_rx);\n\
             let feeder = thread::Builder::new()\n    \
                 .name(\"feeder\".to_owned())\n    \
                 .spawn(move || {\n        \
                     for article_id in articles.ids() {\n            \
                         if job_tx.send(article_id).is_err() {\n                \
                             /* every worker is gone: what should the feeder do? */\n            \
                         }\n        \
                     }\n    \
                 })?;\n\
             handles.push(feeder);\n\
             // Your decision: the feeder's reaction to a failed send.",
        ],
        hint_for: &[
            (
                "every_article_once_with_its_own_result_at_every_worker_count",
                2,
            ),
            ("peak_in_flight_is_the_smaller_of_workers_and_articles", 2),
            ("the_feeder_reads_ahead_at_most_the_job_channel_capacity", 1),
            ("results_may_arrive_in_any_order", 2),
            (
                "a_panicking_article_does_not_hang_the_pool_and_is_reported",
                3,
            ),
            ("reported_ideal_is_the_list_schedule", 2),
            ("too_many_workers_are_refused_before_any_thread_starts", 1),
        ],
        break_it: &[
            "Make the job channel unbounded (`channel::unbounded()`). Predict: nothing hangs \
             and every article comes back. Check: \
             `the_feeder_reads_ahead_at_most_the_job_channel_capacity` measures how far the \
             feeder read ahead of the workers: memory now grows with the input.",
            "Bound both channels to `workers.get()` instead of `capacity`. Predict: every \
             article still comes back, so which check fails? (How far ahead should the \
             feeder run when the channel has room for 16?) Then time it: \
             `cargo run --release -p ex-05-worker-pool -- --articles 1000000 --latency 0-0 \
             --workers 2 --quiet` before and after, and read Part 5's \"How tight a bound\".",
            "Feed from the collector's thread: replace the feeder thread by its loop, then \
             `drop(job_tx)`. Check: the deadline names the feeder. Then `cargo exercise loom \
             5`: a deadlock, both threads blocked in `send`.",
            "Delete `drop(job_rx)`. Check: with one worker that panics, \
             `a_panicking_article_does_not_hang_the_pool_and_is_reported` hangs until its \
             deadline: the feeder waits for a receiver that this thread keeps alive.",
            "Make the results channel unbounded. No check catches it yet: the collector \
             drains the channel as fast as the workers fill it. Your task is to write the \
             missing claim: what would you count, and with which hook, to show the results \
             piling up when the collector is slow?",
        ],
        loom: true,
    },
];

/// The exercise for part `number`, if there is one.
pub fn find(number: u8) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|exercise| exercise.number == number)
}
