//! The HTTP side of `serve`: the built site's files under base_url's path (as GitHub Pages
//! serves them), the live-reload script and socket beside them, the site's 404 page for misses.

use super::address::{host_allowed, origin_host};
use super::inject::{self, SCRIPT_PATH, SOCKET_PATH};
use super::overlay::Overlay;
use super::rebuild::BuildState;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;
use tower_http::services::ServeDir;

const LIVE_JS: &str = include_str!("live.js");
/// Built pages are read whole to add the script; none comes near this.
const MAX_PAGE: usize = 256 * 1024 * 1024;

/// What every request needs.
pub struct App {
    /// The folder served: URL paths map to paths below it.
    pub www: PathBuf,
    /// The built site inside `www` (holds `404.html`).
    pub output: PathBuf,
    /// base_url's path, `/` or `/a/b/`.
    pub base_path: String,
    pub state: watch::Receiver<BuildState>,
    /// Pages previewed before the build that publishes them.
    pub overlay: Overlay,
}

pub fn router(app: App) -> Router {
    Router::new().fallback(handle).with_state(Arc::new(app))
}

async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    if let Some(refused) = refuse_foreign_host(req.headers()) {
        return refused;
    }
    let path = req.uri().path().to_owned();
    if let Some(rest) = path.strip_prefix(app.base_path.as_str()) {
        if rest == SCRIPT_PATH {
            return script();
        }
        if rest == SOCKET_PATH {
            return socket(app, req).await;
        }
    }
    if path == "/" && app.base_path != "/" {
        return elsewhere(&app);
    }
    site_file(&app, req).await
}

/// A request whose `Host` is not a name of this machine (DNS rebinding) gets 403.
fn refuse_foreign_host(headers: &HeaderMap) -> Option<Response> {
    let host = headers.get(header::HOST)?.to_str().unwrap_or("");
    if host_allowed(host) {
        return None;
    }
    Some(
        (
            StatusCode::FORBIDDEN,
            "hindsight serve answers only requests for localhost or an IP address\n",
        )
            .into_response(),
    )
}

/// A file of the built site. ServeDir refuses `..` (encoded or not) and never lists folders;
/// a folder without `index.html`, or anything else missing, gets the site's 404 page.
async fn site_file(app: &App, mut req: Request) -> Response {
    // Always the file as it is now: no 304s from second-granular modification times.
    for h in [
        header::IF_MODIFIED_SINCE,
        header::IF_UNMODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_MATCH,
        header::IF_RANGE,
    ] {
        req.headers_mut().remove(h);
    }
    let head = req.method() == Method::HEAD;
    if let Some(page) = previewed(app, &req) {
        return html_response(app, StatusCode::OK, &page, head);
    }
    let response = match ServeDir::new(&app.www).try_call(req).await {
        Ok(r) => r.map(Body::new),
        Err(e) if is_missing(&e) => return not_found(app, head).await,
        Err(e) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot read the file: {e}\n"),
            )
                .into_response()
        }
    };
    if response.status() == StatusCode::NOT_FOUND {
        return not_found(app, head).await;
    }
    finish(app, response, head).await
}

/// The previewed page at the request's path (`/x/` is `/x/index.html`), if there is one.
fn previewed(app: &App, req: &Request) -> Option<Arc<Vec<u8>>> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let path = percent_encoding::percent_decode_str(req.uri().path())
        .decode_utf8()
        .ok()?;
    let mut rel = path.trim_start_matches('/').to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    app.overlay.get(&rel)
}

fn is_missing(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    // ENOTDIR: a path that goes through a file (`/index.html/x`).
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

/// The site's own 404 page with status 404; a plain one before the first build that worked.
async fn not_found(app: &App, head: bool) -> Response {
    let page = match tokio::fs::read(app.output.join("404.html")).await {
        Ok(bytes) => bytes,
        Err(_) => b"<!doctype html><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1><p>There is no page at this address.</p></body>".to_vec(),
    };
    html_response(app, StatusCode::NOT_FOUND, &page, head)
}

/// `/` when the site lives under a path: GitHub Pages has no page there either, so 404, with a
/// link to where the site is.
fn elsewhere(app: &App) -> Response {
    let base = inject::escape(&app.base_path);
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1>\
         <p>This site is served under its base_url's path: <a href=\"{base}\">{base}</a></p></body>"
    );
    html_response(app, StatusCode::NOT_FOUND, page.as_bytes(), false)
}

/// Headers for every file; HTML pages also get the live-reload script.
async fn finish(app: &App, response: Response, head: bool) -> Response {
    let (mut parts, body) = response.into_parts();
    let mime = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if mime.starts_with("text/html") && parts.status == StatusCode::OK {
        let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
            Ok(b) => b,
            Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        };
        return html_response(app, parts.status, &bytes, head);
    }
    if let Some(typed) = with_charset(&mime) {
        parts.headers.insert(header::CONTENT_TYPE, typed);
    }
    common_headers(&mut parts.headers);
    Response::from_parts(parts, body)
}

fn html_response(app: &App, status: StatusCode, page: &[u8], head: bool) -> Response {
    let state = app.state.borrow().clone();
    let page = inject::inject(
        page,
        &app.base_path,
        &state.generation,
        state.error.as_deref(),
    );
    let length = HeaderValue::from(page.len());
    let mut response = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(page))
    };
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, length);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    common_headers(headers);
    response
}

fn common_headers(headers: &mut HeaderMap) {
    // A preview is always fresh: nothing is kept, so a reload shows the new build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.remove(header::LAST_MODIFIED);
    headers.remove(header::ETAG);
}

/// Text types are UTF-8 in a built site; say so, as GitHub Pages does.
fn with_charset(mime: &str) -> Option<HeaderValue> {
    let textual = mime.starts_with("text/")
        || matches!(
            mime,
            "application/json" | "application/javascript" | "application/xml" | "image/svg+xml"
        );
    if !textual || mime.contains("charset") {
        return None;
    }
    HeaderValue::from_str(&format!("{mime}; charset=utf-8")).ok()
}

fn script() -> Response {
    let mut response = Response::new(Body::from(LIVE_JS));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    common_headers(headers);
    response
}

/// The live-reload WebSocket: the build state now, then after every build.
async fn socket(app: Arc<App>, req: Request) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or("").to_owned());
    if origin.is_some_and(|o| !host_allowed(origin_host(&o))) {
        return (StatusCode::FORBIDDEN, "cross-site connection refused\n").into_response();
    }
    let (mut parts, _body) = req.into_parts();
    match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => {
            let state = app.state.clone();
            upgrade.on_upgrade(move |socket| tell_builds(socket, state))
        }
        Err(rejection) => rejection.into_response(),
    }
}

async fn tell_builds(mut socket: WebSocket, mut state: watch::Receiver<BuildState>) {
    let now = state.borrow_and_update().to_json();
    if socket.send(Message::Text(now.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            changed = state.changed() => {
                if changed.is_err() {
                    // The server is stopping.
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
                let next = state.borrow_and_update().to_json();
                if socket.send(Message::Text(next.into())).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_get_utf8() {
        assert_eq!(with_charset("text/css").unwrap(), "text/css; charset=utf-8");
        assert_eq!(
            with_charset("application/json").unwrap(),
            "application/json; charset=utf-8"
        );
        assert!(with_charset("image/png").is_none());
        assert!(with_charset("text/plain; charset=latin1").is_none());
    }
}
