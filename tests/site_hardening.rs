//! Hostile and faulty input (issue 12): every bad file reported at once, `--keep-going`, unique
//! slugs, base_url checks, control characters and terminal escapes, template errors that name
//! the template, and the usual command-line mistakes.

mod support;

use std::path::{Path, PathBuf};
use support::*;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Three postmortems with broken front matter, named so that path order is a < m < z.
fn add_bad_files(root: &Path) {
    write(
        &root.join("content/z-bad.md"),
        "---\ntitle: Z\ntags: [a, b\n---\n# Z\n",
    );
    write(
        &root.join("content/a-bad.md"),
        "---\ntitle: A\ntitle: [\n---\n# A\n",
    );
    write(
        &root.join("content/sub/m-bad.md"),
        "+++\ntitle = \n+++\n# M\n",
    );
}

#[test]
fn every_bad_file_is_reported_sorted_and_the_site_is_untouched() {
    let (tmp, root) = scratch_site("site-basic");
    let out = tmp.path().join("public");
    build(&root, &out, &[]);
    let before = files_under(&out);
    let index_before = read(&out.join("index.html"));
    add_bad_files(&root);

    let mut first = None;
    for _ in 0..3 {
        let res = build_cmd(&root, &out, &[]);
        assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
        let err = stderr(&res);
        let at = |name: &str| {
            err.find(name)
                .unwrap_or_else(|| panic!("{name} not reported:\n{err}"))
        };
        assert!(at("content/a-bad.md") < at("content/sub/m-bad.md"), "{err}");
        assert!(at("content/sub/m-bad.md") < at("content/z-bad.md"), "{err}");
        for name in ["a-bad.md", "m-bad.md", "z-bad.md"] {
            let re = regex::Regex::new(&format!(r"{}:\d+", regex::escape(name))).unwrap();
            assert!(re.is_match(&err), "no line for {name}:\n{err}");
        }
        assert!(err.contains("hint:"), "{err}");
        assert!(err.contains("--keep-going"), "{err}");
        // The same report every time.
        match &first {
            None => first = Some(err),
            Some(f) => assert_eq!(f, &err),
        }
    }
    assert_eq!(
        files_under(&out),
        before,
        "output changed after a failed build"
    );
    assert_eq!(read(&out.join("index.html")), index_before);
}

#[test]
fn keep_going_publishes_the_good_pages_and_fails_with_its_own_code() {
    let (tmp, root) = scratch_site("site-basic");
    let out = tmp.path().join("public");
    add_bad_files(&root);
    let res = build_cmd(&root, &out, &["--keep-going"]);
    assert_eq!(res.status.code(), Some(3), "{}", stderr(&res));
    let err = stderr(&res);
    for name in [
        "content/a-bad.md",
        "content/sub/m-bad.md",
        "content/z-bad.md",
    ] {
        assert!(err.contains(name), "{name} not listed:\n{err}");
    }
    assert!(out.join("incidents/dns-delegation/index.html").is_file());
    assert!(out.join("incidents/apache-outage/index.html").is_file());
    for bad in ["a-bad", "m-bad", "z-bad"] {
        assert!(!out.join(format!("incidents/{bad}")).exists(), "{bad}");
    }
}

#[test]
fn slugs_are_unique_by_construction_and_a_clash_is_a_warning() {
    let (tmp, root) = scratch_site("site-basic");
    write(&root.join("content/a.md"), "---\nslug: x\n---\n# A page\n");
    write(&root.join("content/b.md"), "---\nslug: x\n---\n# B page\n");
    write(
        &root.join("content/c.md"),
        "---\nslug: x-2\n---\n# C page\n",
    );
    let out = tmp.path().join("public");
    let res = build_cmd(&root, &out, &[]);
    assert!(res.status.success(), "{}", stderr(&res));
    let titles: Vec<String> = ["x", "x-2", "x-3"]
        .iter()
        .map(|s| read(&out.join(format!("incidents/{s}/index.html"))))
        .collect();
    assert!(titles[0].contains("A page"));
    assert!(titles[1].contains("C page"), "declared x-2 lost its slug");
    assert!(titles[2].contains("B page"));
    let err = stderr(&res);
    let warning = err
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains("slug"))
        .unwrap_or_else(|| panic!("no slug warning:\n{err}"));
    assert!(warning.contains("content/a.md"), "{warning}");
    assert!(warning.contains("content/b.md"), "{warning}");
}

#[test]
fn base_url_must_be_an_absolute_http_url() {
    let (tmp, root) = scratch_site("site-basic");
    let toml = read(&root.join("site.toml"));
    let base_url_line = regex::Regex::new(r#"(?m)^base_url = .*$"#).unwrap();
    for bad in [
        "not a url",
        "javascript:alert(1)//",
        "https://x.test/\\nDisallow: /",
    ] {
        let changed = base_url_line
            .replace(&toml, format!("base_url = \"{bad}\"").as_str())
            .into_owned();
        std::fs::write(root.join("site.toml"), changed).unwrap();
        let res = build_cmd(&root, &tmp.path().join("o"), &[]);
        assert_eq!(res.status.code(), Some(1), "{bad} accepted");
        let err = stderr(&res);
        assert!(err.contains("base_url"), "{err}");
        assert!(err.contains("https://"), "no hint:\n{err}");
        assert!(!tmp.path().join("o").exists());
    }
    std::fs::write(root.join("site.toml"), &toml).unwrap();
    let res = build_cmd(
        &root,
        &tmp.path().join("o"),
        &["--base-url", "javascript:alert(1)//"],
    );
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("base_url"), "{}", stderr(&res));
}

#[test]
fn control_characters_never_reach_html_feeds_or_json() {
    // (A NUL byte makes the file binary data, skipped with a warning: see the loader.)
    let (tmp, root) = scratch_site("site-basic");
    write(
        &root.join("content/2024-05-05-ctl.md"),
        "---\ntitle: \"Bell\\a and \\e[31mred\\e[0m\"\n---\n# Heading\n\nESC\u{1b}[2J BEL\u{7} CSI\u{9b}1m VT\u{b} here.\n",
    );
    let out = build(&root, &tmp.path().join("o"), &[]);
    for file in files_under(&out) {
        if !(file.ends_with(".html") || file.ends_with(".xml") || file.ends_with(".json")) {
            continue;
        }
        let bytes = std::fs::read(out.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{file} holds control characters {bad:?}");
        if !file.ends_with(".json") {
            assert!(!text.contains("\\u001b"), "{file}");
        }
    }
    let page = read(&out.join("incidents/ctl/index.html"));
    assert!(page.contains("Bell and [31mred[0m"), "{page}");
}

/// A postmortem whose title tries to retitle the terminal window and clear the screen.
const HOSTILE_TITLE: &str = "\u{1b}]0;owned\u{7}\u{1b}[2JCache stampede";

fn hostile_site() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = scratch_site("site-basic");
    write(
        &root.join("content/2024-06-06-stampede.md"),
        &format!(
            "# {HOSTILE_TITLE}\n\n## Summary\n\nThe cache stampede took the API down.\n\n## Root Cause\n\nA cache expiry at the same second for every key.\n"
        ),
    );
    (tmp, root)
}

fn assert_no_escapes(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
            "{what} {stream} holds a raw escape: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn cli_output_never_prints_terminal_escapes() {
    let (_tmp, root) = hostile_site();
    let file = root.join("content/2024-06-06-stampede.md");
    let inspect = hindsight_ok(&root, &["inspect", file.to_str().unwrap()]);
    assert_no_escapes("inspect", &inspect);
    assert!(String::from_utf8_lossy(&inspect.stdout).contains("Cache stampede"));
    let search = hindsight_ok(&root, &["search", "stampede"]);
    assert_no_escapes("search", &search);
    assert!(String::from_utf8_lossy(&search.stdout).contains("Cache stampede"));
    let similar = hindsight_ok(&root, &["similar", "stampede"]);
    assert_no_escapes("similar", &similar);
    let stats = hindsight_ok(&root, &["stats"]);
    assert_no_escapes("stats", &stats);
    let check = hindsight(&root, &["check"]);
    assert_no_escapes("check", &check);

    // A file name with an escape in it is shown escaped, too.
    let odd = root.join("content/odd\u{1b}[2J.md");
    write(&odd, "# Odd\n");
    let inspect = hindsight_ok(&root, &["inspect", odd.to_str().unwrap()]);
    assert_no_escapes("inspect of an odd file name", &inspect);
    assert!(String::from_utf8_lossy(&inspect.stdout).contains("odd\\e[2J.md"));
}

#[test]
fn site_template_syntax_error_names_the_site_template_and_line() {
    let (tmp, root) = scratch_site("site-basic");
    write(
        &root.join("templates/index.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<p>list</p>\n{% if %}\n{% endblock %}\n",
    );
    let res = build_cmd(&root, &tmp.path().join("o"), &[]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    assert!(err.contains("index.html"), "{err}");
    assert!(err.contains("the site's templates/index.html"), "{err}");
    assert!(!err.contains("theme's templates"), "{err}");
    assert!(err.contains("line 4"), "{err}");
    assert!(
        err.contains("{% if %}"),
        "the line itself is quoted:\n{err}"
    );
}

#[test]
fn template_error_that_depends_on_a_postmortem_names_it() {
    let (tmp, root) = scratch_site("site-basic");
    // Only the DNS postmortem has no `team`; `upper` fails on undefined.
    write(
        &root.join("templates/incident.html"),
        "{% extends \"base.html\" %}{% block content %}\n{% if incident.slug == \"dns-delegation\" %}{{ incident.extra.team | upper }}{% endif %}{% endblock %}",
    );
    let res = build_cmd(&root, &tmp.path().join("o"), &[]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    assert!(err.contains("incident.html"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(
        err.contains("content/2024-01-02-dns-delegation.md"),
        "the postmortem is not named:\n{err}"
    );
}

#[test]
fn outside_a_site_the_error_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let res = hindsight(tmp.path(), &["build"]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    assert!(err.contains("no site.toml"), "{err}");
    assert!(err.contains("hindsight init"), "{err}");
    assert!(err.contains("--root"), "{err}");
    assert!(!err.contains("os error 2"), "{err}");
}

#[test]
fn an_os_error_is_said_once() {
    let (_tmp, root) = scratch_site("site-basic");
    std::fs::remove_file(root.join("site.toml")).unwrap();
    std::fs::create_dir_all(root.join("site.toml")).unwrap();
    let res = hindsight(&root, &["build"]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    let os = regex::Regex::new(r"os error \d+").unwrap();
    assert_eq!(os.find_iter(&err).count(), 1, "{err}");
}

#[test]
fn unknown_commands_and_flags_get_suggestions() {
    let tmp = tempfile::tempdir().unwrap();
    let res = hindsight(tmp.path(), &["biuld"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("'build'"), "{}", stderr(&res));
    let res = hindsight(tmp.path(), &["build", "--frce"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("--force"), "{}", stderr(&res));
}

#[test]
fn search_words_may_start_with_a_dash_and_limit_zero_is_refused() {
    let (_tmp, root) = scratch_site("site-basic");
    let all = hindsight_ok(&root, &["search", "outage", "--json"]);
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let without = hindsight_ok(&root, &["search", "outage", "-vhost", "--json"]);
    let without: serde_json::Value = serde_json::from_slice(&without.stdout).unwrap();
    let slugs = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .or_else(|| v["hits"].as_array())
            .unwrap()
            .iter()
            .map(|h| h["slug"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(slugs(&all).contains(&"apache-outage".to_string()), "{all}");
    assert!(
        !slugs(&without).contains(&"apache-outage".to_string()),
        "-vhost was not read as an excluded word: {without}"
    );
    // A flag after the query is still a flag.
    let limited = hindsight_ok(&root, &["search", "outage", "--limit", "1", "--json"]);
    let limited: serde_json::Value = serde_json::from_slice(&limited.stdout).unwrap();
    assert_eq!(slugs(&limited).len(), 1, "{limited}");
    let zero = hindsight(&root, &["search", "outage", "--limit", "0"]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(!stderr(&zero).contains("no incidents match"));
    assert!(stderr(&zero).contains("--limit"), "{}", stderr(&zero));
}

#[test]
fn a_postmortem_over_the_size_limit_is_skipped_with_a_warning() {
    let (tmp, root) = scratch_site("site-basic");
    let big = "filler text for a very large file\n".repeat(11 * 1024 * 1024 / 34);
    write(&root.join("content/2024-07-07-huge.md"), &big);
    let out = tmp.path().join("o");
    let res = build_cmd(&root, &out, &[]);
    assert!(res.status.success(), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains("warning: content/2024-07-07-huge.md") && err.contains("10 MB"),
        "{err}"
    );
    assert!(!out.join("incidents/huge").exists());
}

#[test]
fn hostile_content_runs_no_script_and_writes_nothing_outside_the_output() {
    let (tmp, root) = scratch_site("site-basic");
    write(
        &root.join("content/2024-08-08-hostile.md"),
        "---\ntitle: \"<script>alert(0)</script>\"\nslug: ../../../outside\ncategory: \"../..\"\ntags: [\"../../x\"]\n---\n# Hostile\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) and <a href=\"JaVaScRiPt:alert(6)\">y</a>\n\n<svg onload=alert(4)></svg>\n\n<iframe src=\"https://evil.test/\"></iframe>\n\n<a href=\"data:text/html,<script>alert(5)</script>\">d</a>\n\n<form action=\"https://evil.test/\"><input name=p></form>\n",
    );
    let out = tmp.path().join("public");
    build(&root, &out, &[]);
    // No handler attribute and no script or data URL in any tag (as text they are harmless).
    let tag_attr = regex::Regex::new(
        r#"<[a-z][^>]*\s(?:on[a-z]+\s*=|(?:href|src|action)\s*=\s*["']?\s*(?:javascript|data):)"#,
    )
    .unwrap();
    for file in files_under(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = read(&out.join(&file)).to_ascii_lowercase();
        assert!(
            !html.contains("<script>alert"),
            "{file} runs the content's script"
        );
        assert!(
            !tag_attr.is_match(&html),
            "{file} holds {:?}",
            tag_attr.find(&html).map(|m| m.as_str())
        );
    }
    // (The theme's own header search form and scripts are fine; the content's are not.)
    let page = read(&out.join("incidents/outside/index.html")).to_ascii_lowercase();
    for bad in ["<iframe", "<svg", "evil.test", "<script>alert"] {
        assert!(!page.contains(bad), "the hostile page holds {bad}");
    }
    // Nothing beside the site and its output; the slug and category stay inside the output.
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["public", "site"]);
    assert!(files_under(&out)
        .iter()
        .all(|f| !f.split('/').any(|part| part == ".." || part.is_empty())));
    assert!(out.join("incidents/outside/index.html").is_file());
}

#[test]
fn pathological_files_build_in_about_the_time_of_their_ordinary_form() {
    // (name, pathological body, ordinary body of the same size)
    let n = 40_000;
    let line = "At 10:00 UTC the cache cluster served stale entries while the primary failed over.";
    // The same kind of line in other scripts, padded to the same length in bytes.
    let other = "Um 10:00 UTC lieferte der Cache veraltete Einträge; 서버가 전환됐다.";
    let other_scripts = format!("{other}{}", " ".repeat(line.len() - other.len()));
    let lines_of = |line: &str, sep: &str| {
        let mut s = String::from("# Title\n\n## Timeline\n\n");
        for _ in 0..3_000 {
            s.push_str(line);
            s.push_str(sep);
        }
        s
    };
    let lines = |sep: &str| lines_of(line, sep);
    let shapes = [
        (
            "nested <div>",
            format!("# Deep\n\n{}x{}\n", "<div>".repeat(n), "</div>".repeat(n)),
            format!("# Deep\n\n{}\n", "<div>x</div>".repeat(n)),
        ),
        ("U+2028", lines("\u{2028}"), lines("\n")),
        ("U+0085", lines("\u{85}"), lines("\n")),
        ("CR", lines("\r"), lines("\n")),
        (
            "non-ASCII text",
            lines_of(&other_scripts, "\n"),
            lines("\n"),
        ),
    ];
    for (name, bad, ordinary) in shapes {
        let time = |body: &str| {
            let (tmp, root) = scratch_site("site-basic");
            write(&root.join("content/2024-09-09-shape.md"), body);
            build_cpu_time(&root, &tmp.path().join("o"))
        };
        let t_ordinary = time(&ordinary).min(time(&ordinary));
        let t_bad = time(&bad).min(time(&bad));
        assert!(
            t_bad <= t_ordinary * 4,
            "{name}: {t_bad:?} of CPU against {t_ordinary:?} for the ordinary form of the same size"
        );
    }
}

/// The CPU time (user + system, all threads) of one successful build: a measure of the work it
/// did, whatever else the machine is running.
fn build_cpu_time(root: &Path, out: &Path) -> std::time::Duration {
    #[allow(clippy::zombie_processes)] // reaped by wait4 below, which also gives its rusage
    let child = std::process::Command::new(binary())
        .current_dir(root)
        .args(["build", "--root", root.to_str().unwrap(), "--output"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run hindsight");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for the child we just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: waits for our own child, writing through valid pointers.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "build failed"
    );
    let tv = |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
