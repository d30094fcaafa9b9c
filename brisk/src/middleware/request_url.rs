//! The request as Starlette's middleware sees it: header values decoded as latin-1, the
//! `Host` header parsed, WebSocket handshakes told apart, and the request URL rebuilt for
//! a redirect (`URL(scope=scope)`: host from the `Host` header, the percent-decoded path,
//! the query, quoted again as `RedirectResponse` does). The HTTPS redirect and the
//! trusted-host `www` redirect share it.

use std::borrow::Cow;
use std::sync::LazyLock;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION, UPGRADE};
use http::{HeaderValue, Request, Response, StatusCode};
use regex::Regex;

use crate::body::Body;

/// A header value as Python's `str` sees it (Starlette decodes headers as latin-1).
pub(crate) fn latin1(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) if s.is_ascii() => Cow::Borrowed(s),
        _ => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// The host part of a URL: host as written (IP literals bracketed) and the port's digits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Netloc {
    pub(crate) host: String,
    pub(crate) port: Option<String>,
}

impl std::fmt::Display for Netloc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.port {
            Some(p) => write!(f, "{}:{p}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

impl Netloc {
    /// Python's `urlsplit(..).hostname`: lowercased, brackets removed.
    pub(crate) fn hostname(&self) -> String {
        let h = self.host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(&self.host);
        h.to_ascii_lowercase()
    }

    /// The port as a number (`080` is 80); `None` without one or when out of range.
    pub(crate) fn port_number(&self) -> Option<u32> {
        let p = self.port.as_deref()?.trim_start_matches('0');
        if p.len() > 5 {
            return None;
        }
        if p.is_empty() { Some(0) } else { p.parse().ok().filter(|n| *n <= 65535) }
    }

    /// Starlette's `ParsedHost.is_valid_port`.
    pub(crate) fn has_valid_port(&self) -> bool {
        self.port.is_none() || self.port_number().is_some()
    }
}

/// Starlette's `_HOST_RE`: what a `Host` header may be.
static HOST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\A(?P<host>[a-z0-9._~%!$&'()*+,;=-]+|\[(?:(?P<ipv6>[a-f0-9]*:[a-f0-9.:]+)|(?-i:v)[a-f0-9]+\.[a-z0-9._~!$&'()*+,;=:-]+)\])(?::(?P<port>[0-9]+))?\z",
    )
    .unwrap_or_else(|e| panic!("the Host pattern is valid: {e}"))
});

/// Starlette's `parse_host_header`: `None` for a header that is not a host and port.
pub(crate) fn parse_host(value: &str) -> Option<Netloc> {
    let caps = HOST_RE.captures(value)?;
    if let Some(ip) = caps.name("ipv6")
        && ip.as_str().parse::<std::net::Ipv6Addr>().is_err()
    {
        return None;
    }
    Some(Netloc { host: caps["host"].to_owned(), port: caps.name("port").map(|p| p.as_str().to_owned()) })
}

/// A request URL as Starlette's `URL(scope=scope)` builds it.
#[derive(Debug)]
pub(crate) struct RequestUrl {
    /// `http`, `https`, `ws` or `wss`.
    pub(crate) scheme: &'static str,
    pub(crate) netloc: Netloc,
    /// Percent-decoded, then `?`, `#` and `\` escaped again (as Starlette does).
    path: String,
    query: String,
}

/// A WebSocket handshake (Starlette sees a `websocket` scope, scheme `ws`/`wss`).
pub(crate) fn is_websocket<B>(req: &Request<B>) -> bool {
    req.headers().get(UPGRADE).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

impl RequestUrl {
    /// The URL of `req`, or `None` when it names no host: no valid `Host` header and no
    /// authority in the URI (where Starlette would fall back to the server's address,
    /// which a request here does not carry).
    pub(crate) fn of<B>(req: &Request<B>) -> Option<RequestUrl> {
        let secure = req.uri().scheme_str() == Some("https");
        let scheme = match (is_websocket(req), secure) {
            (false, false) => "http",
            (false, true) => "https",
            (true, false) => "ws",
            (true, true) => "wss",
        };
        let from_header =
            req.headers().get(HOST).and_then(|h| parse_host(&latin1(h.as_bytes()))).filter(Netloc::has_valid_port);
        let netloc = from_header.or_else(|| {
            let authority = req.uri().authority()?;
            parse_host(authority.as_str().rsplit('@').next().unwrap_or(""))
        })?;
        let raw = req.uri().path();
        let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
        let path = decoded.replace('?', "%3F").replace('#', "%23").replace('\\', "%5C");
        let query = req.uri().query().unwrap_or("").to_owned();
        Some(RequestUrl { scheme, netloc, path, query })
    }

    /// The URL with another scheme and host, as the `location` of a `RedirectResponse`:
    /// tabs and newlines dropped (Python's `urlsplit`), then quoted.
    pub(crate) fn with(&self, scheme: &str, netloc: &str) -> String {
        let mut url = format!("{scheme}://{netloc}{}", self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        url.retain(|c| !matches!(c, '\t' | '\n' | '\r'));
        percent_encoding::utf8_percent_encode(&url, crate::encoding::QUOTE_SAFE).to_string()
    }
}

/// Starlette's `RedirectResponse`: 307, empty body, `content-length: 0` and `location`.
pub(crate) fn redirect(location: &str) -> Response<Body> {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    res.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    // The location is quoted: visible ASCII only, always a valid header value.
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

/// Starlette's `PlainTextResponse("Invalid host header", status_code=400)`.
pub(crate) fn invalid_host() -> Response<Body> {
    const TEXT: &str = "Invalid host header";
    let mut res = Response::new(Body::from(TEXT));
    *res.status_mut() = StatusCode::BAD_REQUEST;
    res.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(TEXT.len()));
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}
