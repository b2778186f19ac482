//! Charts as inline SVG, drawn at build time: no JavaScript. Colours come from CSS classes
//! (`.s0`..`.s7`, see trends.css) so the theme and dark mode decide them; the `fill` attributes
//! are only a fallback. Every chart has a `<title>` and `<desc>`; the page puts the numbers in a
//! table next to it.

mod svg;

pub use svg::fmt_num;
use svg::Svg;

/// How many series get distinct colours.
pub const PALETTE_SIZE: usize = svg::PALETTE.len();

/// Chart text shared by every kind: an id unique on the page, a title and a description.
#[derive(Debug, Clone)]
pub struct ChartText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// One named series of values.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

const WIDTH: f64 = 640.0;

/// Vertical columns, one per label, one or more series stacked.
pub fn columns(text: &ChartText, labels: &[String], series: &[Series]) -> String {
    let height = 220.0;
    let legend_h = if series.len() > 1 {
        legend_height(series)
    } else {
        0.0
    };
    let (left, right, top, bottom) = (36.0, 28.0, 10.0, 24.0);
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let n = labels.len().max(1);
    let totals: Vec<f64> = (0..labels.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .fold(0.0, |a, b| a + b)
        })
        .collect();
    let max = nice_max(totals.iter().copied().fold(0.0, f64::max));
    let mut svg = Svg::new(text, WIDTH, height + legend_h, "chart-columns");
    axis_y(&mut svg, left, top, plot_w, plot_h, max);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.8).clamp(1.0, 48.0);
    for (i, label) in labels.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let mut y = top + plot_h;
        for (k, s) in series.iter().enumerate() {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let h = v / max * plot_h;
            y -= h;
            let tip = if series.len() > 1 {
                format!("{label} · {}: {}", s.name, fmt_num(v))
            } else {
                format!("{label}: {}", fmt_num(v))
            };
            svg.rect(x, y, bar_w, h, k, &tip);
        }
    }
    // Label every k-th column so labels never overlap.
    let label_w = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64 * 6.5 + 8.0;
    let every = ((label_w / slot).ceil() as usize).max(1);
    for (i, label) in labels.iter().enumerate() {
        if i % every == 0 {
            let x = left + slot * (i as f64 + 0.5);
            svg.text(x, top + plot_h + 16.0, "middle", "tick", label);
        }
    }
    if series.len() > 1 {
        legend(&mut svg, series, height);
    }
    svg.finish()
}

/// One row per label with one bar per series (e.g. share of incidents and share of downtime);
/// `shown[row][series]` is the text written at the end of each bar.
pub fn rows(
    text: &ChartText,
    labels: &[String],
    series: &[Series],
    shown: &[Vec<String>],
) -> String {
    let bar_h = 14.0;
    let gap = 8.0;
    let row_h = bar_h * series.len() as f64 + gap;
    let label_chars = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1)
        .min(28);
    let left = label_chars as f64 * 6.5 + 12.0;
    let right = 70.0;
    let top = 4.0;
    let legend_h = if series.len() > 1 {
        legend_height(series)
    } else {
        0.0
    };
    let height = top + row_h * labels.len().max(1) as f64;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let plot_w = WIDTH - left - right;
    let mut svg = Svg::new(text, WIDTH, height + legend_h, "chart-rows");
    for (r, label) in labels.iter().enumerate() {
        let y0 = top + row_h * r as f64;
        let short: String = if label.chars().count() > 28 {
            format!("{}…", label.chars().take(27).collect::<String>())
        } else {
            label.clone()
        };
        svg.text(
            left - 6.0,
            y0 + bar_h * series.len() as f64 / 2.0 + 4.0,
            "end",
            "label",
            &short,
        );
        for (k, s) in series.iter().enumerate() {
            let v = s.values.get(r).copied().unwrap_or(0.0);
            let w = (v / max * plot_w).max(if v > 0.0 { 1.0 } else { 0.0 });
            let y = y0 + bar_h * k as f64;
            let value_text = shown
                .get(r)
                .and_then(|row| row.get(k))
                .cloned()
                .unwrap_or_else(|| fmt_num(v));
            let tip = if series.len() > 1 {
                format!("{label} · {}: {value_text}", s.name)
            } else {
                format!("{label}: {value_text}")
            };
            if w > 0.0 {
                svg.rect(left, y + 1.0, w, bar_h - 2.0, k, &tip);
            }
            svg.text(
                left + w + 4.0,
                y + bar_h - 3.0,
                "start",
                "value",
                &value_text,
            );
        }
    }
    if series.len() > 1 {
        legend(&mut svg, series, height);
    }
    svg.finish()
}

/// A tiny column chart without axes, for term pages.
pub fn sparkline(text: &ChartText, labels: &[String], values: &[f64]) -> String {
    let (w, h) = (240.0, 48.0);
    let n = values.len().max(1);
    let max = values.iter().copied().fold(0.0, f64::max).max(1.0);
    let slot = w / n as f64;
    let bar_w = (slot * 0.8).clamp(1.0, 16.0);
    let mut svg = Svg::new(text, w, h, "chart-spark");
    svg.baseline(0.0, h - 0.5, w);
    for (i, v) in values.iter().enumerate() {
        if *v <= 0.0 {
            continue;
        }
        let bh = (v / max * (h - 4.0)).max(2.0);
        let label = labels.get(i).map(String::as_str).unwrap_or("");
        svg.rect(
            slot * i as f64 + (slot - bar_w) / 2.0,
            h - 1.0 - bh,
            bar_w,
            bh,
            0,
            &format!("{label}: {}", fmt_num(*v)),
        );
    }
    svg.finish()
}

/// A round number at or above `v` for the top of the axis.
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * mag >= v {
            return step * mag;
        }
    }
    10.0 * mag
}

fn axis_y(svg: &mut Svg, left: f64, top: f64, plot_w: f64, plot_h: f64, max: f64) {
    for frac in [0.0, 0.5, 1.0] {
        let y = top + plot_h * (1.0 - frac);
        svg.grid(left, y, left + plot_w);
        svg.text(left - 4.0, y + 4.0, "end", "tick", &fmt_num(max * frac));
    }
}

fn legend_layout(series: &[Series]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    for s in series {
        let w = 18.0 + s.name.chars().count() as f64 * 6.5 + 14.0;
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += 18.0;
        }
        out.push((x, y));
        x += w;
    }
    out
}

fn legend_height(series: &[Series]) -> f64 {
    legend_layout(series).last().map(|p| p.1).unwrap_or(0.0) + 24.0
}

fn legend(svg: &mut Svg, series: &[Series], top: f64) {
    for ((x, y), (k, s)) in legend_layout(series)
        .into_iter()
        .zip(series.iter().enumerate())
    {
        svg.swatch(x + 4.0, top + 8.0 + y, k);
        svg.text(x + 20.0, top + 18.0 + y, "start", "legend", &s.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText<'static> {
        ChartText {
            id: "q",
            title: "Incidents per quarter",
            desc: "3 & 1",
        }
    }

    #[test]
    fn column_heights_scale_to_the_largest() {
        let svg = columns(
            &text(),
            &["2024-Q1".into(), "2024-Q2".into()],
            &[Series {
                name: "incidents".into(),
                values: vec![2.0, 1.0],
            }],
        );
        // plot height 186, axis max 2: the tall bar is 186, the short one 93.
        assert!(svg.contains("height=\"186.0\""), "{svg}");
        assert!(svg.contains("height=\"93.0\""), "{svg}");
        assert!(svg.contains("<title id=\"q-title\">Incidents per quarter</title>"));
        assert!(svg.contains("<desc id=\"q-desc\">3 &amp; 1</desc>"));
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }

    #[test]
    fn nice_axis_tops() {
        assert_eq!(nice_max(3.0), 5.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(120.0), 200.0);
        assert_eq!(nice_max(0.0), 1.0);
    }

    #[test]
    fn rows_and_sparkline_are_well_formed() {
        let labels = vec!["misconfiguration".to_string(), "<unknown>".to_string()];
        let series = vec![
            Series {
                name: "incidents".into(),
                values: vec![50.0, 12.5],
            },
            Series {
                name: "downtime".into(),
                values: vec![38.6, 2.0],
            },
        ];
        let svg = rows(&text(), &labels, &series, &[]);
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        assert!(svg.contains("&lt;unknown&gt;"));
        let spark = sparkline(&text(), &labels, &[0.0, 3.0]);
        assert_eq!(spark.matches("<rect").count(), 1, "{spark}");
        roxmltree::Document::parse(&spark).expect("well-formed SVG");
    }
}
