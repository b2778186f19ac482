//! `hindsight build` at the terminal: progress bars, warnings, the summary line, and the exit
//! status when some postmortems were left out. (The build itself is `commands::build`.)

use super::build::{BuildOptions, BuildReport};
use super::report::EXIT_KEPT_GOING;
use crate::text::terminal_safe;
use anyhow::Result;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Builds the site and reports it on stderr; `quiet` leaves out all but errors.
pub fn main(opts: &BuildOptions, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let report = build(opts, quiet)?;
    print_warnings(&report);
    if !quiet {
        print_summary(&report, started.elapsed());
    }
    if std::env::var_os("HINDSIGHT_TIMINGS").is_some() {
        print_timings(&report);
    }
    Ok(report_bad_files(&report))
}

/// Progress bars only on a terminal, where they can be redrawn.
fn build(opts: &BuildOptions, quiet: bool) -> Result<BuildReport> {
    if !quiet && std::io::stderr().is_terminal() {
        let bars = super::progress::TerminalProgress::default();
        super::build::run_with(opts, &bars)
    } else {
        super::build::run(opts)
    }
}

fn print_warnings(report: &BuildReport) {
    for w in &report.warnings {
        eprintln!("warning: {}", terminal_safe(w));
    }
}

fn print_summary(report: &BuildReport, took: Duration) {
    if report.up_to_date {
        eprintln!(
            "{} is up to date: {} incidents, nothing changed ({took:.2?})",
            report.output.display(),
            report.incidents
        );
    } else {
        eprintln!(
            "built {} incidents ({} files; {} from the cache) into {} in {took:.2?}",
            report.incidents,
            report.files,
            report.cached,
            report.output.display()
        );
    }
}

fn print_timings(report: &BuildReport) {
    for (stage, took) in &report.timings {
        eprintln!("  {stage}: {took:.2?}");
    }
}

/// With `--keep-going`, the files left out are listed and the status says so.
fn report_bad_files(report: &BuildReport) -> ExitCode {
    if report.bad_files.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: {} postmortem file(s) could not be read and were left out:",
        report.bad_files.len()
    );
    for bad in &report.bad_files {
        eprintln!("  {}", terminal_safe(&bad.to_string()));
    }
    ExitCode::from(EXIT_KEPT_GOING)
}
