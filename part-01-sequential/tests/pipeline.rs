//! Part 1's contract: every article once, in input order, one call at a time.
//! The claims are shared with the other parts (`common::testing::claims`); each runs
//! this part's own `process_all`.

use common::Schedule;
use common::testing::{claims, ids};
use part_01_sequential::process_all;

/// Claim: every article is processed exactly once and each result is its own.
#[test]
fn every_article_once_with_its_own_result() {
    claims::every_article_once(process_all, 10);
}

/// Claim: results come back in input order (mirrored by Part 2; Parts 3–5 drop it).
#[test]
fn results_keep_input_order() {
    let results = claims::every_article_once(process_all, 10);
    assert_eq!(ids(&results), (0..10).collect::<Vec<_>>());
}

/// Claim: never more than one call in flight, and only the caller's thread makes calls.
#[test]
fn one_call_in_flight_at_a_time() {
    let stats = claims::peak_in_flight_is(process_all, 4, 1);
    let names: Vec<&str> = stats.threads.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["pipeline-under-test"],
        "only the caller's thread makes calls"
    );
}

/// Claim: the reported ideal is the sum of every call's latency, and the run cannot beat it.
#[test]
fn reported_ideal_is_the_sum_of_latencies() {
    claims::reported_ideal_is_right(process_all, Schedule::Sequential);
}

/// Claim: under a rate limit, every article comes back once; one call at a
/// time never outruns ten calls a second of the series' latency (12
/// articles: more first calls than the burst of ten, had they run at once).
///
/// Latency and limit are both sped up 60 times: the ratio is the series',
/// and the sum of 36 calls takes half a second.
#[test]
fn one_call_at_a_time_stays_under_the_rate_limit() {
    let limit = common::RateLimit::new(10).sped_up(60);
    let stats = claims::every_article_once_under_a_rate_limit_sped_up(
        process_all,
        12,
        Schedule::Sequential,
        limit,
        60,
    );
    assert_eq!(stats.calls_refused, 0);
}
