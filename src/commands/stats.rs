//! `hindsight stats`: the trend numbers of a site, as aligned tables or as the JSON written to
//! public/trends.json.

use crate::analyze::analyze;
use crate::analyze::trends::{Distribution, Trends};
use crate::render::format_minutes;
use anyhow::Result;
use std::fmt::Write;
use std::path::Path;

/// Loads and analyses the site at `root`; drafts only when asked.
pub fn run(root: &Path, drafts: bool) -> Result<Trends> {
    let site = super::load_site(root, drafts)?;
    Ok(analyze(site.config, site.incidents).trends)
}

/// The trends as the JSON of `public/trends.json`.
pub fn to_json(trends: &Trends) -> Result<String> {
    Ok(serde_json::to_string_pretty(trends)?)
}

/// Rows of cells printed with aligned columns; columns listed in `right` are right-aligned.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<usize>,
}

impl Table {
    fn new(header: &[&str], right: &[usize]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            right: right.to_vec(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn write(&self, out: &mut String, title: &str) {
        let _ = writeln!(out, "{title}");
        if self.rows.is_empty() {
            let _ = writeln!(out, "  (none)\n");
            return;
        }
        let cols = self.header.len();
        let width = |c: usize| {
            std::iter::once(&self.header)
                .chain(&self.rows)
                .map(|r| r.get(c).map(|s| s.chars().count()).unwrap_or(0))
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..cols).map(width).collect();
        for r in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::from(" ");
            for (c, w) in widths.iter().enumerate() {
                let cell = r.get(c).map(String::as_str).unwrap_or("");
                let pad = w - cell.chars().count();
                line.push(' ');
                if self.right.contains(&c) {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                }
                line.push(' ');
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out.push('\n');
    }
}

fn minutes(v: Option<f64>) -> String {
    v.map(format_minutes).unwrap_or_else(|| "-".into())
}

fn dist_cells(name: String, d: &Distribution) -> Vec<String> {
    vec![
        name,
        d.count.to_string(),
        minutes(d.median),
        minutes(d.p90),
        minutes(d.max),
        d.unknown.to_string(),
    ]
}

fn pct(v: f64) -> String {
    format!("{}%", crate::render::fmt_num(v))
}

/// The trends as aligned text tables, one section after another.
pub fn to_text(t: &Trends) -> String {
    let mut out = String::new();
    write_overview(t, &mut out);
    write_periods(t, &mut out);
    write_categories(t, &mut out);
    write_durations(t, &mut out);
    write_components(t, &mut out);
    write_impact(t, &mut out);
    write_recurring(t, &mut out);
    out
}

/// A category's name in the tables (none is `unknown`).
fn category_name(c: &Option<String>) -> String {
    c.clone().unwrap_or_else(|| "unknown".into())
}

fn write_overview(t: &Trends, out: &mut String) {
    let u = &t.unknown;
    let _ = writeln!(
        out,
        "{} incidents: {} without a date, {} without a category, {} without a duration, {} without components, {} without impact.\nPeriods use each incident's start in UTC, else its date. Percentiles: nearest rank.\n",
        t.incidents, u.date, u.category, u.duration, u.components, u.impact
    );
}

fn write_periods(t: &Trends, out: &mut String) {
    let mut q = Table::new(&["quarter", "incidents"], &[1]);
    for p in &t.quarters {
        q.row(vec![p.period.clone(), p.incidents.to_string()]);
    }
    q.write(out, "Incidents per quarter");
    let mut m = Table::new(&["month", "incidents"], &[1]);
    for p in &t.months {
        m.row(vec![p.period.clone(), p.incidents.to_string()]);
    }
    m.write(out, "Incidents per month");
}

fn write_categories(t: &Trends, out: &mut String) {
    let mut c = Table::new(
        &[
            "category",
            "incidents",
            "% incidents",
            "downtime",
            "% downtime",
        ],
        &[1, 2, 3, 4],
    );
    for s in &t.categories {
        c.row(vec![
            category_name(&s.category),
            s.incidents.to_string(),
            pct(s.incident_percent),
            format_minutes(s.downtime_minutes),
            pct(s.downtime_percent),
        ]);
    }
    c.write(out, "Root-cause categories");

    let mut header = vec!["category"];
    let labels: Vec<&str> = t.quarters.iter().map(|q| q.period.as_str()).collect();
    header.extend(&labels);
    let mut cq = Table::new(&header, &(1..=labels.len()).collect::<Vec<_>>());
    for s in &t.categories_by_quarter {
        let mut row = vec![category_name(&s.category)];
        row.extend(s.counts.iter().map(|n| n.to_string()));
        cq.row(row);
    }
    cq.write(out, "Categories per quarter");
}

fn write_durations(t: &Trends, out: &mut String) {
    let dist_header = ["", "known", "median", "p90", "max", "unknown"];
    let mut d = Table::new(&dist_header, &[1, 2, 3, 4, 5]);
    d.row(dist_cells("duration".into(), &t.duration));
    d.row(dist_cells("time to detect".into(), &t.time_to_detect));
    d.row(dist_cells("time to resolve".into(), &t.time_to_resolve));
    d.write(out, "Durations");
    let mut dc = Table::new(&dist_header, &[1, 2, 3, 4, 5]);
    for s in &t.categories {
        dc.row(dist_cells(category_name(&s.category), &s.duration));
    }
    dc.write(out, "Duration by category");
    let mut dy = Table::new(&dist_header, &[1, 2, 3, 4, 5]);
    for y in &t.duration_by_year {
        dy.row(dist_cells(y.year.to_string(), &y.duration));
    }
    dy.write(out, "Duration by year");
}

fn write_components(t: &Trends, out: &mut String) {
    let mut comp = Table::new(
        &["component", "incidents", "downtime", "unknown duration"],
        &[1, 2, 3],
    );
    for s in &t.components {
        comp.row(vec![
            s.component.clone(),
            s.incidents.to_string(),
            format_minutes(s.downtime_minutes),
            s.unknown_duration.to_string(),
        ]);
    }
    comp.write(out, "Components");
}

fn write_impact(t: &Trends, out: &mut String) {
    let mut imp = Table::new(&["users affected", "incidents"], &[1]);
    for b in &t.impact {
        imp.row(vec![b.bucket.clone(), b.incidents.to_string()]);
    }
    imp.row(vec!["unknown".into(), t.unknown.impact.to_string()]);
    imp.write(out, "Impact");
}

fn write_recurring(t: &Trends, out: &mut String) {
    let mut ra = Table::new(
        &[
            "action",
            "incidents",
            "first promised",
            "categories",
            "same category later",
        ],
        &[1],
    );
    for a in &t.recurring_actions {
        ra.row(vec![
            a.action.clone(),
            a.incidents.to_string(),
            a.first_promised.map(|d| d.to_string()).unwrap_or_default(),
            a.categories.join(", "),
            if a.recurred {
                format!("yes ({})", a.later_same_category_count)
            } else {
                "no".into()
            },
        ]);
    }
    ra.write(out, "Recurring action items");

    let mut rp = Table::new(&["misleading path", "incidents"], &[1]);
    for p in &t.recurring_misleading_paths {
        rp.row(vec![p.path.clone(), p.incidents.to_string()]);
    }
    rp.write(out, "Recurring misleading paths");
}

/// `hindsight stats`: the trends as tables or JSON.
pub fn main(root: &Path, drafts: bool, json: bool) -> Result<()> {
    let trends = run(root, drafts)?;
    if json {
        println!("{}", to_json(&trends)?);
    } else {
        print!("{}", crate::text::terminal_safe(&to_text(&trends)));
    }
    Ok(())
}
