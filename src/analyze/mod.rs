//! Stage 3: the whole site's incidents -> browse structure (taxonomies) and, in later modules,
//! trends, the search index and similarity.

mod taxonomy;
pub mod trends;

pub use taxonomy::{Taxonomy, Term};

use crate::config::SiteConfig;
use crate::extract::Incident;

/// Everything the render stage needs, computed once.
#[derive(Debug, Clone)]
pub struct SiteModel {
    pub config: SiteConfig,
    /// Newest first; incidents without a date last, by title.
    pub incidents: Vec<Incident>,
    pub taxonomies: Vec<Taxonomy>,
    pub trends: trends::Trends,
}

pub fn analyze(config: SiteConfig, mut incidents: Vec<Incident>) -> SiteModel {
    incidents.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| b.start.cmp(&a.start))
            .then_with(|| a.display_title().cmp(b.display_title()))
    });
    let taxonomies = taxonomy::build_all(&incidents);
    let trends = trends::compute(&incidents, &taxonomies);
    SiteModel {
        config,
        incidents,
        taxonomies,
        trends,
    }
}
