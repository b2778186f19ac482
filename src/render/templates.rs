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
    .map_err(|e| template_error("", e).locate(theme))?;
    Ok(tera)
}

/// A template that failed to parse or render: which one, from where, the line, the cause, and
/// the postmortem whose page was being rendered.
#[derive(Debug, Clone, Default)]
pub struct TemplateError {
    /// The template's name (`incident.html`), where tera found the problem.
    pub template: String,
    /// Where it came from: `the site's templates/incident.html`, a theme's, or the built-in one.
    pub origin: Option<String>,
    /// Template line (1-based), when tera gives it.
    pub line: Option<usize>,
    /// Column (1-based), when tera gives it.
    pub column: Option<usize>,
    /// The template line itself, for context.
    pub source_line: Option<String>,
    /// What tera says is wrong.
    pub message: String,
    /// The postmortem being rendered (`content/2024-x.md`), when the error depends on it.
    pub postmortem: Option<String>,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = if self.template.is_empty() {
            "a template"
        } else {
            &self.template
        };
        write!(f, "template error in {name}")?;
        if let Some(origin) = &self.origin {
            write!(f, " ({origin})")?;
        }
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(col) = self.column {
                write!(f, ", column {col}")?;
            }
        }
        if let Some(pm) = &self.postmortem {
            write!(f, ", rendering {pm}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            write!(f, "\n  {line} | {text}")?;
        }
        write!(
            f,
            "\nhint: fix the template (a site's templates/ override the theme's file by file)"
        )
    }
}

impl std::error::Error for TemplateError {}

impl TemplateError {
    /// Fills in the origin and the template line from the theme that supplied the template.
    pub fn locate(&mut self, theme: &Theme) {
        if self.origin.is_none() {
            self.origin = theme.origin(&self.template).map(str::to_string);
        }
        if let (None, Some(line), Some(src)) = (
            &self.source_line,
            self.line,
            theme.templates.get(&self.template),
        ) {
            self.source_line = src
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.trim_end().to_string());
        }
    }
}

/// A tera error as a [`TemplateError`]: the template, line and column tera points at (which may
/// be a parent or included template, not `template`) and the cause without tera's own report.
pub(super) fn template_error(template: &str, e: tera::Error) -> RenderError {
    let mut err = TemplateError {
        template: template.to_string(),
        ..Default::default()
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            if !r.filename().is_empty() {
                err.template = r.filename().to_string();
            }
            err.line = Some(r.span().start_line);
            err.column = Some(r.span().start_col + 1);
            err.message = r.message().to_string();
        }
        tera::ErrorKind::MissingParent { current, .. } => {
            err.template = current.clone();
            err.message = e.to_string();
        }
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => {
            err.template = tpl.clone();
            err.message = e.to_string();
        }
        _ => err.message = e.to_string(),
    }
    // The causes (a filter's own error, say) follow the message.
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let text = s.to_string();
        if !err.message.contains(&text) {
            err.message.push_str(&format!(": {text}"));
        }
        source = s.source();
    }
    RenderError::Template(Box::new(err))
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
