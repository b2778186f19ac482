//! The write stage end to end: a build killed at any step of the write leaves a whole site
//! (the old or the new one) at the output path and the next build removes what it left; the
//! output may not go inside the site's sources; a regular file is never deleted.

mod support;

use std::path::Path;
use support::*;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn build_crashing(root: &Path, out: &Path, crash_at: Option<&str>) -> std::process::Output {
    let mut cmd = std::process::Command::new(binary());
    cmd.args(["build", "--root", root.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap()]);
    match crash_at {
        Some(step) => cmd.env("HINDSIGHT_CRASH_AT", step),
        None => cmd.env_remove("HINDSIGHT_CRASH_AT"),
    };
    cmd.output().expect("run hindsight")
}

/// `hindsight build --root ROOT --output OUT [--force]`.
fn build_into(root: &Path, out: &Path, force: bool) -> std::process::Output {
    build_cmd(root, out, if force { &["--force"] } else { &[] })
}

const NEW_POSTMORTEM: &str = "---\ntitle: Queue backlog after a deploy\ndate: 2024-05-01\n---\n\n## Summary\n\nThe queue backed up for an hour.\n";

#[test]
fn a_build_killed_at_each_step_leaves_the_old_or_the_new_site() {
    let (tmp, root) = scratch_site("site-basic");
    let sites = tmp.path().join("sites");
    std::fs::create_dir(&sites).unwrap();
    let out = sites.join("public");
    let added = root.join("content/2024-05-01-queue-backlog.md");

    // The new site, as a clean build makes it.
    std::fs::write(&added, NEW_POSTMORTEM).unwrap();
    let reference = tmp.path().join("reference");
    assert!(build_crashing(&root, &reference, None).status.success());
    let new_site = snapshot(&reference);

    for step in ["staging", "files", "written", "exchanged"] {
        std::fs::remove_file(&added).unwrap();
        let res = build_crashing(&root, &out, None);
        assert!(res.status.success(), "{}", stderr(&res));
        let old_site = snapshot(&out);
        assert_ne!(old_site, new_site);

        std::fs::write(&added, NEW_POSTMORTEM).unwrap();
        let res = build_crashing(&root, &out, Some(step));
        assert!(
            !res.status.success(),
            "the hook at {step} did not stop the build"
        );
        let now = snapshot(&out);
        assert!(
            now == old_site || now == new_site,
            "after a crash at {step} the output is neither the old nor the new site"
        );
        if step == "exchanged" {
            assert!(now == new_site, "the exchange happened before the crash");
        }
        assert!(
            names_in(&sites).len() > 1,
            "a crash at {step} left nothing to clean up"
        );

        // The next build finishes the job and removes what the crashed one left.
        let res = build_crashing(&root, &out, None);
        assert!(res.status.success(), "{}", stderr(&res));
        assert_eq!(snapshot(&out), new_site, "after the crash at {step}");
        assert_eq!(
            names_in(&sites),
            ["public"],
            "leftovers after a crash at {step}"
        );
    }
}

#[test]
fn refuses_output_inside_the_sources_even_with_force() {
    let (tmp, root) = scratch_site("site-basic");
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::create_dir_all(root.join("themes/mine")).unwrap();
    for inside in [
        "content/site",
        "static/site",
        "templates/site",
        "themes/site",
        ".",
    ] {
        let target = root.join(inside);
        for force in [false, true] {
            let res = build_into(&root, &target, force);
            assert!(!res.status.success(), "built into {inside}");
            assert!(stderr(&res).contains("refusing"), "{}", stderr(&res));
        }
    }
    assert!(!root.join("content/site").exists());
    assert!(!root.join("static/site").exists());
    // The folder that holds the site is refused too.
    let res = build_into(&root, tmp.path(), true);
    assert!(!res.status.success());
    assert!(root.join("site.toml").is_file());
    // Three builds in a row publish the same files (nothing of the output is read back).
    let out = tmp.path().join("public");
    let first = {
        build(&root, &out, &[]);
        files_under(&out)
    };
    build(&root, &out, &[]);
    build(&root, &out, &[]);
    assert_eq!(files_under(&out), first);
}

#[test]
fn never_deletes_a_regular_file_even_with_force() {
    let (tmp, root) = scratch_site("site-basic");
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "keep me").unwrap();
    for force in [false, true] {
        let res = build_into(&root, &notes, force);
        assert!(!res.status.success());
        assert!(stderr(&res).contains("is a file"), "{}", stderr(&res));
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "keep me");
    }
}
