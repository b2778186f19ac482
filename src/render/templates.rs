//! The tera instance: theme templates plus hindsight's own filters.

use super::{RenderError, Theme};
use tera::{Kwargs, State, Tera};

pub(super) fn build_tera(theme: &Theme) -> Result<Tera, RenderError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("minutes", |m: f64, _: Kwargs, _: &State| format_minutes(m));
    tera.register_filter("percent", |p: f64, _: Kwargs, _: &State| format_percent(p));
    tera.register_filter("datetime", |t: &str, kw: Kwargs, _: &State| {
        let format = kw.get::<&str>("format")?;
        Ok::<_, tera::Error>(format_datetime(t, format))
    });
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

/// An RFC 3339 time as readers write it: `2024-03-12 14:05 UTC`, `2024-03-12 10:00 +03:00`.
/// With `format` (chrono syntax) the caller decides; text that is not RFC 3339 passes through.
pub fn format_datetime(t: &str, format: Option<&str>) -> String {
    let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) else {
        return t.to_string();
    };
    if let Some(f) = format {
        let mut out = String::new();
        // A bad format string from a template must not panic the build.
        if std::fmt::write(&mut out, format_args!("{}", dt.format(f))).is_ok() {
            return out;
        }
        return t.to_string();
    }
    let zone = if dt.offset().local_minus_utc() == 0 {
        "UTC".to_string()
    } else {
        dt.format("%:z").to_string()
    };
    format!("{} {zone}", dt.format("%Y-%m-%d %H:%M"))
}

/// 70.0 -> "70%", 12.5 -> "12.5%", 0.04 -> "0.04%".
pub fn format_percent(p: f64) -> String {
    if !p.is_finite() {
        return "?".into();
    }
    let text = if p.abs() >= 1.0 || p == 0.0 {
        format!("{p:.1}")
    } else {
        format!("{p:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}%")
}

/// 150 -> "2 h 30 min".
pub fn format_minutes(m: f64) -> String {
    if !m.is_finite() {
        return "?".into();
    }
    if m < 0.0 {
        return format!("-{}", format_minutes(-m));
    }
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
        assert_eq!(super::format_minutes(-30.0), "-30 min");
    }

    #[test]
    fn percents() {
        use super::format_percent as f;
        assert_eq!(f(70.0), "70%");
        assert_eq!(f(12.5), "12.5%");
        assert_eq!(f(0.04), "0.04%");
        assert_eq!(f(100.0), "100%");
        assert_eq!(f(f64::NAN), "?");
    }

    #[test]
    fn datetimes() {
        use super::format_datetime as f;
        assert_eq!(f("2024-03-12T14:05:00Z", None), "2024-03-12 14:05 UTC");
        assert_eq!(
            f("2024-03-12T10:00:00+03:00", None),
            "2024-03-12 10:00 +03:00"
        );
        assert_eq!(f("2024-03-12T10:00:00+03:00", Some("%H:%M")), "10:00");
        assert_eq!(
            f("2024-03-12T10:00:00+03:00", Some("%Q")),
            "2024-03-12T10:00:00+03:00"
        );
        assert_eq!(f("soon", None), "soon");
    }
}
