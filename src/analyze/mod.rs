//! Stage 3: the whole site's incidents -> browse structure (taxonomies) and, in later modules,
//! trends, the search index and similarity.

pub mod actions;
pub mod history;
pub mod search;
pub mod severity;
mod taxonomy;
pub mod trends;

pub use taxonomy::{Taxonomy, Term};

use crate::config::SiteConfig;
use crate::extract::Incident;

/// Everything the render stage needs, computed once.
#[derive(Debug, Clone)]
pub struct SiteModel {
    /// site.toml.
    pub config: SiteConfig,
    /// Newest first; incidents without a date last, by title.
    pub incidents: Vec<Incident>,
    /// Categories, services and tags, each with its terms.
    pub taxonomies: Vec<Taxonomy>,
    /// The numbers of the trends page.
    pub trends: trends::Trends,
    /// Similar incidents and the browser's search index.
    pub search: search::SearchOutput,
    /// Every action item, open ones first.
    pub actions: actions::ActionList,
    /// When each postmortem last changed in git (empty outside a checkout).
    pub history: history::History,
}

/// The site model of `incidents`, without git history.
pub fn analyze(config: SiteConfig, incidents: Vec<Incident>) -> SiteModel {
    let mut memo = search::counts_memo::CountsMemo::default();
    analyze_with(config, incidents, history::History::default(), &mut memo)
}

/// [`analyze`] for the site folder `root`: also reads when each postmortem last changed in git,
/// and takes the term counts of documents `memo` knows from it (see [`search::build_output`]).
pub fn analyze_site(
    root: &std::path::Path,
    config: SiteConfig,
    incidents: Vec<Incident>,
    memo: &mut search::counts_memo::CountsMemo,
) -> SiteModel {
    analyze_with(config, incidents, history::History::read(root), memo)
}

fn analyze_with(
    config: SiteConfig,
    mut incidents: Vec<Incident>,
    history: history::History,
    memo: &mut search::counts_memo::CountsMemo,
) -> SiteModel {
    let mut laps = crate::timing::Laps::start("analyze");
    sort_incidents(&mut incidents);
    let taxonomies = taxonomy::build_all(&incidents);
    laps.lap("taxonomies");
    // Trends and search read the same incidents and nothing of each other: side by side, each
    // fills the other's sequential steps.
    let (trends, search) = rayon::join(
        || trends::compute(&incidents, &taxonomies),
        || search::build_output(&incidents, &config.title, memo),
    );
    laps.lap("trends+search");
    let actions = actions::collect(&incidents, chrono::Local::now().date_naive());
    laps.lap("actions");
    SiteModel {
        config,
        incidents,
        taxonomies,
        trends,
        search,
        actions,
        history,
    }
}

/// Site order: newest first; incidents without a date last, by title.
pub fn sort_incidents(incidents: &mut [Incident]) {
    incidents.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| b.start.cmp(&a.start))
            .then_with(|| a.display_title().cmp(b.display_title()))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}
