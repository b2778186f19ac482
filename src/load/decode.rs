//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 with a
//! warning; CRLF to LF; the common UTF-8-read-as-Windows-1252 mojibake repaired. Files that are
//! not text at all (an image or random bytes named `.md`) are recognised so they can be skipped.

/// Magic numbers of files that are sometimes saved or renamed with a `.md` name.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1F\x8B", "gzip data"),
    (b"\x7FELF", "a program"),
];

/// How much of a file is looked at to tell text from binary data.
const SNIFF: usize = 8192;

/// What a file that is not text seems to be (`a PNG image`, `binary data`), or `None` for text.
pub fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    if utf16_bom(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    // Text never holds NUL; other control bytes (bar tab, line ends, form feed and the escape
    // of coloured logs) are rare in text and common in binary data.
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    (head.contains(&0) || control * 10 > head.len()).then_some("binary data")
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.starts_with(b"\xFF\xFE") {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Decodes bytes to text. Never fails: invalid UTF-8 is decoded as Windows-1252 and reported.
pub fn decode_text(bytes: &[u8]) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    if let Some(enc) = utf16_bom(bytes) {
        let (cow, _, _) = enc.decode(bytes);
        return (fold_line_ends(cow.into_owned()), warnings);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            warnings.push(format!(
                "not valid UTF-8 (first bad byte at offset {}); decoded as Windows-1252",
                e.valid_up_to()
            ));
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            cow.into_owned()
        }
    };
    (repair_mojibake(&fold_line_ends(text)), warnings)
}

fn fold_line_ends(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(String::from)
        .unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Repairs runs of UTF-8 that were once decoded as Windows-1252 (`â€™` -> `’`).
/// Only runs that re-encode to valid multi-byte UTF-8 are touched, so real accented text stays.
pub fn repair_mojibake(text: &str) -> String {
    // Mojibake always starts with one of these lead characters (UTF-8 lead bytes 0xC2..0xF4 read as cp1252).
    if !text.chars().any(|c| matches!(c, 'Â'..='ô')) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if let Some((repaired, used)) = try_repair_at(&chars[i..]) {
            out.push(repaired);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// If `chars` starts with a cp1252 rendering of one UTF-8 multi-byte char, returns it and the
/// number of chars consumed.
fn try_repair_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    if chars.len() < len {
        return None;
    }
    let mut bytes = vec![lead];
    for &c in &chars[1..len] {
        let b = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes.push(b);
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    let c = s.chars().next()?;
    // Only repair to punctuation/symbols/letters beyond Latin-1's own two-char lookalikes.
    (c as u32 >= 0x80).then_some((c, len))
}

/// The byte that Windows-1252 decodes to `c`, if any.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x80 || (0xA0..=0xFF).contains(&code) {
        return Some(code as u8);
    }
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(s);
    (!had_errors && bytes.len() == 1).then(|| bytes[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(
            repair_mojibake("itâ€™s â€œokâ€\u{9d} â€” yes"),
            "it’s “ok” — yes"
        );
    }

    #[test]
    fn leaves_real_accents_alone() {
        assert_eq!(repair_mojibake("café à São Paulo"), "café à São Paulo");
    }

    #[test]
    fn bom_crlf_and_latin1() {
        let (t, w) = decode_text(b"\xEF\xBB\xBF# Title\r\nline\r\n");
        assert_eq!(t, "# Title\nline\n");
        assert!(w.is_empty());
        let (t, w) = decode_text(b"caf\xE9 \x96 ok");
        assert_eq!(t, "café – ok");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn utf16_with_a_bom_is_text() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "# Title\r\nok\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(not_text(&bytes), None);
        assert_eq!(decode_text(&bytes).0, "# Title\nok\n");
    }

    #[test]
    fn images_and_random_bytes_are_not_text() {
        assert_eq!(
            not_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("a PNG image")
        );
        let noise: Vec<u8> = (0..600u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert_eq!(not_text(&noise), Some("binary data"));
        assert_eq!(
            not_text("# Outage\n\x1b[31mERROR\x1b[0m in the log\n".as_bytes()),
            None
        );
        assert_eq!(not_text(b"caf\xE9 ok"), None);
    }
}
