//! Code blocks -> HTML with CSS classes (`hl-*`), using two-face's syntax set plus our own log
//! grammar. The syntax set is built once and shared by every rendering thread.

use std::sync::LazyLock;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

/// Every class syntect emits starts with this, so theme CSS cannot clash with the site's.
pub const CLASS_PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

/// Blocks larger than this are shown as plain text: highlighting huge pasted logs is slow and
/// adds little.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;
const MAX_LINE_BYTES: usize = 4096;

const LOG_SYNTAX: &str = include_str!("syntaxes/log.sublime-syntax");

/// two-face's syntaxes (bat's set: nginx, Apache, TOML, Dockerfile, INI, ... on top of syntect's).
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Our own grammars, in a set of their own: merging them into two-face's set through its builder
/// re-links all 200+ syntaxes (0.5-0.7 s per build, measured), while loading two-face's dump takes
/// 3 ms. The log grammar includes no other syntax, so it needs nothing from the big set.
static OWN_SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(|| {
    let mut builder = SyntaxSetBuilder::new();
    // Compiled into the binary and covered by tests, so it always parses.
    if let Ok(log) = SyntaxDefinition::load_from_str(LOG_SYNTAX, true, Some("log")) {
        builder.add(log);
    }
    builder.build()
});

/// Fence languages that are not a file extension or syntax name syntect knows.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "Bourne Again Shell (bash)"),
    ("console", "Bourne Again Shell (bash)"),
    ("terminal", "Bourne Again Shell (bash)"),
    ("shell-session", "Bourne Again Shell (bash)"),
    ("zsh", "Bourne Again Shell (bash)"),
    ("apache", "Apache Conf"),
    ("apacheconf", "Apache Conf"),
    ("httpd", "Apache Conf"),
    ("htaccess", "Apache Conf"),
    ("nginx", "nginx"),
    ("nginxconf", "nginx"),
    ("docker", "Dockerfile"),
    ("dockerfile", "Dockerfile"),
    ("containerfile", "Dockerfile"),
    ("yml", "YAML"),
    ("conf", "INI"),
    ("cfg", "INI"),
    ("ini", "INI"),
    ("logs", "Log"),
    ("text-log", "Log"),
    ("postgresql", "SQL"),
    ("postgres", "SQL"),
    ("mysql", "SQL"),
    ("jsonc", "JSON"),
];

/// The syntax for a fence's info string (`yaml`, `nginx title="x"`) and the set it belongs to,
/// if we know one.
pub fn find_syntax(info: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let token = language_token(info)?;
    if matches!(
        token.as_str(),
        "text" | "plain" | "plaintext" | "txt" | "none"
    ) {
        return None;
    }
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == token)
        .map(|(_, name)| *name);
    for set in [&*OWN_SYNTAXES, &*SYNTAXES] {
        let found = match name {
            Some(n) => set.find_syntax_by_name(n),
            None => set.find_syntax_by_token(&token),
        };
        if let Some(s) = found {
            return Some((set, s));
        }
    }
    None
}

/// The first word of a fence's info string, lower-cased, without `{.lang}` decoration.
pub fn language_token(info: &str) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())?;
    let word = word.trim_matches(|c| c == '{' || c == '}' || c == '.');
    let word = word.strip_prefix("language-").unwrap_or(word);
    (!word.is_empty()).then(|| word.to_ascii_lowercase())
}

/// A complete `<pre>` block for `code`; unknown languages and oversized blocks come out as
/// escaped plain text.
pub fn highlight_block(code: &str, info: &str, styled: &Styled) -> String {
    let token = language_token(info);
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"");
    out.push_str(CLASS_PREFIX);
    out.push_str("code\"><code");
    if let Some(t) = &token {
        out.push_str(" class=\"language-");
        escape_html(&mut out, t);
        out.push('"');
    }
    out.push('>');
    match highlighted(code, info, styled) {
        Some(html) => out.push_str(&html),
        None => {
            escape_html(&mut out, code);
        }
    }
    out.push_str("</code></pre>\n");
    out
}

fn highlighted(code: &str, info: &str, styled: &Styled) -> Option<String> {
    let (set, syntax) = find_syntax(info)?;
    if code.len() > MAX_HIGHLIGHT_BYTES || code.lines().any(|l| l.len() > MAX_LINE_BYTES) {
        return None;
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(prune_classes(&generator.finalize(), &styled.0))
}

/// The default theme's stylesheet: its contrast fixes and log colours style `hl-*` classes too.
const DEFAULT_STYLE_CSS: &str = include_str!("../../themes/default/static/style.css");

/// The `hl-*` classes some stylesheets style, as compound selectors (`.hl-a.hl-b`): a code
/// block keeps only these classes (see [`prune_classes`]).
pub struct Styled(Vec<Vec<String>>);

impl Styled {
    /// The compound selectors (part of the key of a page whose code blocks they prune).
    pub fn selectors(&self) -> &[Vec<String>] {
        &self.0
    }

    /// What the built-in stylesheets style (the default theme and the generated highlighting).
    pub fn builtin() -> &'static Styled {
        static BUILTIN: LazyLock<Styled> = LazyLock::new(|| {
            let (light, dark) = stylesheets();
            Styled(compound_selectors(&[&light, &dark, DEFAULT_STYLE_CSS]))
        });
        &BUILTIN
    }

    /// What the pages of a site with `theme` are styled by: every stylesheet of the theme (and
    /// the site's own static files), and the generated highlighting stylesheets it does not
    /// replace. A theme's own `hl-*` rules keep their classes.
    pub fn of_theme(theme: &super::Theme) -> Styled {
        let (light, dark) = stylesheets();
        let mut sheets: Vec<std::borrow::Cow<str>> = Vec::new();
        for (path, css) in [
            (super::SYNTAX_CSS_LIGHT, light),
            (super::SYNTAX_CSS_DARK, dark),
        ] {
            if !theme.statics.contains_key(path) {
                sheets.push(css.into());
            }
        }
        for (path, bytes) in &theme.statics {
            if path.ends_with(".css") {
                sheets.push(String::from_utf8_lossy(bytes));
            }
        }
        let sheets: Vec<&str> = sheets.iter().map(|c| c.as_ref()).collect();
        Styled(compound_selectors(&sheets))
    }
}

/// The `hl-*` compound selectors of some CSS: each part of a selector list, split at
/// combinators, as the class names it needs.
fn compound_selectors(sheets: &[&str]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for css in sheets {
        let css = strip_css_comments(css);
        for block in css.split('}') {
            let Some((selectors, _)) = block.rsplit_once('{') else {
                continue;
            };
            let selectors = selectors.rsplit('{').next().unwrap_or(selectors);
            for compound in selectors.split([',', ' ', '\n', '\t', '>', '+', '~']) {
                let mut classes: Vec<String> = compound
                    .split('.')
                    .skip(1)
                    .map(|c| c.split([':', '[']).next().unwrap_or(c))
                    .filter(|c| c.starts_with(CLASS_PREFIX))
                    .map(str::to_string)
                    .collect();
                classes.sort();
                classes.dedup();
                if !classes.is_empty() && !out.contains(&classes) {
                    out.push(classes);
                }
            }
        }
    }
    out
}

fn strip_css_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// syntect's spans carry a class per scope atom (`hl-meta hl-function-call hl-shell`), most of
/// which no stylesheet names: a third of a page's bytes went to them. Keeps, of each span, the
/// classes of the compound selectors it satisfies, and drops spans left with none. Every rule
/// of `styled` matches exactly the elements it matched before (a compound that held still holds;
/// only unmatched classes go; the stylesheets use no child or sibling combinators on these), so
/// the page looks the same.
fn prune_classes(html: &str, styled: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut open: Vec<bool> = Vec::new();
    // Reused for every span (a block has thousands).
    let mut have: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag == "</span>" {
            if open.pop().unwrap_or(true) {
                out.push_str(tag);
            }
            continue;
        }
        let Some(classes) = tag
            .strip_prefix("<span class=\"")
            .and_then(|t| t.strip_suffix("\">"))
        else {
            out.push_str(tag);
            continue;
        };
        have.clear();
        have.extend(classes.split(' '));
        let mut kept = 0;
        for c in &have {
            let styles = styled.iter().any(|compound| {
                compound.iter().any(|x| x == c)
                    && compound.iter().all(|x| have.contains(&x.as_str()))
            });
            if styles {
                out.push_str(if kept == 0 { "<span class=\"" } else { " " });
                out.push_str(c);
                kept += 1;
            }
        }
        if kept == 0 {
            open.push(false);
        } else {
            out.push_str("\">");
            open.push(true);
        }
    }
    out.push_str(rest);
    out
}

fn escape_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The two highlighting stylesheets: (`syntax-light.css`, `syntax-dark.css`); the dark one
/// applies only under `prefers-color-scheme: dark`.
pub fn stylesheets() -> (String, String) {
    let themes = two_face::theme::extra();
    let light = css_for_theme_with_class_style(themes.get(EmbeddedThemeName::Github), CLASS_STYLE)
        .unwrap_or_default();
    let dark =
        css_for_theme_with_class_style(themes.get(EmbeddedThemeName::OneHalfDark), CLASS_STYLE)
            .unwrap_or_default();
    (
        light,
        format!("@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postmortem_languages_are_known() {
        for lang in [
            "nginx",
            "apache",
            "apacheconf",
            "sh",
            "bash",
            "shell",
            "console",
            "yaml",
            "yml",
            "toml",
            "json",
            "sql",
            "dockerfile",
            "Dockerfile",
            "ini",
            "log",
            "logs",
            "text-log",
        ] {
            assert!(find_syntax(lang).is_some(), "no syntax for {lang}");
        }
        assert_eq!(find_syntax("logs").unwrap().1.name, "Log");
        assert_eq!(find_syntax("apache").unwrap().1.name, "Apache Conf");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = highlight_block("<b>&x</b>\n", "no-such-lang", Styled::builtin());
        assert!(html.contains("&lt;b&gt;&amp;x&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<span"), "{html}");
        let html = highlight_block("a < b\n", "", Styled::builtin());
        assert!(html.contains("a &lt; b"), "{html}");
    }

    #[test]
    fn yaml_gets_classes() {
        let html = highlight_block("key: value # note\n", "yaml", Styled::builtin());
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("language-yaml"), "{html}");
    }

    #[test]
    fn log_grammar_marks_levels_ips_times_and_statuses() {
        let html = highlight_block(
            "2024-03-12T14:05:01Z ERROR upstream 10.0.3.17:8080 timed out\n\
             10.1.1.1 - - [12/Mar/2024:14:05:01 +0000] \"GET /pay HTTP/1.1\" 504 0\n\
             14:06:00 WARN retrying; INFO ok; DEBUG x\n",
            "log",
            Styled::builtin(),
        );
        for class in [
            "hl-timestamp",
            "hl-error",
            "hl-warn",
            "hl-info",
            "hl-debug",
            "hl-ipv4",
            "hl-server-error",
        ] {
            assert!(html.contains(class), "{class} missing in {html}");
        }
        // The status code itself is what is marked, not the request line.
        assert!(
            html.contains("hl-server-error hl-log\">504</span>"),
            "{html}"
        );
    }

    #[test]
    fn unstyled_classes_and_spans_are_left_out() {
        let styled =
            compound_selectors(&[".hl-a.hl-b { x: y }\n/* .hl-z */ .hl-c:hover, .hl-d .hl-e { }"]);
        assert_eq!(styled.len(), 4, "{styled:?}");
        let html = "<span class=\"hl-a hl-q hl-b\"><span class=\"hl-q\">x</span> <span class=\"hl-a hl-z\">&lt;</span></span><span class=\"hl-e hl-c\">y</span>";
        assert_eq!(
            prune_classes(html, &styled),
            "<span class=\"hl-a hl-b\">x &lt;</span><span class=\"hl-e hl-c\">y</span>"
        );
    }

    #[test]
    fn a_themes_own_rules_keep_their_classes() {
        let yaml = "key: value # note\n";
        let nowhere = std::path::Path::new("/nonexistent-hindsight-site");
        let mut theme = crate::render::Theme::load(nowhere, "default").unwrap();
        let plain = highlight_block(yaml, "yaml", &Styled::of_theme(&theme));
        assert!(!plain.contains("hl-separator"), "{plain}");
        theme.statics.insert(
            "extra.css".into(),
            b".hl-separator.hl-mapping { font-weight: bold }".to_vec(),
        );
        let themed = highlight_block(yaml, "yaml", &Styled::of_theme(&theme));
        assert!(themed.contains("hl-separator hl-mapping"), "{themed}");
    }

    #[test]
    fn shell_blocks_keep_only_styled_classes() {
        let html = highlight_block("$ echo hi | grep h\n", "console", Styled::builtin());
        assert!(!html.contains("hl-shell"), "{html}");
        assert!(html.contains("<span class=\"hl-"), "{html}");
    }

    #[test]
    fn oversized_blocks_stay_plain() {
        let long = "x".repeat(MAX_LINE_BYTES + 1);
        assert!(!highlight_block(&long, "log", Styled::builtin()).contains("<span"));
    }

    #[test]
    fn stylesheets_use_prefix_and_dark_media_query() {
        let (light, dark) = stylesheets();
        assert!(light.contains(".hl-code"), "{light}");
        assert!(dark.starts_with("@media (prefers-color-scheme: dark)"));
        assert!(dark.contains(".hl-"));
    }

    #[test]
    fn info_string_decorations() {
        assert_eq!(language_token("{.yaml}").as_deref(), Some("yaml"));
        assert_eq!(language_token("nginx title=x").as_deref(), Some("nginx"));
        assert_eq!(language_token("   "), None);
    }
}
