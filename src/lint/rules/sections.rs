//! `missing-section`: the sections a team requires (site.toml `check.required_sections`).

use super::{Emit, Rule};
use crate::extract::SectionKind;
use crate::lint::{LintDoc, LintOptions};

pub const DEFAULT_SECTIONS: &[&str] = &[
    "summary",
    "impact",
    "root cause",
    "timeline",
    "resolution",
    "action items",
];

/// Other headings that serve the same purpose as a canonical section.
fn synonyms(canon: &str) -> &'static [&'static str] {
    match canon {
        "summary" => &[
            "overview",
            "tl dr",
            "tldr",
            "description",
            "executive summary",
        ],
        "root_cause" => &["cause", "causes", "what went wrong technically"],
        "timeline" => &["chronology", "sequence of events", "timeline of events"],
        "resolution" => &["recovery", "mitigation", "fix", "resolution and recovery"],
        "action_items" => &[
            "corrective",
            "preventive",
            "preventative",
            "follow up",
            "follow ups",
            "next steps",
            "tasks",
            "remediation",
            "action item",
        ],
        _ => &[],
    }
}

/// `Root Cause` / `root-cause` / `root_cause` -> `root_cause`.
pub fn canon(name: &str) -> String {
    words(name).join("_")
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when `heading` contains `phrase` as whole words (`Root Cause and Resolution` has both).
fn heading_has(heading: &str, phrase: &str) -> bool {
    let h = format!(" {} ", words(heading).join(" "));
    let p = words(phrase).join(" ");
    !p.is_empty() && (h.contains(&format!(" {p} ")) || h.contains(&format!(" {p}s ")))
}

fn fact_present(doc: &LintDoc, canon: &str) -> bool {
    let i = &doc.incident;
    match canon {
        "summary" => i.summary.is_some(),
        "impact" => i.impact.is_some() || i.impact_percent.is_some(),
        "root_cause" => i.root_cause.is_some(),
        "timeline" => !i.timeline.is_empty(),
        "resolution" => i.resolution.is_some(),
        "action_items" => !i.action_items.is_empty(),
        _ => false,
    }
}

pub fn check(doc: &LintDoc, opts: &LintOptions, e: &mut Emit) {
    let required: Vec<String> = match &opts.config.required_sections {
        Some(list) => list.clone(),
        None => DEFAULT_SECTIONS.iter().map(|s| s.to_string()).collect(),
    };
    for name in required {
        let c = canon(&name);
        // With no action items at all, `no-action-items` already says it.
        if c == "action_items" && doc.incident.action_items.is_empty() {
            continue;
        }
        let found = doc.incident.sections.iter().any(|s| {
            s.kind.map(SectionKind::name) == Some(c.as_str())
                || heading_has(&s.heading, &name)
                || synonyms(&c).iter().any(|syn| heading_has(&s.heading, syn))
        }) || fact_present(doc, &c);
        if !found {
            e.push(
                Rule::MissingSection,
                (1, 1),
                format!("no \"{name}\" section"),
                format!("add a `## {}` section", title_case(&name)),
            );
        }
    }
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::extract::{ActionItem, SectionRef};

    fn section(h: &str, kind: Option<SectionKind>) -> SectionRef {
        SectionRef {
            heading: h.into(),
            kind,
            line: 1,
        }
    }

    #[test]
    fn reports_each_missing_section() {
        let mut d = doc("");
        d.incident.sections = vec![
            section("Summary", Some(SectionKind::Summary)),
            section("Root Cause and Resolution", Some(SectionKind::RootCause)),
            section("Corrective and Preventative Measures", None),
        ];
        d.incident.action_items = vec![ActionItem::default()];
        let f = run(&d);
        let missing: Vec<&str> = f
            .iter()
            .filter(|f| f.rule == Rule::MissingSection)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            missing,
            vec!["no \"impact\" section", "no \"timeline\" section"]
        );
    }

    #[test]
    fn configured_list_replaces_default() {
        let mut d = doc("");
        d.incident.sections = vec![section("Lessons", None)];
        let mut o = opts();
        o.config.required_sections = Some(vec!["lessons".into()]);
        let ctx = super::super::SiteContext::new(std::slice::from_ref(&d));
        let f = super::super::run_all(&d, &ctx, &o);
        assert_eq!(ids(&f, Rule::MissingSection), 0);
        o.config.required_sections = Some(vec!["detection".into()]);
        let f = super::super::run_all(&d, &ctx, &o);
        assert_eq!(ids(&f, Rule::MissingSection), 1);
    }
}
