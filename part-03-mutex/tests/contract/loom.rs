// Part 3's loom contract: loom runs `process_all` through the sync shim and
// explores every interleaving of its threads, locks and `Arc`s.
//
// Written once, run twice: `tests/loom.rs` runs it on this part, exercise
// 3's `tests/loom.rs` on the learner's crate. The includer defines `claim!`
// and `part`, as for `mod.rs` beside this file.

use common::testing::claims;

use crate::part::process_all;

claim! {
    /// Claim: in every interleaving, each article is processed exactly once with its own result.
    ///
    /// Three article threads with up to three preemptions. (The bound keeps
    /// the run under a second; unbounded takes about 20 s.)
    fn every_article_once_in_every_interleaving() {
        claims::every_article_once_in_every_interleaving(process_all, 3, 3);
    }
}
