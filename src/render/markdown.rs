//! Markdown body -> safe HTML: GitHub-style extensions, heading anchors, sanitised raw HTML.

use super::highlight::{highlight_block, Styled};
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions hindsight renders (tables, footnotes, strikethrough, task lists, ...).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown to HTML that is safe to publish: scripts, event handlers and `javascript:`
/// URLs from pasted logs never survive.
pub fn render_markdown(body: &str) -> String {
    render_markdown_linked(body, &|_| None)
}

/// Like [`render_markdown`], with relative link and image targets passed through `resolve`
/// (path without `#fragment` -> URL): links to other postmortems' files become links to their
/// pages, links to files beside them point at the published copies.
pub fn render_markdown_linked(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    render_markdown_styled(body, resolve, Styled::builtin())
}

/// Like [`render_markdown_linked`], keeping the highlighting classes that `styled` (the site's
/// stylesheets) styles.
pub(super) fn render_markdown_styled(
    body: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    styled: &Styled,
) -> String {
    let mut ids = std::collections::HashMap::<String, usize>::new();
    let mut events: Vec<Event> = Parser::new_ext(body, markdown_options()).collect();
    // Give every heading an id from its text, de-duplicated, so sections can be linked.
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
            &mut events[i]
        {
            if let Some(url) = rewrite_relative(dest_url, resolve) {
                *dest_url = CowStr::from(url);
            }
        }
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            if id.is_none() {
                let mut text = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                let mut slug = crate::extract::slugify(&text);
                if slug.is_empty() {
                    slug = "section".into();
                }
                let n = ids.entry(slug.clone()).or_insert(0);
                *n += 1;
                let anchor = if *n == 1 { slug } else { format!("{slug}-{n}") };
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(anchor));
                }
            }
        }
        i += 1;
    }
    let events = highlight_code_blocks(events, styled);
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Bounded nesting keeps the sanitiser's HTML parser linear (it is quadratic in depth).
    keyboard_scrollable(&sanitize(&crate::text::limit_html_depth(
        &out,
        crate::text::MAX_HTML_DEPTH,
    )))
}

/// Code blocks and tables scroll sideways when wide; a tab stop lets keyboard users scroll
/// them (WCAG 2.1.1). Added after sanitising, which drops `tabindex` from the author's HTML.
fn keyboard_scrollable(html: &str) -> String {
    // One pass instead of three replaces (each copied the page); no pattern overlaps another
    // or what replaces it, so the result is the same.
    const TAB_STOPS: [(&str, &str); 3] = [
        ("<pre>", "<pre tabindex=\"0\">"),
        ("<pre class=", "<pre tabindex=\"0\" class="),
        ("<table>", "<table tabindex=\"0\">"),
    ];
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        match TAB_STOPS.iter().find(|(from, _)| rest.starts_with(from)) {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The new URL for a relative link target, keeping any `#fragment`; None leaves it as written.
fn rewrite_relative(dest: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let scheme = dest
        .find(':')
        .is_some_and(|i| !dest[..i].contains(['/', '?', '#']));
    if scheme || dest.starts_with(['/', '#', '?']) || dest.is_empty() {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let url = resolve(path)?;
    Some(match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    })
}

/// Replaces each code block by its highlighted HTML (plain escaped text for unknown languages).
fn highlight_code_blocks<'a>(events: Vec<Event<'a>>, styled: &Styled) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, String)> = None;
    for event in events {
        match (event, &mut block) {
            (Event::Start(Tag::CodeBlock(kind)), None) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((info, String::new()));
            }
            (Event::Text(t), Some((_, code))) => code.push_str(&t),
            // A label, so screen readers (and WCAG) know what the box says.
            (Event::TaskListMarker(done), None) => out.push(Event::Html(
                if done {
                    r#"<input type="checkbox" disabled checked aria-label="done"> "#
                } else {
                    r#"<input type="checkbox" disabled aria-label="not done"> "#
                }
                .into(),
            )),
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                if let Some((info, code)) = block.take() {
                    out.push(Event::Html(highlight_block(&code, &info, styled).into()));
                }
            }
            (other, _) => out.push(other),
        }
    }
    out
}

/// Removes anything that could run script; keeps ids, classes and task-list checkboxes.
pub fn sanitize(html: &str) -> String {
    // Built once: the builder is a dozen hash sets, and every page is sanitised.
    static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut b = ammonia::Builder::default();
            b.add_generic_attributes(&["id", "class", "align"])
                .add_tags(&["input", "details", "summary"])
                .add_tag_attributes("input", &["type", "checked", "disabled", "aria-label"])
                .add_tag_attributes("span", &["class"])
                .add_tag_attributes("code", &["class"])
                .add_tag_attributes("pre", &["class"])
                .link_rel(Some("noopener noreferrer"));
            b
        });
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = render_markdown("hi <script>alert(1)</script> <img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn headings_get_unique_anchors() {
        let html = render_markdown("# Root Cause\n\n## Root cause\n");
        assert!(html.contains("id=\"root-cause\""), "{html}");
        assert!(html.contains("id=\"root-cause-2\""), "{html}");
    }

    #[test]
    fn tables_and_task_lists() {
        let html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n");
        assert!(html.contains("<table tabindex=\"0\">"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
        assert!(html.contains("aria-label=\"done\""), "{html}");
    }

    #[test]
    fn relative_targets_go_through_the_resolver() {
        let resolve = |p: &str| match p {
            "2023-06-25-apache.md" => Some("/pm/incidents/apache/".to_string()),
            "img/d.png" => Some("/pm/files/img/d.png".to_string()),
            _ => None,
        };
        let html = render_markdown_linked(
            "[a](2023-06-25-apache.md#root-cause) [c](missing.md) [d](https://x.org/2023-06-25-apache.md) ![i](img/d.png) [e](mailto:x@y.z)",
            &resolve,
        );
        let has = |s: &str| assert!(html.contains(s), "{s} not in {html}");
        has("href=\"/pm/incidents/apache/#root-cause\"");
        has("href=\"missing.md\"");
        has("href=\"https://x.org/2023-06-25-apache.md\"");
        has("src=\"/pm/files/img/d.png\"");
        has("href=\"mailto:x@y.z\"");
    }

    #[test]
    fn highlighted_code_survives_sanitising() {
        let html = render_markdown("```nginx\nserver { listen 80; }\n```\n");
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(
            html.contains("<pre tabindex=\"0\" class=\"hl-code\">"),
            "{html}"
        );
    }

    #[test]
    fn script_inside_a_code_block_is_text() {
        let html = render_markdown("```log\n<script>alert(1)</script> ERROR\n```\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn raw_html_blocks_are_sanitised() {
        let html = render_markdown("<div onclick=\"x()\">\n<img src=\"a.png\" onerror=\"alert(1)\">\n</div>\n\n<iframe src=\"https://evil\"></iframe>\n");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
    }
}
