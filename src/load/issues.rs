//! Problems found while loading one file: what kind, where, and what to write instead.

/// What went wrong. The kind decides whether `build` stops on it and which `check` rule
/// reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// The front matter block does not parse as YAML or TOML.
    Syntax,
    /// A `---` / `+++` block whose closing line never comes.
    Unclosed,
    /// A known key whose value has the wrong type (`draft: maybe`, `title: {a: 1}`).
    WrongType,
    /// A `date`, `start` or `end` value that is not a date or time (`date: yesterday`).
    UnreadableTime,
    /// The same key twice; the last value is used, as Jekyll and Hugo do.
    DuplicateKey,
    /// The bytes are not UTF-8; they were read as Windows-1252.
    NotUtf8,
    /// A Hugo shortcode or Liquid tag that was left out of the body.
    UnsupportedShortcode,
}

/// How much an issue matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueLevel {
    /// `build` stops on it; `check` reports an error.
    Error,
    /// Reported by `check`; the value is ignored and the text is read instead.
    Warning,
}

impl IssueKind {
    /// Whether a problem of this kind stops `build`.
    pub fn level(self) -> IssueLevel {
        match self {
            IssueKind::Syntax | IssueKind::Unclosed | IssueKind::WrongType => IssueLevel::Error,
            _ => IssueLevel::Warning,
        }
    }
}

/// One problem, with the file line (1-based) when known.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadIssue {
    /// What kind of problem it is.
    pub kind: IssueKind,
    /// File line (1-based), when known.
    pub line: Option<usize>,
    /// The front matter key concerned, as written.
    pub key: Option<String>,
    /// The problem in words.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

impl LoadIssue {
    /// A problem without key or hint.
    pub fn new(kind: IssueKind, line: Option<usize>, message: impl Into<String>) -> Self {
        LoadIssue {
            kind,
            line,
            key: None,
            message: message.into(),
            hint: String::new(),
        }
    }

    /// The same problem about front matter key `key`.
    pub fn key(mut self, key: &str) -> Self {
        self.key = Some(key.to_string());
        self
    }

    /// The same problem with advice on what to write instead.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// True when it stops `build`.
    pub fn is_error(&self) -> bool {
        self.kind.level() == IssueLevel::Error
    }

    /// `line 3: message (hint: ...)`, for diagnostics and error listings.
    pub fn describe(&self) -> String {
        let mut s = match self.line {
            Some(l) => format!("line {l}: {}", self.message),
            None => self.message.clone(),
        };
        if !self.hint.is_empty() {
            s.push_str("\n  hint: ");
            s.push_str(&self.hint);
        }
        s
    }
}
