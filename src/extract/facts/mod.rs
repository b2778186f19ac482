//! Facts read out of the prose: sections, summary, root cause, category, components, timeline
//! entries, action items, lessons, placeholders.

use super::{ExtractOptions, Incident};

/// Fills the text facts of `inc` that front matter did not declare.
/// `line_offset` is the number of file lines before `body` (front matter).
pub(crate) fn extract_facts(
    _body: &str,
    _line_offset: usize,
    _opts: &ExtractOptions,
    _inc: &mut Incident,
) {
}
