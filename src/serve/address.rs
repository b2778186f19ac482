//! The address `serve` listens on, the URL it builds the site for, and which `Host` headers it
//! answers (names other than local ones are refused, against DNS rebinding).

use anyhow::{Context, Result};
use std::net::{IpAddr, SocketAddr, TcpListener};

/// Binds `bind:port`; port 0 picks a free one.
pub fn bind(bind: IpAddr, port: u16) -> Result<TcpListener> {
    let addr = SocketAddr::new(bind, port);
    TcpListener::bind(addr).with_context(|| {
        format!("cannot listen on {addr}\nhint: is another server using port {port}? pass --port N (0 picks a free port)")
    })
}

/// The site's URL on this machine: `http://127.0.0.1:1111/hindsight/`. An unspecified bind
/// address (`0.0.0.0`, `::`) is reached through the loopback address here.
pub fn site_url(local: SocketAddr, base_path: &str) -> String {
    let ip = match local.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}{base_path}", SocketAddr::new(ip, local.port()))
}

/// A warning when the server is reachable from other machines, `None` on loopback.
pub fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        format!(
            "warning: listening on {bind}, so other machines on the network can read the site (drafts included with --drafts)\nhint: leave out --bind to serve on 127.0.0.1 only"
        )
    })
}

/// Whether a request's `Host` (or a WebSocket's `Origin` host) names this machine: an IP
/// address, `localhost` or a `*.localhost` name. A page on another site that points its own
/// name at 127.0.0.1 (DNS rebinding) sends its name, and is refused.
pub fn host_allowed(host: &str) -> bool {
    let name = strip_port(host).to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok()
        || name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .is_some_and(|n| n.parse::<IpAddr>().is_ok())
}

/// The host part of an `Origin` header (`http://127.0.0.1:1111` -> `127.0.0.1:1111`).
pub fn origin_host(origin: &str) -> &str {
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // [::1]:1111
        return match host.find(']') {
            Some(i) => &host[..=i],
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((h, port)) if !h.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_uses_loopback_for_unspecified() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(
            site_url(any, "/hindsight/"),
            "http://127.0.0.1:1111/hindsight/"
        );
        let v6: SocketAddr = "[::1]:8080".parse().unwrap();
        assert_eq!(site_url(v6, "/"), "http://[::1]:8080/");
    }

    #[test]
    fn local_hosts_are_allowed() {
        for h in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:80",
            "docs.localhost:1111",
            "[::1]:1111",
            "192.168.1.20:1111",
            "::1",
        ] {
            assert!(host_allowed(h), "{h}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        for h in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "",
        ] {
            assert!(!host_allowed(h), "{h}");
        }
    }

    #[test]
    fn origin_host_drops_scheme() {
        assert_eq!(origin_host("http://127.0.0.1:1111"), "127.0.0.1:1111");
        assert_eq!(origin_host("https://evil.example/x"), "evil.example");
    }

    #[test]
    fn loopback_has_no_warning() {
        assert!(exposure_warning("127.0.0.1".parse().unwrap()).is_none());
        assert!(exposure_warning("::1".parse().unwrap()).is_none());
        assert!(exposure_warning("0.0.0.0".parse().unwrap()).is_some());
    }
}
