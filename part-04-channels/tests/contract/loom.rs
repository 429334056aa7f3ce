// Part 4's loom contract: loom runs `process_all` through the sync shim (a
// channel model with crossbeam's disconnection rules) and explores the
// interleavings of its threads, sends and receives.
//
// Written once, run twice: `tests/loom.rs` runs it on this part, exercise
// 4's `tests/loom.rs` on the learner's crate. The includer defines `claim!`
// and `part`, as for `mod.rs` beside this file.

use common::testing::claims;

use crate::part::process_all;

claim! {
    /// Claim: in every interleaving, each article is processed exactly once with its own result.
    ///
    /// Three article threads with up to two preemptions; the collector's loop
    /// ends. (Two seconds; a bound of three takes forty.)
    fn every_article_once_in_every_interleaving() {
        claims::every_article_once_in_every_interleaving(process_all, 3, 2);
    }
}
