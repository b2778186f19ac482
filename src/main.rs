//! The `hindsight` command line: argument parsing and dispatch only.

use anyhow::Result;
use clap::{Args, CommandFactory, Parser, Subcommand};
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
        after_help = "Examples:\n  hindsight build\n  hindsight build --root docs/postmortems --output /tmp/site\n  hindsight build --base-url https://acme.github.io/postmortems/ --drafts\n  hindsight build --keep-going\n\nExit status: 0 built, 1 failed (nothing written), 2 usage error, 3 built with --keep-going but some postmortems were left out."
    )]
    Build(BuildArgs),
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
        after_help = "Examples:\n  hindsight init postmortems\n  hindsight init postmortems --repo acme/hindsight\n  cd postmortems && hindsight build"
    )]
    Init {
        /// Folder to create the site in (created if missing)
        dir: PathBuf,
        /// GitHub repository (owner/name) whose hindsight action and releases the Pages workflow
        /// uses [default: the repository this hindsight was built from]
        #[arg(long, value_name = "OWNER/NAME")]
        repo: Option<String>,
    },
    /// Write a new postmortem (a draft) from the template into the site's content folder
    #[command(
        after_help = "Examples:\n  hindsight new \"Checkout 504s after proxy change\"\n  hindsight new --root site \"DNS outage\""
    )]
    New {
        /// The incident's title
        title: String,
        /// Site folder [default: the nearest folder upwards with a site.toml]
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Lint postmortems: missing sections, placeholders, bad times, vague or unowned action items, blame
    #[command(
        after_help = "Examples:\n  hindsight check\n  hindsight check content/2024-03-12-proxy.md --format github\n  hindsight check --deny warnings --format json > findings.json\n  hindsight check --changed-since origin/main --baseline hindsight-baseline.json\n  hindsight check --write-baseline hindsight-baseline.json\n  hindsight check --list-rules\n\nExit status: 0 clean, 1 errors (or warnings with --deny warnings), 2 usage error."
    )]
    Check(CheckArgs),
    /// Print the facts extracted from postmortems, with where each came from
    #[command(
        after_help = "Examples:\n  hindsight inspect content/2023-06-25-apache.md\n  hindsight inspect --json content/*.md > facts.json\n  hindsight inspect --front-matter content/2023-06-25-apache.md\n  hindsight inspect --front-matter --write content/2023-06-25-apache.md"
    )]
    Inspect {
        /// Markdown files to read
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print a JSON array, one object per file
        #[arg(long, conflicts_with = "front_matter")]
        json: bool,
        /// Print the facts read from the text as a front matter block (the file's format,
        /// YAML when it has none) to paste into the file
        #[arg(long)]
        front_matter: bool,
        /// With --front-matter: add the facts to the file's front matter, leaving the rest of
        /// the file byte for byte as it was
        #[arg(long, requires = "front_matter")]
        write: bool,
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
    Search(SearchArgs),
    /// The incidents most like one incident, and the words they share
    #[command(
        after_help = "Examples:\n  hindsight similar checkout-proxy-timeout\n  hindsight similar content/2024-03-12-checkout-proxy-timeout.md --json"
    )]
    Similar {
        /// The incident's slug or its Markdown file
        target: String,
        /// Number of incidents (at least 1)
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// Site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

// The options of the commands with the most of them, each handed to its module as a whole.

#[derive(Args)]
struct BuildArgs {
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
    /// Publish every good postmortem when some cannot be read; the bad ones are listed and
    /// the exit status is 3, so CI still fails
    #[arg(long)]
    keep_going: bool,
    /// Print nothing but errors (no progress, no summary)
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct CheckArgs {
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
    /// Only the postmortems changed since this git revision (e.g. origin/main or HEAD^1;
    /// uncommitted and new files count as changed)
    #[arg(long, value_name = "REF")]
    changed_since: Option<String>,
    /// Accept the findings listed in FILE: only new findings are shown and fail the check
    /// (a missing FILE accepts none)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write today's findings to FILE as the baseline and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
}

#[derive(Args)]
struct SearchArgs {
    /// The query (several arguments are joined with spaces; a word may start with `-`)
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
    /// Number of hits (at least 1)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    limit: u64,
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
}

fn main() -> ExitCode {
    // `search redis -cache`: `-cache` is a query word, not an unknown flag.
    let args = commands::search::escape_query_words(std::env::args_os().collect(), &Cli::command());
    let cli = Cli::parse_from(args);
    if !matches!(cli.command, Command::Serve { .. }) {
        end_quietly_on_closed_pipe();
    }
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", commands::report::error_text(&e));
            // A malformed query is a usage error.
            let usage = e
                .downcast_ref::<hindsight::analyze::search::QueryError>()
                .is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// `hindsight inspect --json ... | head`: a reader that stops early ends the program quietly, as
/// for other command-line tools, instead of a panic in `println!`. Not for `serve`, whose sockets
/// must outlive a browser tab that closes.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default action of one signal, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Each command's options from its arguments, handed to its module in `commands`.
fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Build(args) => return build(args),
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
        Command::Init { dir, repo } => {
            commands::init::main(&commands::init::InitOptions { dir, repo })?
        }
        Command::New { title, root } => commands::new::main(root.as_deref(), &title)?,
        Command::Check(CheckArgs {
            list_rules: true, ..
        }) => print!("{}", commands::check::rule_list()),
        Command::Check(args) => return Ok(check(args)),
        Command::Inspect {
            files,
            front_matter: true,
            write,
            ..
        } => commands::front_matter::main(&files, write)?,
        Command::Inspect { files, json, .. } => commands::inspect::main(&files, json)?,
        Command::Stats { root, json, drafts } => commands::stats::main(&root, drafts, json)?,
        Command::Actions {
            open,
            owner,
            json,
            drafts,
            root,
        } => commands::actions::main(
            &commands::actions::ActionsOptions {
                root,
                open_only: open,
                owner,
                drafts,
            },
            json,
        )?,
        Command::Search(args) => search(args)?,
        Command::Similar {
            target,
            limit,
            json,
            root,
        } => commands::similar::main(
            &commands::similar::SimilarOptions {
                root,
                target,
                limit: limit as usize,
            },
            json,
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn build(a: BuildArgs) -> Result<ExitCode> {
    let opts = commands::build::BuildOptions {
        root: a.root,
        output: a.output,
        base_url: a.base_url,
        drafts: a.drafts,
        force: a.force,
        keep_going: a.keep_going,
    };
    commands::build_cli::main(&opts, a.quiet)
}

fn check(a: CheckArgs) -> ExitCode {
    commands::check::main(&commands::check::CheckOptions {
        root: a.root,
        paths: a.paths,
        format: hindsight::lint::output::Format::parse(&a.format)
            .unwrap_or(hindsight::lint::output::Format::Human),
        deny_warnings: a.deny.is_some(),
        changed_since: a.changed_since,
        baseline: a.baseline,
        write_baseline: a.write_baseline,
    })
}

fn search(a: SearchArgs) -> Result<()> {
    let opts = commands::search::SearchOptions {
        cached: a.cached,
        root: a.root,
        query: a.query.join(" "),
        filters: hindsight::analyze::search::Filters {
            category: a.category,
            component: a.component,
            tag: a.tag,
            severity: a.severity,
            since: a.since,
            until: a.until,
            order: a.sort,
        },
        limit: a.limit as usize,
    };
    commands::search::main(&opts, a.json)
}
