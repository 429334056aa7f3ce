//! The timeline: one row per article, time left to right, one letter per
//! call, so the staircase of Part 1, the wall of Parts 2–4 and the `W` lanes
//! of Part 5 are seen, not read about.

use std::fmt::Write;
use std::time::{Duration, Instant};

use common::Task;
use common::out::{Time, plural};
use common::outcome::Outcome;

/// The timeline: one row per article (at most `rows`), time left to right,
/// one letter per call, no wider than 100 columns.
pub fn timeline(outcome: &Outcome, rows: usize) -> String {
    timeline_over(outcome, rows, span(outcome))
}

/// The time a timeline of `outcome` covers: the whole run.
pub fn span(outcome: &Outcome) -> Duration {
    outcome
        .calls
        .iter()
        .map(|call| call.end - outcome.started)
        .max()
        .unwrap_or_default()
        .max(outcome.elapsed)
}

/// [`timeline`] drawn over `span` instead of the run's own length, so that
/// the timelines of several runs share one scale.
pub fn timeline_over(outcome: &Outcome, rows: usize, span: Duration) -> String {
    const WIDTH: usize = 100;
    let rows = rows.min(outcome.workload.articles);
    let label = |id: usize| format!("  article {id:>w$} |", w = digits(rows.saturating_sub(1)));
    let columns = WIDTH - label(0).chars().count() - 1;
    let span = span.max(Duration::from_micros(1));
    let column = span / columns as u32;
    let at = |instant: Instant| {
        let offset = instant.saturating_duration_since(outcome.started);
        ((offset.as_secs_f64() / span.as_secs_f64()) * columns as f64) as usize
    };

    let mut grid = vec![vec![' '; columns]; rows];
    for call in outcome.calls.iter().filter(|call| call.article < rows) {
        let from = at(call.start).min(columns - 1);
        let to = at(call.end).clamp(from + 1, columns);
        let letter = if call.refused {
            'x'
        } else {
            call.task.letter()
        };
        grid[call.article][from..to].fill(letter);
        // A call cut by its article's deadline ends in a `!`, where it was
        // cut; one cut by the run's stop, in a `#`.
        if call.cut {
            grid[call.article][to - 1] = '!';
        } else if call.stopped {
            grid[call.article][to - 1] = '#';
        }
    }

    let mut out = format!(
        "Timeline (one column = {}; {}{}{}{})\n",
        Time(column),
        Task::ALL
            .map(|task| format!("{} {task}", task.letter()))
            .join(", "),
        if outcome.calls.iter().any(|call| call.refused) {
            ", x refused"
        } else {
            ""
        },
        if outcome.calls.iter().any(|call| call.cut) {
            ", ! cut at the deadline"
        } else {
            ""
        },
        if outcome.calls.iter().any(|call| call.stopped) {
            ", # cut by the stop"
        } else {
            ""
        }
    );
    for (id, row) in grid.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}{}",
            label(id),
            row.iter().collect::<String>().trim_end()
        );
    }
    if rows < outcome.workload.articles {
        let _ = writeln!(
            out,
            "  ({} not drawn)",
            plural(outcome.workload.articles - rows, "more article")
        );
    }
    let pad = label(0).chars().count();
    let end = Time(span).to_string();
    let _ = writeln!(
        out,
        "{:pad$}0{end:>width$}",
        "",
        width = columns.saturating_sub(1)
    );
    out
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::outcome;
    use common::instruments::CallRecord;

    fn call(article: usize, task: Task, started: Instant, from_ms: u64, to_ms: u64) -> CallRecord {
        CallRecord {
            article,
            task,
            start: started + Duration::from_millis(from_ms),
            end: started + Duration::from_millis(to_ms),
            refused: false,
            cut: false,
            stopped: false,
        }
    }

    #[test]
    fn timeline_draws_a_staircase_for_sequential_calls() {
        let t0 = Instant::now();
        let calls = vec![
            call(0, Task::Summarize, t0, 0, 100),
            call(0, Task::Sentiment, t0, 100, 200),
            call(0, Task::Keywords, t0, 200, 300),
            call(1, Task::Summarize, t0, 300, 400),
            call(1, Task::Sentiment, t0, 400, 500),
            call(1, Task::Keywords, t0, 500, 600),
        ];
        let text = timeline(&outcome(2, calls, t0, Duration::from_millis(600)), 10);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("article")).collect();
        let row0 = rows[0].split('|').nth(1).unwrap();
        let row1 = rows[1].split('|').nth(1).unwrap();
        assert!(row0.starts_with('S') && row0.ends_with('K'), "{text}");
        assert!(
            row1.starts_with(' ') && row1.trim_start().starts_with('S'),
            "{text}"
        );
        assert!(row1.len() > row0.len(), "article 1 ends later:\n{text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= 100),
            "{text}"
        );
    }

    /// Claim: a call cut by its deadline is drawn to the cut, ends in `!`, and the legend says so.
    #[test]
    fn a_cut_call_ends_in_a_mark_named_in_the_legend() {
        let t0 = Instant::now();
        let mut cut = call(0, Task::Sentiment, t0, 100, 200);
        cut.cut = true;
        let calls = vec![call(0, Task::Summarize, t0, 0, 100), cut];
        let text = timeline(&outcome(1, calls, t0, Duration::from_millis(200)), 10);
        let row0 = text.lines().find(|l| l.contains("article 0")).unwrap();
        let drawn = row0.split('|').nth(1).unwrap().trim_end();
        assert!(drawn.starts_with('S') && drawn.ends_with("A!"), "{text}");
        assert!(
            text.lines()
                .next()
                .unwrap()
                .contains("! cut at the deadline"),
            "{text}"
        );
    }

    #[test]
    fn a_refused_call_is_drawn_as_x_and_named_in_the_legend() {
        let t0 = Instant::now();
        let mut refused = call(1, Task::Summarize, t0, 50, 50);
        refused.refused = true;
        let calls = vec![call(0, Task::Summarize, t0, 0, 100), refused];
        let text = timeline(&outcome(2, calls, t0, Duration::from_millis(100)), 10);
        let row1 = text.lines().find(|l| l.contains("article 1")).unwrap();
        assert_eq!(row1.split('|').nth(1).unwrap().trim(), "x", "{text}");
        assert!(text.lines().next().unwrap().contains("x refused"), "{text}");
    }

    #[test]
    fn timeline_caps_its_rows() {
        let t0 = Instant::now();
        let text = timeline(&outcome(500, Vec::new(), t0, Duration::from_millis(5)), 3);
        assert_eq!(text.lines().filter(|l| l.contains("article ")).count(), 3);
        assert!(text.contains("497 more articles"), "{text}");
    }
}
