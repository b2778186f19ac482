//! `/actions/` and `actions.json`: every follow-up of every incident, open ones first.

use super::RenderError;
use crate::analyze::actions::{ActionList, Status};
use crate::analyze::SiteModel;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// `actions.json` as `hindsight actions --json` prints it.
pub fn actions_json(list: &ActionList) -> String {
    serde_json::to_string_pretty(&ActionsFile::of(list)).expect(crate::SERIALISES)
}

/// What `actions.json` holds: the list's counts, each incident that promised an item once
/// (by slug order), and the items naming their incident by its position in that list. An
/// incident promises several items: repeating its title and source on each was two fifths of
/// the file, and its slug on each a fifth of the rest.
#[derive(Serialize)]
struct ActionsFile<'a> {
    as_of: Option<NaiveDate>,
    total: usize,
    open: usize,
    overdue: usize,
    incidents: Vec<IncidentOut<'a>>,
    items: Vec<ItemOut<'a>>,
}

/// An incident of `actions.json`.
#[derive(Serialize)]
struct IncidentOut<'a> {
    slug: &'a str,
    title: &'a str,
    date: Option<NaiveDate>,
    source: &'a str,
}

/// An item of `actions.json`: the row with its incident as a position in `incidents`. Keys without a value, a
/// `false` overdue, a `status_text` that is the status's label and a `due_text` that is `due`
/// are left out: at 10,000 incidents they were a quarter of the file and told nothing.
#[derive(Serialize)]
struct ItemOut<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<&'a str>,
    incident: usize,
    line: usize,
}

impl<'a> ActionsFile<'a> {
    fn of(list: &'a ActionList) -> Self {
        let by_slug: BTreeMap<&str, &crate::analyze::actions::IncidentRef> = list
            .items
            .iter()
            .map(|r| (r.incident.slug.as_str(), &r.incident))
            .collect();
        let position: BTreeMap<&str, usize> =
            by_slug.keys().enumerate().map(|(n, s)| (*s, n)).collect();
        let incidents = by_slug
            .values()
            .map(|i| IncidentOut {
                slug: &i.slug,
                title: &i.title,
                date: i.date,
                source: &i.source,
            })
            .collect();
        let items = list
            .items
            .iter()
            .map(|r| ItemOut {
                text: &r.text,
                owner: r.owner.as_deref(),
                status: r.status,
                status_text: r.status_text.as_deref().filter(|t| *t != r.status.label()),
                due_text: r
                    .due_text
                    .as_deref()
                    .filter(|t| r.due.is_none_or(|d| d.to_string() != *t)),
                due: r.due,
                overdue: r.overdue,
                priority: r.priority.as_deref(),
                ticket: r.ticket.as_deref(),
                incident: position[r.incident.slug.as_str()],
                line: r.line,
            })
            .collect();
        ActionsFile {
            as_of: list.as_of,
            total: list.total,
            open: list.open,
            overdue: list.overdue,
            incidents,
            items,
        }
    }
}

pub(crate) fn render_actions(
    model: &SiteModel,
    page: &super::WholeSitePage,
    sink: &dyn super::Sink,
) -> Result<(), RenderError> {
    // The same objects as `hindsight actions --json`, compact: indentation was half the bytes.
    let json = serde_json::to_vec(&ActionsFile::of(&model.actions)).expect(crate::SERIALISES);
    sink.write("actions.json", &json)?;
    if page.tera.contains_template("actions.html") {
        page.render(
            "actions.html",
            "actions/index.html",
            ("actions", &view(model)),
            sink,
        )?;
    }
    Ok(())
}

/// An owner as one token of the rows' `data-owner` (the page's filter splits on spaces).
fn owner_token(owner: &str) -> String {
    crate::analyze::actions::owner_key(owner)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
}

/// What `actions.html` gets as `actions`. Typed rows borrowing from the model, serialised
/// straight into the template context: a JSON copy of every row beside tera's was the largest
/// allocation of the build. Fields are in name order, the order a JSON object's keys had.
#[derive(Serialize)]
struct ActionsView<'a> {
    as_of: Option<String>,
    incidents: Vec<IncidentCount<'a>>,
    items: Vec<ItemView<'a>>,
    open: usize,
    overdue: usize,
    owners: Vec<OwnerView>,
    /// How many of the items the page holds: the rest come from `actions.json` in the browser
    /// (listing every item made the page a tenth of a 10,000-incident site).
    shown: usize,
    total: usize,
    unstated: usize,
}

/// A row of the actions table.
#[derive(Serialize)]
struct ItemView<'a> {
    due: Option<String>,
    due_text: Option<&'a str>,
    incident: IncidentView<'a>,
    open: bool,
    overdue: bool,
    owner: Option<&'a str>,
    owner_key: String,
    status: Status,
    status_label: &'static str,
    status_text: Option<&'a str>,
    text: &'a str,
    ticket: Option<&'a str>,
}

/// The incident a row links to.
#[derive(Serialize)]
struct IncidentView<'a> {
    date: Option<String>,
    slug: &'a str,
    title: &'a str,
    url: String,
}

/// An owner of the owner filter.
#[derive(Serialize)]
struct OwnerView {
    key: String,
    name: String,
    open: usize,
    total: usize,
}

/// An incident of the incident filter.
#[derive(Serialize)]
struct IncidentCount<'a> {
    open: usize,
    slug: &'a str,
    title: &'a str,
    total: usize,
}

fn view(model: &SiteModel) -> ActionsView<'_> {
    let base = model.config.base_path();
    let list = &model.actions;
    let shown = match model.config.paginate_by {
        0 => list.items.len(),
        n => list.items.len().min(n),
    };
    let items = list.items[..shown]
        .iter()
        .map(|r| ItemView {
            due: r.due.map(|d| d.to_string()),
            due_text: r.due_text.as_deref(),
            incident: IncidentView {
                date: r.incident.date.map(|d| d.to_string()),
                slug: &r.incident.slug,
                title: &r.incident.title,
                url: format!("{base}incidents/{}/", r.incident.slug),
            },
            open: r.status.is_open(),
            overdue: r.overdue,
            owner: r.owner.as_deref(),
            // `-` is the owner filter's "No owner" (tera's `default` left a null one empty).
            owner_key: r
                .owner
                .as_deref()
                .map(owner_token)
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "-".into()),
            status: r.status,
            status_label: r.status.label(),
            status_text: r.status_text.as_deref(),
            text: &r.text,
            ticket: r.ticket.as_deref(),
        })
        .collect();
    let owners = list
        .owners()
        .into_iter()
        .map(|(name, open, total)| OwnerView {
            key: owner_token(&name),
            name,
            open,
            total,
        })
        .collect();
    let counts = list.counts_by_incident();
    let incidents = model
        .incidents
        .iter()
        .filter_map(|inc| {
            let (open, total) = counts.get(inc.slug.as_str()).copied().unwrap_or_default();
            (total > 0).then(|| IncidentCount {
                open,
                slug: &inc.slug,
                title: inc.display_title(),
                total,
            })
        })
        .collect();
    ActionsView {
        as_of: list.as_of.map(|d| d.to_string()),
        incidents,
        items,
        open: list.open,
        overdue: list.overdue,
        owners,
        shown,
        total: list.total,
        unstated: list
            .items
            .iter()
            .filter(|r| r.status == Status::Unstated)
            .count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::actions::test_item as item;
    use crate::extract::Incident;

    /// A fixture with known items: the JSON lists them open first, marks the overdue one and
    /// counts them.
    #[test]
    fn actions_json_on_known_items() {
        let a = Incident {
            slug: "older".into(),
            title: Some("Older incident".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5),
            action_items: vec![
                item(
                    "Rotate the keys",
                    Some("@sec"),
                    Some("done"),
                    Some("2024-02-01"),
                ),
                item(
                    "Alert on disk",
                    Some("ops"),
                    Some("open"),
                    Some("2024-03-01"),
                ),
            ],
            ..Default::default()
        };
        let b = Incident {
            slug: "newer".into(),
            title: Some("Newer incident".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 6, 1),
            action_items: vec![
                item("Write the runbook", Some("Ops"), None, Some("Q3")),
                item("Load test", None, Some("WIP"), Some("2025-01-01")),
            ],
            ..Default::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
        let list = crate::analyze::actions::collect(&[b, a], today);
        let v: serde_json::Value = serde_json::from_str(&actions_json(&list)).unwrap();
        assert_eq!(v["total"], 4);
        assert_eq!(v["open"], 3);
        assert_eq!(v["overdue"], 1);
        assert_eq!(v["as_of"], "2024-07-01");
        let texts: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "Alert on disk",
                "Load test",
                "Write the runbook",
                "Rotate the keys"
            ]
        );
        let first = &v["items"][0];
        assert_eq!(first["overdue"], true);
        assert_eq!(first["status"], "open");
        assert_eq!(first["due"], "2024-03-01");
        // Each incident once, in slug order, however many items it promised; an item names its
        // incident by position.
        let incidents = v["incidents"].as_array().unwrap();
        assert_eq!(incidents.len(), 2);
        assert_eq!(incidents[0]["slug"], "newer");
        let older = &incidents[first["incident"].as_u64().unwrap() as usize];
        assert_eq!(older["slug"], "older");
        assert_eq!(older["title"], "Older incident");
        assert_eq!(v["items"][2]["status"], "unstated");
        assert_eq!(v["items"][3]["status"], "done");
        // What says nothing is left out: not overdue, the label as the status as written, a
        // due text that is the due date.
        let last = v["items"][3].as_object().unwrap();
        for key in ["overdue", "status_text", "due_text", "ticket", "priority"] {
            assert!(!last.contains_key(key), "{key} in {last:?}");
        }
        assert_eq!(last["due"], "2024-02-01");
        // What the text says beyond the status and the date stays.
        assert_eq!(v["items"][1]["status_text"], "WIP");
        assert_eq!(v["items"][2]["due_text"], "Q3");
        assert!(!v["items"][2].as_object().unwrap().contains_key("due"));
        // --owner matches without the @ and case
        assert_eq!(list.filtered(false, Some("OPS")).total, 2);
        assert_eq!(list.filtered(true, Some("@sec")).total, 0);
        assert_eq!(list.counts_for("older"), (1, 2));
    }

    /// The page's rows are typed structs; a theme (and the page's key) saw a JSON object, with
    /// keys in name order. Serialised as written and through a JSON object (which sorts keys),
    /// the text is the same only if every struct lists its fields in name order.
    #[test]
    fn view_fields_are_in_name_order() {
        let inc = Incident {
            slug: "one".into(),
            title: Some("One".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5),
            action_items: vec![
                item("Add alerts", Some("@ops"), Some("open"), Some("2024-02-01")),
                item("Write it down", None, None, Some("Q3")),
            ],
            ..Default::default()
        };
        let config = crate::config::SiteConfig::parse("title = \"t\"", "site.toml").unwrap();
        let model = crate::analyze::analyze(config, vec![inc]);
        let v = view(&model);
        let direct = serde_json::to_string(&v).unwrap();
        let sorted = serde_json::to_value(&v).unwrap().to_string();
        assert_eq!(direct, sorted);
        assert!(direct.contains(r#""owner_key":"ops""#), "{direct}");
        assert!(direct.contains(r#""url":"/incidents/one/""#), "{direct}");
    }

    /// The page holds `paginate_by` rows (the browser builds the rest from `actions.json`), all
    /// of them with `0`; an item without an owner is the owner filter's `-`.
    #[test]
    fn the_page_holds_paginate_by_items() {
        let inc = Incident {
            slug: "one".into(),
            action_items: vec![
                item("Add alerts", Some("@ops"), Some("open"), None),
                item("Write it down", None, None, None),
                item("Load test", None, Some("done"), None),
            ],
            ..Default::default()
        };
        for (setting, shown) in [("paginate_by = 2", 2), ("paginate_by = 0", 3)] {
            let toml = format!("title = \"t\"\n{setting}");
            let config = crate::config::SiteConfig::parse(&toml, "site.toml").unwrap();
            let model = crate::analyze::analyze(config, vec![inc.clone()]);
            let v = view(&model);
            assert_eq!(
                (v.shown, v.items.len(), v.total),
                (shown, shown, 3),
                "{setting}"
            );
            assert_eq!(v.items[1].owner_key, "-");
        }
    }
}
