//! hindsight: a static-site generator for incident postmortems.
//!
//! The pipeline runs one way: [`load`] (walk + front matter) -> [`extract`] (the Incident model)
//! -> [`analyze`] (taxonomies, trends, search, similarity) -> [`render`] (Markdown, highlighting,
//! templates) -> [`write`] (atomic swap). [`commands`] wires the stages for each CLI command;
//! [`serve`] rebuilds and serves the site while it is edited.

#![warn(missing_docs)]

pub mod analyze;
pub mod commands;
pub mod config;
pub mod extract;
pub mod lint;
pub mod load;
pub mod memory;
pub mod render;
pub mod serve;
pub mod text;
pub mod timing;
pub mod write;

/// The `expect` message where our own plain data is turned into JSON: that cannot fail (string
/// map keys, no custom serialisers), so a failure is a bug to report, never output to hide.
pub const SERIALISES: &str = "hindsight's own data always serialises to JSON (a bug otherwise)";
