//! The demo site's /trends/ page in headless Chromium: the screenshot must show chart bars in the
//! theme's bar colour, in light and in dark mode. Needs a `chromium` binary, so it is ignored by
//! default; scripts/ci-browser-trends.sh runs it:
//! `cargo test --test trends_browser -- --ignored`.
//! Set TRENDS_SCREENSHOT_DIR to keep the screenshots.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::build;

/// `--chart-0` in themes/default/static/trends.css, light and dark.
const BAR_LIGHT: [u8; 3] = [0x3b, 0x6f, 0xb6];
const BAR_DARK: [u8; 3] = [0x6f, 0xa1, 0xe8];

fn screenshot(url: &str, out: &Path, dark: bool) {
    let profile = tempfile::tempdir().unwrap();
    let chromium = support::chromium().expect("no chromium: install Debian's `chromium`");
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1200,1600",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .arg(format!("--screenshot={}", out.display()));
    if dark {
        cmd.arg("--force-dark-mode");
    }
    let status = cmd.arg(url).output().unwrap();
    assert!(
        out.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Pixels within a small distance of `rgb`.
fn count_colour(png_path: &Path, rgb: [u8; 3]) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf[..info.buffer_size()]
        .chunks(channels)
        .filter(|px| {
            channels >= 3
                && px[..3]
                    .iter()
                    .zip(rgb)
                    .all(|(a, b)| (*a as i32 - b as i32).abs() <= 6)
        })
        .count()
}

#[test]
#[ignore = "needs chromium; run by scripts/ci-browser-trends.sh"]
fn demo_trends_page_shows_bars() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A file:// base URL makes the root-relative links (trends.css) resolve on disk.
    let base_url = format!("file://{}/", public.display());
    build(root, &public, &["--base-url", &base_url]);
    let page = public.join("trends/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("class=\"bar s0\""),
        "the page has no bars to draw"
    );
    let url = format!("file://{}", page.display());
    let keep = std::env::var_os("TRENDS_SCREENSHOT_DIR").map(PathBuf::from);
    for (dark, colour) in [(false, BAR_LIGHT), (true, BAR_DARK)] {
        let shot = dir.path().join(if dark {
            "trends-dark.png"
        } else {
            "trends-light.png"
        });
        screenshot(&url, &shot, dark);
        let bar_pixels = count_colour(&shot, colour);
        if let Some(k) = &keep {
            std::fs::create_dir_all(k).unwrap();
            std::fs::copy(&shot, k.join(shot.file_name().unwrap())).unwrap();
        }
        // One quarter column alone is at least 40 x 100 pixels; a blank or unstyled page has none
        // of this colour (the light colour only shows when CSS loads; the SVG fallback matches it).
        assert!(
            bar_pixels >= 4000,
            "dark={dark}: only {bar_pixels} pixels of the bar colour"
        );
    }
}
