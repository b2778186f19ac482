//! Hugo shortcodes and Jekyll Liquid tags in a postmortem's body, turned into the Markdown they
//! mean, so a Hugo or Jekyll site builds without editing its files. Runs on the body right after
//! the front matter is split off, before anything reads the text.
//!
//! Understood: Hugo `figure`, `ref`, `relref`, `highlight`; Jekyll `{% highlight %}`,
//! `{% post_url %}`, `{% link %}`, `{% raw %}`, `{% comment %}`, `{{ site.baseurl }}`,
//! `{{ site.url }}` and the `relative_url` / `absolute_url` filters. Links to other postmortems
//! become relative links to their files, which the render stage turns into page addresses. Any
//! other shortcode or tag is left out (its inner text kept) with a warning naming the line.
//! Nothing inside code blocks or code spans is touched.

use std::ops::Range;

/// What expanding needs to know about the site.
#[derive(Debug, Clone, Default)]
pub struct SourceContext {
    /// The path part of base_url, with slashes at both ends (`/postmortems/`).
    pub base_path: String,
    /// Scheme and host of base_url (`https://acme.github.io`), empty when unknown.
    pub origin: String,
    /// The content folder relative to the site folder (`_posts`), for `{% link %}`.
    pub content_prefix: String,
    /// Every postmortem, as `/`-separated paths relative to the content folder.
    pub files: Vec<String>,
}

/// A shortcode that was left out, at a 1-based line of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported {
    /// The body line (1-based) of the shortcode.
    pub body_line: usize,
    /// What was left out, for the reader.
    pub message: String,
}

/// Expands the body of the document at `rel_path` (relative to the content folder).
pub fn expand(body: String, rel_path: &str, ctx: &SourceContext) -> (String, Vec<Unsupported>) {
    if !body.contains("{{") && !body.contains("{%") {
        return (body, Vec::new());
    }
    let code = code_ranges(&body);
    let mut x = Expander {
        src: &body,
        rel_path,
        ctx,
        out: String::with_capacity(body.len()),
        warnings: Vec::new(),
    };
    x.run(&code);
    (x.out, x.warnings)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Syntax {
    /// `{{< name >}}` or `{{% name %}}`
    Hugo,
    /// `{% name %}`
    LiquidTag,
    /// `{{ expression }}`
    LiquidOutput,
}

/// One tag as found in the text.
struct Tag<'a> {
    syntax: Syntax,
    range: Range<usize>,
    /// The text between the delimiters, trimmed.
    inner: &'a str,
}

impl Tag<'_> {
    fn name(&self) -> &str {
        self.inner
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
    }
    fn args(&self) -> Vec<Arg> {
        let name_len = self.name().len();
        parse_args(&self.inner[name_len..])
    }
}

struct Arg {
    key: Option<String>,
    value: String,
}

struct Expander<'a> {
    src: &'a str,
    rel_path: &'a str,
    ctx: &'a SourceContext,
    out: String,
    warnings: Vec<Unsupported>,
}

impl Expander<'_> {
    fn run(&mut self, code: &[Range<usize>]) {
        let src = self.src;
        let mut pos = 0;
        while pos < src.len() {
            if let Some(r) = code.iter().find(|r| r.start <= pos && pos < r.end) {
                self.out.push_str(&src[pos..r.end]);
                pos = r.end;
                continue;
            }
            let next_code = code
                .iter()
                .map(|r| r.start)
                .filter(|&s| s > pos)
                .min()
                .unwrap_or(src.len());
            let Some(open) = src[pos..next_code].find('{').map(|i| pos + i) else {
                self.out.push_str(&src[pos..next_code]);
                pos = next_code;
                continue;
            };
            self.out.push_str(&src[pos..open]);
            match find_tag(src, open) {
                Some(tag) => pos = self.handle(tag),
                None => {
                    self.out.push('{');
                    pos = open + 1;
                }
            }
        }
    }

    /// Writes the expansion of `tag` and returns where scanning goes on.
    fn handle(&mut self, tag: Tag) -> usize {
        let end = tag.range.end;
        match (tag.syntax, tag.name()) {
            // `{{</* figure */>}}` is Hugo's way of writing a shortcode literally.
            (Syntax::Hugo, _) if is_escaped(&self.src[tag.range.clone()]) => {
                let raw = &self.src[tag.range.clone()];
                let literal = raw.replacen("/*", "", 1);
                let literal = match literal.rfind("*/") {
                    Some(i) => format!("{}{}", &literal[..i], &literal[i + 2..]),
                    None => literal,
                };
                self.out.push_str(&literal);
                end
            }
            (Syntax::Hugo, "figure") => {
                self.figure(&tag.args());
                end
            }
            (Syntax::Hugo, "ref" | "relref") => {
                let args = tag.args();
                let target = named(&args, "path").or_else(|| positional(&args, 0));
                self.reference(&tag, target.unwrap_or_default(), Lookup::Path);
                end
            }
            (Syntax::Hugo, "highlight") => {
                let lang = positional(&tag.args(), 0).unwrap_or_default();
                self.code_block(&tag, &lang, |t| {
                    t.syntax == Syntax::Hugo && t.name() == "/highlight"
                })
            }
            (Syntax::LiquidTag, "highlight") => {
                let lang = positional(&tag.args(), 0).unwrap_or_default();
                self.code_block(&tag, &lang, |t| {
                    t.syntax == Syntax::LiquidTag && t.name() == "endhighlight"
                })
            }
            (Syntax::LiquidTag, "raw") => self.until_end(&tag, "endraw", true),
            (Syntax::LiquidTag, "comment") => self.until_end(&tag, "endcomment", false),
            (Syntax::LiquidTag, "post_url") => {
                let name = positional(&tag.args(), 0).unwrap_or_default();
                self.reference(&tag, name, Lookup::PostName);
                end
            }
            (Syntax::LiquidTag, "link") => {
                let path = positional(&tag.args(), 0).unwrap_or_default();
                self.reference(&tag, path, Lookup::SitePath);
                end
            }
            (Syntax::LiquidOutput, _) => {
                self.output(&tag);
                end
            }
            // Closing tags of shortcodes already reported go quietly.
            (Syntax::Hugo, n) if n.starts_with('/') => self.blank(&tag),
            (Syntax::LiquidTag, n) if n.starts_with("end") => self.blank(&tag),
            _ => {
                self.unsupported(&tag);
                self.blank(&tag)
            }
        }
    }

    /// The tag's text replaced by its newlines, so later lines keep their numbers.
    fn blank(&mut self, tag: &Tag) -> usize {
        let newlines = self.src[tag.range.clone()].matches('\n').count();
        self.out.extend(std::iter::repeat_n('\n', newlines));
        tag.range.end
    }

    fn unsupported(&mut self, tag: &Tag) {
        let written = self.src[tag.range.clone()].replace('\n', " ");
        let what = match tag.syntax {
            Syntax::Hugo => format!("Hugo shortcode `{}`", tag.name()),
            Syntax::LiquidTag => format!("Liquid tag `{}`", tag.name()),
            Syntax::LiquidOutput => "Liquid expression".to_string(),
        };
        self.warn(
            tag.range.start,
            format!("{what} is not supported and was left out: {written}"),
        );
    }

    fn warn(&mut self, at: usize, message: String) {
        let body_line = self.src[..at].matches('\n').count() + 1;
        self.warnings.push(Unsupported { body_line, message });
    }

    /// `{{ site.baseurl }}`, `{{ site.url }}`, `{{ "/x" | relative_url }}`.
    fn output(&mut self, tag: &Tag) {
        let base = self.ctx.base_path.trim_end_matches('/');
        let mut parts = tag.inner.split('|').map(str::trim);
        let head = parts.next().unwrap_or("");
        let filters: Vec<&str> = parts.collect();
        let quoted = head
            .strip_prefix('"')
            .and_then(|h| h.strip_suffix('"'))
            .or_else(|| head.strip_prefix('\'').and_then(|h| h.strip_suffix('\'')));
        match (head, quoted, filters.as_slice()) {
            ("site.baseurl", _, []) => {
                // `{{ site.baseurl }}{% post_url x %}`: the post link carries the base itself.
                let rest = &self.src[tag.range.end..];
                let before_link = find_tag(self.src, tag.range.end)
                    .filter(|_| rest.starts_with("{%"))
                    .is_some_and(|t| matches!(t.name(), "post_url" | "link"));
                if !before_link {
                    self.out.push_str(base);
                }
            }
            ("site.url", _, []) => self.out.push_str(&self.ctx.origin),
            (_, Some(path), [filter]) if matches!(*filter, "relative_url" | "absolute_url") => {
                if *filter == "absolute_url" {
                    self.out.push_str(&self.ctx.origin);
                }
                let path = path.trim_start_matches('/');
                self.out.push_str(base);
                self.out.push('/');
                self.out.push_str(path);
            }
            _ => {
                self.unsupported(tag);
                self.blank(tag);
            }
        }
    }

    /// `{{< figure src="x.png" alt="..." caption="..." >}}` as a Markdown image and caption.
    fn figure(&mut self, args: &[Arg]) {
        let get = |k: &str| named(args, k).unwrap_or_default();
        let src = self.site_url(&get("src"));
        let alt = escape_brackets(&named(args, "alt").unwrap_or_else(|| get("caption")));
        let title = get("title");
        let mut image = if title.is_empty() {
            format!("![{alt}](<{src}>)")
        } else {
            format!("![{alt}](<{src}> \"{}\")", title.replace('"', "\\\""))
        };
        let link = get("link");
        if !link.is_empty() {
            image = format!("[{image}](<{}>)", self.site_url(&link));
        }
        self.out.push_str(&image);
        let caption = [title, get("caption"), get("attr")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — ");
        if !caption.is_empty() {
            self.out.push_str("<br><em>");
            self.out.push_str(&escape_html(&caption));
            self.out.push_str("</em>");
        }
    }

    /// A root-relative address gets the site's base path; others are left as written.
    fn site_url(&self, url: &str) -> String {
        match url.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => format!("{}{rest}", self.ctx.base_path),
            _ => url.to_string(),
        }
    }

    /// A link to another postmortem, written as the relative path of its file.
    fn reference(&mut self, tag: &Tag, target: String, lookup: Lookup) {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p.to_string(), format!("#{f}")),
            None => (target.clone(), String::new()),
        };
        let found = match lookup {
            Lookup::Path => resolve_path(&self.ctx.files, self.rel_path, &path),
            Lookup::PostName => resolve_post(&self.ctx.files, &path),
            Lookup::SitePath => {
                let prefix = format!("{}/", self.ctx.content_prefix.trim_matches('/'));
                let inside = path.trim_start_matches('/').strip_prefix(&prefix);
                inside.and_then(|p| resolve_path(&self.ctx.files, "", &format!("/{p}")))
            }
        };
        match found {
            Some(file) => {
                self.out.push_str(&relative_to(self.rel_path, &file));
                self.out.push_str(&fragment);
            }
            // Outside a site (one file given to `inspect`) there is nothing to look for.
            None if self.ctx.files.is_empty() => {
                self.out.push_str(&target);
            }
            None => {
                self.warn(
                    tag.range.start,
                    format!(
                        "`{}` names {target:?}, which is not a postmortem of this site",
                        self.src[tag.range.clone()].replace('\n', " ")
                    ),
                );
                self.out
                    .push_str(&self.site_url(&format!("/{}", path.trim_start_matches('/'))));
                self.out.push_str(&fragment);
            }
        }
    }

    /// A paired highlight shortcode or tag as a fenced code block; its content is code.
    fn code_block(&mut self, open: &Tag, lang: &str, is_close: impl Fn(&Tag) -> bool) -> usize {
        let src = self.src;
        let start = open.range.end;
        let mut at = start;
        let close = loop {
            let Some(i) = src[at..].find('{').map(|i| at + i) else {
                break None;
            };
            match find_tag(src, i) {
                Some(t) if is_close(&t) => break Some(t),
                _ => at = i + 1,
            }
        };
        let Some(close) = close else {
            self.unsupported(open);
            return self.blank(open);
        };
        let code = &src[start..close.range.start];
        let code = code.strip_prefix('\n').unwrap_or(code);
        let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(&fence);
        self.out.push_str(lang);
        self.out.push('\n');
        self.out.push_str(code);
        if !code.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(&fence);
        if !src[close.range.end..].starts_with('\n') && close.range.end < src.len() {
            self.out.push('\n');
        }
        close.range.end
    }

    /// `{% raw %}...{% endraw %}` (kept as written) or `{% comment %}...{% endcomment %}` (left
    /// out, lines kept).
    fn until_end(&mut self, open: &Tag, end_name: &str, keep: bool) -> usize {
        let src = self.src;
        let mut at = open.range.end;
        loop {
            let Some(i) = src[at..].find("{%").map(|i| at + i) else {
                self.unsupported(open);
                return self.blank(open);
            };
            match find_tag(src, i) {
                Some(t) if t.syntax == Syntax::LiquidTag && t.name() == end_name => {
                    let inner = &src[open.range.end..t.range.start];
                    if keep {
                        self.out.push_str(inner);
                    } else {
                        self.out
                            .extend(std::iter::repeat_n('\n', inner.matches('\n').count()));
                    }
                    return t.range.end;
                }
                _ => at = i + 2,
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Lookup {
    /// Hugo: a content path, relative to the page or to the content folder, extension optional.
    Path,
    /// Jekyll `post_url`: a post's file name without extension, optionally in subfolders.
    PostName,
    /// Jekyll `link`: a path from the site folder, extension included.
    SitePath,
}

/// The tag starting at `at` (which holds `{`), if it is one.
fn find_tag(src: &str, at: usize) -> Option<Tag<'_>> {
    let rest = &src[at..];
    let (syntax, open_len, close) = if rest.starts_with("{{<") {
        (Syntax::Hugo, 3, ">}}")
    } else if rest.starts_with("{{%") {
        (Syntax::Hugo, 3, "%}}")
    } else if rest.starts_with("{%") {
        (Syntax::LiquidTag, 2, "%}")
    } else if rest.starts_with("{{") {
        (Syntax::LiquidOutput, 2, "}}")
    } else {
        return None;
    };
    // A tag never runs past a blank line; that keeps a stray `{{` from eating the page.
    let limit = rest
        .find("\n\n")
        .unwrap_or(rest.len())
        .min(4096.min(rest.len()));
    let mut limit = limit;
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let end = rest[open_len..limit].find(close)? + open_len;
    let inner = rest[open_len..end]
        .trim_start_matches('-')
        .trim_end_matches(['-', '/'])
        .trim();
    // `{{< x />}}` (self-closing) leaves a `/` before the closing delimiter: trimmed above.
    if inner.is_empty() {
        return None;
    }
    Some(Tag {
        syntax,
        range: at..at + end + close.len(),
        inner,
    })
}

/// `{{</* x */>}}` or `{{%/* x */%}}`: Hugo's way of writing a shortcode literally.
fn is_escaped(raw: &str) -> bool {
    let open = raw.get(3..).unwrap_or("").trim_start();
    let close = raw
        .get(..raw.len().saturating_sub(3))
        .unwrap_or("")
        .trim_end();
    open.starts_with("/*") && close.ends_with("*/")
}

/// `go "linenos=table" key=value key="v w"` -> arguments.
fn parse_args(s: &str) -> Vec<Arg> {
    let mut args = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let read_value = |i: &mut usize| -> String {
        let mut v = String::new();
        match chars.get(*i) {
            Some(&q @ ('"' | '\'' | '`')) => {
                *i += 1;
                while *i < chars.len() && chars[*i] != q {
                    if chars[*i] == '\\' && q == '"' && *i + 1 < chars.len() {
                        *i += 1;
                    }
                    v.push(chars[*i]);
                    *i += 1;
                }
                *i += 1;
            }
            _ => {
                while *i < chars.len() && !chars[*i].is_whitespace() {
                    v.push(chars[*i]);
                    *i += 1;
                }
            }
        }
        v
    };
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        // key=value (or key: value, as Liquid includes write it)?
        let word_end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace() || matches!(chars[j], '=' | '"' | '\''))
            .unwrap_or(chars.len());
        if word_end < chars.len() && chars[word_end] == '=' && word_end > i {
            let key: String = chars[i..word_end].iter().collect();
            i = word_end + 1;
            let value = read_value(&mut i);
            args.push(Arg {
                key: Some(key),
                value,
            });
        } else {
            let value = read_value(&mut i);
            args.push(Arg { key: None, value });
        }
    }
    args
}

fn named(args: &[Arg], key: &str) -> Option<String> {
    args.iter()
        .find(|a| a.key.as_deref() == Some(key))
        .map(|a| a.value.clone())
}

fn positional(args: &[Arg], n: usize) -> Option<String> {
    args.iter()
        .filter(|a| a.key.is_none())
        .nth(n)
        .map(|a| a.value.clone())
}

/// Byte ranges of fenced code blocks and inline code spans, where nothing is expanded.
fn code_ranges(src: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(char, usize, usize)> = None; // (char, length, start)
    let mut text_start = 0;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        let run_of = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        match fence {
            None if indent <= 3 && (run_of('`') >= 3 || run_of('~') >= 3) => {
                let c = trimmed.chars().next().unwrap_or('`');
                ranges.extend(code_spans(src, text_start..offset));
                fence = Some((c, run_of(c), offset));
            }
            Some((c, n, start))
                if indent <= 3 && run_of(c) >= n && trimmed[run_of(c)..].trim().is_empty() =>
            {
                ranges.push(start..offset + line.len());
                fence = None;
                text_start = offset + line.len();
            }
            _ => {}
        }
        offset += line.len();
    }
    match fence {
        Some((_, _, start)) => ranges.push(start..src.len()),
        None => ranges.extend(code_spans(src, text_start..src.len())),
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Inline code spans in `src[range]`: a run of N backticks up to the next run of exactly N.
fn code_spans(src: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = src.as_bytes();
    let mut spans = Vec::new();
    let mut i = range.start;
    let run_at = |i: usize| (i..range.end).take_while(|&j| bytes[j] == b'`').count();
    while i < range.end {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run_at(i);
        let mut j = i + n;
        let mut close = None;
        while j < range.end {
            if bytes[j] == b'`' {
                let m = run_at(j);
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                spans.push(i..end);
                i = end;
            }
            None => i += n,
        }
    }
    spans
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for x in s.chars() {
        cur = if x == c { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

/// A Hugo content path to one of `files`: relative to the page's folder or to the content
/// folder, with or without `.md`, a bundle's folder, or (when unique) a bare file or folder name.
fn resolve_path(files: &[String], from: &str, target: &str) -> Option<String> {
    let target = target.trim();
    if target.is_empty() {
        return None;
    }
    let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut bases = Vec::new();
    if let Some(abs) = target.strip_prefix('/') {
        bases.push(normalize(abs)?);
    } else {
        if let Some(p) = normalize(&format!("{dir}/{target}")) {
            bases.push(p);
        }
        if let Some(p) = normalize(target) {
            bases.push(p);
        }
    }
    for base in &bases {
        for suffix in ["", ".md", ".markdown", "/index.md", "/index.markdown"] {
            let candidate = format!("{base}{suffix}");
            if files.contains(&candidate) {
                return Some(candidate);
            }
        }
    }
    // A bare name: the file's stem or a bundle's folder.
    let name = target.trim_matches('/').rsplit('/').next()?;
    let name = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .unwrap_or(name);
    let mut hits = files.iter().filter(|f| page_name(f) == name);
    let first = hits.next()?;
    hits.next().is_none().then(|| first.clone())
}

/// Jekyll `post_url`: `2023-01-09-name` or `sub/2023-01-09-name`.
fn resolve_post(files: &[String], name: &str) -> Option<String> {
    let name = name.trim().trim_matches('/');
    let (dirs, stem) = match name.rsplit_once('/') {
        Some((d, s)) => (Some(d), s),
        None => (None, name),
    };
    let mut hits = files.iter().filter(|f| {
        let (fdir, fname) = f.rsplit_once('/').unwrap_or(("", f));
        let fstem = fname.rsplit_once('.').map(|(s, _)| s).unwrap_or(fname);
        fstem == stem && dirs.is_none_or(|d| fdir == d || fdir.ends_with(&format!("/{d}")))
    });
    let first = hits.next()?;
    hits.next().is_none().then(|| first.clone())
}

/// The name a page is known by: the file's stem, or its folder's name for `index.md`.
fn page_name(rel: &str) -> &str {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    if stem == "index" && !dir.is_empty() {
        dir.rsplit('/').next().unwrap_or(dir)
    } else {
        stem
    }
}

/// `a/./b/../c` -> `a/c`; None when it climbs out of the content folder.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The path of `to` as seen from the folder of `from` (both relative to the content folder).
fn relative_to(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from
        .rsplit_once('/')
        .map(|(d, _)| d.split('/').collect())
        .unwrap_or_default();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

fn escape_brackets(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]")
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> SourceContext {
        SourceContext {
            base_path: "/pm/".into(),
            origin: "https://acme.github.io".into(),
            content_prefix: "_posts".into(),
            files: vec![
                "posts/2023-cdn-outage/index.md".into(),
                "posts/2024-01-15-dns.md".into(),
                "2022-02-14-tls-expiry.markdown".into(),
                "ops/2021-05-01-disk-full.md".into(),
            ],
        }
    }

    fn run(body: &str, from: &str) -> (String, Vec<Unsupported>) {
        expand(body.to_string(), from, &ctx())
    }

    #[test]
    fn plain_text_is_untouched() {
        let body = "# Title\n\nNo shortcodes { here }.\n";
        assert_eq!(run(body, "a.md"), (body.to_string(), vec![]));
    }

    #[test]
    fn hugo_refs_become_relative_file_links() {
        let (out, w) = run(
            "[dns]({{< ref \"posts/2024-01-15-dns.md\" >}}) [cdn]({{< relref \"2023-cdn-outage#timeline\" >}}) [x]({{< ref path=\"/posts/2024-01-15-dns\" >}})",
            "posts/2023-cdn-outage/index.md",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "[dns](../2024-01-15-dns.md) [cdn](index.md#timeline) [x](../2024-01-15-dns.md)"
        );
    }

    #[test]
    fn jekyll_post_url_link_and_baseurl() {
        let (out, w) = run(
            "[a]({{ site.baseurl }}{% post_url 2022-02-14-tls-expiry %}) [b]({% link _posts/ops/2021-05-01-disk-full.md %}) ![c]({{ site.baseurl }}/assets/c.png) [d]({{ '/about/' | relative_url }}) {{ site.url }}",
            "2023-01-01-x.md",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "[a](2022-02-14-tls-expiry.markdown) [b](ops/2021-05-01-disk-full.md) ![c](/pm/assets/c.png) [d](/pm/about/) https://acme.github.io"
        );
    }

    #[test]
    fn highlight_blocks_become_fenced_code() {
        let (out, w) = run(
            "Before\n\n{{< highlight go \"linenos=table\" >}}\nx := {{ .Values }}\n{{< /highlight >}}\n\n{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\nafter\n",
            "a.md",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "Before\n\n```go\nx := {{ .Values }}\n```\n\n```ruby\nputs 1\n```\nafter\n"
        );
    }

    #[test]
    fn figure_is_an_image_with_its_caption() {
        let (out, _) = run(
            "{{< figure src=\"/images/map.svg\" alt=\"Map\" caption=\"Where it broke\" >}}\n{{< figure src=\"diagram.svg\" >}}",
            "a.md",
        );
        assert_eq!(
            out,
            "![Map](</pm/images/map.svg>)<br><em>Where it broke</em>\n![](<diagram.svg>)"
        );
    }

    #[test]
    fn unknown_shortcodes_are_left_out_with_their_line() {
        let (out, w) = run(
            "one\n{{< youtube abc123 >}}\nthree {% include note.html %}\n{{< notice warning >}}\nkept\n{{< /notice >}}\n",
            "a.md",
        );
        assert_eq!(out, "one\n\nthree \n\nkept\n\n");
        let lines: Vec<usize> = w.iter().map(|w| w.body_line).collect();
        assert_eq!(lines, vec![2, 3, 4]);
        assert!(w[0].message.contains("`youtube`"), "{}", w[0].message);
    }

    #[test]
    fn code_is_never_expanded() {
        let body = "`{{< youtube x >}}` and\n\n```yaml\nimage: {{ .Values.image }}\n{% if x %}\n```\n\n~~~\n{{< ref \"x\" >}}\n~~~\n";
        assert_eq!(run(body, "a.md"), (body.to_string(), vec![]));
    }

    #[test]
    fn raw_comment_and_escaped_shortcodes() {
        let (out, w) = run(
            "{% raw %}{{ keep }}{% endraw %} {{</* figure src=\"x\" */>}} {% comment %}\nhidden\n{% endcomment %}end",
            "a.md",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(out, "{{ keep }} {{< figure src=\"x\" >}} \n\nend");
    }

    #[test]
    fn missing_targets_are_reported() {
        let (out, w) = run("[x]({% post_url 2020-01-01-gone %})", "a.md");
        assert_eq!(out, "[x](/pm/2020-01-01-gone)");
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("not a postmortem"),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn stray_braces_are_text() {
        let body = "a {{ b\n\nc }} and {% unclosed\n";
        assert_eq!(run(body, "a.md").0, body);
    }
}
