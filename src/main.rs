//! The `hindsight` command line: argument parsing and dispatch only.

use anyhow::Result;
use clap::{Parser, Subcommand};
use hindsight::commands;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hindsight",
    version,
    about = "A static-site generator for incident postmortems",
    long_about = "Turns a folder of Markdown postmortems into a static knowledge base: browsable by date, \
service, root-cause category and tag, with the facts of each incident extracted from its text.",
    after_help = "Examples:\n  hindsight init postmortems          # a new site with a GitHub Pages workflow\n  hindsight new \"DNS outage\"           # a new postmortem from the template\n  hindsight build                     # the site into public/\n  hindsight inspect content/*.md      # the facts read from each postmortem"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically)
    #[command(
        after_help = "Examples:\n  hindsight build\n  hindsight build --root docs/postmortems --output /tmp/site\n  hindsight build --base-url https://acme.github.io/postmortems/ --drafts"
    )]
    Build {
        /// Site folder (holds site.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: site.toml's output_dir, `public`]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override site.toml's base_url (e.g. for a preview deploy)
        #[arg(long)]
        base_url: Option<String>,
        /// Include postmortems marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Replace the output folder even if hindsight did not create it
        #[arg(long)]
        force: bool,
    },
    /// Create a new site: site.toml, an example postmortem and a GitHub Pages workflow
    #[command(
        after_help = "Examples:\n  hindsight init postmortems\n  cd postmortems && hindsight build"
    )]
    Init {
        /// Folder to create the site in (created if missing)
        dir: PathBuf,
    },
    /// Write a new postmortem from the template into content/
    #[command(
        after_help = "Examples:\n  hindsight new \"Checkout 504s after proxy change\"\n  hindsight new --root site \"DNS outage\""
    )]
    New {
        /// The incident's title
        title: String,
        /// Site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the facts extracted from postmortems, with where each came from
    #[command(
        after_help = "Examples:\n  hindsight inspect content/2023-06-25-apache.md\n  hindsight inspect --json content/*.md > facts.json"
    )]
    Inspect {
        /// Markdown files to read
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print a JSON array, one object per file
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => {
            let started = std::time::Instant::now();
            let report = commands::build::run(&commands::build::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            })?;
            eprintln!(
                "built {} incidents ({} files) into {} in {:.2?}",
                report.incidents,
                report.files,
                report.output.display(),
                started.elapsed()
            );
            if std::env::var_os("HINDSIGHT_TIMINGS").is_some() {
                for (stage, took) in &report.timings {
                    eprintln!("  {stage}: {took:.2?}");
                }
            }
        }
        Command::Init { dir } => {
            for f in commands::init::run(&dir)? {
                println!("created {}", f.display());
            }
            println!("next: cd {} && hindsight build", dir.display());
        }
        Command::New { title, root } => {
            let today = chrono::Local::now().date_naive();
            let path = commands::new::run(&root, &title, today)?;
            println!("created {}", path.display());
        }
        Command::Inspect { files, json } => {
            let opts = commands::inspect::options_here()?;
            let incidents = commands::inspect::incidents(&files, &opts)?;
            if json {
                println!("{}", commands::inspect::to_json(&incidents)?);
            } else {
                for inc in &incidents {
                    println!("{}", commands::inspect::to_text(inc));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
