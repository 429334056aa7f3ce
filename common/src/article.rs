//! The news articles the pipeline analyses, generated from a seed.
//!
//! Article `id` of seed `s` is always the same article, whichever part asks for
//! it and in whatever order, so every part sees the identical workload.
//! [`Articles`] generates them lazily: a run of a million articles never holds
//! the whole input in memory.

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

/// One news article: the input of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Position in the input, from 0. Every result carries it back.
    pub id: usize,
    /// The desk the article comes from, such as "Markets".
    pub topic: &'static str,
    /// The headline.
    pub title: String,
    /// Three to six sentences of text.
    pub body: String,
}

impl Article {
    /// Generates article `id` of the workload drawn from `seed`.
    pub fn generate(seed: u64, id: usize) -> Self {
        let mut rng = SmallRng::seed_from_u64(mix(seed, id as u64, ARTICLE_STREAM));
        let desk = DESKS.choose(&mut rng).expect("DESKS is not empty");
        let tone = if rng.random_bool(0.5) {
            &desk.good
        } else {
            &desk.bad
        };
        let fill = Fill {
            subject: desk.subjects.choose(&mut rng).expect("subjects"),
            place: PLACES.choose(&mut rng).expect("places"),
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
        let mut pool: Vec<&str> = tone.details.iter().chain(desk.neutral).copied().collect();
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

/// A lazy, deterministic stream of generated articles: ids `0..len`.
///
/// It is cheap to clone, knows its length up front ([`ExactSizeIterator`]) and
/// makes each article only when it is asked for.
#[derive(Debug, Clone)]
pub struct Articles {
    seed: u64,
    next: usize,
    end: usize,
    taken: Option<Arc<AtomicUsize>>,
}

impl Articles {
    /// The first `count` articles of the workload drawn from `seed`.
    pub fn new(seed: u64, count: usize) -> Self {
        Articles {
            seed,
            next: 0,
            end: count,
            taken: None,
        }
    }

    /// The same stream, adding one to `taken` for each article taken from it:
    /// how the client's instruments see how far a part reads ahead.
    pub(crate) fn counting(mut self, taken: Arc<AtomicUsize>) -> Self {
        self.taken = Some(taken);
        self
    }
}

impl Iterator for Articles {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        (self.next < self.end).then(|| {
            self.next += 1;
            if let Some(taken) = &self.taken {
                taken.fetch_add(1, Ordering::SeqCst);
            }
            Article::generate(self.seed, self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Articles {}

/// Keeps article generation independent of the latency draws of the same seed.
const ARTICLE_STREAM: u64 = 0xA27;

/// Mixes a seed with two numbers into a seed for one draw (SplitMix64's
/// finaliser), so that draws for different (article, task) pairs are
/// independent and fixed.
pub(crate) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

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

struct Tone {
    headlines: &'static [&'static str],
    leads: &'static [&'static str],
    details: &'static [&'static str],
}

struct Desk {
    name: &'static str,
    subjects: &'static [&'static str],
    good: Tone,
    bad: Tone,
    neutral: &'static [&'static str],
}

#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Lisbon", "Nairobi", "Osaka", "Toronto", "Berlin", "Austin", "Singapore", "Lyon", "Seoul",
    "Bogota", "Dublin", "Melbourne",
];

#[rustfmt::skip]
const DESKS: &[Desk] = &[
    Desk {
        name: "Technology",
        subjects: &["Nimbus Labs", "Quanta Robotics", "Helio Chips", "Vela Software"],
        good: Tone {
            headlines: &["{subject} unveils faster chip as demand surges",
                         "{subject} wins record contract in {place}",
                         "{subject} open-sources model, developers praise the release"],
            leads: &["{subject} reported strong growth after its new processor beat every benchmark in independent tests.",
                     "{subject} announced a breakthrough in battery efficiency that engineers in {place} called remarkable."],
            details: &["Early customers praised the reliable performance and the improved developer tools.",
                       "Analysts expect the launch to boost revenue by {n} percent next year.",
                       "The team said the success came from a steady focus on efficiency."],
        },
        bad: Tone {
            headlines: &["{subject} recalls devices after battery failures",
                         "Outage at {subject} leaves users in {place} offline",
                         "{subject} delays launch amid security breach"],
            leads: &["{subject} suffered a major outage that left customers in {place} without service for hours.",
                     "{subject} admitted a security breach exposed the records of {n} thousand users."],
            details: &["Users complained about crashes, lost data and slow support.",
                       "Regulators warned that the failure could bring heavy fines.",
                       "Shares fell {n} percent as investors worried about weak controls."],
        },
        neutral: &["The company employs about {n} hundred engineers across three offices.",
                   "A spokesperson said more details would follow at the developer conference.",
                   "The product will ship first to business customers in {place}."],
    },
    Desk {
        name: "Markets",
        subjects: &["Harbor Bank", "Atlas Freight", "Copperline Mining", "Greenfield Foods"],
        good: Tone {
            headlines: &["{subject} shares rally on record profit",
                         "{subject} beats forecasts as exports grow",
                         "Investors cheer {subject} expansion into {place}"],
            leads: &["{subject} posted record quarterly profit, lifting its shares {n} percent in early trading.",
                     "{subject} beat analyst forecasts thanks to strong demand from {place}."],
            details: &["Executives said the strong results reflect healthy growth in every region.",
                       "Analysts raised their targets, citing improved margins.",
                       "The board approved a higher dividend, a win for long-term investors."],
        },
        bad: Tone {
            headlines: &["{subject} shares plunge after profit warning",
                         "{subject} cuts {n} hundred jobs as losses mount",
                         "Debt fears hit {subject} in {place}"],
            leads: &["{subject} warned of a steep loss, sending its shares down {n} percent.",
                     "{subject} said it would cut jobs in {place} after a weak quarter."],
            details: &["Investors fear the decline could deepen if demand stays weak.",
                       "Credit agencies threatened a downgrade over rising debt.",
                       "Unions criticised the layoffs as a failure of management."],
        },
        neutral: &["Trading volumes were close to the monthly average.",
                   "The company will publish its annual report in {place} next month.",
                   "{subject} has about {n} thousand shareholders."],
    },
    Desk {
        name: "Climate",
        subjects: &["the Coastal Trust", "SunGrid", "the River Council", "Blue Harbor Wind"],
        good: Tone {
            headlines: &["{subject} opens largest solar farm near {place}",
                         "Clean power hits record share, {subject} says",
                         "Wetlands recover as {subject} project succeeds"],
            leads: &["{subject} opened a solar farm near {place} that will power {n} thousand homes with clean energy.",
                     "{subject} reported that restored wetlands now protect the coast and support thriving wildlife."],
            details: &["Residents welcomed the cleaner air and the new local jobs.",
                       "Scientists praised the project as a hopeful model for other regions.",
                       "Emissions in the region fell {n} percent, a remarkable improvement."],
        },
        bad: Tone {
            headlines: &["Floods devastate farms around {place}",
                         "Heatwave breaks records as {subject} warns of drought",
                         "{subject} report finds pollution worse than feared"],
            leads: &["Severe floods destroyed crops around {place}, and {subject} warned of further damage.",
                     "{subject} said the drought has left {n} villages short of water."],
            details: &["Farmers fear heavy losses and rising debt.",
                       "Officials warned that the crisis could worsen through the summer.",
                       "Hospitals reported a surge in heat-related illness."],
        },
        neutral: &["The measurements were taken at {n} stations along the river.",
                   "{subject} publishes its data every quarter.",
                   "Officials in {place} will meet next week to discuss the findings."],
    },
    Desk {
        name: "Health",
        subjects: &["Meridian Hospital", "the Lumen Institute", "CareWorks", "Northgate Clinic"],
        good: Tone {
            headlines: &["{subject} trial shows promising results for new therapy",
                         "Waiting times fall at {subject} in {place}",
                         "{subject} celebrates success of vaccine programme"],
            leads: &["{subject} said its trial showed promising results, with {n} percent of patients improving.",
                     "{subject} cut waiting times in {place} after a successful new scheduling system."],
            details: &["Doctors praised the therapy as safe and effective.",
                       "Patients described the care as excellent and reassuring.",
                       "Researchers hope the breakthrough will help thousands of families."],
        },
        bad: Tone {
            headlines: &["Outbreak strains {subject} as cases surge in {place}",
                         "{subject} criticised after treatment errors",
                         "Staff shortages force {subject} to close ward"],
            leads: &["{subject} struggled with a surge of cases in {place}, and doctors warned of a crisis.",
                     "{subject} admitted that errors harmed {n} patients last year."],
            details: &["Nurses complained of exhausting shifts and poor equipment.",
                       "Families criticised the slow response and the lack of information.",
                       "Officials fear the shortage could worsen this winter."],
        },
        neutral: &["{subject} treats about {n} thousand patients a year.",
                   "The study followed patients for eighteen months.",
                   "A review board in {place} will publish its findings later."],
    },
    Desk {
        name: "Space",
        subjects: &["Orbital Dynamics", "the Artemis Consortium", "Polaris Aerospace", "Starboard"],
        good: Tone {
            headlines: &["{subject} lands probe safely after flawless descent",
                         "{subject} satellite launch is a success",
                         "Telescope from {subject} captures stunning images"],
            leads: &["{subject} landed its probe safely after a flawless descent watched by crowds in {place}.",
                     "{subject} celebrated a successful launch that placed {n} satellites in orbit."],
            details: &["Engineers praised the remarkable precision of the guidance system.",
                       "Scientists said the stunning images will improve our maps of the region.",
                       "The mission team thanked partners for their excellent support."],
        },
        bad: Tone {
            headlines: &["{subject} rocket explodes shortly after launch",
                         "{subject} loses contact with lunar probe",
                         "Budget cuts threaten {subject} mission"],
            leads: &["A {subject} rocket exploded {n} seconds after launch, destroying its cargo.",
                     "{subject} lost contact with its probe, and engineers fear the mission has failed."],
            details: &["Investigators blamed a faulty valve for the failure.",
                       "Critics warned that repeated delays waste public money.",
                       "Insurers face heavy losses after the crash."],
        },
        neutral: &["The mission was planned over {n} months.",
                   "Launch windows open twice a year.",
                   "Ground stations in {place} track the spacecraft."],
    },
    Desk {
        name: "Sports",
        subjects: &["FC Riverside", "the Northern Hawks", "Team Meridian", "the Harbor Lions"],
        good: Tone {
            headlines: &["{subject} win the title in thrilling final",
                         "{subject} celebrate record season",
                         "Young star leads {subject} to victory in {place}"],
            leads: &["{subject} won the title in a thrilling final in {place}, delighting their fans.",
                     "{subject} celebrated a record season with {n} wins."],
            details: &["The coach praised the excellent teamwork and strong defence.",
                       "Fans cheered the victory long into the night.",
                       "The young captain was named player of the season after a brilliant run."],
        },
        bad: Tone {
            headlines: &["{subject} crash out after bitter defeat",
                         "Injury crisis hits {subject} before final",
                         "{subject} fined after violent clashes in {place}"],
            leads: &["{subject} suffered a bitter defeat in {place} and crashed out of the cup.",
                     "{subject} lost {n} players to injury, a crisis before the final."],
            details: &["Fans criticised the poor tactics and weak defence.",
                       "The coach admitted the team failed under pressure.",
                       "Officials condemned the violent scenes after the match."],
        },
        neutral: &["The season runs for {n} weeks.",
                   "Tickets for the next match in {place} go on sale on Monday.",
                   "{subject} were founded more than a century ago."],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_id_give_the_same_article() {
        assert_eq!(Article::generate(7, 3), Article::generate(7, 3));
    }

    #[test]
    fn articles_vary_with_id_and_seed() {
        let titles: std::collections::HashSet<String> =
            Articles::new(7, 40).map(|article| article.title).collect();
        assert!(
            titles.len() > 25,
            "only {} distinct titles in 40",
            titles.len()
        );
        assert_ne!(Article::generate(7, 0), Article::generate(8, 0));
    }

    #[test]
    fn bodies_have_three_to_six_sentences_with_no_placeholder_left() {
        for article in Articles::new(11, 200) {
            let sentences = article.body.matches(". ").count() + 1;
            assert!((3..=6).contains(&sentences), "{sentences} in {article:?}");
            assert!(!article.body.contains('{') && !article.title.contains('{'));
        }
    }

    #[test]
    fn articles_stream_is_exact_sized_and_in_id_order() {
        let articles = Articles::new(1, 5);
        assert_eq!(articles.len(), 5);
        let ids: Vec<usize> = articles.map(|article| article.id).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
    }
}
