//! How errors reach the terminal: each cause said once, control characters made visible.

/// The exit status of `build --keep-going` when some postmortems were left out: the site was
/// published, but CI must still notice (1 is a failed build, 2 a usage error).
pub const EXIT_KEPT_GOING: u8 = 3;

/// An error and its causes on one line each, skipping a cause the message already quotes
/// (`cannot read x: No such file (os error 2)` is not followed by the same OS error again).
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(part.trim()) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    crate::text::terminal_safe(&text).into_owned()
}

/// An OS error as a sentence, said once.
pub fn io_message(e: &std::io::Error) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = anyhow::Error::new(crate::config::ConfigError::Read {
            path: "./site.toml".into(),
            source: io,
        })
        .context("loading the site at .");
        let text = error_text(&err);
        let cause = std::io::Error::from(std::io::ErrorKind::NotFound).to_string();
        assert_eq!(text.matches(&cause).count(), 1, "{text}");
        assert!(
            text.starts_with("loading the site at .: cannot read"),
            "{text}"
        );
    }

    #[test]
    fn escapes_in_errors_are_shown() {
        let err = anyhow::anyhow!("bad \u{1b}[2J name");
        assert_eq!(error_text(&err), "bad \\e[2J name");
    }
}
