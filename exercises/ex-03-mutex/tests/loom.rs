//! loom on exercise 3's own `process_all` (or Part 3's, with `--features
//! solution`): every interleaving of three article threads, up to three
//! preemptions. `cargo exercise loom 3` runs it.
#![cfg(loom)]

use common::testing::claims;
#[cfg(not(feature = "solution"))]
use ex_03_mutex::process_all;
#[cfg(feature = "solution")]
use part_03_mutex::process_all;

/// Claim: in every interleaving, each article is processed exactly once with its own result.
#[test]
fn every_article_once_in_every_interleaving() {
    claims::every_article_once_in_every_interleaving(process_all, 3, 3);
}
