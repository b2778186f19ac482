//! Trends over the whole site: what keeps breaking, how long it lasts, which fixes keep being
//! promised. Plain numbers; the render stage draws them and writes trends.json.

mod distribution;
mod period;
pub mod recurring;

pub use distribution::{nearest_rank, Distribution};
pub use period::{bucket_date, Period, Span};

use crate::analyze::Taxonomy;
use crate::extract::Incident;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The trends of a site, as `trends.json` and `hindsight stats --json` carry them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trends {
    /// Incidents counted (published ones; drafts only when the build includes them).
    pub incidents: usize,
    /// How the numbers are made, in words.
    pub definitions: Definitions,
    /// How many incidents lack each fact (and so are left out of its numbers).
    pub unknown: Unknowns,
    /// Every month from the first to the last dated incident, gaps included.
    pub months: Vec<PeriodCount>,
    /// Every quarter from the first to the last dated incident, gaps included.
    pub quarters: Vec<PeriodCount>,
    /// One row per category (null = no category), most incidents first.
    pub categories: Vec<CategoryShare>,
    /// Incidents per category per quarter; `counts` line up with `quarters`.
    pub categories_by_quarter: Vec<CategorySeries>,
    /// Duration in minutes, over every incident with a known one.
    pub duration: Distribution,
    /// Duration per year of the dated incidents, oldest first.
    pub duration_by_year: Vec<YearDuration>,
    /// Minutes from start to detection.
    pub time_to_detect: Distribution,
    /// Minutes from start to resolution (or end).
    pub time_to_resolve: Distribution,
    /// Most incidents first.
    pub components: Vec<ComponentLoad>,
    /// Incidents per band of the share of users affected, lowest band first.
    pub impact: Vec<ImpactBucket>,
    /// Every incident's slug, oldest first (undated last, then by slug): the incidents of a
    /// recurring group (`promised_by`, `seen_in`) are positions in this list. A group can hold
    /// thousands of incidents, and their slugs over and over were a third of the file.
    pub slugs: Vec<String>,
    /// Action-item groups promised by two or more incidents, most promised first.
    pub recurring_actions: Vec<RecurringAction>,
    /// Misleading-path groups seen in two or more incidents.
    pub recurring_misleading_paths: Vec<RecurringPath>,
    /// Taxonomy name -> term slug -> that term's small trend.
    pub terms: BTreeMap<String, BTreeMap<String, TermTrend>>,
}

/// How the numbers are defined, so readers of trends.json need not guess.
#[derive(Debug, Clone, Serialize)]
pub struct Definitions {
    /// Which date puts an incident in a month or quarter.
    pub bucket: &'static str,
    /// How medians and 90th percentiles are taken.
    pub percentile: &'static str,
    /// How shares of incidents and of downtime are computed.
    pub shares: &'static str,
    /// How action items and misleading paths are grouped as "the same".
    pub recurring: &'static str,
    /// The Jaccard index at which two statements are grouped.
    pub jaccard_threshold: f64,
}

impl Default for Definitions {
    fn default() -> Self {
        Definitions {
            bucket: "month and quarter of the incident's start in UTC, else of its date",
            percentile: "nearest rank: the value at rank ceil(p/100 * n) of the n known values, sorted",
            shares: "percent of all incidents / of the summed known durations, one decimal",
            recurring: "statements normalised to word sets (stop words dropped, synonyms merged, suffixes stripped) and grouped when their Jaccard index with a group's first statement reaches the threshold",
            jaccard_threshold: recurring::JACCARD_THRESHOLD,
        }
    }
}

/// Incidents whose value is not known, per fact.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Unknowns {
    /// Neither start nor date: left out of months, quarters and years.
    pub date: usize,
    /// No category, or the extractor's "unknown".
    pub category: usize,
    /// No known duration.
    pub duration: usize,
    /// No component named.
    pub components: usize,
    /// No share of users affected.
    pub impact: usize,
    /// No start or no detection time.
    pub time_to_detect: usize,
    /// No start or no resolution (or end) time.
    pub time_to_resolve: usize,
}

/// The incidents of one month or quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodCount {
    /// `2024-03` or `2024-Q1`.
    pub period: String,
    /// Incidents bucketed in it.
    pub incidents: usize,
}

/// One root-cause category's share of the incidents and of the downtime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryShare {
    /// None: incidents without a category.
    pub category: Option<String>,
    /// Incidents of this category.
    pub incidents: usize,
    /// Percent of all incidents, one decimal.
    pub incident_percent: f64,
    /// Sum of the known durations.
    pub downtime_minutes: f64,
    /// Percent of the site's summed known durations, one decimal.
    pub downtime_percent: f64,
    /// Durations of this category's incidents.
    pub duration: Distribution,
}

/// One category's incidents per quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategorySeries {
    /// None: incidents without a category.
    pub category: Option<String>,
    /// Lines up with `Trends::quarters`.
    pub counts: Vec<usize>,
}

/// The durations of one year's incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearDuration {
    /// The year of the bucket date.
    pub year: i32,
    /// Dated incidents of that year.
    pub incidents: usize,
    /// Their known durations.
    pub duration: Distribution,
}

/// How often one component was involved, and for how long.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentLoad {
    /// The component's slug.
    pub component: String,
    /// Incidents that involved it.
    pub incidents: usize,
    /// Sum of those incidents' known durations.
    pub downtime_minutes: f64,
    /// Incidents of this component with no known duration.
    pub unknown_duration: usize,
}

/// A band of the share of users affected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactBucket {
    /// `10–25%`.
    pub bucket: String,
    /// Lower bound (inclusive) and upper bound (exclusive, except 100), in percent of users.
    pub from: f64,
    /// Upper bound, in percent of users.
    pub to: f64,
    /// Incidents in the band.
    pub incidents: usize,
}

/// An incident as the trend tables cite it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRef {
    /// The incident's slug (its page is `incidents/<slug>/`).
    pub slug: String,
    /// Its title as shown.
    pub title: String,
    /// The bucket date (start in UTC, else date).
    pub date: Option<NaiveDate>,
    /// Its root-cause category, if known.
    pub category: Option<String>,
    /// Its position in [`Trends::slugs`].
    #[serde(skip)]
    pub position: usize,
}

/// A long list of incidents as their positions in `slugs` (incidents.json has their titles,
/// dates, categories).
fn positions<S: serde::Serializer>(refs: &[IncidentRef], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(refs.iter().map(|r| r.position))
}

/// An action item that several incidents promised, in one wording or another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecurringAction {
    /// The wording most incidents used.
    pub action: String,
    /// The group's normalised words.
    pub tokens: Vec<String>,
    /// Distinct incidents that promised it.
    pub incidents: usize,
    /// Those incidents, oldest first (serialised as their positions in `slugs`: a group can
    /// hold thousands).
    #[serde(serialize_with = "positions")]
    pub promised_by: Vec<IncidentRef>,
    /// Every distinct wording.
    pub wordings: Vec<String>,
    /// The bucket date of the first incident that promised it.
    pub first_promised: Option<NaiveDate>,
    /// Categories of the incidents that promised it.
    pub categories: Vec<String>,
    /// How many incidents with one of those categories are dated after the first promise.
    pub later_same_category_count: usize,
    /// The first of them, oldest first, at most `LATER_LISTED`.
    pub later_same_category: Vec<IncidentRef>,
    /// Whether any such later incident exists: the fix did not stop that kind of failure.
    pub recurred: bool,
}

/// A misleading path (a wrong lead during the response) that several incidents went down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecurringPath {
    /// The wording most incidents used.
    pub path: String,
    /// The group's normalised words.
    pub tokens: Vec<String>,
    /// Distinct incidents that name it.
    pub incidents: usize,
    /// Those incidents, oldest first (serialised as their positions in `slugs`).
    #[serde(serialize_with = "positions")]
    pub seen_in: Vec<IncidentRef>,
    /// Every distinct wording.
    pub wordings: Vec<String>,
}

/// The small trend on a category, service or tag page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermTrend {
    /// Incidents with this term.
    pub incidents: usize,
    /// Lines up with `Trends::quarters`.
    pub quarters: Vec<usize>,
    /// Incidents with this term but no date.
    pub undated: usize,
    /// Their known durations.
    pub duration: Distribution,
}

/// How many later same-category incidents a recurring action lists (all are counted).
pub const LATER_LISTED: usize = 10;

/// Impact buckets: lower bound inclusive, upper exclusive; the last one includes 100.
const IMPACT_BOUNDS: &[(f64, f64)] = &[
    (0.0, 1.0),
    (1.0, 5.0),
    (5.0, 10.0),
    (10.0, 25.0),
    (25.0, 50.0),
    (50.0, 100.0),
];

fn percent(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        return 0.0;
    }
    (part / whole * 1000.0).round() / 10.0
}

/// The root-cause category, or None when there is none or it is the extractor's "unknown".
fn category_of(inc: &Incident) -> Option<String> {
    inc.known_category().map(str::to_string)
}

fn minutes_between(
    from: Option<DateTime<FixedOffset>>,
    to: Option<DateTime<FixedOffset>>,
) -> Option<f64> {
    let m = (to? - from?).num_seconds() as f64 / 60.0;
    (m >= 0.0).then_some(m)
}

fn duration_of(inc: &Incident) -> Option<f64> {
    inc.duration_minutes.filter(|d| d.is_finite() && *d >= 0.0)
}

/// The trends of `incidents`; `taxonomies` give each term page its own small trend.
pub fn compute(incidents: &[Incident], taxonomies: &[Taxonomy]) -> Trends {
    let basis = Basis::of(incidents);
    let (categories, categories_by_quarter) = category_shares(incidents, &basis);
    let (detect, resolve) = response_times(incidents);
    let (impact, unknown_impact) = impact_buckets(incidents);
    let unknown = Unknowns {
        impact: unknown_impact,
        time_to_detect: incidents.len() - detect.len(),
        time_to_resolve: incidents.len() - resolve.len(),
        ..unknowns(incidents, &basis)
    };
    let slugs = chronological(incidents, &basis.dates)
        .into_iter()
        .map(|i| incidents[i].slug.clone())
        .collect();
    Trends {
        incidents: incidents.len(),
        slugs,
        months: period_counts(&basis, Span::Month),
        quarters: period_counts(&basis, Span::Quarter),
        categories,
        categories_by_quarter,
        duration: Distribution::of(&basis.known_durations(), unknown.duration),
        duration_by_year: durations_by_year(&basis),
        time_to_detect: Distribution::of(&detect, unknown.time_to_detect),
        time_to_resolve: Distribution::of(&resolve, unknown.time_to_resolve),
        components: component_loads(incidents, &basis),
        impact,
        recurring_actions: recurring_actions(incidents, &basis.dates),
        recurring_misleading_paths: recurring_paths(incidents, &basis.dates),
        terms: term_trends(taxonomies, &basis),
        unknown,
        ..Default::default()
    }
}

/// What every step reads: each incident's bucket date and known duration, by index, and the
/// quarters from the first dated incident to the last.
struct Basis {
    dates: Vec<Option<NaiveDate>>,
    durations: Vec<Option<f64>>,
    quarter_keys: Vec<Period>,
}

impl Basis {
    fn of(incidents: &[Incident]) -> Basis {
        let dates: Vec<Option<NaiveDate>> = incidents.iter().map(bucket_date).collect();
        Basis {
            quarter_keys: periods(&dates, Span::Quarter),
            durations: incidents.iter().map(duration_of).collect(),
            dates,
        }
    }

    fn known_durations(&self) -> Vec<f64> {
        self.durations.iter().flatten().copied().collect()
    }

    /// How many of `members` (incident indexes) fall in each of `keys`.
    fn count_by(
        &self,
        span: Span,
        keys: &[Period],
        members: impl Iterator<Item = usize>,
    ) -> Vec<usize> {
        let mut counts = vec![0usize; keys.len()];
        for i in members {
            if let Some(d) = self.dates[i] {
                if let Ok(pos) = keys.binary_search(&span.of(d)) {
                    counts[pos] += 1;
                }
            }
        }
        counts
    }

    fn per_quarter(&self, members: impl Iterator<Item = usize>) -> Vec<usize> {
        self.count_by(Span::Quarter, &self.quarter_keys, members)
    }
}

/// How many incidents lack a date, a duration, a category or components.
fn unknowns(incidents: &[Incident], basis: &Basis) -> Unknowns {
    Unknowns {
        date: basis.dates.iter().filter(|d| d.is_none()).count(),
        duration: basis.durations.iter().filter(|d| d.is_none()).count(),
        category: incidents
            .iter()
            .filter(|i| category_of(i).is_none())
            .count(),
        components: incidents.iter().filter(|i| i.components.is_empty()).count(),
        ..Default::default()
    }
}

/// Incidents per period, with every gap filled.
fn period_counts(basis: &Basis, span: Span) -> Vec<PeriodCount> {
    let keys = periods(&basis.dates, span);
    let counts = basis.count_by(span, &keys, 0..basis.dates.len());
    keys.iter()
        .zip(counts)
        .map(|(p, n)| PeriodCount {
            period: span.key(*p),
            incidents: n,
        })
        .collect()
}

/// Each category's share of incidents and of downtime, most incidents first (the unknown row
/// last among equals), and its incidents per quarter in the same order.
fn category_shares(
    incidents: &[Incident],
    basis: &Basis,
) -> (Vec<CategoryShare>, Vec<CategorySeries>) {
    let total_downtime: f64 = basis.durations.iter().flatten().fold(0.0, |a, b| a + b);
    let mut by_category: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for (i, inc) in incidents.iter().enumerate() {
        by_category.entry(category_of(inc)).or_default().push(i);
    }
    let mut categories: Vec<(CategoryShare, Vec<usize>)> = by_category
        .into_iter()
        .map(|(category, members)| {
            let known: Vec<f64> = members.iter().filter_map(|&i| basis.durations[i]).collect();
            let downtime: f64 = known.iter().fold(0.0, |a, b| a + b);
            let share = CategoryShare {
                category,
                incidents: members.len(),
                incident_percent: percent(members.len() as f64, incidents.len() as f64),
                downtime_minutes: downtime,
                downtime_percent: percent(downtime, total_downtime),
                duration: Distribution::of(&known, members.len() - known.len()),
            };
            (share, members)
        })
        .collect();
    categories.sort_by(|(a, _), (b, _)| {
        b.incidents
            .cmp(&a.incidents)
            .then(a.category.is_none().cmp(&b.category.is_none()))
            .then(a.category.cmp(&b.category))
    });
    let series = categories
        .iter()
        .map(|(c, members)| CategorySeries {
            category: c.category.clone(),
            counts: basis.per_quarter(members.iter().copied()),
        })
        .collect();
    (categories.into_iter().map(|(c, _)| c).collect(), series)
}

/// The durations of each year's dated incidents.
fn durations_by_year(basis: &Basis) -> Vec<YearDuration> {
    let mut by_year: BTreeMap<i32, (usize, Vec<f64>)> = BTreeMap::new();
    for (d, dur) in basis.dates.iter().zip(&basis.durations) {
        if let Some(d) = d {
            let e = by_year.entry(d.year()).or_default();
            e.0 += 1;
            e.1.extend(dur);
        }
    }
    by_year
        .into_iter()
        .map(|(year, (n, v))| YearDuration {
            year,
            incidents: n,
            duration: Distribution::of(&v, n - v.len()),
        })
        .collect()
}

/// The known times to detect and to resolve, in minutes from the start.
fn response_times(incidents: &[Incident]) -> (Vec<f64>, Vec<f64>) {
    let detect: Vec<f64> = incidents
        .iter()
        .filter_map(|i| minutes_between(i.start, i.detected_at))
        .collect();
    let resolve: Vec<f64> = incidents
        .iter()
        .filter_map(|i| minutes_between(i.start, i.resolved_at.or(i.end)))
        .collect();
    (detect, resolve)
}

/// Incidents and downtime per component, most incidents first.
fn component_loads(incidents: &[Incident], basis: &Basis) -> Vec<ComponentLoad> {
    let mut by_component: BTreeMap<&str, ComponentLoad> = BTreeMap::new();
    for (i, inc) in incidents.iter().enumerate() {
        let unique: BTreeSet<&str> = inc.components.iter().map(String::as_str).collect();
        for c in unique {
            let e = by_component.entry(c).or_insert_with(|| ComponentLoad {
                component: c.to_string(),
                incidents: 0,
                downtime_minutes: 0.0,
                unknown_duration: 0,
            });
            e.incidents += 1;
            match basis.durations[i] {
                Some(d) => e.downtime_minutes += d,
                None => e.unknown_duration += 1,
            }
        }
    }
    let mut components: Vec<ComponentLoad> = by_component.into_values().collect();
    components.sort_by(|a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then(b.downtime_minutes.total_cmp(&a.downtime_minutes))
            .then(a.component.cmp(&b.component))
    });
    components
}

/// Incidents per band of the share of users affected, and how many give no share.
fn impact_buckets(incidents: &[Incident]) -> (Vec<ImpactBucket>, usize) {
    let mut buckets: Vec<ImpactBucket> = IMPACT_BOUNDS
        .iter()
        .map(|&(from, to)| ImpactBucket {
            bucket: format!("{from}–{to}%"),
            from,
            to,
            incidents: 0,
        })
        .collect();
    let mut unknown = 0;
    for inc in incidents {
        match inc.impact_percent.filter(|p| p.is_finite() && *p >= 0.0) {
            Some(p) => {
                let pos = IMPACT_BOUNDS
                    .iter()
                    .position(|&(_, to)| p < to)
                    .unwrap_or(IMPACT_BOUNDS.len() - 1);
                buckets[pos].incidents += 1;
            }
            None => unknown += 1,
        }
    }
    (buckets, unknown)
}

/// The small trend of every term page: its incidents per quarter and their durations.
fn term_trends(
    taxonomies: &[Taxonomy],
    basis: &Basis,
) -> BTreeMap<String, BTreeMap<String, TermTrend>> {
    let mut all = BTreeMap::new();
    for tax in taxonomies {
        let terms = tax
            .terms
            .iter()
            .map(|term| {
                let known: Vec<f64> = term
                    .incidents
                    .iter()
                    .filter_map(|&i| basis.durations[i])
                    .collect();
                let trend = TermTrend {
                    incidents: term.incidents.len(),
                    quarters: basis.per_quarter(term.incidents.iter().copied()),
                    undated: term
                        .incidents
                        .iter()
                        .filter(|&&i| basis.dates[i].is_none())
                        .count(),
                    duration: Distribution::of(&known, term.incidents.len() - known.len()),
                };
                (term.slug.clone(), trend)
            })
            .collect();
        all.insert(tax.name.clone(), terms);
    }
    all
}

/// Every period between the first and last bucket dates.
fn periods(dates: &[Option<NaiveDate>], span: Span) -> Vec<Period> {
    let first = dates.iter().flatten().min();
    let last = dates.iter().flatten().max();
    match (first, last) {
        (Some(f), Some(l)) => span.range(span.of(*f), span.of(*l)),
        _ => Vec::new(),
    }
}

/// `position`: the incident's place in [`chronological`] order, i.e. in `Trends::slugs`.
fn incident_ref(inc: &Incident, date: Option<NaiveDate>, position: usize) -> IncidentRef {
    IncidentRef {
        slug: inc.slug.clone(),
        title: inc.display_title().to_string(),
        date,
        category: category_of(inc),
        position,
    }
}

/// Each incident's position in `order`.
fn ranks(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0usize; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// Incident indexes oldest first (undated last), then by slug: the order statements are grouped in.
fn chronological(incidents: &[Incident], dates: &[Option<NaiveDate>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..incidents.len()).collect();
    order.sort_by(|&a, &b| {
        dates[a]
            .is_none()
            .cmp(&dates[b].is_none())
            .then(dates[a].cmp(&dates[b]))
            .then(incidents[a].slug.cmp(&incidents[b].slug))
    });
    order
}

/// Groups with statements from two or more incidents: (group, distinct incidents in first-said order).
fn recurring_groups<'a>(
    incidents: &'a [Incident],
    dates: &[Option<NaiveDate>],
    texts: impl Fn(&'a Incident) -> Vec<&'a str>,
) -> Vec<(recurring::Group<'a>, Vec<usize>)> {
    let statements: Vec<recurring::Statement<'a>> = chronological(incidents, dates)
        .into_iter()
        .flat_map(|i| {
            texts(&incidents[i])
                .into_iter()
                .map(move |text| recurring::Statement { incident: i, text })
        })
        .collect();
    recurring::group(&statements, recurring::JACCARD_THRESHOLD)
        .into_iter()
        .filter_map(|g| {
            // Statements come incident by incident, so an incident's repeats are adjacent.
            let mut seen: Vec<usize> = Vec::new();
            for m in &g.members {
                if seen.last() != Some(&m.incident) {
                    seen.push(m.incident);
                }
            }
            (seen.len() >= 2).then_some((g, seen))
        })
        .collect()
}

/// Unfilled template slots (`[Insert action item]`) are not promises.
fn is_placeholder(inc: &Incident, text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('[') && t.ends_with(']')) || inc.placeholders.iter().any(|p| p.text.trim() == t)
}

fn wordings(g: &recurring::Group<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // ASCII-lowercased wordings seen: a group can have thousands of members, and looking
    // through `out` for each made this quadratic.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for m in &g.members {
        let w = m.text.trim();
        if seen.insert(w.to_ascii_lowercase()) {
            out.push(w.to_string());
        }
    }
    out
}

fn recurring_actions(incidents: &[Incident], dates: &[Option<NaiveDate>]) -> Vec<RecurringAction> {
    let groups = recurring_groups(incidents, dates, |i| {
        i.action_items
            .iter()
            .map(|a| a.text.as_str())
            .filter(|t| !is_placeholder(i, t))
            .collect()
    });
    let order = chronological(incidents, dates);
    let rank = ranks(&order);
    let mut by_category: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &order {
        if let (Some(c), Some(_)) = (category_of(&incidents[i]), dates[i]) {
            by_category.entry(c).or_default().push(i);
        }
    }
    let mut out: Vec<RecurringAction> = groups
        .into_iter()
        .map(|(g, members)| {
            let first_promised = members.iter().filter_map(|&i| dates[i]).min();
            let categories: Vec<String> = members
                .iter()
                .filter_map(|&i| category_of(&incidents[i]))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            // Per category, the dated incidents after the first promise: a suffix of its
            // chronological list.
            let mut later_count = 0;
            let mut later: Vec<usize> = Vec::new();
            if let Some(first) = first_promised {
                for c in &categories {
                    let list = by_category.get(c).map(Vec::as_slice).unwrap_or(&[]);
                    let from = list.partition_point(|&i| dates[i].is_some_and(|d| d <= first));
                    later_count += list.len() - from;
                    later.extend(list[from..].iter().take(LATER_LISTED));
                }
            }
            later.sort_by_key(|i| rank[*i]);
            later.truncate(LATER_LISTED);
            RecurringAction {
                action: recurring::label(&g.members),
                tokens: g.seed.clone(),
                incidents: members.len(),
                promised_by: members
                    .iter()
                    .map(|&i| incident_ref(&incidents[i], dates[i], rank[i]))
                    .collect(),
                wordings: wordings(&g),
                first_promised,
                categories,
                recurred: later_count > 0,
                later_same_category_count: later_count,
                later_same_category: later
                    .into_iter()
                    .map(|i| incident_ref(&incidents[i], dates[i], rank[i]))
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then(a.first_promised.is_none().cmp(&b.first_promised.is_none()))
            .then(a.first_promised.cmp(&b.first_promised))
            .then(a.action.cmp(&b.action))
    });
    out
}

fn recurring_paths(incidents: &[Incident], dates: &[Option<NaiveDate>]) -> Vec<RecurringPath> {
    let groups = recurring_groups(incidents, dates, |i| {
        i.misleading_paths.iter().map(String::as_str).collect()
    });
    let rank = ranks(&chronological(incidents, dates));
    let mut out: Vec<RecurringPath> = groups
        .into_iter()
        .map(|(g, members)| RecurringPath {
            path: recurring::label(&g.members),
            tokens: g.seed.clone(),
            incidents: members.len(),
            seen_in: members
                .iter()
                .map(|&i| incident_ref(&incidents[i], dates[i], rank[i]))
                .collect(),
            wordings: wordings(&g),
        })
        .collect();
    out.sort_by(|a, b| b.incidents.cmp(&a.incidents).then(a.path.cmp(&b.path)));
    out
}

#[cfg(test)]
mod tests {
    use super::recurring::{Group, Statement};

    #[test]
    fn wordings_are_distinct_ignoring_ascii_case_first_kept() {
        let members = [
            "Add alerts ",
            "add ALERTS",
            "Add alerting",
            " add alerts",
            "Ärger",
        ]
        .iter()
        .enumerate()
        .map(|(incident, text)| Statement { incident, text })
        .collect();
        let g = Group {
            seed: vec![],
            members,
        };
        assert_eq!(super::wordings(&g), ["Add alerts", "Add alerting", "Ärger"]);
    }
}
