//! One module per CLI command; each wires the pipeline stages together.

pub mod actions;
pub mod build;
pub mod check;
pub mod fingerprint;
pub mod init;
pub mod inspect;
pub mod new;
pub mod search;
pub mod search_index;
pub mod serve;
pub mod similar;
mod site;
pub mod stats;

pub use site::{load_site, LoadedSite};
