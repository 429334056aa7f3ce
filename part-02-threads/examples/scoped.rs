//! Part 2 with scoped threads: the closest thing Rust has to Go's
//! `WaitGroup`. Since Rust 1.63, `std::thread::scope` lets threads borrow
//! what outlives the scope (`&client`), with no `Arc` and no `'static`, and
//! joins every thread it started before it returns.
//!
//! `cargo run -p part-02-threads --example scoped -- --fast` runs it with
//! the parts' command line; `cargo test -p part-02-threads` runs its test
//! (`scoped_threads_keep_every_claim`), which holds it to Part 2's claims.
//!
//! The parts spawn `'static` threads instead because Parts 3–7 are checked
//! by loom, which has no scoped threads; Part 2 spawns the same way so that
//! each neighbour diff is the technique alone.

use std::process::ExitCode;
use std::thread;

use clap::Parser;
use cli::RunArgs;
use common::{
    AIResult, Articles, LlmClient, Part, PipelineError, Schedule, analyze, check_thread_budget,
};

/// Processes every article on its own scoped thread and returns the results
/// in input order.
///
/// # Errors
///
/// [`PipelineError::TooManyThreads`] before starting anything if there are
/// more articles than [`common::MAX_THREADS`]; otherwise the OS's refusal to
/// start a thread, or the first thread (in join order) that panicked.
pub fn process_all_scoped(
    articles: Articles,
    client: &LlmClient,
) -> Result<Vec<AIResult>, PipelineError> {
    // Past some thousands of threads the OS kills the process: refuse first.
    check_thread_budget(articles.len())?;
    // Every thread started in the scope ends before `scope` returns, so the
    // threads may borrow `client`: no `Arc`, no clone per thread.
    thread::scope(|scope| {
        let mut results = Vec::with_capacity(articles.len());
        let mut handles = Vec::with_capacity(articles.len());
        for article in articles {
            // `move` still moves the article in; `client` is a shared borrow,
            // copied into the closure.
            // If the OS refuses a thread, `?` returns at once, and the scope
            // joins the threads already started (it would panic if one of
            // them had panicked: an edge this sketch leaves alone).
            let handle = thread::Builder::new()
                .name(format!("article-{}", article.id))
                .spawn_scoped(scope, move || analyze(&article, client))?;
            handles.push(handle);
        }
        // The scope would join the threads itself, but a thread that
        // panicked and was not joined would make `scope` panic: joining here
        // turns each panic into the error, as in Part 2.
        for handle in handles {
            // `join` consumes the handle: keep the thread, for its name.
            let thread = handle.thread().clone();
            let joined = handle.join();
            results.push(joined.map_err(|panic| PipelineError::panicked(thread.name(), panic)));
        }
        results.into_iter().collect()
    })
}

/// Part 2 on scoped threads, as the run's header names it.
const SCOPED: Part = Part {
    name: "part-02-threads (scoped)",
    approach: "one scoped thread per article, borrowing the client",
};

#[derive(Debug, Parser)]
#[command(about = "Part 2 on scoped threads: no Arc, no 'static", long_about = None)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(
        SCOPED,
        &cli.run,
        Schedule::ThreadPerArticle,
        |articles, client| process_all_scoped(articles, client),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use common::LlmClient;
    use common::testing::{claims, ids};

    use super::process_all_scoped;

    /// Claim: scoped threads (`thread::scope`, no `Arc`) keep Part 2's claims:
    /// every article once, all in flight at once, results in input order, and a
    /// panic that comes back as an error naming its thread.
    #[test]
    fn scoped_threads_keep_every_claim() {
        let scoped = |articles, client: &Arc<LlmClient>| process_all_scoped(articles, client);
        claims::every_article_once(scoped, 25);
        claims::peak_in_flight_is(scoped, 10, 10);
        let results = claims::every_article_once_with_article_0_last(scoped);
        assert_eq!(ids(&results), (0..8).collect::<Vec<_>>());
        claims::panic_is_reported(scoped, "article-4");
    }
}
