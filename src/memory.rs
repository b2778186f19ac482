//! Keeping a build's peak memory down between its stages: [`release_freed`] hands memory a
//! finished stage freed back to the system, and [`usage`] reads the process's resident size so
//! `HINDSIGHT_TIMINGS` can show which step grew it.

/// Returns the memory freed so far to the system. glibc's allocator keeps freed blocks in its
/// arenas (one per thread) for reuse, so what one stage dropped stays resident while the next
/// stage allocates elsewhere, and the peaks of the stages add up; trimming after each stage
/// keeps the peak near the largest stage's. Elsewhere (musl, macOS, Windows) a no-op.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The process's resident memory now and at its peak, in KiB (Linux only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Resident set size now (`VmRSS`).
    pub rss_kib: u64,
    /// The highest resident set size so far (`VmHWM`).
    pub peak_kib: u64,
}

/// The memory this process uses, or None where `/proc/self/status` cannot be read.
pub fn usage() -> Option<Usage> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status(&status)
}

/// `VmRSS` and `VmHWM` of a `/proc/<pid>/status` text.
fn parse_status(status: &str) -> Option<Usage> {
    let field = |name: &str| {
        status.lines().find_map(|line| {
            let value = line.strip_prefix(name)?.strip_prefix(':')?;
            value.trim().strip_suffix("kB")?.trim().parse().ok()
        })
    };
    Some(Usage {
        rss_kib: field("VmRSS")?,
        peak_kib: field("VmHWM")?,
    })
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rss {} MiB, peak {} MiB",
            self.rss_kib / 1024,
            self.peak_kib / 1024
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_and_peak_from_status() {
        let status = "Name:\thindsight\nVmPeak:\t  900000 kB\nVmHWM:\t   524288 kB\n\
                      VmRSS:\t   262144 kB\nThreads:\t3\n";
        let u = parse_status(status).unwrap();
        assert_eq!(
            u,
            Usage {
                rss_kib: 262144,
                peak_kib: 524288
            }
        );
        assert_eq!(u.to_string(), "rss 256 MiB, peak 512 MiB");
    }

    #[test]
    fn missing_fields_give_none() {
        assert_eq!(parse_status("Name:\tx\nVmRSS:\t12 kB\n"), None);
        assert_eq!(parse_status("VmRSS:\tlots\nVmHWM:\t1 kB\n"), None);
    }

    #[test]
    fn releasing_is_harmless() {
        release_freed();
        release_freed();
    }
}
