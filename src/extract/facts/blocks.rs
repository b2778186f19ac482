//! pulldown-cmark events -> a flat list of sections, each with its content pieces and file lines.
//! A section starts at a heading, or at a label: a bold label (`**Root Cause:**`), a plain label
//! line (`Root Cause:` alone, or `Root Cause: text`), a short known name alone in its paragraph,
//! or a question label (`What was the root cause?`).

use super::kind::{kind_of, SectionKind};
use super::sections::clean_heading;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    Para,
    Item,
    Row,
    Code,
}

/// One piece of content: a paragraph (or what follows a label), a list item, a table row.
#[derive(Debug, Clone)]
pub struct Piece {
    pub kind: PieceKind,
    pub text: String,
    /// File line (1-based).
    pub line: usize,
    /// Task list state for items (`- [x]`).
    pub task: Option<bool>,
    /// Table cells for rows.
    pub cells: Vec<String>,
    pub header_row: bool,
    /// `Label: text` found at the start of an item: (kind, label as written).
    pub label: Option<(Option<SectionKind>, String)>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub kind: Option<SectionKind>,
    /// File line (1-based) of the heading or label; 0 for the text before any heading.
    pub line: usize,
    /// 1-6 for headings, [`Section::LABEL_LEVEL`] for labels.
    pub level: u8,
    pub pieces: Vec<Piece>,
}

impl Section {
    /// The level of a label (`Root cause:`, `- Status:`): below every heading, so it nests
    /// under the heading it follows and ends at the next label or heading.
    pub const LABEL_LEVEL: u8 = 7;

    /// Whether this section is headed by a label rather than a heading.
    pub fn is_label(&self) -> bool {
        self.level == Self::LABEL_LEVEL
    }
}

#[cfg(test)]
impl Section {
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .filter(|p| p.kind != PieceKind::Code)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A heading-or-label candidate read from the start of a line.
struct Label {
    name: String,
    kind: Option<SectionKind>,
    rest: String,
}

/// Raw blocks as they come out of the parser, lines kept apart.
#[derive(Debug, Default)]
struct RawBlock {
    kind: Option<PieceKind>,
    heading: Option<u8>,
    lines: Vec<RawLine>,
    task: Option<bool>,
    cells: Vec<String>,
    header_row: bool,
    depth: usize,
}

#[derive(Debug, Default, Clone)]
struct RawLine {
    text: String,
    bold: Option<String>,
    line: usize,
}

/// The sections of a Markdown body, in order; the first holds the text before any heading.
/// `line_offset` is added to every line (the lines of the front matter).
pub fn parse_sections(text: &str, line_offset: usize) -> Vec<Section> {
    let mut sections = vec![Section {
        heading: String::new(),
        kind: None,
        line: 0,
        level: 0,
        pieces: Vec::new(),
    }];
    for b in raw_blocks(text, line_offset) {
        if let Some(level) = b.heading {
            push_heading(&mut sections, &b, level);
            continue;
        }
        match b.kind.unwrap_or(PieceKind::Para) {
            PieceKind::Para => push_paragraph(&mut sections, &b),
            PieceKind::Item => push_item(&mut sections, &b),
            kind @ (PieceKind::Row | PieceKind::Code) => {
                let text = join_lines(&b.lines);
                let line = b.lines.first().map(|l| l.line).unwrap_or(0);
                let piece = make_piece(kind, text, line, &b);
                sections.last_mut().unwrap().pieces.push(piece);
            }
        }
    }
    lone_went_wrong_is_analysis(&mut sections);
    inherit_kinds(&mut sections);
    sections
}

/// "What went wrong" is a lesson beside "What went well" or under "Lessons learned"; on its
/// own, with no other lessons in the document, it tells what broke: a discussion of the cause.
fn lone_went_wrong_is_analysis(sections: &mut [Section]) {
    let other_lessons = sections.iter().any(|s| {
        s.kind
            .is_some_and(|k| k.is_lessons() && k != SectionKind::LessonsWrong)
    });
    if other_lessons {
        return;
    }
    for s in sections
        .iter_mut()
        .filter(|s| s.kind == Some(SectionKind::LessonsWrong))
    {
        s.kind = Some(SectionKind::Analysis);
    }
}

/// A heading starts a section; `## Root Cause: text` carries its content on the heading line.
fn push_heading(sections: &mut Vec<Section>, b: &RawBlock, level: u8) {
    let heading: String = b
        .lines
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let heading = heading.trim().to_string();
    let line = b.lines.first().map(|l| l.line).unwrap_or(0);
    if heading.is_empty() {
        return;
    }
    let (name, rest) = split_label_text(&heading);
    // `# Incident report: search latency` is the document's title, not a summary that says
    // "search latency": the title names no section kind.
    let title = level == 1 && !rest.is_empty() && kind_of(&name) == Some(SectionKind::Summary);
    let kind = if title {
        None
    } else {
        kind_of(&name).or_else(|| kind_of(&heading))
    };
    sections.push(Section {
        heading: if title { heading.clone() } else { name.clone() },
        kind,
        line,
        level,
        pieces: Vec::new(),
    });
    if !rest.is_empty() && kind.is_some() {
        push_piece(sections, PieceKind::Para, rest, line, b);
    }
}

/// A paragraph's lines, where each label line starts a section of its own.
fn push_paragraph(sections: &mut Vec<Section>, b: &RawBlock) {
    let single = b.lines.len() == 1;
    let mut buf: Vec<RawLine> = Vec::new();
    let mut prev: Option<&RawLine> = None;
    for l in &b.lines {
        let continued = prev.is_some_and(|p| continues_sentence(p, l));
        prev = Some(l);
        if let Some(label) = line_label(l, single).filter(|_| !continued) {
            flush(sections, &mut buf, b);
            sections.push(Section {
                heading: label.name,
                kind: label.kind,
                line: l.line,
                level: Section::LABEL_LEVEL,
                pieces: Vec::new(),
            });
            if !label.rest.is_empty() {
                buf.push(RawLine {
                    text: label.rest,
                    bold: None,
                    line: l.line,
                });
            }
        } else {
            buf.push(l.clone());
        }
    }
    flush(sections, &mut buf, b);
}

/// A list item: a piece of the current section, with its `Label:` if it starts with one.
fn push_item(sections: &mut Vec<Section>, b: &RawBlock) {
    let text = join_lines(&b.lines);
    if text.trim().is_empty() {
        return;
    }
    let line = b.lines.first().map(|l| l.line).unwrap_or(0);
    let label = b.lines.first().and_then(|l| line_label(l, false));
    // An item that is only a known label (`- Root Cause:`) heads what follows.
    if let Some(lb) = &label {
        if lb.rest.is_empty() && b.lines.len() == 1 {
            sections.push(Section {
                heading: lb.name.clone(),
                kind: lb.kind,
                line,
                level: Section::LABEL_LEVEL,
                pieces: Vec::new(),
            });
            return;
        }
    }
    let mut piece = make_piece(PieceKind::Item, text, line, b);
    if let Some(lb) = label {
        let rest_lines: Vec<String> = std::iter::once(lb.rest.clone())
            .chain(b.lines.iter().skip(1).map(|l| l.text.clone()))
            .collect();
        piece.label = Some((lb.kind, lb.name));
        piece.text = rest_lines.join("\n").trim().to_string();
    }
    sections.last_mut().unwrap().pieces.push(piece);
}

/// A section without a known name under one with a name belongs to it (`### RUST-MAIN` under
/// `## Root Cause Analysis`, `### 09:02 PM` under `## Timeline`, `Actions taken:` under a
/// timeline heading).
fn inherit_kinds(sections: &mut [Section]) {
    let mut parents: Vec<(u8, Option<SectionKind>)> = Vec::new();
    for s in sections.iter_mut() {
        if s.line == 0 {
            continue;
        }
        while parents.last().is_some_and(|(l, _)| *l >= s.level) {
            parents.pop();
        }
        if s.kind.is_none() {
            if let Some((_, k)) = parents.last() {
                s.kind = *k;
            }
        }
        parents.push((s.level, s.kind));
    }
}

fn flush(sections: &mut [Section], buf: &mut Vec<RawLine>, b: &RawBlock) {
    if buf.is_empty() {
        return;
    }
    let text = join_lines(buf);
    let line = buf[0].line;
    buf.clear();
    if !text.trim().is_empty() {
        push_piece(sections, PieceKind::Para, text, line, b);
    }
}

fn push_piece(sections: &mut [Section], kind: PieceKind, text: String, line: usize, b: &RawBlock) {
    let piece = make_piece(kind, text, line, b);
    if let Some(s) = sections.last_mut() {
        s.pieces.push(piece);
    }
}

fn make_piece(kind: PieceKind, text: String, line: usize, b: &RawBlock) -> Piece {
    Piece {
        kind,
        text: text.trim().to_string(),
        line,
        task: b.task,
        cells: b.cells.clone(),
        header_row: b.header_row,
        label: None,
    }
}

fn join_lines(lines: &[RawLine]) -> String {
    lines
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `Root Cause: text` -> ("Root Cause", "text"); otherwise (whole, "").
fn split_label_text(s: &str) -> (String, String) {
    if let Some(i) = s.find(':') {
        let (name, rest) = (&s[..i], s[i + 1..].trim());
        if !name.trim().is_empty() && !name.chars().any(|c| c.is_ascii_digit()) {
            return (name.trim().to_string(), rest.to_string());
        }
    }
    (s.trim().to_string(), String::new())
}

/// A line that goes on with the sentence of the line before it ("... actually itself caused" /
/// "unintended fallout:") is never a label: the line before ends without punctuation and this
/// one opens in lower case.
fn continues_sentence(prev: &RawLine, line: &RawLine) -> bool {
    let ended = prev.text.trim_end().ends_with(['.', '!', '?', ':', ';']);
    let lower = line
        .text
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    !prev.text.trim().is_empty() && !ended && lower && line.bold.is_none()
}

/// Whether a paragraph line is a label, and what it says.
fn line_label(l: &RawLine, alone: bool) -> Option<Label> {
    let text = l.text.trim();
    if text.is_empty() {
        return None;
    }
    // Bold label: `**Root Cause:** text`, `**Root Cause**: text`, `**Timeline**` alone.
    if let Some(bold) = &l.bold {
        let name = bold.trim().trim_end_matches(':').trim();
        let after = text
            .get(bold.len()..)
            .or_else(|| text.strip_prefix(bold.as_str()))
            .unwrap_or("");
        let colon = bold.trim_end().ends_with(':') || after.trim_start().starts_with(':');
        let rest = after
            .trim_start()
            .trim_start_matches([':', '-', '–', '—'])
            .trim();
        let words = name.split_whitespace().count();
        let starts_alpha = first_alpha(name);
        if starts_alpha && words <= 8 && (colon || rest.is_empty()) {
            let kind = kind_of(name);
            if kind.is_some() || rest.is_empty() || colon {
                return Some(Label {
                    name: name.to_string(),
                    kind,
                    rest: rest.to_string(),
                });
            }
        }
    }
    if !first_alpha(text) {
        return None;
    }
    // `Root Cause:` alone, or a question label.
    if let Some(name) = text.strip_suffix(':').or_else(|| text.strip_suffix(';')) {
        let words = name.split_whitespace().count();
        let kind = kind_of(name);
        // Unknown names must look like labels, not like a sentence introducing a list.
        let label_like = kind.is_some() && words <= 7 || words <= 4 && !starts_like_sentence(name);
        if label_like && !name.contains(':') {
            return Some(Label {
                name: name.trim().to_string(),
                kind,
                rest: String::new(),
            });
        }
    }
    if text.ends_with('?') && text.split_whitespace().count() <= 9 {
        if let Some(kind) = kind_of(text) {
            return Some(Label {
                name: text.to_string(),
                kind: Some(kind),
                rest: String::new(),
            });
        }
    }
    // `Root Cause: text` with a known name.
    if let Some(i) = text.find(':') {
        let name = text[..i].trim();
        let words = name.split_whitespace().count();
        if words <= 6
            && !name.chars().any(|c| c.is_ascii_digit())
            && !text[i + 1..].starts_with("//")
        {
            if let Some(kind) = kind_of(name) {
                return Some(Label {
                    name: name.to_string(),
                    kind: Some(kind),
                    rest: text[i + 1..].trim().to_string(),
                });
            }
        }
    }
    // A known section name alone in its paragraph (`Summary of outage`), or a short one on a
    // line of its own (`Root Cause` above the text).
    let words = text.split_whitespace().count();
    let short_capital = (words <= 3 && text.chars().next().is_some_and(|c| c.is_uppercase()))
        || (words <= 6
            && text.chars().any(|c| c.is_alphabetic())
            && !text.chars().any(|c| c.is_lowercase()));
    if (alone && words <= 6 || short_capital) && !text.ends_with(['.', ',', ';']) {
        if let Some(kind) = kind_of(text) {
            return Some(Label {
                name: text.to_string(),
                kind: Some(kind),
                rest: String::new(),
            });
        }
    }
    None
}

fn starts_like_sentence(s: &str) -> bool {
    let first = s.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "the"
            | "this"
            | "that"
            | "we"
            | "our"
            | "it"
            | "there"
            | "a"
            | "an"
            | "these"
            | "those"
            | "here"
            | "i"
            | "they"
            | "he"
            | "she"
            | "you"
            | "some"
            | "following"
            | "below"
    )
}

fn first_alpha(s: &str) -> bool {
    let c = clean_heading(s);
    c.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.trim_start()
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_alphabetic())
}

fn raw_blocks(text: &str, line_offset: usize) -> Vec<RawBlock> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut reader = BlockReader::new(text, line_offset);
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => reader.start(tag, reader.line_of(range.start)),
            Event::End(tag) => reader.end(tag),
            Event::Text(t) | Event::Code(t) => reader.text(&t, reader.line_of(range.start)),
            Event::TaskListMarker(done) => reader.task(done),
            Event::SoftBreak | Event::HardBreak => {
                reader.line_break(reader.line_of(range.start), reader.line_of(range.end))
            }
            _ => {}
        }
    }
    reader.blocks
}

/// The state of [`raw_blocks`] while it reads the parser's events.
struct BlockReader {
    /// Byte offset of the start of each line of the text.
    line_starts: Vec<usize>,
    line_offset: usize,
    blocks: Vec<RawBlock>,
    /// Stack of indexes into `blocks` that are open.
    open: Vec<usize>,
    list_depth: usize,
    in_head: bool,
    /// The block whose current line began with bold text, while that bold text is open.
    bold_start: Option<usize>,
}

impl BlockReader {
    fn new(text: &str, line_offset: usize) -> BlockReader {
        BlockReader {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            line_offset,
            blocks: Vec::new(),
            open: Vec::new(),
            list_depth: 0,
            in_head: false,
            bold_start: None,
        }
    }

    /// File line (1-based, after `line_offset`) of byte offset `off`.
    fn line_of(&self, off: usize) -> usize {
        let l = match self.line_starts.binary_search(&off) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        l + self.line_offset
    }

    /// The innermost open block, if it is of `kind`.
    fn top_is(&self, kind: PieceKind) -> bool {
        self.open
            .last()
            .is_some_and(|&i| self.blocks[i].kind == Some(kind))
    }

    fn open_block(&mut self, kind: Option<PieceKind>, heading: Option<u8>, line: usize) -> usize {
        let i = new_block(&mut self.blocks, kind, heading, line);
        self.open.push(i);
        i
    }

    fn start(&mut self, tag: Tag, line: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.open_block(None, Some(level as u8), line);
            }
            Tag::Paragraph => self.start_paragraph(line),
            Tag::List(_) => self.list_depth += 1,
            Tag::Item => {
                let i = self.open_block(Some(PieceKind::Item), None, line);
                self.blocks[i].depth = self.list_depth;
            }
            Tag::CodeBlock(_) => {
                self.open_block(Some(PieceKind::Code), None, line);
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow => {
                self.open_block(Some(PieceKind::Row), None, line);
            }
            Tag::TableCell => self.start_cell(line),
            Tag::Strong => self.start_bold(),
            _ => {}
        }
    }

    /// Paragraphs inside items and quotes add to the item when it is open.
    fn start_paragraph(&mut self, line: usize) {
        if self.top_is(PieceKind::Item) {
            let b = &mut self.blocks[*self.open.last().unwrap()];
            if b.lines.iter().any(|l| !l.text.trim().is_empty()) {
                b.lines.push(RawLine {
                    line,
                    ..Default::default()
                });
            }
        } else {
            self.open_block(Some(PieceKind::Para), None, line);
        }
    }

    /// A header cell comes with no row of its own: the first one opens the header row.
    fn start_cell(&mut self, line: usize) {
        if self.in_head && !self.top_is(PieceKind::Row) {
            let i = self.open_block(Some(PieceKind::Row), None, line);
            self.blocks[i].header_row = true;
        }
        if let Some(&i) = self.open.last() {
            self.blocks[i].cells.push(String::new());
        }
    }

    /// Bold text at the start of a line (outside tables) may be a label.
    fn start_bold(&mut self) {
        if let Some(&i) = self.open.last() {
            let b = &self.blocks[i];
            let at_start = b.lines.last().is_none_or(|l| l.text.trim().is_empty());
            if at_start && b.cells.is_empty() {
                self.bold_start = Some(i);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::CodeBlock
            | TagEnd::TableRow => {
                let is_item_para = tag == TagEnd::Paragraph && self.top_is(PieceKind::Item);
                if !is_item_para {
                    self.open.pop();
                }
            }
            TagEnd::TableHead => {
                if self.in_head && self.top_is(PieceKind::Row) {
                    let i = *self.open.last().unwrap();
                    self.blocks[i].header_row = true;
                    self.open.pop();
                }
                self.in_head = false;
            }
            TagEnd::List(_) => self.list_depth = self.list_depth.saturating_sub(1),
            TagEnd::Strong => self.end_bold(),
            _ => {}
        }
    }

    /// Remembers the bold text that starts the line, for [`line_label`].
    fn end_bold(&mut self) {
        if let Some(i) = self.bold_start.take() {
            if let Some(l) = self.blocks[i].lines.last_mut() {
                l.bold = Some(l.text.trim_start().to_string());
                l.text = l.text.trim_start().to_string();
            }
        }
    }

    fn text(&mut self, t: &str, line: usize) {
        if let Some(&i) = self.open.last() {
            append_text(&mut self.blocks[i], t, line);
        }
    }

    fn task(&mut self, done: bool) {
        if let Some(&i) = self.open.last() {
            self.blocks[i].task = Some(done);
        }
    }

    /// A line break inside a block: a space in a table row, else a new line (at `end_line`).
    fn line_break(&mut self, start_line: usize, end_line: usize) {
        if let Some(&i) = self.open.last() {
            let b = &mut self.blocks[i];
            if b.kind == Some(PieceKind::Row) {
                append_text(b, " ", start_line);
            } else {
                b.lines.push(RawLine {
                    line: end_line,
                    ..Default::default()
                });
            }
        }
    }
}

fn new_block(
    blocks: &mut Vec<RawBlock>,
    kind: Option<PieceKind>,
    heading: Option<u8>,
    line: usize,
) -> usize {
    blocks.push(RawBlock {
        kind,
        heading,
        lines: vec![RawLine {
            line,
            ..Default::default()
        }],
        ..Default::default()
    });
    blocks.len() - 1
}

fn append_text(b: &mut RawBlock, t: &str, line: usize) {
    if b.kind == Some(PieceKind::Row) {
        if let Some(c) = b.cells.last_mut() {
            c.push_str(t);
        }
        if let Some(l) = b.lines.last_mut() {
            if !l.text.is_empty() {
                l.text.push_str(" | ");
            }
            l.text.push_str(t);
        }
        return;
    }
    if b.kind == Some(PieceKind::Code) {
        // Code text arrives with its newlines; keep it as lines.
        for (k, part) in t.split('\n').enumerate() {
            if k > 0 {
                b.lines.push(RawLine {
                    line: line + k,
                    ..Default::default()
                });
            }
            b.lines.last_mut().unwrap().text.push_str(part);
        }
        return;
    }
    let l = b.lines.last_mut().unwrap();
    if l.text.is_empty() {
        l.line = line;
    }
    l.text.push_str(t);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(md: &str) -> Vec<(String, Option<SectionKind>, usize)> {
        parse_sections(md, 0)
            .into_iter()
            .skip(1)
            .map(|s| (s.heading, s.kind, s.line))
            .collect()
    }

    #[test]
    fn what_went_wrong_is_a_lesson_only_beside_other_lessons() {
        let alone = kinds("## What went wrong\nThe DNS provider was attacked.\n");
        assert_eq!(alone[0].1, Some(SectionKind::Analysis));
        let beside = kinds(
            "## Lessons learned\n### What went well\nPaging.\n### What went wrong\nNo runbook.\n",
        );
        assert_eq!(beside[2].1, Some(SectionKind::LessonsWrong));
    }

    #[test]
    fn a_title_named_like_a_summary_carries_no_text() {
        let secs = parse_sections("# Incident report: search latency\n\nIt was slow.\n", 0);
        assert_eq!(secs[1].kind, None);
        let texts: Vec<_> = secs
            .iter()
            .flat_map(|s| s.pieces.iter().map(|p| p.text.as_str()))
            .collect();
        assert_eq!(texts, vec!["It was slow."]);
        // A section heading still carries its text.
        let secs = parse_sections("## Root cause: a typo in the vhost\n", 0);
        assert_eq!(secs[1].pieces[0].text, "a typo in the vhost");
    }

    #[test]
    fn setext_and_atx() {
        let k = kinds("Summary\n=======\ntext\n\n## Root Cause\nx\n");
        assert_eq!(k[0].1, Some(SectionKind::Summary));
        assert_eq!(k[1], ("Root Cause".into(), Some(SectionKind::RootCause), 5));
    }

    #[test]
    fn bold_plain_and_quote_labels() {
        let md = "**Root Cause:** a typo\n\nTimeline:\n10:00 x\n\n>Issue Summary:\n>it broke\n\nResolution: reverted\n";
        let secs = parse_sections(md, 0);
        let rc = secs
            .iter()
            .find(|s| s.kind == Some(SectionKind::RootCause))
            .unwrap();
        assert_eq!(rc.text(), "a typo");
        assert_eq!(rc.line, 1);
        let tl = secs
            .iter()
            .find(|s| s.kind == Some(SectionKind::Timeline))
            .unwrap();
        assert_eq!(tl.text(), "10:00 x");
        assert_eq!(tl.line, 3);
        let sm = secs
            .iter()
            .find(|s| s.kind == Some(SectionKind::Summary))
            .unwrap();
        assert_eq!(sm.text(), "it broke");
        let rs = secs
            .iter()
            .find(|s| s.kind == Some(SectionKind::Resolution))
            .unwrap();
        assert_eq!(rs.text(), "reverted");
    }

    #[test]
    fn a_line_that_goes_on_with_the_sentence_is_not_a_label() {
        let secs = parse_sections(
            "## Cause\nThe mitigation for the first outage itself caused\nunintended fallout:\n",
            0,
        );
        assert_eq!(secs.len(), 2);
        assert_eq!(
            secs[1].text(),
            "The mitigation for the first outage itself caused\nunintended fallout:"
        );
        let secs = parse_sections("Some intro text here.\nTimeline:\n10:00 x\n", 0);
        assert!(secs.iter().any(|s| s.kind == Some(SectionKind::Timeline)));
    }

    #[test]
    fn item_labels_and_line_offset() {
        let secs = parse_sections("# Overview\n\n- **Root Cause:** LB misconfiguration\n", 4);
        let p = &secs[1].pieces[0];
        assert_eq!(p.label.as_ref().unwrap().0, Some(SectionKind::RootCause));
        assert_eq!(p.text, "LB misconfiguration");
        assert_eq!(p.line, 7);
    }

    #[test]
    fn tables_and_tasks() {
        let md = "## Action Items\n\n| Item | Owner |\n|---|---|\n| Fix it | bob |\n\n- [x] done thing\n- [ ] open thing\n";
        let secs = parse_sections(md, 0);
        let s = &secs[1];
        assert_eq!(s.kind, Some(SectionKind::ActionItems));
        let rows: Vec<_> = s
            .pieces
            .iter()
            .filter(|p| p.kind == PieceKind::Row)
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].header_row);
        assert_eq!(rows[1].cells, vec!["Fix it", "bob"]);
        let tasks: Vec<_> = s.pieces.iter().filter_map(|p| p.task).collect();
        assert_eq!(tasks, vec![true, false]);
    }
}
