#![doc = include_str!("../README.md")]

use std::sync::Arc;

use common::Part;
use common::{AIResult, Articles, LlmClient, PipelineError, analyze};

/// This part, as the run's header and `compare` name it.
pub const PART: Part = Part {
    name: env!("CARGO_PKG_NAME"),
    approach: env!("CARGO_PKG_DESCRIPTION"),
};

/// Processes every article, one after another, and returns the results in
/// input order.
///
/// The client comes behind an `Arc` because every part takes it so; one
/// thread only borrows it.
///
/// # Errors
///
/// None in this part: the signature matches the later parts, which can fail.
///
/// # Panics
///
/// When a call panics (`--panic-on`): with one thread there is nothing to
/// catch the panic and carry on, so it ends the whole run.
pub fn process_all(
    articles: Articles,
    client: &Arc<LlmClient>,
) -> Result<Vec<AIResult>, PipelineError> {
    let mut results = Vec::with_capacity(articles.len());
    for article in articles {
        // Each call waits for its answer before the next one starts.
        results.push(analyze(&article, client));
    }
    Ok(results)
}
