//! How an article is written: a desk, a tone and sentence templates drawn
//! from the seed, filled in with a subject, a place and a number. The
//! places, desks and templates are data, in `data/newsroom.txt`.

use std::fmt::Write;
use std::sync::LazyLock;

use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

use crate::article::Article;
use crate::workload::mix;

impl Article {
    /// Generates article `id` of the workload drawn from `seed`.
    pub(crate) fn generate(seed: u64, id: usize) -> Self {
        let mut rng = SmallRng::seed_from_u64(mix(seed, id as u64, ARTICLE_STREAM));
        let desk = NEWSROOM.desks.choose(&mut rng).expect("a desk");
        let tone = if rng.random_bool(0.5) {
            &desk.good
        } else {
            &desk.bad
        };
        let fill = Fill {
            subject: desk.subjects.choose(&mut rng).expect("subjects"),
            place: NEWSROOM.places.choose(&mut rng).expect("places"),
            number: rng.random_range(2..=95),
        };
        let mut title = String::new();
        fill.apply(
            tone.headlines.choose(&mut rng).expect("headlines"),
            &mut title,
        );

        let sentences = rng.random_range(3..=6);
        // One allocation for the body: articles are dropped once analysed, so
        // spare capacity costs nothing for long.
        let mut body = String::with_capacity(512);
        fill.apply(tone.leads.choose(&mut rng).expect("leads"), &mut body);
        let mut pool: Vec<&str> = tone.details.iter().chain(&desk.neutral).copied().collect();
        for _ in 1..sentences {
            let pick = rng.random_range(0..pool.len());
            body.push(' ');
            fill.apply(pool.swap_remove(pick), &mut body);
        }

        Article {
            id,
            topic: desk.name,
            title,
            body,
        }
    }
}

/// Keeps article generation independent of the latency draws of the same seed.
const ARTICLE_STREAM: u64 = 0xA27;

/// What fills a template's `{subject}`, `{place}` and `{n}`.
struct Fill {
    subject: &'static str,
    place: &'static str,
    number: u32,
}

impl Fill {
    /// Appends `template` to `out` with its placeholders filled in. Splitting
    /// at the braces leaves the text at even positions and the placeholder
    /// names at odd ones.
    fn apply(&self, template: &str, out: &mut String) {
        for (i, piece) in template.split(['{', '}']).enumerate() {
            match (i % 2, piece) {
                (0, text) => out.push_str(text),
                (_, "subject") => out.push_str(self.subject),
                (_, "place") => out.push_str(self.place),
                (_, "n") => {
                    let _ = write!(out, "{}", self.number);
                }
                (_, other) => unreachable!("unknown placeholder {{{other}}}"),
            }
        }
    }
}

/// The places, desks and sentence templates the articles are made from:
/// `data/newsroom.txt`, read once.
static NEWSROOM: LazyLock<Newsroom> =
    LazyLock::new(|| Newsroom::parse(include_str!("../data/newsroom.txt")));

#[derive(Debug, Default)]
struct Newsroom {
    places: Vec<&'static str>,
    desks: Vec<Desk>,
}

#[derive(Debug, Default)]
struct Desk {
    name: &'static str,
    subjects: Vec<&'static str>,
    good: Tone,
    bad: Tone,
    neutral: Vec<&'static str>,
}

#[derive(Debug, Default)]
struct Tone {
    headlines: Vec<&'static str>,
    leads: Vec<&'static str>,
    details: Vec<&'static str>,
}

impl Newsroom {
    /// Reads `key: value` lines; a `desk:` line starts a desk, and the lines
    /// after it fill it in. Lists are separated by ` | `.
    fn parse(text: &'static str) -> Self {
        let mut room = Newsroom::default();
        let lines = text.lines().map(str::trim);
        for line in lines.filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let (key, value) = line.split_once(": ").expect("a line is `key: value`");
            let list = || value.split(" | ").collect();
            if key == "places" {
                room.places = list();
                continue;
            }
            if key == "desk" {
                room.desks.push(Desk {
                    name: value,
                    ..Desk::default()
                });
                continue;
            }
            let desk = room.desks.last_mut().expect("`desk:` comes first");
            match key {
                "subjects" => desk.subjects = list(),
                "good headline" => desk.good.headlines.push(value),
                "good lead" => desk.good.leads.push(value),
                "good detail" => desk.good.details.push(value),
                "bad headline" => desk.bad.headlines.push(value),
                "bad lead" => desk.bad.leads.push(value),
                "bad detail" => desk.bad.details.push(value),
                "neutral" => desk.neutral.push(value),
                other => panic!("newsroom.txt: unknown key `{other}`"),
            }
        }
        room
    }
}
