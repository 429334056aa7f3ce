//! Parts 3–7 need nothing from the workspace's sync shim but its names: each
//! part's `lib.rs`, with its one `use common::sync::…` line swapped for std,
//! parking_lot and crossbeam-channel (`build.rs` makes the copies), compiles
//! as a plain program would, and the pipeline still keeps its claims.
//!
//! A maintainers' check, like `neighbour_diffs.rs`: `#[ignore]`d in `cargo
//! test --workspace`, so that a learner who changes a part meets that
//! part's own tests first; `.ci/run` runs it with `-- --ignored`.

use std::num::NonZeroUsize;

use common::testing::{claims, deadlines, shutdown};

#[allow(dead_code)]
mod part_03_mutex {
    include!(concat!(env!("OUT_DIR"), "/part_03_mutex.rs"));
}

#[allow(dead_code)]
mod part_04_channels {
    include!(concat!(env!("OUT_DIR"), "/part_04_channels.rs"));
}

#[allow(dead_code)]
mod part_05_worker_pool {
    include!(concat!(env!("OUT_DIR"), "/part_05_worker_pool.rs"));
}

#[allow(dead_code)]
mod part_06_deadlines {
    include!(concat!(env!("OUT_DIR"), "/part_06_deadlines.rs"));
}

#[allow(dead_code)]
mod part_07_shutdown {
    include!(concat!(env!("OUT_DIR"), "/part_07_shutdown.rs"));
}

/// Claim: Part 3 on std's `Arc` and parking_lot's `Mutex`, with no shim, runs every article once, all at once.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn part_3_without_the_shim_runs_every_article_once() {
    claims::every_article_once(part_03_mutex::process_all, 10);
    claims::peak_in_flight_is(part_03_mutex::process_all, 6, 6);
}

/// Claim: Part 4 on crossbeam-channel, with no shim, runs every article once, all at once.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn part_4_without_the_shim_runs_every_article_once() {
    claims::every_article_once(part_04_channels::process_all, 10);
    claims::peak_in_flight_is(part_04_channels::process_all, 6, 6);
}

/// Claim: Part 5 on crossbeam-channel, with no shim, runs every article once, W at a time.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn part_5_without_the_shim_runs_every_article_once() {
    let three = NonZeroUsize::new(3).expect("three workers");
    let pool =
        move |articles, client: &_| part_05_worker_pool::process_all(articles, client, three, 3);
    claims::every_article_once(pool, 10);
    claims::peak_in_flight_is(pool, 6, 3);
}

/// Claim: Part 6 on crossbeam-channel, with no shim, cuts a hung call at its article's deadline and reports every article once.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn part_6_without_the_shim_cuts_at_each_articles_deadline() {
    deadlines::cut_calls_end_within_a_bound_of_their_deadline(
        |timeout| {
            let two = NonZeroUsize::new(2).expect("two workers");
            move |articles, client: &_| {
                part_06_deadlines::process_all(articles, client, two, 2, timeout)
            }
        },
        2,
    );
}

/// Claim: Part 7 on crossbeam-channel, with no shim, accounts for every article at any stop, and a stop reaches a feeder blocked on a full channel.
#[test]
#[ignore = "maintainers' check, run by .ci/run"]
fn part_7_without_the_shim_accounts_for_every_article_at_any_stop() {
    let pool = |count: usize, capacity: usize| {
        let workers = NonZeroUsize::new(count).expect("at least one worker");
        move |stop| {
            move |articles, client: &_| {
                part_07_shutdown::process_all(articles, client, workers, capacity, None, stop)
            }
        }
    };
    shutdown::every_article_accounted_for_at_any_stop(|count| pool(count, count), &[3]);
    shutdown::a_stop_reaches_a_feeder_blocked_on_a_full_channel(pool(1, 0));
}
