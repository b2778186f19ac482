//! Follow-ups across incidents: every action item of every postmortem with its incident, owner,
//! status and due date, open ones first. Feeds `/actions/`, `actions.json`, the open count on
//! each incident card and `hindsight actions`.

use crate::extract::{ActionItem, Incident};
use chrono::NaiveDate;
use serde::Serialize;

/// What the status of an item says, on one scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stated as open (or an unticked checkbox).
    Open,
    /// Stated as being worked on.
    InProgress,
    /// No status and no checkbox: not known to be done, so counted as open.
    Unstated,
    /// Stated as done, or a checked box.
    Done,
    /// Dropped on purpose: won't do, cancelled, superseded.
    Dropped,
}

impl Status {
    /// Still to do: open, in progress or not stated.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Open | Status::InProgress | Status::Unstated)
    }

    /// The status in words, as the pages and the CLI show it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in progress",
            Status::Unstated => "not stated",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    fn of(item: &ActionItem) -> Status {
        let text = item.status.as_deref().unwrap_or("").trim().to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
        if has(&[
            "won't", "wont", "will not", "cancel", "drop", "supersed", "rejected",
        ]) {
            Status::Dropped
        } else if item.done == Some(true)
            || has(&[
                "done", "complete", "closed", "fixed", "resolved", "shipped", "merged",
            ])
        {
            Status::Done
        } else if has(&["progress", "doing", "started", "ongoing", "wip", "review"]) {
            Status::InProgress
        } else if !text.is_empty() || item.done == Some(false) {
            Status::Open
        } else {
            Status::Unstated
        }
    }
}

/// One action item with its incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    /// The item's text.
    pub text: String,
    /// Who owns it, as written.
    pub owner: Option<String>,
    /// The status read from the text or checkbox.
    pub status: Status,
    /// The status as the postmortem writes it.
    pub status_text: Option<String>,
    /// The due date as written, and read as a date when it can be.
    pub due_text: Option<String>,
    /// The due date, when `due_text` reads as one.
    pub due: Option<NaiveDate>,
    /// Open and due before the day the list was made.
    pub overdue: bool,
    /// Priority as written (`P1`, `high`).
    pub priority: Option<String>,
    /// A ticket id or link, as written.
    pub ticket: Option<String>,
    /// The postmortem it comes from.
    pub incident: IncidentRef,
    /// Line of the item in the postmortem's file.
    pub line: usize,
}

/// The postmortem an action item comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRef {
    /// Its slug.
    pub slug: String,
    /// Its title as shown.
    pub title: String,
    /// Its date, if known.
    pub date: Option<NaiveDate>,
    /// Its file, relative to the site.
    pub source: String,
}

/// Every action item of the site, open ones first.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionList {
    /// The day overdue was judged against.
    pub as_of: Option<NaiveDate>,
    /// Items listed.
    pub total: usize,
    /// Items still open.
    pub open: usize,
    /// Open items past their due date.
    pub overdue: usize,
    /// The items, open ones first.
    pub items: Vec<ActionRow>,
}

/// Owner text without the `@` of a handle, for matching `--owner`.
pub fn owner_key(owner: &str) -> String {
    owner.trim().trim_start_matches('@').to_lowercase()
}

/// A due date as written: `2024-04-01`, `2024/04/01`, `1 April 2024`, `April 1, 2024`,
/// `Apr 1 2024`. Anything else (`Q2`, `next sprint`, `TBD`) stays text only.
pub fn parse_due(text: &str) -> Option<NaiveDate> {
    let t = text.trim().trim_end_matches('.');
    let t = t.split('T').next().unwrap_or(t);
    crate::text::parse_day(t)
}

/// Collects the action items of `incidents` (site order), judging overdue against `today`.
pub fn collect(incidents: &[Incident], today: NaiveDate) -> ActionList {
    let mut items: Vec<(usize, ActionRow)> = Vec::new();
    for (ord, inc) in incidents.iter().enumerate() {
        let incident = IncidentRef {
            slug: inc.slug.clone(),
            title: inc.display_title().to_string(),
            date: inc.date,
            source: inc.source.clone(),
        };
        for item in &inc.action_items {
            let status = Status::of(item);
            let due = item.due.as_deref().and_then(parse_due);
            items.push((
                ord,
                ActionRow {
                    text: item.text.clone(),
                    owner: item.owner.clone().filter(|o| !o.trim().is_empty()),
                    status,
                    status_text: item.status.clone(),
                    due_text: item.due.clone(),
                    due,
                    overdue: status.is_open() && due.is_some_and(|d| d < today),
                    priority: item.priority.clone(),
                    ticket: item.ticket.clone(),
                    incident: incident.clone(),
                    line: item.line,
                },
            ));
        }
    }
    // Open first; among open, overdue and soonest due first, then newest incident; then done.
    items.sort_by(|(oa, a), (ob, b)| {
        (!a.status.is_open())
            .cmp(&!b.status.is_open())
            .then((!a.overdue).cmp(&!b.overdue))
            .then(a.due.is_none().cmp(&b.due.is_none()))
            .then(a.due.cmp(&b.due))
            .then(oa.cmp(ob))
            .then(a.line.cmp(&b.line))
    });
    let items: Vec<ActionRow> = items.into_iter().map(|(_, r)| r).collect();
    ActionList {
        as_of: Some(today),
        total: items.len(),
        open: items.iter().filter(|r| r.status.is_open()).count(),
        overdue: items.iter().filter(|r| r.overdue).count(),
        items,
    }
}

impl ActionList {
    /// The items that pass `open_only` and `owner` (matched without `@` and case).
    pub fn filtered(&self, open_only: bool, owner: Option<&str>) -> ActionList {
        let want = owner.map(owner_key);
        let items: Vec<ActionRow> = self
            .items
            .iter()
            .filter(|r| !open_only || r.status.is_open())
            .filter(|r| match &want {
                None => true,
                Some(w) => r.owner.as_deref().is_some_and(|o| owner_key(o) == *w),
            })
            .cloned()
            .collect();
        ActionList {
            as_of: self.as_of,
            total: items.len(),
            open: items.iter().filter(|r| r.status.is_open()).count(),
            overdue: items.iter().filter(|r| r.overdue).count(),
            items,
        }
    }

    /// (open, all) items of every incident that has some, by slug (one pass over the items;
    /// [`ActionList::counts_for`] for each incident would be quadratic).
    pub fn counts_by_incident(&self) -> std::collections::HashMap<&str, (usize, usize)> {
        let mut map: std::collections::HashMap<&str, (usize, usize)> = Default::default();
        for r in &self.items {
            let e = map.entry(r.incident.slug.as_str()).or_default();
            e.0 += r.status.is_open() as usize;
            e.1 += 1;
        }
        map
    }

    /// (open, all) items of the incident `slug`.
    pub fn counts_for(&self, slug: &str) -> (usize, usize) {
        let mine = self.items.iter().filter(|r| r.incident.slug == slug);
        mine.fold((0, 0), |(o, a), r| (o + r.status.is_open() as usize, a + 1))
    }

    /// Owners, sorted case-blind, with their open and total item counts.
    pub fn owners(&self) -> Vec<(String, usize, usize)> {
        let mut map: std::collections::BTreeMap<String, (String, usize, usize)> =
            Default::default();
        for r in &self.items {
            if let Some(o) = &r.owner {
                let e = map.entry(owner_key(o)).or_insert_with(|| (o.clone(), 0, 0));
                e.1 += r.status.is_open() as usize;
                e.2 += 1;
            }
        }
        map.into_values().collect()
    }
}

/// An action item for tests.
#[cfg(test)]
pub(crate) fn test_item(
    text: &str,
    owner: Option<&str>,
    status: Option<&str>,
    due: Option<&str>,
) -> ActionItem {
    ActionItem {
        text: text.into(),
        owner: owner.map(Into::into),
        status: status.map(Into::into),
        done: status.map(|s| s == "done"),
        priority: None,
        due: due.map(Into::into),
        ticket: None,
        line: 10,
    }
}

#[cfg(test)]
mod tests {
    use super::test_item as item;
    use super::*;

    #[test]
    fn statuses_on_one_scale() {
        assert_eq!(
            Status::of(&item("a", None, Some("Done"), None)),
            Status::Done
        );
        assert_eq!(
            Status::of(&item("a", None, Some("in progress"), None)),
            Status::InProgress
        );
        assert_eq!(
            Status::of(&item("a", None, Some("won't fix"), None)),
            Status::Dropped
        );
        assert_eq!(
            Status::of(&item("a", None, Some("todo"), None)),
            Status::Open
        );
        assert_eq!(Status::of(&item("a", None, None, None)), Status::Unstated);
    }

    #[test]
    fn due_dates_as_written() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_due("2024-04-01"), d(2024, 4, 1));
        assert_eq!(parse_due("1 April 2024"), d(2024, 4, 1));
        assert_eq!(parse_due("April 1, 2024"), d(2024, 4, 1));
        assert_eq!(parse_due("Q2"), None);
        assert_eq!(parse_due("TBD"), None);
    }
}
