//! The tera instance: theme templates plus hindsight's own filters.

use super::{RenderError, Theme};
use tera::{Kwargs, State, Tera};

pub(super) fn build_tera(theme: &Theme) -> Result<Tera, RenderError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("minutes", |m: f64, _: Kwargs, _: &State| format_minutes(m));
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| template_error("theme", e))?;
    Ok(tera)
}

pub(super) fn template_error(template: &str, e: tera::Error) -> RenderError {
    // tera's errors carry their cause chain; show all of it.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(&format!("\n  {s}"));
        source = s.source();
    }
    RenderError::Template {
        template: template.to_string(),
        message,
    }
}

/// 150 -> "2 h 30 min".
pub fn format_minutes(m: f64) -> String {
    let total = m.round() as i64;
    let (d, h, min) = (total / 1440, (total % 1440) / 60, total % 60);
    match (d, h, min) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn minutes() {
        assert_eq!(super::format_minutes(150.0), "2 h 30 min");
        assert_eq!(super::format_minutes(45.0), "45 min");
        assert_eq!(super::format_minutes(1500.0), "1 d 1 h");
    }
}
