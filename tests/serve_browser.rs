//! `hindsight serve` in headless Chromium: an open page reloads by itself after an edit, shows
//! the error overlay (naming file and line) when the front matter breaks, and reloads again
//! when it is fixed. The page is driven over the DevTools protocol.
//!
//! Needs Chromium (`chromium`, or the path in HINDSIGHT_CHROMIUM), so it is ignored by default;
//! scripts/ci-browser-serve.sh installs it and runs `cargo test --test serve_browser -- --ignored`.
//! Without Chromium the test is skipped, except under `CI`, where that is a failure.
//! Set SERVE_SCREENSHOT_DIR to keep a screenshot of the overlay.

mod serve_support;

use serde_json::{json, Value};
use serve_support::{edit, fixture_site, support, wait_for, Server, REBUILD_LIMIT};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tungstenite::{Message, WebSocket};

const INCIDENT: &str = "content/2024-05-02-queue-backlog.md";

/// A headless Chromium with the DevTools protocol on a free port, showing `url`.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    devtools_port: u16,
}

impl Browser {
    fn open(binary: &Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1100,800",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes the port it picked into the profile.
        let port_file = profile.path().join("DevToolsActivePort");
        let devtools_port = wait_for(Duration::from_secs(60), "Chromium's DevTools port", || {
            let text = std::fs::read_to_string(&port_file).ok()?;
            text.lines().next()?.trim().parse().ok()
        });
        Browser {
            child,
            _profile: profile,
            devtools_port,
        }
    }

    /// The DevTools socket of the page whose URL is `url`.
    fn page(&self, url: &str) -> Page {
        let ws_url = wait_for(Duration::from_secs(60), "the page in Chromium", || {
            let list = serve_support::raw_get(
                self.devtools_port,
                "/json/list",
                &format!("127.0.0.1:{}", self.devtools_port),
            );
            let targets: Value = serde_json::from_str(&list.body).ok()?;
            targets.as_array()?.iter().find_map(|t| {
                (t["type"] == "page" && t["url"] == url)
                    .then(|| t["webSocketDebuggerUrl"].as_str().map(str::to_owned))
                    .flatten()
            })
        });
        let (socket, _) = tungstenite::connect(ws_url.as_str()).expect("DevTools socket");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        Page { socket, next_id: 0 }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Page {
    socket: WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Page {
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket
            .send(Message::text(msg))
            .expect("send to DevTools");
        loop {
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else { continue };
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["id"] == id {
                return v;
            }
        }
    }

    /// The value of a JavaScript expression in the page, `None` while it is navigating.
    fn eval(&mut self, expression: &str) -> Option<Value> {
        let v = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        if v.get("error").is_some() || v["result"].get("exceptionDetails").is_some() {
            return None;
        }
        Some(v["result"]["result"]["value"].clone())
    }

    fn eval_str(&mut self, expression: &str) -> Option<String> {
        self.eval(expression)?.as_str().map(str::to_owned)
    }
}

#[test]
#[ignore = "needs chromium; run by scripts/ci-browser-serve.sh"]
fn open_page_reloads_after_an_edit_and_shows_build_errors() {
    let found = support::chromium();
    if !support::need(
        "chromium (Debian's `chromium`, or HINDSIGHT_CHROMIUM)",
        found.is_some(),
    ) {
        return;
    }
    let chromium = found.unwrap();
    let site = fixture_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let url = format!("{}incidents/queue-backlog/", server.url);
    let browser = Browser::open(&chromium, &url);
    let mut page = browser.page(&url);

    // The page is loaded and its live socket is open; mark this document so a reload shows.
    wait_for(Duration::from_secs(60), "the first page", || {
        page.eval_str("document.title")
            .filter(|t| t.starts_with("Invoice emails delayed by a queue backlog"))
    });
    page.eval("window.__notReloaded = true").unwrap();

    edit(
        &root.join(INCIDENT),
        "title: Invoice emails delayed by a queue backlog",
        "title: Invoice emails held up by a queue backlog",
    );
    wait_for(REBUILD_LIMIT, "the page to reload by itself", || {
        let title = page.eval_str("document.title")?;
        let fresh = page.eval("window.__notReloaded === undefined")? == json!(true);
        (fresh && title.starts_with("Invoice emails held up by a queue backlog")).then_some(())
    });

    // Broken front matter: the overlay appears on the open page, naming file and line.
    page.eval("window.__notReloaded = true").unwrap();
    edit(
        &root.join(INCIDENT),
        "tags: [email, queue]",
        "tags: [email, queue",
    );
    let overlay = wait_for(REBUILD_LIMIT, "the error overlay", || {
        page.eval_str("(document.getElementById('hindsight-overlay') || {}).textContent || ''")
            .filter(|t| !t.is_empty())
    });
    assert!(
        overlay.contains("content/2024-05-02-queue-backlog.md:5"),
        "overlay: {overlay}"
    );
    assert!(overlay.contains("front matter"), "overlay: {overlay}");
    let visible = page
        .eval("getComputedStyle(document.getElementById('hindsight-overlay')).position")
        .unwrap();
    assert_eq!(visible, json!("fixed"));
    if let Some(dir) = std::env::var_os("SERVE_SCREENSHOT_DIR") {
        let shot = page.call("Page.captureScreenshot", json!({ "format": "png" }));
        let data = shot["result"]["data"].as_str().unwrap_or_default();
        std::fs::write(Path::new(&dir).join("serve-overlay.png"), base64(data)).unwrap();
    }

    // Fixed: the page reloads and the overlay is gone.
    edit(
        &root.join(INCIDENT),
        "tags: [email, queue",
        "tags: [email, queue]",
    );
    wait_for(REBUILD_LIMIT, "the page to reload after the fix", || {
        let reloaded = page.eval("window.__notReloaded === undefined")? == json!(true);
        let clear =
            page.eval("document.getElementById('hindsight-overlay') === null")? == json!(true);
        (reloaded && clear).then_some(())
    });
    drop(browser);
    assert!(server.interrupt().success());
}

/// Decodes standard base64 (the screenshot), without a crate for it.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (d as u32) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
