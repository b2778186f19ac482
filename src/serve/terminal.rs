//! What `serve` prints: one timestamped block per event, each written with a single call so
//! that blocks from the rebuild and check threads never interleave.

use super::rebuild::Outcome;
use super::site::ServeSite;
use std::io::IsTerminal;
use std::path::PathBuf;

pub struct Terminal {
    color: bool,
}

impl Terminal {
    pub fn new() -> Terminal {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Terminal { color }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn line(&self, text: &str) {
        let time = chrono::Local::now().format("%H:%M:%S").to_string();
        eprintln!("{} {text}", self.paint("2", &time));
    }

    pub fn note(&self, text: &str) {
        self.line(text);
    }

    pub fn warning(&self, text: &str) {
        eprintln!("{}", self.paint("1;33", text));
    }

    /// The address, printed on stdout so scripts and tests can read it.
    pub fn serving(&self, title: &str, url: &str) {
        println!("Serving {title} at {url}");
        self.line(
            "Watching content/, templates/, static/, themes/ and site.toml; Ctrl-C stops the server",
        );
    }

    pub fn changed(&self, site: &ServeSite, paths: &[PathBuf]) {
        let first = paths
            .first()
            .map(|p| site.relative(p).display().to_string())
            .unwrap_or_default();
        let more = match paths.len() {
            0 | 1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        self.line(&format!("changed: {first}{more}"));
    }

    /// A build's result; `was_broken` says whether the build before it had failed.
    pub fn outcome(&self, outcome: &Outcome, was_broken: bool) {
        let ms = outcome.took.as_secs_f64() * 1000.0;
        match (&outcome.report, &outcome.state.error) {
            (Some(report), _) => {
                let fixed = if was_broken {
                    format!("{} ", self.paint("1;32", "fixed:"))
                } else {
                    String::new()
                };
                for w in &report.warnings {
                    self.line(&format!("warning: {}", crate::text::terminal_safe(w)));
                }
                if report.up_to_date {
                    self.line(&format!(
                        "{fixed}nothing changed in the site's sources ({ms:.0} ms)"
                    ));
                } else {
                    self.line(&format!(
                        "{fixed}built {} incidents ({} files) in {ms:.0} ms",
                        report.incidents, report.files
                    ));
                }
            }
            (None, Some(error)) => {
                let indented = error.replace('\n', "\n  ");
                self.line(&format!(
                    "{} the site did not build ({ms:.0} ms):\n  {indented}\n  Still serving the last build that worked; fix the file and save.",
                    self.paint("1;31", "error:")
                ));
            }
            (None, None) => {}
        }
    }

    /// `hindsight check` findings for the files just edited (nothing when they are clean).
    pub fn findings(&self, rendered: &str) {
        let body = rendered.trim_end().replace('\n', "\n  ");
        self.line(&format!("check:\n  {body}"));
    }
}
