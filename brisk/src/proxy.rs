//! Behind a proxy: which peers are trusted to say, in `X-Forwarded-For`,
//! `X-Forwarded-Proto` and `X-Forwarded-Host`, who the client is and which scheme and
//! host it used (uvicorn's `--proxy-headers` with `--forwarded-allow-ips`, default
//! `127.0.0.1`). From any other peer the headers are ignored.
//!
//! Nothing is read per request up front: the request's client, scheme and host are
//! worked out when asked for (`Request::client`, `Request::url`, `url_for`, redirects).
//!
//! ```
//! use brisk::proxy::ForwardedAllow;
//!
//! // uvicorn's --forwarded-allow-ips: only these peers' X-Forwarded-* headers are believed.
//! let allow = ForwardedAllow::parse_list("127.0.0.1, 10.0.0.0/8").expect("valid entries");
//! assert!(allow.trusts("10.0.0.7".parse().unwrap()));
//! assert!(!allow.trusts("203.0.113.9".parse().unwrap()));
//! ```

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;

/// The peers whose forwarding headers are believed.
///
/// ```
/// use brisk::proxy::ForwardedAllow;
///
/// let allow = ForwardedAllow::parse_list("127.0.0.1, 10.0.0.0/8").expect("valid entries");
/// assert!(allow.trusts("10.1.2.3".parse().unwrap()));
/// assert!(!allow.trusts("192.168.0.1".parse().unwrap()));
/// assert!(ForwardedAllow::parse_list("not-an-ip").is_err());
/// ```
///
/// Guide: `guide/src/advanced/behind-a-proxy.md`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ForwardedAllow {
    any: bool,
    nets: Vec<(IpAddr, u8)>,
}

impl ForwardedAllow {
    /// Nobody (the default of an app; `serve` trusts `127.0.0.1` unless told otherwise).
    pub fn none() -> Self {
        Self::default()
    }

    /// uvicorn's list: addresses, networks (`10.0.0.0/8`), or `*` for any peer.
    /// Entries that are none of these are an error, naming them.
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut allow = ForwardedAllow::none();
        for entry in entries.into_iter().map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                allow.any = true;
                continue;
            }
            let (ip, bits) = match entry.split_once('/') {
                Some((ip, bits)) => (ip, Some(bits)),
                None => (entry, None),
            };
            let ip: IpAddr = ip.parse().map_err(|_| format!("not an address or a network: {entry:?}"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(b) => b.parse::<u8>().ok().filter(|b| *b <= max).ok_or(format!("bad network: {entry:?}"))?,
                None => max,
            };
            allow.nets.push((ip, bits));
        }
        Ok(allow)
    }

    /// uvicorn's `--forwarded-allow-ips` as a comma-separated string.
    pub fn parse_list(list: &str) -> Result<Self, String> {
        Self::parse(list.split(','))
    }

    /// True when nobody is trusted.
    pub fn is_none(&self) -> bool {
        !self.any && self.nets.is_empty()
    }

    /// True when `ip` may speak for the client.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.any || self.nets.iter().any(|(net, bits)| in_net(ip, *net, *bits))
    }

    fn trusts_host(&self, host: &str) -> bool {
        self.any || host.parse::<IpAddr>().is_ok_and(|ip| self.trusts(ip))
    }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let ip = match (ip, net) {
        (IpAddr::V6(v6), IpAddr::V4(_)) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        _ => ip,
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => mask(u32::from(a) as u128, u32::from(b) as u128, bits, 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => mask(u128::from(a), u128::from(b), bits, 128),
        _ => false,
    }
}

fn mask(a: u128, b: u128, bits: u8, width: u8) -> bool {
    if bits == 0 {
        return true;
    }
    let shift = u32::from(width - bits);
    (a >> shift) == (b >> shift)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// The client as a trusted proxy reports it (uvicorn's rule: the nearest address in
/// `X-Forwarded-For` that is not itself a trusted proxy, port 0), else the peer.
///
/// ```
/// use brisk::proxy::{ForwardedAllow, client, origin, public_uri};
///
/// let allow = ForwardedAllow::parse_list("10.0.0.1").unwrap();
/// let proxy: std::net::SocketAddr = "10.0.0.1:4000".parse().unwrap();
/// let mut headers = http::HeaderMap::new();
/// headers.insert("host", "internal:8000".parse().unwrap());
/// headers.insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
/// headers.insert("x-forwarded-proto", "https".parse().unwrap());
/// headers.insert("x-forwarded-host", "shop.example".parse().unwrap());
/// let uri: http::Uri = "/items/?q=1".parse().unwrap();
/// assert_eq!(client(&headers, Some(proxy), &allow), Some("203.0.113.7:0".parse().unwrap()));
/// # let _ = (origin(&headers, &uri, Some(proxy), &allow), public_uri(&headers, &uri, proxy, &allow));
/// ```
pub fn client(headers: &HeaderMap, peer: Option<SocketAddr>, allow: &ForwardedAllow) -> Option<SocketAddr> {
    let peer = peer?;
    if allow.is_none() || !allow.trusts(peer.ip()) {
        return Some(peer);
    }
    let Some(list) = header(headers, "x-forwarded-for") else { return Some(peer) };
    let hosts: Vec<&str> = list.split(',').map(str::trim).filter(|h| !h.is_empty()).collect();
    let host =
        if allow.any { hosts.first() } else { hosts.iter().rev().find(|h| !allow.trusts_host(h)).or(hosts.first()) };
    match host.and_then(|h| h.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok()) {
        Some(ip) => Some(SocketAddr::new(ip, 0)),
        None => Some(peer),
    }
}

/// The scheme and host the client used: from a trusted proxy's `X-Forwarded-Proto` and
/// `X-Forwarded-Host`, else the request's own (`http`, the `Host` header).
///
/// ```
/// use brisk::proxy::{ForwardedAllow, client, origin, public_uri};
///
/// let allow = ForwardedAllow::parse_list("10.0.0.1").unwrap();
/// let proxy: std::net::SocketAddr = "10.0.0.1:4000".parse().unwrap();
/// let mut headers = http::HeaderMap::new();
/// headers.insert("host", "internal:8000".parse().unwrap());
/// headers.insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
/// headers.insert("x-forwarded-proto", "https".parse().unwrap());
/// headers.insert("x-forwarded-host", "shop.example".parse().unwrap());
/// let uri: http::Uri = "/items/?q=1".parse().unwrap();
/// assert_eq!(origin(&headers, &uri, Some(proxy), &allow), ("https", "shop.example"));
/// assert_eq!(origin(&headers, &uri, Some(proxy), &ForwardedAllow::none()), ("http", "internal:8000"));
/// # let _ = (client(&headers, Some(proxy), &allow), public_uri(&headers, &uri, proxy, &allow));
/// ```
pub fn origin<'a>(
    headers: &'a HeaderMap,
    uri: &'a http::Uri,
    peer: Option<SocketAddr>,
    allow: &ForwardedAllow,
) -> (&'a str, &'a str) {
    let trusted = !allow.is_none() && peer.is_some_and(|p| allow.trusts(p.ip()));
    let forwarded = |name| if trusted { header(headers, name) } else { None };
    let scheme = forwarded("x-forwarded-proto")
        .filter(|p| matches!(*p, "http" | "https" | "ws" | "wss"))
        .or(uri.scheme_str())
        .unwrap_or("http");
    let host = forwarded("x-forwarded-host").or_else(|| header(headers, "host")).or(uri.host()).unwrap_or("localhost");
    (scheme, host)
}

/// The request's URI with the scheme a trusted proxy forwarded (`X-Forwarded-Proto`), in
/// absolute form: `None` when nothing is forwarded, the peer is not trusted, or the
/// request has no usable host.
///
/// ```
/// use brisk::proxy::{ForwardedAllow, client, origin, public_uri};
///
/// let allow = ForwardedAllow::parse_list("10.0.0.1").unwrap();
/// let proxy: std::net::SocketAddr = "10.0.0.1:4000".parse().unwrap();
/// let mut headers = http::HeaderMap::new();
/// headers.insert("host", "internal:8000".parse().unwrap());
/// headers.insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
/// headers.insert("x-forwarded-proto", "https".parse().unwrap());
/// headers.insert("x-forwarded-host", "shop.example".parse().unwrap());
/// let uri: http::Uri = "/items/?q=1".parse().unwrap();
/// let public = public_uri(&headers, &uri, proxy, &allow).expect("forwarded");
/// assert_eq!(public.scheme_str(), Some("https"));
/// assert_eq!(public.path_and_query().map(|p| p.as_str()), Some("/items/?q=1"));
/// # let _ = (client(&headers, Some(proxy), &allow), origin(&headers, &uri, Some(proxy), &allow));
/// ```
pub fn public_uri(headers: &HeaderMap, uri: &http::Uri, peer: SocketAddr, allow: &ForwardedAllow) -> Option<http::Uri> {
    if !allow.trusts(peer.ip()) {
        return None;
    }
    let scheme = header(headers, "x-forwarded-proto").filter(|p| matches!(*p, "http" | "https" | "ws" | "wss"))?;
    // The URI's scheme is what a WebSocket handshake's `ws`/`wss` is told apart by
    // elsewhere; here only HTTP's two exist.
    let scheme = if scheme.starts_with("ws") { scheme.replacen("ws", "http", 1) } else { scheme.to_owned() };
    let (_, host) = origin(headers, uri, Some(peer), allow);
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    format!("{scheme}://{host}{path}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(http::HeaderName::from_bytes(k.as_bytes()).expect("name"), v.parse().expect("value"));
        }
        h
    }

    fn peer(ip: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip.parse().expect("ip"), 5000))
    }

    #[test]
    fn lists_parse_as_uvicorn_reads_them() {
        let allow = ForwardedAllow::parse_list("127.0.0.1, 10.0.0.0/8,::1").expect("valid");
        assert!(allow.trusts("127.0.0.1".parse().expect("ip")));
        assert!(allow.trusts("10.200.3.4".parse().expect("ip")));
        assert!(allow.trusts("::1".parse().expect("ip")));
        assert!(allow.trusts("::ffff:10.1.1.1".parse().expect("ip")));
        assert!(!allow.trusts("11.0.0.1".parse().expect("ip")));
        assert!(ForwardedAllow::parse_list("*").expect("any").trusts("8.8.8.8".parse().expect("ip")));
        assert!(ForwardedAllow::parse_list("nope").is_err());
        assert!(ForwardedAllow::parse_list("10.0.0.0/33").is_err());
    }

    #[test]
    fn the_client_is_the_nearest_untrusted_forwarded_address() {
        let allow = ForwardedAllow::parse_list("127.0.0.1,10.0.0.2").expect("valid");
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 5.6.7.8, 10.0.0.2")]);
        assert_eq!(client(&h, peer("127.0.0.1"), &allow), Some("5.6.7.8:0".parse().expect("addr")));
        // From an untrusted peer, the header is ignored.
        assert_eq!(client(&h, peer("9.9.9.9"), &allow), peer("9.9.9.9"));
        // All trusted: the first.
        let h = headers(&[("x-forwarded-for", "10.0.0.2, 127.0.0.1")]);
        assert_eq!(client(&h, peer("127.0.0.1"), &allow), Some("10.0.0.2:0".parse().expect("addr")));
        // Nothing usable: the peer.
        let h = headers(&[("x-forwarded-for", "unknown")]);
        assert_eq!(client(&h, peer("127.0.0.1"), &allow), peer("127.0.0.1"));
    }

    #[test]
    fn the_public_uri_carries_the_forwarded_scheme() {
        let allow = ForwardedAllow::parse_list("127.0.0.1").expect("valid");
        let h = headers(&[("host", "example.com"), ("x-forwarded-proto", "https")]);
        let uri: http::Uri = "/a?b=1".parse().expect("uri");
        let public = public_uri(&h, &uri, "127.0.0.1:1".parse().expect("addr"), &allow).expect("forwarded");
        assert_eq!(public.to_string(), "https://example.com/a?b=1");
        assert!(public_uri(&h, &uri, "10.0.0.9:1".parse().expect("addr"), &allow).is_none());
        let plain = headers(&[("host", "example.com")]);
        assert!(public_uri(&plain, &uri, "127.0.0.1:1".parse().expect("addr"), &allow).is_none());
    }

    #[test]
    fn scheme_and_host_come_from_trusted_proxies_only() {
        let allow = ForwardedAllow::parse_list("127.0.0.1").expect("valid");
        let h = headers(&[
            ("host", "internal:8000"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "api.example.com"),
        ]);
        let uri: http::Uri = "/items".parse().expect("uri");
        assert_eq!(origin(&h, &uri, peer("127.0.0.1"), &allow), ("https", "api.example.com"));
        assert_eq!(origin(&h, &uri, peer("1.1.1.1"), &allow), ("http", "internal:8000"));
        assert_eq!(origin(&h, &uri, peer("127.0.0.1"), &ForwardedAllow::none()), ("http", "internal:8000"));
        let odd = headers(&[("host", "h"), ("x-forwarded-proto", "gopher")]);
        assert_eq!(origin(&odd, &uri, peer("127.0.0.1"), &allow), ("http", "h"));
    }
}
