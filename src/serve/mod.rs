//! `hindsight serve`: builds the site into `.hindsight/serve/` (never over the output folder),
//! serves it on this machine under base_url's path, rebuilds it when a source changes and
//! reloads the open pages; a build error is shown in the terminal and over the page.

mod address;
mod http;
mod inject;
mod overlay;
mod poll;
mod preview;
mod rebuild;
mod session;
mod site;
mod terminal;
mod watch;

use anyhow::{Context, Result};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

/// What `hindsight serve` was asked to do (its command-line options).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (where site.toml is).
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Build and serve draft postmortems too.
    pub drafts: bool,
    /// Look for changes every few hundred milliseconds instead of relying on file events.
    pub poll: bool,
}

/// Serves until Ctrl-C. Nothing outside `.hindsight/serve/` is written or removed.
pub fn run(opts: &ServeOptions) -> Result<()> {
    let term = Arc::new(terminal::Terminal::new());
    let site = site::ServeSite::resolve(&opts.root)?;
    let _lock = site.lock()?;
    let listener = address::bind(opts.bind, opts.port)?;
    let url = address::site_url(listener.local_addr()?, &site.base_path);
    if let Some(warning) = address::exposure_warning(opts.bind) {
        term.warning(&warning);
    }

    background_builds_yield();
    // Watching starts first, so an edit made during the first build is not missed.
    let (signals_tx, signals_rx) = channel();
    let watcher = watch::Watcher::start(&site.root, opts.poll, signals_tx.clone())
        .context("watching the site for changes\nhint: try `hindsight serve --poll`")?;
    let generations = rebuild::Generations::new();
    let mut builder = rebuild::Builder::new(&site, &url, opts.drafts, generations.clone());
    term.note("building the site…");
    let mut first = builder.rebuild(&rebuild::initial_state(), &[]);
    term.outcome(&first, false);
    let previewer = first
        .kept
        .take()
        .and_then(|kept| preview::Previewer::new(&site.root, kept, opts.drafts));
    let (state_tx, state_rx) = tokio::sync::watch::channel(first.state);

    let overlay = overlay::Overlay::default();
    let session = session::Session {
        site: site.clone(),
        watcher,
        signals: signals_rx,
        reports: signals_tx.clone(),
        state: state_tx,
        terminal: term.clone(),
        overlay: overlay.clone(),
        generations,
        drafts: opts.drafts,
    };
    let rebuilds = std::thread::spawn(move || session.run(builder, previewer));

    let app = http::App {
        www: site.www.clone(),
        output: site.output.clone(),
        base_path: site.base_path.clone(),
        state: state_rx,
        overlay,
    };
    let title = crate::config::SiteConfig::load(&site.root.join("site.toml"))
        .map(|c| c.title)
        .unwrap_or_default();
    term.serving(&title, &url);
    if opts.open {
        open_browser(&url, &term);
    }
    serve_until_ctrl_c(listener, app, &signals_tx, &term)?;
    wait_for(rebuilds, &term);
    Ok(())
}

/// The build's worker threads run at a lower priority, so the preview of an edited page and the
/// HTTP server get the CPU first while the whole site is rebuilt behind them.
fn background_builds_yield() {
    // Fails only when the pool already exists (it then keeps its priority).
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| lower_thread_priority())
        .build_global();
}

/// Lowers the calling thread's scheduling priority (Linux keeps a nice value per thread).
pub(crate) fn lower_thread_priority() {
    #[cfg(unix)]
    // SAFETY: setpriority only reads its plain integer arguments.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Runs the HTTP server until Ctrl-C, then tells the rebuild loop to stop.
fn serve_until_ctrl_c(
    listener: std::net::TcpListener,
    app: http::App,
    signals: &Sender<watch::Signal>,
    term: &terminal::Terminal,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the HTTP server")?;
    runtime.block_on(async {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let stop = stop_requested();
        let server = axum::serve(listener, http::router(app));
        tokio::select! {
            result = server => result?,
            _ = stop => {}
        }
        Ok::<_, std::io::Error>(())
    })?;
    term.note("stopping…");
    let _ = signals.send(watch::Signal::Stop);
    // Open connections (live sockets, keep-alive) end with the runtime.
    runtime.shutdown_background();
    Ok(())
}

/// Ctrl-C, or (on Unix) SIGTERM.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Lets a build in progress finish (so no half-written folder is left behind); a second
/// Ctrl-C stops at once.
fn wait_for(rebuilds: std::thread::JoinHandle<()>, term: &terminal::Terminal) {
    let (done_tx, done_rx) = channel();
    std::thread::spawn(move || {
        let _ = rebuilds.join();
        let _ = done_tx.send(());
    });
    if done_rx
        .recv_timeout(std::time::Duration::from_millis(300))
        .is_ok()
    {
        return;
    }
    term.note("waiting for the current build to finish (Ctrl-C again to stop now)…");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    if let Ok(rt) = runtime {
        let second = rt.block_on(async {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => true,
                _ = tokio::task::spawn_blocking(move || done_rx.recv()) => false,
            }
        });
        if second {
            std::process::exit(130);
        }
    }
}

fn open_browser(url: &str, term: &terminal::Terminal) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        term.warning(&format!(
            "warning: cannot open a browser ({e}); open {url} yourself"
        ));
    }
}
