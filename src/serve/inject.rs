//! What `serve` adds to every HTML page it sends: the live-reload script (told which build and
//! which error the page shows) and, while the last build failed, the error overlay. The overlay
//! is only ever rendered here; the script reloads the page when either changes.

/// Path of the live-reload script under the site's base path.
pub const SCRIPT_PATH: &str = "__hindsight/live.js";
/// Path of the live-reload WebSocket under the site's base path.
pub const SOCKET_PATH: &str = "__hindsight/live";
/// The `id` of the overlay element (live.js wires its close handlers).
pub const OVERLAY_ID: &str = "hindsight-overlay";

/// The page with the script (and overlay) inserted before its last `</body>`, or at the end.
pub fn inject(html: &[u8], base_path: &str, generation: &str, error: Option<&str>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(message) = error {
        extra.push_str(&overlay(message));
    }
    let error_attr = error
        .map(|e| format!(r#" data-error="{}""#, escape(e)))
        .unwrap_or_default();
    extra.push_str(&format!(
        r#"<script src="{base_path}{SCRIPT_PATH}" data-generation="{}"{error_attr} defer></script>"#,
        escape(generation)
    ));
    let at = find_last_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The error overlay: a full-window panel with the build error (file, line, what to do). Every
/// element is styled inline, resetting what a theme may set on `p` and `pre`.
pub fn overlay(message: &str) -> String {
    const RESET: &str =
        "margin:0;padding:0;border:0;background:none;box-shadow:none;max-width:none;\
                         font:inherit;color:inherit;text-align:left;";
    format!(
        concat!(
            r#"<div id="{id}" role="alert" style="{reset}position:fixed;inset:0;z-index:2147483647;"#,
            r#"overflow:auto;box-sizing:border-box;padding:2rem;background:#18181b;color:#f4f4f5;"#,
            r#"font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace">"#,
            r#"<p style="{reset}margin-bottom:1rem;font-weight:bold;color:#fca5a5">The site did not build</p>"#,
            r#"<pre style="{reset}white-space:pre-wrap;overflow-wrap:anywhere;padding:1rem;"#,
            r#"border-left:4px solid #f87171;background:#27272a">{message}</pre>"#,
            r#"<p style="{reset}margin-top:1rem;color:#a1a1aa">Fix the file and save: this page reloads by itself. "#,
            r#"Until then it shows the last build that worked (Esc or a click hides this).</p></div>"#
        ),
        id = OVERLAY_ID,
        reset = RESET,
        message = escape(message)
    )
}

/// HTML text and attribute escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn script_goes_before_last_body_end() {
        let html = b"<html><body><p>x</p><!-- </body> -->\n</BODY></html>";
        let out = text(inject(html, "/hindsight/", "7", None));
        let script = r#"<script src="/hindsight/__hindsight/live.js" data-generation="7" defer></script></BODY>"#;
        assert!(out.contains(script), "{out}");
        assert!(out.starts_with("<html><body><p>x</p><!-- </body> -->"));
    }

    #[test]
    fn page_without_body_gets_script_at_end() {
        let out = text(inject(b"<p>fragment", "/", "1", None));
        assert!(out.starts_with("<p>fragment<script src=\"/__hindsight/live.js\""));
    }

    #[test]
    fn overlay_escapes_the_message() {
        let out = text(inject(
            b"<body></body>",
            "/",
            "1",
            Some("content/a.md:3: bad <key>"),
        ));
        assert!(out.contains(r#"id="hindsight-overlay""#));
        assert!(out.contains("content/a.md:3: bad &lt;key&gt;"));
        assert!(out.contains(r#"data-error="content/a.md:3: bad &lt;key&gt;""#));
        assert!(!out.contains("<key>"));
    }
}
