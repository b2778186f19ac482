//! The /trends/ page, public/trends.json and the small trend block of each term page: the numbers
//! from `analyze::trends`, laid out as inline SVG charts plus tables.

use super::charts::{self, fmt_num, ChartText, Series};
use super::templates::format_minutes;
use super::RenderError;
use crate::analyze::trends::{Distribution, IncidentRef, PeriodCount, Trends};
use crate::analyze::SiteModel;
use serde_json::{json, Value};

/// How many components the "most incidents / most downtime" charts show.
const TOP_COMPONENTS: usize = 10;

pub(super) fn render_trends(
    model: &SiteModel,
    page: &super::WholeSitePage,
    sink: &dyn super::Sink,
) -> Result<(), RenderError> {
    // Compact: at scale the recurring groups hold thousands of rows, and indentation doubled them.
    let json = serde_json::to_string(&model.trends).unwrap_or_else(|_| "{}".into());
    page.render(
        "trends.html",
        "trends/index.html",
        ("trends", &page_view(model)),
        sink,
    )?;
    sink.write("trends.json", (json + "\n").as_bytes())
}

/// The chart, or nothing when there is no data to draw (the page then says so).
fn blank_unless(has_data: bool, chart: impl FnOnce() -> String) -> String {
    if has_data {
        chart()
    } else {
        String::new()
    }
}

fn minutes(v: Option<f64>) -> String {
    v.map(format_minutes).unwrap_or_else(|| "—".into())
}

fn dist_row(name: &str, url: Option<String>, d: &Distribution) -> Value {
    json!({
        "name": name,
        "url": url,
        "count": d.count,
        "unknown": d.unknown,
        "median": minutes(d.median),
        "p90": minutes(d.p90),
        "max": minutes(d.max),
    })
}

fn category_name(c: &Option<String>) -> String {
    c.clone().unwrap_or_else(|| "unknown".into())
}

fn incident_links(base: &str, refs: &[IncidentRef]) -> Vec<Value> {
    refs.iter()
        .map(|r| {
            json!({
                "title": r.title,
                "slug": r.slug,
                "url": format!("{base}incidents/{}/", r.slug),
                "date": r.date.map(|d| d.to_string()),
                "category": r.category,
            })
        })
        .collect()
}

fn one_series(name: &str, values: Vec<f64>) -> Vec<Series> {
    vec![Series {
        name: name.into(),
        values,
    }]
}

/// The whole page's data: one named part per section of trends.html.
fn page_view(model: &SiteModel) -> Value {
    let t: &Trends = &model.trends;
    let base = model.config.base_path();
    json!({
        "incidents": t.incidents,
        "unknown": t.unknown,
        "definitions": t.definitions,
        "quarters": {
            "svg": period_chart("quarters", "Incidents per quarter", &t.quarters),
            "grid": year_grid(&t.quarters, &["Q1", "Q2", "Q3", "Q4"]),
        },
        "months": {
            "svg": period_chart("months", "Incidents per month", &t.months),
            "grid": year_grid(&t.months, &["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
        },
        "categories": categories_view(t, &base),
        "durations": durations_view(t, &base),
        "components": components_view(t, &base),
        "impact": impact_view(t),
        "recurring_actions": recurring_actions_view(t, &base),
        "recurring_paths": recurring_paths_view(t, &base),
        "actions_url": format!("{base}actions/"),
        "causes": causes_view(t),
    })
}

fn category_url(base: &str, c: &Option<String>) -> Option<String> {
    c.as_ref().map(|s| format!("{base}categories/{s}/"))
}

/// A column chart of incidents per period, or nothing when no period has any.
fn period_chart(id: &str, title: &str, rows: &[PeriodCount]) -> String {
    let labels: Vec<String> = rows.iter().map(|r| r.period.clone()).collect();
    let total: usize = rows.iter().map(|r| r.incidents).sum();
    let desc = format!(
        "Column chart of {total} dated incidents over {} periods from {} to {}; the table below lists every value.",
        rows.len(),
        labels.first().map(String::as_str).unwrap_or("-"),
        labels.last().map(String::as_str).unwrap_or("-"),
    );
    let values = rows.iter().map(|r| r.incidents as f64).collect();
    if total == 0 {
        return String::new();
    }
    charts::columns(
        &ChartText {
            id,
            title,
            desc: &desc,
        },
        &labels,
        &one_series("incidents", values),
    )
}

/// The category table, the stacked chart per quarter and the share chart.
fn categories_view(t: &Trends, base: &str) -> Value {
    let cat_names: Vec<String> = t
        .categories
        .iter()
        .map(|c| category_name(&c.category))
        .collect();
    let quarter_labels: Vec<String> = t.quarters.iter().map(|q| q.period.clone()).collect();
    let by_quarter: Vec<Value> = t
        .categories_by_quarter
        .iter()
        .map(|s| json!({"name": category_name(&s.category), "counts": s.counts}))
        .collect();
    json!({
        "rows": category_rows(t, base),
        "stacked_svg": categories_by_quarter_chart(t, &cat_names, &quarter_labels),
        "share_svg": category_shares_chart(t, &cat_names),
        "quarter_labels": quarter_labels,
        "by_quarter": by_quarter,
    })
}

/// Stacked columns of incidents per quarter, one colour per category.
fn categories_by_quarter_chart(
    t: &Trends,
    cat_names: &[String],
    quarter_labels: &[String],
) -> String {
    let mut stacked: Vec<Series> = t
        .categories_by_quarter
        .iter()
        .map(|s| Series {
            name: category_name(&s.category),
            values: s.counts.iter().map(|&n| n as f64).collect(),
        })
        .collect();
    // One colour per series: past the palette, the smallest categories share an "other" series.
    if stacked.len() > charts::PALETTE_SIZE {
        let rest = stacked.split_off(charts::PALETTE_SIZE - 1);
        let mut other = vec![0.0; quarter_labels.len()];
        for s in &rest {
            for (o, v) in other.iter_mut().zip(&s.values) {
                *o += v;
            }
        }
        stacked.push(Series {
            name: format!("other ({} categories)", rest.len()),
            values: other,
        });
    }
    blank_unless(!t.quarters.is_empty(), || {
        charts::columns(
            &ChartText {
                id: "categories-by-quarter",
                title: "Root-cause categories per quarter",
                desc: &format!(
                    "Stacked column chart of incidents per quarter, one colour per category ({}).",
                    cat_names.join(", ")
                ),
            },
            quarter_labels,
            &stacked,
        )
    })
}

/// Two bars per category: its share of the incidents and of the downtime.
fn category_shares_chart(t: &Trends, cat_names: &[String]) -> String {
    blank_unless(t.incidents > 0, || {
        charts::rows(
        &ChartText {
            id: "category-shares",
            title: "Share of incidents and of downtime by root-cause category",
            desc: "Two bars per category: percent of all incidents, then percent of the summed known durations.",
        },
        cat_names,
        &[
            Series {
                name: "% of incidents".into(),
                values: t.categories.iter().map(|c| c.incident_percent).collect(),
            },
            Series {
                name: "% of downtime".into(),
                values: t.categories.iter().map(|c| c.downtime_percent).collect(),
            },
        ],
        &t.categories
            .iter()
            .map(|c| {
                vec![
                    format!("{}%", fmt_num(c.incident_percent)),
                    format!("{}%", fmt_num(c.downtime_percent)),
                ]
            })
            .collect::<Vec<_>>(),
    )
    })
}

/// The category table's rows.
fn category_rows(t: &Trends, base: &str) -> Vec<Value> {
    t.categories
        .iter()
        .map(|c| {
            json!({
                "name": category_name(&c.category),
                "url": category_url(base, &c.category),
                "incidents": c.incidents,
                "incident_percent": fmt_num(c.incident_percent),
                "downtime": format_minutes(c.downtime_minutes),
                "downtime_percent": fmt_num(c.downtime_percent),
                "sentence": format!(
                    "{}: {}% of incidents, {}% of downtime",
                    category_name(&c.category),
                    fmt_num(c.incident_percent),
                    fmt_num(c.downtime_percent)
                ),
            })
        })
        .collect()
}

/// Duration overall, by category and by year: tables and charts.
fn durations_view(t: &Trends, base: &str) -> Value {
    let cat_url = |c: &Option<String>| category_url(base, c);
    let with_duration: Vec<_> = t
        .categories
        .iter()
        .filter(|c| c.duration.count > 0)
        .collect();
    let duration_svg = blank_unless(!with_duration.is_empty(), || {
        charts::rows(
        &ChartText {
            id: "duration-by-category",
            title: "Duration by root-cause category: median and 90th percentile",
            desc: "Two bars per category: the median duration, then the 90th percentile (nearest rank), in minutes.",
        },
        &with_duration.iter().map(|c| category_name(&c.category)).collect::<Vec<_>>(),
        &[
            Series {
                name: "median".into(),
                values: with_duration.iter().map(|c| c.duration.median.unwrap_or(0.0)).collect(),
            },
            Series {
                name: "p90".into(),
                values: with_duration.iter().map(|c| c.duration.p90.unwrap_or(0.0)).collect(),
            },
        ],
        &with_duration
            .iter()
            .map(|c| vec![minutes(c.duration.median), minutes(c.duration.p90)])
            .collect::<Vec<_>>(),
    )
    });
    let duration_by_category: Vec<Value> = t
        .categories
        .iter()
        .map(|c| {
            dist_row(
                &category_name(&c.category),
                cat_url(&c.category),
                &c.duration,
            )
        })
        .collect();
    let years_known: Vec<_> = t
        .duration_by_year
        .iter()
        .filter(|y| y.duration.count > 0)
        .collect();
    let year_svg = blank_unless(!years_known.is_empty(), || {
        charts::rows(
        &ChartText {
            id: "duration-by-year",
            title: "Duration by year: median and 90th percentile",
            desc: "Two bars per year: the median duration, then the 90th percentile (nearest rank), in minutes.",
        },
        &years_known.iter().map(|y| y.year.to_string()).collect::<Vec<_>>(),
        &[
            Series {
                name: "median".into(),
                values: years_known.iter().map(|y| y.duration.median.unwrap_or(0.0)).collect(),
            },
            Series {
                name: "p90".into(),
                values: years_known.iter().map(|y| y.duration.p90.unwrap_or(0.0)).collect(),
            },
        ],
        &years_known
            .iter()
            .map(|y| vec![minutes(y.duration.median), minutes(y.duration.p90)])
            .collect::<Vec<_>>(),
    )
    });
    let duration_by_year: Vec<Value> = t
        .duration_by_year
        .iter()
        .map(|y| dist_row(&y.year.to_string(), None, &y.duration))
        .collect();
    let overall = vec![
        dist_row("duration", None, &t.duration),
        dist_row("time to detect", None, &t.time_to_detect),
        dist_row("time to resolve", None, &t.time_to_resolve),
    ];

    json!({
        "overall": overall,
        "by_category": duration_by_category,
        "by_category_svg": duration_svg,
        "by_year": duration_by_year,
        "by_year_svg": year_svg,
    })
}

/// The components with the most incidents and with the most downtime.
fn components_view(t: &Trends, base: &str) -> Value {
    let comp_url = |c: &str| format!("{base}services/{c}/");
    let top_incidents: Vec<_> = t.components.iter().take(TOP_COMPONENTS).collect();
    let mut by_downtime: Vec<_> = t.components.iter().collect();
    by_downtime.sort_by(|a, b| {
        b.downtime_minutes
            .total_cmp(&a.downtime_minutes)
            .then(a.component.cmp(&b.component))
    });
    by_downtime.truncate(TOP_COMPONENTS);
    let comp_incidents_svg = blank_unless(!top_incidents.is_empty(), || {
        charts::rows(
            &ChartText {
                id: "components-incidents",
                title: "Components with the most incidents",
                desc: "One bar per component: the number of incidents that involved it.",
            },
            &top_incidents
                .iter()
                .map(|c| c.component.clone())
                .collect::<Vec<_>>(),
            &one_series(
                "incidents",
                top_incidents.iter().map(|c| c.incidents as f64).collect(),
            ),
            &[],
        )
    });
    let any_downtime = by_downtime.iter().any(|c| c.downtime_minutes > 0.0);
    let comp_downtime_svg = blank_unless(any_downtime, || {
        charts::rows(
            &ChartText {
                id: "components-downtime",
                title: "Components with the most downtime",
                desc: "One bar per component: the summed known durations of its incidents.",
            },
            &by_downtime
                .iter()
                .map(|c| c.component.clone())
                .collect::<Vec<_>>(),
            &one_series(
                "downtime",
                by_downtime.iter().map(|c| c.downtime_minutes).collect(),
            ),
            &by_downtime
                .iter()
                .map(|c| vec![format_minutes(c.downtime_minutes)])
                .collect::<Vec<_>>(),
        )
    });
    let comp_row = |c: &&crate::analyze::trends::ComponentLoad| {
        json!({
            "name": c.component,
            "url": comp_url(&c.component),
            "incidents": c.incidents,
            "downtime": format_minutes(c.downtime_minutes),
            "unknown_duration": c.unknown_duration,
        })
    };

    json!({
        "by_incidents": top_incidents.iter().map(comp_row).collect::<Vec<_>>(),
        "by_downtime": by_downtime.iter().map(comp_row).collect::<Vec<_>>(),
        "incidents_svg": comp_incidents_svg,
        "downtime_svg": comp_downtime_svg,
        "total": t.components.len(),
    })
}

/// Incidents per band of the share of users affected.
fn impact_view(t: &Trends) -> Value {
    let any_impact = t.impact.iter().any(|b| b.incidents > 0);
    let impact_svg = blank_unless(any_impact, || {
        charts::columns(
            &ChartText {
                id: "impact",
                title: "Share of users affected",
                desc: "Column chart: incidents per band of the share of users affected.",
            },
            &t.impact
                .iter()
                .map(|b| b.bucket.clone())
                .collect::<Vec<_>>(),
            &one_series(
                "incidents",
                t.impact.iter().map(|b| b.incidents as f64).collect(),
            ),
        )
    });

    json!({"svg": impact_svg, "rows": t.impact})
}

/// How many wordings and incidents a recurring group lists on the page; trends.json has all
/// (a group of a large site can have thousands, and the page would be megabytes).
const LISTED: usize = 10;

/// The first [`LISTED`] of `items`.
fn first<T>(items: &[T]) -> &[T] {
    &items[..items.len().min(LISTED)]
}

/// Action items promised again and again, and whether the same kind of incident came back.
fn recurring_actions_view(t: &Trends, base: &str) -> Vec<Value> {
    t.recurring_actions
        .iter()
        .map(|a| {
            json!({
                "action": a.action,
                "wordings": first(&a.wordings),
                "wordings_more": a.wordings.len().saturating_sub(LISTED),
                "incidents": a.incidents,
                "promised_by": incident_links(base, first(&a.promised_by)),
                "promised_more": a.promised_by.len().saturating_sub(LISTED),
                "first_promised": a.first_promised.map(|d| d.to_string()),
                "categories": a.categories,
                "recurred": a.recurred,
                "later": incident_links(base, &a.later_same_category),
                "later_count": a.later_same_category_count,
                "later_more": a.later_same_category_count - a.later_same_category.len(),
            })
        })
        .collect()
}

/// Misleading paths that more than one incident went down.
fn recurring_paths_view(t: &Trends, base: &str) -> Vec<Value> {
    t.recurring_misleading_paths
        .iter()
        .map(|p| {
            json!({
                "path": p.path,
                "wordings": first(&p.wordings),
                "wordings_more": p.wordings.len().saturating_sub(LISTED),
                "incidents": p.incidents,
                "seen_in": incident_links(base, first(&p.seen_in)),
                "seen_more": p.seen_in.len().saturating_sub(LISTED),
            })
        })
        .collect()
}

/// Categories the opening chart draws by name; the rest are one "other" series.
const CAUSE_SERIES: usize = 5;
/// The category a team asks about first; always drawn by name when it occurs.
const FIRST_QUESTION: &str = "misconfiguration";

/// The page's opening: the share of incidents per root-cause category per quarter (top
/// categories and misconfiguration by name), and the latest quarter against the same quarter
/// a year before.
fn causes_view(t: &Trends) -> Value {
    let labels: Vec<String> = t.quarters.iter().map(|q| q.period.clone()).collect();
    let totals: Vec<usize> = t.quarters.iter().map(|q| q.incidents).collect();
    let series = cause_series(t, labels.len());
    let svg = cause_chart(&labels, &totals, &series);
    // The latest quarter against the year before it: the four quarters before (contiguous).
    let latest = labels.len().checked_sub(1);
    let year = latest.filter(|&l| l > 0).map(|l| l.saturating_sub(4)..l);
    let year_label = year.as_ref().filter(|r| !r.is_empty()).map(|r| {
        if r.len() == 1 {
            labels[r.start].clone()
        } else {
            format!("{} to {}", labels[r.start], labels[r.end - 1])
        }
    });
    json!({
        "svg": svg,
        "labels": labels,
        "latest": latest.map(|i| labels[i].clone()),
        "year_before": year_label,
        "rows": cause_rows(&totals, &series, latest, year),
    })
}

/// Percent of `n` in `total`, one decimal; 0 when there is no total.
fn share(n: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / total as f64).round() / 10.0
    }
}

/// (name, incidents per quarter) of the categories drawn by name (the largest, and always
/// misconfiguration), then one "other or unknown" series for the rest.
fn cause_series(t: &Trends, quarters: usize) -> Vec<(String, Vec<usize>)> {
    let mut named: Vec<&crate::analyze::trends::CategorySeries> = Vec::new();
    let by_name = |name: &str| {
        t.categories_by_quarter
            .iter()
            .find(|s| s.category.as_deref() == Some(name))
    };
    for c in t.categories.iter().filter(|c| c.category.is_some()) {
        if named.len() < CAUSE_SERIES {
            if let Some(s) = by_name(c.category.as_deref().unwrap_or_default()) {
                named.push(s);
            }
        }
    }
    if let Some(m) = by_name(FIRST_QUESTION) {
        if !named.iter().any(|s| std::ptr::eq(*s, m)) {
            named.pop();
            named.push(m);
        }
    }
    let mut series: Vec<(String, Vec<usize>)> = named
        .iter()
        .map(|s| (category_name(&s.category), s.counts.clone()))
        .collect();
    let mut other = vec![0usize; quarters];
    for s in &t.categories_by_quarter {
        if !named.iter().any(|n| std::ptr::eq(*n, s)) {
            for (o, n) in other.iter_mut().zip(&s.counts) {
                *o += n;
            }
        }
    }
    if other.iter().any(|&n| n > 0) {
        series.push(("other or unknown".into(), other));
    }
    series
}

/// Stacked columns of 100% per quarter, or nothing without dated incidents.
fn cause_chart(labels: &[String], totals: &[usize], series: &[(String, Vec<usize>)]) -> String {
    let chart_series: Vec<Series> = series
        .iter()
        .map(|(name, counts)| Series {
            name: name.clone(),
            values: counts
                .iter()
                .zip(totals)
                .map(|(&n, &total)| share(n, total))
                .collect(),
        })
        .collect();
    blank_unless(totals.iter().any(|&n| n > 0), || {
        charts::columns(
            &ChartText {
                id: "cause-shares",
                title: "Share of incidents per root-cause category, by quarter",
                desc: &format!(
                    "Stacked columns of 100% per quarter with incidents: the share of each category ({}). The table below lists every value.",
                    series.iter().map(|s| s.0.as_str()).collect::<Vec<_>>().join(", ")
                ),
            },
            labels,
            &chart_series,
        )
    })
}

/// Each series' share in the latest quarter against the year before, with every quarter's share;
/// misconfiguration (the first question) first.
fn cause_rows(
    totals: &[usize],
    series: &[(String, Vec<usize>)],
    latest: Option<usize>,
    year: Option<std::ops::Range<usize>>,
) -> Vec<Value> {
    let sum = |v: &[usize], r: &std::ops::Range<usize>| v[r.clone()].iter().sum::<usize>();
    let mut compare: Vec<Value> = series
        .iter()
        .map(|(name, counts)| {
            let part = |count: usize, total: usize| {
                json!({"count": count, "total": total, "percent": fmt_num(share(count, total))})
            };
            let now = latest.map(|l| (counts[l], totals[l]));
            let before = year.as_ref().map(|r| (sum(counts, r), sum(totals, r)));
            let change = match (now, before) {
                (Some((n, tn)), Some((b, tb))) if tn > 0 && tb > 0 => {
                    let d = share(n, tn) - share(b, tb);
                    Some(if d.abs() < 0.05 {
                        "no change".to_string()
                    } else if d > 0.0 {
                        format!("up {} points", fmt_num(d))
                    } else {
                        format!("down {} points", fmt_num(-d))
                    })
                }
                _ => None,
            };
            json!({
                "name": name,
                "first_question": name == FIRST_QUESTION,
                "latest": now.map(|(n, t)| part(n, t)),
                "year_before": before.map(|(n, t)| part(n, t)),
                "change": change,
                "shares": counts.iter().zip(totals).map(|(&n, &total)| {
                    if total == 0 { "–".to_string() } else { format!("{}%", fmt_num(share(n, total))) }
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    // The first question first.
    compare.sort_by_key(|r| r["first_question"] != true);
    compare
}

/// Period counts as a year-by-period table: `2024-Q3` goes to row 2024, column Q3. Cells
/// outside the covered range are null.
fn year_grid(rows: &[PeriodCount], columns: &[&str]) -> Value {
    let mut years: Vec<(String, Vec<Option<usize>>)> = Vec::new();
    for r in rows {
        let (year, rest) = r.period.split_once('-').unwrap_or((&r.period, ""));
        let index = rest.trim_start_matches('Q').parse::<usize>().unwrap_or(1);
        if years.last().is_none_or(|(y, _)| y != year) {
            years.push((year.to_string(), vec![None; columns.len()]));
        }
        if let Some(cell) = years
            .last_mut()
            .and_then(|(_, cells)| cells.get_mut(index.saturating_sub(1)))
        {
            *cell = Some(r.incidents);
        }
    }
    json!({
        "columns": columns,
        "rows": years
            .into_iter()
            .map(|(year, cells)| json!({"year": year, "cells": cells}))
            .collect::<Vec<_>>(),
    })
}

/// The trend block of one term page, or null when the term has none.
pub(super) fn term_view(model: &SiteModel, taxonomy: &str, slug: &str) -> Value {
    let Some(tt) = model.trends.terms.get(taxonomy).and_then(|m| m.get(slug)) else {
        return Value::Null;
    };
    let labels: Vec<String> = model
        .trends
        .quarters
        .iter()
        .map(|q| q.period.clone())
        .collect();
    let values: Vec<f64> = tt.quarters.iter().map(|&n| n as f64).collect();
    let id = format!("trend-{taxonomy}-{slug}");
    let svg = charts::sparkline(
        &ChartText {
            id: &id,
            title: &format!("Incidents per quarter: {slug}"),
            desc: &format!(
                "{} incidents across {} quarters; the table lists the quarters from the first to the last.",
                tt.incidents,
                labels.len()
            ),
        },
        &labels,
        &values,
    );
    // The table spans the term's own first to last quarter.
    let first = tt.quarters.iter().position(|&n| n > 0);
    let last = tt.quarters.iter().rposition(|&n| n > 0);
    let rows: Vec<PeriodCount> = match (first, last) {
        (Some(f), Some(l)) => (f..=l)
            .map(|i| PeriodCount {
                period: labels[i].clone(),
                incidents: tt.quarters[i],
            })
            .collect(),
        _ => Vec::new(),
    };
    json!({
        "incidents": tt.incidents,
        "undated": tt.undated,
        "svg": svg,
        "has_rows": !rows.is_empty(),
        "grid": year_grid(&rows, &["Q1", "Q2", "Q3", "Q4"]),
        "from": labels.first(),
        "to": labels.last(),
        "median": minutes(tt.duration.median),
        "p90": minutes(tt.duration.p90),
        "max": minutes(tt.duration.max),
        "durations_known": tt.duration.count,
        "durations_unknown": tt.duration.unknown,
        "trends_url": format!("{}trends/", model.config.base_path()),
    })
}
