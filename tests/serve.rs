//! `hindsight serve` end to end: a fixture site copied to a temporary folder, served on a free
//! port of 127.0.0.1, edited, broken and fixed while it is served, probed for path traversal,
//! then stopped with SIGINT.

mod serve_support;

use serve_support::{edit, fixture_site, raw_get, wait_for, Server, REBUILD_LIMIT};
use std::path::Path;

const INCIDENT: &str = "content/2024-05-02-queue-backlog.md";

#[test]
fn serves_rebuilds_reports_errors_and_recovers() {
    let site = fixture_site();
    let root = site.path();
    let mut server = Server::start(root, &[]);
    assert_eq!(server.base, "/postmortems/", "served under base_url's path");

    serves_pages_with_live_reload(&server);
    serves_an_edit(&server, root);
    keeps_the_last_good_site_when_broken(&mut server, root);
    recovers_when_fixed(&server, root);

    // Stops on Ctrl-C without touching the site's own files.
    let source = std::fs::read_to_string(root.join(INCIDENT)).unwrap();
    let status = server.interrupt();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        std::fs::read_to_string(root.join(INCIDENT)).unwrap(),
        source
    );
    assert!(root.join("site.toml").is_file());
    assert!(!root.join("public").exists(), "serve never writes public/");
}

/// The incident page the steps edit.
const PAGE: &str = "/postmortems/incidents/queue-backlog/";

/// The home page and an incident page, each with the live-reload script.
fn serves_pages_with_live_reload(server: &Server) {
    let home = server.get("/postmortems/");
    assert_eq!(home.status, 200, "{home:?}");
    assert!(home
        .body
        .contains("Invoice emails delayed by a queue backlog"));
    assert!(home
        .body
        .contains(r#"<script src="/postmortems/__hindsight/live.js""#));
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let before = server.get(PAGE);
    assert_eq!(before.status, 200);
    assert!(before.body.contains("stale autoscaling rule"));
    let script = server.get("/postmortems/__hindsight/live.js");
    assert_eq!(script.status, 200);
    assert!(script
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
}

/// An edit is served within the rebuild, and `check` runs on the edited postmortem.
fn serves_an_edit(server: &Server, root: &Path) {
    edit(
        &root.join(INCIDENT),
        "stale autoscaling rule",
        "forgotten autoscaling rule",
    );
    wait_for(REBUILD_LIMIT, "the edited text", || {
        let r = server.get(PAGE);
        (r.status == 200 && r.body.contains("forgotten autoscaling rule")).then_some(())
    });
    assert!(server
        .stderr()
        .contains("changed: content/2024-05-02-queue-backlog.md"));
    // `check` runs on the edited postmortem (it has no Timeline section).
    wait_for(REBUILD_LIMIT, "check findings in the terminal", || {
        let err = server.stderr();
        err.contains("check:\n  content/2024-05-02-queue-backlog.md:")
            .then_some(())
    });
}

/// Broken front matter: the overlay names file and line, the last good page stays.
fn keeps_the_last_good_site_when_broken(server: &mut Server, root: &Path) {
    edit(
        &root.join(INCIDENT),
        "tags: [email, queue]",
        "tags: [email, queue",
    );
    let broken = wait_for(REBUILD_LIMIT, "the error overlay", || {
        let r = server.get(PAGE);
        r.body.contains(r#"id="hindsight-overlay""#).then_some(r)
    });
    assert_eq!(broken.status, 200, "the last good build is still served");
    assert!(broken.body.contains("forgotten autoscaling rule"));
    assert!(
        broken.body.contains("content/2024-05-02-queue-backlog.md:"),
        "overlay names the file and line:\n{}",
        broken.body
    );
    assert!(server.alive(), "the server survives a failed build");
    assert!(server.stderr().contains("error: the site did not build"));
}

/// Fixed: the overlay goes and the new text is there.
fn recovers_when_fixed(server: &Server, root: &Path) {
    edit(
        &root.join(INCIDENT),
        "tags: [email, queue",
        "tags: [email, queue]",
    );
    edit(
        &root.join(INCIDENT),
        "forgotten autoscaling rule",
        "outdated autoscaling rule",
    );
    wait_for(REBUILD_LIMIT, "recovery after the fix", || {
        let r = server.get(PAGE);
        (r.body.contains("outdated autoscaling rule") && !r.body.contains("hindsight-overlay"))
            .then_some(())
    });
    wait_for(REBUILD_LIMIT, "the terminal to say it is fixed", || {
        server.stderr().contains("fixed:").then_some(())
    });
}

#[test]
fn refuses_paths_outside_the_site_and_answers_like_pages() {
    let site = fixture_site();
    let root = site.path();
    std::fs::write(root.join("Cargo.toml"), "secret = true\n").unwrap();
    let server = Server::start(root, &[]);
    for path in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml"] {
        let r = server.get(path);
        assert!(
            r.status == 404 || r.status == 403,
            "{path}: status {}",
            r.status
        );
        assert!(!r.body.contains("secret = true"), "{path} leaked a file");
    }
    // Deeper and under the base path too; 400 (a request line hyper will not parse) also refuses.
    for path in [
        "/postmortems/../Cargo.toml",
        "/postmortems/../../../../Cargo.toml",
        "/postmortems/%2e%2e/%2e%2e/%2e%2e/%2e%2e/Cargo.toml",
        "/postmortems/..%2f..%2f..%2f..%2fCargo.toml",
        "/postmortems/%2E%2E%5C%2E%2E%5CCargo.toml",
        "/postmortems/..\\..\\..\\..\\Cargo.toml",
        "/postmortems//etc/passwd",
        "/postmortems/%2fetc%2fpasswd",
    ] {
        let r = server.get(path);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{path}: status {}",
            r.status
        );
        assert!(!r.body.contains("secret = true"), "{path} leaked a file");
    }

    // Misses get the site's own 404 page, with status 404.
    let miss = server.get("/postmortems/no-such-page/");
    assert_eq!(miss.status, 404);
    assert!(miss.body.contains("Page not found"), "{}", miss.body);
    // A folder without index.html is not listed.
    let folder = server.get("/postmortems/files/assets/");
    assert_eq!(folder.status, 404);
    assert!(!folder.body.contains("latency.svg"));
    // Folders redirect to their trailing-slash address, under the base path.
    let redirect = server.get("/postmortems/incidents/queue-backlog");
    assert!(matches!(redirect.status, 301 | 307 | 308), "{redirect:?}");
    assert_eq!(
        redirect.header("location"),
        Some("/postmortems/incidents/queue-backlog/")
    );
    // Outside the base path there is no site, as on GitHub Pages.
    assert_eq!(server.get("/").status, 404);
    assert_eq!(server.get("/index.html").status, 404);

    // Content types.
    for (path, mime) in [
        ("/postmortems/style.css", "text/css"),
        ("/postmortems/files/assets/latency.svg", "image/svg+xml"),
        ("/postmortems/incidents.json", "application/json"),
        ("/postmortems/search.js", "text/javascript"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        let got = r.header("content-type").unwrap_or("");
        assert!(got.starts_with(mime), "{path}: {got}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }

    // A name that is not this machine's (DNS rebinding) is refused.
    let rebound = raw_get(server.port, "/postmortems/", "attacker.example");
    assert_eq!(rebound.status, 403);
}

#[test]
fn starts_on_a_broken_site_and_recovers() {
    let site = fixture_site();
    let root = site.path();
    edit(
        &root.join(INCIDENT),
        "date: 2024-05-02",
        "date: [2024-05-02",
    );
    let server = Server::start(root, &["--drafts"]);
    let first = server.get("/postmortems/");
    assert_eq!(first.status, 404, "nothing has been built yet");
    assert!(first.body.contains(r#"id="hindsight-overlay""#));
    assert!(first.body.contains("content/2024-05-02-queue-backlog.md:"));

    edit(
        &root.join(INCIDENT),
        "date: [2024-05-02",
        "date: 2024-05-02",
    );
    let home = wait_for(REBUILD_LIMIT, "the first good build", || {
        let r = server.get("/postmortems/");
        (r.status == 200).then_some(r)
    });
    assert!(!home.body.contains("hindsight-overlay"));
    // --drafts: the draft is published.
    assert_eq!(
        server
            .get("/postmortems/incidents/unfinished-draft/")
            .status,
        200
    );
}

#[test]
fn drafts_stay_out_unless_asked() {
    let site = fixture_site();
    let server = Server::start(site.path(), &[]);
    assert_eq!(
        server
            .get("/postmortems/incidents/unfinished-draft/")
            .status,
        404
    );
}

#[test]
fn a_second_server_for_the_same_site_is_refused() {
    let site = fixture_site();
    let _first = Server::start(site.path(), &[]);
    let out = std::process::Command::new(serve_support::support::binary())
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already running"), "{err}");
}

#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    let site = fixture_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let page = "/postmortems/incidents/queue-backlog/";
    assert_eq!(server.get(page).status, 200);
    std::fs::create_dir(root.join("templates")).unwrap();
    // Give the watcher a moment to add the new folder before a file appears in it.
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::write(
        root.join("templates/incident.html"),
        "{% extends \"base.html\" %}{% block content %}<p>site override of {{ incident.title }}</p>{% endblock %}",
    )
    .unwrap();
    wait_for(REBUILD_LIMIT, "the site's own template", || {
        let r = server.get(page);
        r.body
            .contains("site override of Invoice emails delayed by a queue backlog")
            .then_some(())
    });
}

#[test]
fn poll_mode_sees_edits() {
    let site = fixture_site();
    let root = site.path();
    let server = Server::start(root, &["--poll"]);
    let page = "/postmortems/incidents/cache-stampede/";
    assert_eq!(server.get(page).status, 200);
    edit(
        &root.join("content/2024-08-19-cache-stampede.md"),
        "twenty minutes",
        "twenty-five minutes",
    );
    wait_for(REBUILD_LIMIT, "the edit, found by polling", || {
        server
            .get(page)
            .body
            .contains("twenty-five minutes")
            .then_some(())
    });
}

#[test]
fn a_save_without_changes_does_not_reload_pages() {
    let site = fixture_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let page = "/postmortems/incidents/queue-backlog/";
    let generation = |body: &str| {
        let at = body.find("data-generation=\"").expect("live script") + 17;
        body[at..at + body[at..].find('"').unwrap()].to_string()
    };
    let before = generation(&server.get(page).body);
    // Saved again with the same bytes (an editor's "save" with nothing edited).
    let path = root.join(INCIDENT);
    std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
    wait_for(REBUILD_LIMIT, "the rebuild to find nothing changed", || {
        server.stderr().contains("nothing changed").then_some(())
    });
    assert_eq!(generation(&server.get(page).body), before);
}

#[test]
fn an_edit_is_previewed_first_then_published_by_the_full_build() {
    let site = fixture_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let page = "/postmortems/incidents/queue-backlog/";
    edit(
        &root.join(INCIDENT),
        "stale autoscaling rule",
        "misread autoscaling rule",
    );
    wait_for(REBUILD_LIMIT, "the edited text", || {
        let r = server.get(page);
        (r.status == 200 && r.body.contains("misread autoscaling rule")).then_some(())
    });
    assert!(
        server.stderr().contains("previewed the edited page"),
        "the page was rendered alone first:\n{}",
        server.stderr()
    );
    // The full build behind the preview writes the same text into the built site.
    let built = root.join(".hindsight/serve/www/postmortems/incidents/queue-backlog/index.html");
    wait_for(REBUILD_LIMIT, "the full build to publish the edit", || {
        let on_disk = std::fs::read_to_string(&built).unwrap_or_default();
        (server.stderr().matches("built ").count() >= 2
            && on_disk.contains("misread autoscaling rule"))
        .then_some(())
    });
    assert!(server.get(page).body.contains("misread autoscaling rule"));
}
