//! Action item rules: `no-action-items`, `action-item-owner`, `action-item-status`,
//! `vague-action-item`. Items come from the model; only their wording is judged here.

use super::{Emit, Rule};
use crate::extract::{ActionItem, SectionKind};
use crate::lint::LintDoc;
use regex::Regex;
use std::sync::LazyLock;

/// Asking people to try harder is never actionable, however it is phrased.
static EXHORTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(be (more )?(careful|vigilant|attentive|diligent)|pay (more |closer )?attention|remind (the |our |all )?(team|everyone|engineers|developers|staff|people)|try harder|take more care|don'?t (do|let) (this|that|it) (happen )?again|avoid (this|such mistakes) in the future)\b",
    )
    .expect("valid regex")
});

/// Directions that need a concrete object to be actionable.
static OPEN_ENDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(investigate|look into|improve|enhance|better|increase|more|review|strengthen)\b",
    )
    .expect("valid regex")
});

/// Signs of a concrete item: numbers, code, links, tickets.
static SPECIFIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9`]|https?://|#\d|\b[A-Z]{2,}-\d+\b").expect("valid regex"));

const MAX_VAGUE_WORDS: usize = 8;

pub fn is_vague(text: &str) -> bool {
    if EXHORTATION.is_match(text) {
        return true;
    }
    let words = text.split_whitespace().count();
    OPEN_ENDED.is_match(text) && !SPECIFIC.is_match(text) && words <= MAX_VAGUE_WORDS
}

pub fn check(doc: &LintDoc, e: &mut Emit) {
    let inc = &doc.incident;
    if inc.action_items.is_empty() {
        let line = inc
            .sections
            .iter()
            .find(|s| s.kind == Some(SectionKind::ActionItems))
            .map(|s| s.line)
            .unwrap_or(1);
        e.push(
            Rule::NoActionItems,
            (line, 1),
            "no action items",
            "add an `## Action Items` list: what will change, who owns it, its status (`- Add a config lint to CI (owner: @web, status: open)`)",
        );
        return;
    }
    let no_owner: Vec<&ActionItem> = inc
        .action_items
        .iter()
        .filter(|i| i.owner.as_deref().is_none_or(|o| o.trim().is_empty()))
        .collect();
    let no_status: Vec<&ActionItem> = inc
        .action_items
        .iter()
        .filter(|i| i.status.as_deref().is_none_or(|s| s.trim().is_empty()) && i.done.is_none())
        .collect();
    let total = inc.action_items.len();
    missing(
        e,
        Rule::ActionItemOwner,
        &no_owner,
        total,
        "owner",
        "name a team or person who owns it (an `Owner` column, or `owner: @team`)",
    );
    missing(
        e,
        Rule::ActionItemStatus,
        &no_status,
        total,
        "status",
        "give it a status (open, in progress, done) or a task-list box `- [ ]`",
    );
    for item in &inc.action_items {
        if is_vague(&item.text) {
            e.push(
                Rule::VagueActionItem,
                (item.line, 1),
                format!(
                    "action item \"{}\" is not specific enough to act on",
                    shorten(&item.text)
                ),
                "name the concrete change: what, where, and how you will know it is done (e.g. \"Alert when checkout 5xx > 2% for 5 min\")",
            );
        }
    }
}

/// One finding per item; one for the list when no item has the field, or when several lack it
/// (a list written without owners is one omission, not ten).
fn missing(e: &mut Emit, rule: Rule, items: &[&ActionItem], total: usize, what: &str, hint: &str) {
    if items.is_empty() {
        return;
    }
    if items.len() == total && total > 1 {
        e.push(
            rule,
            (items[0].line, 1),
            format!(
                "none of the {total} action items has {} {what}",
                if what == "owner" { "an" } else { "a" }
            ),
            hint,
        );
        return;
    }
    if items.len() >= GROUP_FROM {
        let lines: Vec<String> = items.iter().map(|i| i.line.to_string()).collect();
        e.push(
            rule,
            (items[0].line, 1),
            format!(
                "{} of the {total} action items have no {what} (lines {})",
                items.len(),
                lines.join(", ")
            ),
            hint,
        );
        return;
    }
    for item in items {
        e.push(
            rule,
            (item.line, 1),
            format!("action item \"{}\" has no {what}", shorten(&item.text)),
            hint,
        );
    }
}

/// From this many items missing the same field, one finding lists them all.
const GROUP_FROM: usize = 3;

fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::is_vague;
    use crate::extract::ActionItem;

    fn item(text: &str, owner: Option<&str>, status: Option<&str>) -> ActionItem {
        ActionItem {
            text: text.into(),
            owner: owner.map(str::to_string),
            status: status.map(str::to_string),
            line: 12,
            ..Default::default()
        }
    }

    #[test]
    fn no_items_at_all() {
        let d = doc("");
        assert_eq!(ids(&run(&d), Rule::NoActionItems), 1);
    }

    #[test]
    fn owner_and_status_each_reported() {
        let mut d = doc("");
        d.incident.action_items = vec![
            item("Add a CI lint for nginx configs", None, Some("open")),
            item("Page on 5xx > 2%", Some("@sre"), None),
            item(
                "Alert on disk at 80% on db hosts",
                Some("@db"),
                Some("done"),
            ),
        ];
        let f = run(&d);
        assert_eq!(ids(&f, Rule::ActionItemOwner), 1);
        assert_eq!(ids(&f, Rule::ActionItemStatus), 1);
        assert_eq!(ids(&f, Rule::NoActionItems), 0);
        assert_eq!(ids(&f, Rule::VagueActionItem), 0);
    }

    #[test]
    fn a_list_without_owners_is_one_finding() {
        let mut d = doc("");
        d.incident.action_items = vec![
            item("Add a CI lint for nginx configs", None, None),
            item("Page on 5xx > 2%", None, None),
        ];
        let f = run(&d);
        assert_eq!(ids(&f, Rule::ActionItemOwner), 1);
        assert_eq!(ids(&f, Rule::ActionItemStatus), 1);
        assert!(only(&f, Rule::ActionItemOwner)[0]
            .message
            .contains("none of the 2"));
    }

    #[test]
    fn vague_items() {
        for v in [
            "Be more careful when editing configs",
            "Remind the team to test changes",
            "Investigate",
            "Improve monitoring",
            "Enhance Monitoring:",
            "Look into the issue further",
        ] {
            assert!(is_vague(v), "{v}");
        }
        for ok in [
            "Investigate why db-3 disk filled and add an alert at 80%",
            "Improve monitoring: alert when `proxy_read_timeout` errors exceed 1%",
            "Add nginx -t to the deploy pipeline before reload",
            "Implement a script to periodically check and validate load balancer configurations",
            "Review PLAT-123 with the vendor",
        ] {
            assert!(!is_vague(ok), "{ok}");
        }
    }
}
