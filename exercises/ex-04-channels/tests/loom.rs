//! loom on exercise 4's own `process_all` (or Part 4's, with `--features
//! solution`): every interleaving of three article threads, up to two
//! preemptions. `cargo exercise loom 4` runs it.
#![cfg(loom)]

use common::testing::claims;
#[cfg(not(feature = "solution"))]
use ex_04_channels::process_all;
#[cfg(feature = "solution")]
use part_04_channels::process_all;

/// Claim: in every interleaving, each article is processed exactly once with its own result.
#[test]
fn every_article_once_in_every_interleaving() {
    claims::every_article_once_in_every_interleaving(process_all, 3, 2);
}
