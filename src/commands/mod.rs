//! One module per CLI command; each wires the pipeline stages together.

pub mod actions;
pub mod build;
pub mod build_cli;
pub mod check;
pub mod counts_cache;
pub mod extract_cache;
pub mod fingerprint;
pub mod front_matter;
pub mod init;
pub mod inspect;
pub mod new;
pub mod progress;
pub mod report;
pub mod search;
pub mod search_index;
pub mod serve;
pub mod similar;
mod site;
pub mod stats;

pub use site::{
    load_site, load_site_with, source_context, InputError, InputErrors, LoadedSite, SiteLoad,
};
