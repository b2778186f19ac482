//! A minimal SVG writer: the few elements the charts use, with escaped text.

use super::ChartText;
use std::fmt::Write;

/// Fallback colours (CSS variables in trends.css override them).
pub(super) const PALETTE: &[&str] = &[
    "#3b6fb6", "#d9822b", "#3a9a5b", "#c0504d", "#8064a2", "#4bacc6", "#9b7e3f", "#7f7f7f",
];

pub(super) struct Svg {
    out: String,
}

impl Svg {
    pub(super) fn new(text: &ChartText, width: f64, height: f64, kind: &str) -> Svg {
        let id = escape(text.id);
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {kind}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            escape(text.title),
            escape(text.desc)
        );
        Svg { out }
    }

    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, series: usize, tip: &str) {
        let _ = write!(
            self.out,
            "<rect class=\"bar s{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{}</title></rect>",
            series % PALETTE.len(),
            PALETTE[series % PALETTE.len()],
            escape(tip)
        );
    }

    pub(super) fn swatch(&mut self, x: f64, y: f64, series: usize) {
        let _ = write!(
            self.out,
            "<rect class=\"swatch s{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>",
            series % PALETTE.len(),
            PALETTE[series % PALETTE.len()]
        );
    }

    pub(super) fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
        let _ = write!(
            self.out,
            "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" fill=\"currentColor\">{}</text>",
            escape(s)
        );
    }

    pub(super) fn grid(&mut self, x1: f64, y: f64, x2: f64) {
        let _ = write!(
            self.out,
            "<line class=\"grid\" x1=\"{x1:.1}\" y1=\"{y:.1}\" x2=\"{x2:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.25\"/>"
        );
    }

    pub(super) fn baseline(&mut self, x1: f64, y: f64, x2: f64) {
        self.grid(x1, y, x2);
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// 3 -> "3", 37.5 -> "37.5", 2.25 -> "2.3".
pub fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{:.1}", v)
    }
}
