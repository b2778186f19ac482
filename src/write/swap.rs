//! The staging folder's life: its name (which carries the building process's id, so a later
//! build can tell a crashed build's folder from a running one's), the atomic exchange with the
//! output, and the clean-up of what crashed builds left behind.

use std::path::{Path, PathBuf};

fn staging_prefix(name: &str) -> String {
    format!(".{name}.building-")
}

fn old_prefix(name: &str) -> String {
    format!(".{name}.old-")
}

/// `.NAME.building-PID-RANDOM` beside the output.
pub(super) fn create_staging(parent: &Path, name: &str) -> std::io::Result<PathBuf> {
    let dir = tempfile::Builder::new()
        .prefix(&format!("{}{}-", staging_prefix(name), std::process::id()))
        .tempdir_in(parent)?;
    Ok(dir.keep())
}

/// Puts `staging` at `output`. Returns where the previous site now is (to be removed), if
/// there was one. On Linux the two folders trade places in one `renameat2(RENAME_EXCHANGE)`, so
/// the output path never stops holding a whole site; elsewhere (or on file systems without
/// it) the old site is renamed aside first, and a build that dies between the two renames is
/// repaired by the next one ([`remove_leftovers`] puts the old site back).
pub(super) fn exchange(staging: &Path, output: &Path) -> std::io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(output).is_err() {
        std::fs::rename(staging, output)?;
        return Ok(None);
    }
    if exchange_atomically(staging, output)? {
        // The staging path now holds the previous site, under a name a later build removes.
        return Ok(Some(staging.to_path_buf()));
    }
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = parent.join(format!(
        "{}{}-{}",
        old_prefix(&name),
        std::process::id(),
        staging
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .rsplit('-')
            .next()
            .unwrap_or("x")
    ));
    std::fs::rename(output, &old)?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(e);
    }
    Ok(Some(old))
}

#[cfg(target_os = "linux")]
fn exchange_atomically(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; the call only renames.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        // Not supported by this kernel or file system: fall back to two renames.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomically(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes the staging and old folders of builds of `name` that are no longer running. When
/// the output itself is missing because a build died between the two renames of the fallback
/// exchange, the old site goes back in place first.
pub(super) fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let (staging, old) = (staging_prefix(name), old_prefix(name));
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let (is_old, rest) = if let Some(rest) = file_name.strip_prefix(&old) {
            (true, rest)
        } else if let Some(rest) = file_name.strip_prefix(&staging) {
            (false, rest)
        } else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && running(p)) {
            continue; // another build, still at work
        }
        stale.push((is_old, entry.path()));
    }
    let output = parent.join(name);
    if std::fs::symlink_metadata(&output).is_err() {
        if let Some((_, back)) = stale
            .iter()
            .find(|(is_old, p)| *is_old && p.join(super::MARKER).is_file())
        {
            let _ = std::fs::rename(back, &output);
        }
    }
    for (_, path) in stale {
        if path.exists() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(_: u32) -> bool {
    false
}

/// The id of a process that has exited (a short-lived child's).
#[cfg(test)]
pub(super) fn dead_pid_for_tests() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("run true");
    let pid = child.id();
    child.wait().unwrap();
    pid
}
