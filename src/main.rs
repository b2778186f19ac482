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
    after_help = "Examples:\n  hindsight init postmortems          # a new site with a GitHub Pages workflow\n  hindsight new \"DNS outage\"           # a new postmortem from the template\n  hindsight build                     # the site into public/\n  hindsight serve --open              # a live preview while you write\n  hindsight inspect content/*.md      # the facts read from each postmortem"
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
        /// Print nothing but errors (no progress, no summary)
        #[arg(long, short)]
        quiet: bool,
    },
    /// Preview the site: build it, serve it on this machine and rebuild it on every change
    #[command(
        after_help = "The site is built into .hindsight/serve/ (never over the output folder) and served under\nbase_url's path, as GitHub Pages serves it; open pages reload after every rebuild and show\nbuild errors over the page.\n\nExamples:\n  hindsight serve\n  hindsight serve --open --drafts\n  hindsight serve --port 0            # any free port\n  hindsight serve --poll              # for file systems without change events (network, containers)"
    )]
    Serve {
        /// Site folder (holds site.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback makes the site readable from the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Include postmortems marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Look for changes by polling instead of file-system events
        #[arg(long)]
        poll: bool,
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
    /// Lint postmortems: missing sections, placeholders, bad times, vague or unowned action items, blame
    #[command(
        after_help = "Examples:\n  hindsight check\n  hindsight check content/2024-03-12-proxy.md --format github\n  hindsight check --deny warnings --format json > findings.json\n  hindsight check --list-rules\n\nExit status: 0 clean, 1 errors (or warnings with --deny warnings), 2 usage error."
    )]
    Check {
        /// Markdown files or folders [default: the site's content/]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, default_value = "human", value_parser = ["human", "json", "github"])]
        format: String,
        /// Fail on warnings too
        #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
        deny: Option<String>,
        /// Site folder (holds site.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print the rules with their ids and default levels
        #[arg(long)]
        list_rules: bool,
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
    /// Print the site's trends: incidents per period, root causes, durations, recurring fixes
    #[command(
        after_help = "Examples:\n  hindsight stats\n  hindsight stats --json --root docs/postmortems > trends.json"
    )]
    Stats {
        /// Site folder (holds site.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print the JSON that `build` writes to trends.json
        #[arg(long)]
        json: bool,
        /// Include postmortems marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// The action items of every postmortem, open ones first (as the site's /actions/ page)
    #[command(
        after_help = "Items without a status count as open. Overdue: open and due before today.\n\nExamples:\n  hindsight actions --open\n  hindsight actions --owner @platform --json"
    )]
    Actions {
        /// Only items not known to be done (open, in progress, or without a status)
        #[arg(long)]
        open: bool,
        /// Only items of this owner (case and a leading @ do not matter)
        #[arg(long)]
        owner: Option<String>,
        /// Print the JSON that `build` writes to actions.json
        #[arg(long)]
        json: bool,
        /// Include postmortems marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Site folder (holds site.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Search the incidents (the same ranking as the site's search page)
    #[command(
        after_help = "Query syntax: words (all required), \"a phrase\", field:term (title, cause, summary, labels, body, category, component, tag), -excluded; an unknown last word is read as a prefix.\n\nExamples:\n  hindsight search apache vhost\n  hindsight search '\"connection pool\" -redis' --since 2023-01-01\n  hindsight search timeout --category capacity --json"
    )]
    Search {
        /// The query (several arguments are joined with spaces)
        query: Vec<String>,
        /// Only incidents of this root-cause category
        #[arg(long)]
        category: Vec<String>,
        /// Only incidents involving this component (service)
        #[arg(long)]
        component: Vec<String>,
        /// Only incidents with this tag
        #[arg(long)]
        tag: Vec<String>,
        /// Only incidents of this severity (as written: SEV1, P2, major; case does not matter)
        #[arg(long)]
        severity: Vec<String>,
        /// Only incidents on or after this date (YYYY-MM-DD)
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        /// Only incidents on or before this date (YYYY-MM-DD)
        #[arg(long)]
        until: Option<chrono::NaiveDate>,
        /// Number of hits
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Order of the hits: relevance, newest, longest
        #[arg(long, value_enum, default_value_t = hindsight::analyze::search::Order::Relevance)]
        sort: hindsight::analyze::search::Order,
        /// Print JSON: slug, title, score, url, snippet per hit
        #[arg(long)]
        json: bool,
        /// Use the search cache as it is, without checking content/ for changes (faster on
        /// very large sites; the cache is still built when missing)
        #[arg(long)]
        cached: bool,
        /// Site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// The incidents most like one incident, and the words they share
    #[command(
        after_help = "Examples:\n  hindsight similar checkout-proxy-timeout\n  hindsight similar content/2024-03-12-checkout-proxy-timeout.md --json"
    )]
    Similar {
        /// The incident's slug or its Markdown file
        target: String,
        /// Number of incidents
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// Site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            // A malformed query is a usage error.
            let usage = e
                .downcast_ref::<hindsight::analyze::search::QueryError>()
                .is_some();
            ExitCode::from(if usage { 2 } else { 1 })
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
            quiet,
        } => {
            let started = std::time::Instant::now();
            let report = commands::build::run(&commands::build::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            })?;
            if !quiet {
                let took = started.elapsed();
                if report.up_to_date {
                    eprintln!(
                        "{} is up to date: {} incidents, nothing changed ({took:.2?})",
                        report.output.display(),
                        report.incidents
                    );
                } else {
                    eprintln!(
                        "built {} incidents ({} files) into {} in {took:.2?}",
                        report.incidents,
                        report.files,
                        report.output.display()
                    );
                }
            }
            if std::env::var_os("HINDSIGHT_TIMINGS").is_some() {
                for (stage, took) in &report.timings {
                    eprintln!("  {stage}: {took:.2?}");
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            poll,
        } => commands::serve::run(&commands::serve::ServeOptions {
            root,
            bind,
            port,
            open,
            drafts,
            poll,
        })?,
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
        Command::Check {
            paths,
            format,
            deny,
            root,
            list_rules,
        } => {
            if list_rules {
                print!("{}", commands::check::rule_list());
                return Ok(ExitCode::SUCCESS);
            }
            return Ok(commands::check::main(&commands::check::CheckOptions {
                root,
                paths,
                format: hindsight::lint::output::Format::parse(&format)
                    .unwrap_or(hindsight::lint::output::Format::Human),
                deny_warnings: deny.is_some(),
            }));
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
        Command::Stats { root, json, drafts } => {
            let trends = commands::stats::run(&root, drafts)?;
            if json {
                println!("{}", commands::stats::to_json(&trends)?);
            } else {
                print!("{}", commands::stats::to_text(&trends));
            }
        }
        Command::Actions {
            open,
            owner,
            json,
            drafts,
            root,
        } => {
            let list = commands::actions::run(&commands::actions::ActionsOptions {
                root,
                open_only: open,
                owner,
                drafts,
            })?;
            if json {
                println!("{}", commands::actions::to_json(&list));
            } else {
                print!("{}", commands::actions::to_text(&list));
            }
        }
        Command::Search {
            query,
            category,
            component,
            tag,
            severity,
            since,
            until,
            limit,
            sort,
            json,
            cached,
            root,
        } => {
            let opts = commands::search::SearchOptions {
                cached,
                root,
                query: query.join(" "),
                filters: hindsight::analyze::search::Filters {
                    category,
                    component,
                    tag,
                    severity,
                    since,
                    until,
                    order: sort,
                },
                limit,
            };
            let result = commands::search::run(&opts)?;
            if result.rebuilt {
                eprintln!("(search index rebuilt)");
            }
            if json {
                println!("{}", commands::search::to_json(&result));
            } else if result.hits.is_empty() {
                eprintln!("no incidents match");
            } else {
                print!("{}", commands::search::to_text(&result));
            }
        }
        Command::Similar {
            target,
            limit,
            json,
            root,
        } => {
            let result = commands::similar::run(&commands::similar::SimilarOptions {
                root,
                target,
                limit,
            })?;
            if json {
                println!("{}", commands::similar::to_json(&result));
            } else {
                print!("{}", commands::similar::to_text(&result));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
