//! `hindsight actions`: the follow-ups of every postmortem, open ones first (the `/actions/`
//! page and `actions.json` in the terminal).

use crate::analyze::actions::{collect, ActionList};
use anyhow::Result;
use std::path::PathBuf;

/// What `hindsight actions` was asked.
#[derive(Debug, Clone)]
pub struct ActionsOptions {
    /// Site folder (holds site.toml and content/).
    pub root: PathBuf,
    /// Only items still open.
    pub open_only: bool,
    /// Only items of this owner (`@handle` or name).
    pub owner: Option<String>,
    /// Include draft postmortems.
    pub drafts: bool,
}

/// Every action item of the site, as of today, filtered as asked.
pub fn run(opts: &ActionsOptions) -> Result<ActionList> {
    let mut site = super::load_site(&opts.root, opts.drafts)?;
    crate::analyze::sort_incidents(&mut site.incidents);
    let all = collect(&site.incidents, chrono::Local::now().date_naive());
    Ok(all.filtered(opts.open_only, opts.owner.as_deref()))
}

/// The JSON of `actions.json` (for the items selected).
pub fn to_json(list: &ActionList) -> String {
    crate::render::actions_json(list)
}

/// One block per item: status, text, then owner, due and incident.
pub fn to_text(list: &ActionList) -> String {
    let mut out = String::new();
    for r in &list.items {
        let mut facts = vec![format!("owner: {}", r.owner.as_deref().unwrap_or("none"))];
        match (&r.due, &r.due_text) {
            (Some(d), _) => facts.push(format!("due {d}")),
            (None, Some(t)) => facts.push(format!("due {t}")),
            _ => {}
        }
        if r.overdue {
            facts.push("OVERDUE".into());
        }
        let date = r
            .incident
            .date
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "[{}] {}\n    {}\n    {}{date}  {}:{}\n",
            r.status.label(),
            r.text,
            facts.join(" · "),
            r.incident.title,
            r.incident.source,
            r.line
        ));
    }
    out.push_str(&format!(
        "{} item{}, {} open, {} overdue (as of {})\n",
        list.total,
        if list.total == 1 { "" } else { "s" },
        list.open,
        list.overdue,
        list.as_of.map(|d| d.to_string()).unwrap_or_default()
    ));
    out
}

/// `hindsight actions`: the action items as a list or JSON.
pub fn main(opts: &ActionsOptions, json: bool) -> Result<()> {
    let list = run(opts)?;
    if json {
        println!("{}", to_json(&list));
    } else {
        print!("{}", to_text(&list));
    }
    Ok(())
}
