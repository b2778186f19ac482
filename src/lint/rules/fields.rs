//! `missing-field` (site.toml `check.required_fields`) and `invalid-front-matter`.

use super::Emit;
use crate::lint::{LintDoc, LintOptions};

pub fn check(doc: &LintDoc, opts: &LintOptions, e: &mut Emit) {
    for field in &opts.config.required_fields {
        let key = field.to_ascii_lowercase();
        if !doc.front.keys.contains(&key) {
            e.push(
                "missing-field",
                (1, 1),
                format!("front matter has no `{field}`"),
                format!("add `{field}: ...` to the front matter (between the `---` lines)"),
            );
        }
    }
    for d in &doc.incident.diagnostics {
        // The load stage keeps going on broken front matter and says so in a warning.
        if d.kind == "load-warning" && d.message.contains("front matter does not parse") {
            let line = d
                .message
                .strip_prefix("line ")
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse().ok())
                .or(d.line)
                .unwrap_or(1);
            e.push(
                "invalid-front-matter",
                (line, 1),
                d.message.clone(),
                "fix the front matter; `hindsight build` stops on it",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{run_all, SiteContext};

    #[test]
    fn required_fields_from_config() {
        let mut d = doc("");
        d.front.keys = vec!["title".into(), "severity".into()];
        let mut o = opts();
        o.config.required_fields = vec!["severity".into(), "Owner".into()];
        let f = run_all(&d, &SiteContext::new(std::slice::from_ref(&d)), &o);
        let msgs: Vec<_> = f.iter().filter(|f| f.rule == "missing-field").collect();
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].message.contains("Owner"));
    }

    #[test]
    fn broken_front_matter_is_reported_with_its_line() {
        let mut d = doc("");
        d.incident.diagnose(
            "load-warning",
            "line 3: YAML front matter does not parse (x); read as text",
            None,
        );
        let f = run(&d);
        let bad: Vec<_> = f
            .iter()
            .filter(|f| f.rule == "invalid-front-matter")
            .collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 3);
    }
}
