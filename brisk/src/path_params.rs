//! The values of a route's path parameters, as spans of the routed path: matching a route
//! copies nothing, and a value is read from the request's own URI when it needs no
//! decoding (the common case), so a request costs no allocation for them.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/files/{dir}/{name}")]
//! async fn read_file(dir: String, name: String, request: Request) -> String {
//!     // The raw values, in template order, beside the validated parameters.
//!     format!("{:?} {:?} {dir}/{name}", request.path_value(0), request.path_value(1))
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![read_file]));
//! assert_eq!(client.get("/files/docs/a.txt").send().await.json::<String>(), r#"Some("docs") Some("a.txt") docs/a.txt"#);
//! # }
//! ```

/// How many spans are kept without allocating.
const INLINE: usize = 6;

/// The values of the path parameters, in template order.
///
/// A [`Request`](crate::Request) built by hand (in a test) takes them as strings:
///
/// ```
/// use std::sync::Arc;
/// use brisk::Request;
/// use brisk::path_params::PathParams;
/// use brisk::request::RequestConfig;
///
/// let (parts, body) = http::Request::get("/items/42").body(brisk::Body::empty()).unwrap().into_parts();
/// let params = PathParams::from(vec!["42".to_owned()]);
/// assert_eq!(params.len(), 1);
/// let config = Arc::new(RequestConfig { body_limit: 1024, ..RequestConfig::default() });
/// let request = Request::new(parts, body, params, config);
/// assert_eq!(request.path_value(0), Some("42"));
/// assert_eq!(request.config().body_limit, 1024);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PathParams {
    /// The text the spans index: `None` for the request URI's path, else the decoded path.
    text: Option<Box<str>>,
    spans: Spans,
}

#[derive(Debug, Clone)]
enum Spans {
    Inline([(u32, u32); INLINE], u8),
    Heap(Vec<(u32, u32)>),
}

impl Default for Spans {
    fn default() -> Self {
        Spans::Inline([(0, 0); INLINE], 0)
    }
}

impl Spans {
    fn push(&mut self, span: (u32, u32)) {
        match self {
            Spans::Inline(spans, n) if (*n as usize) < INLINE => {
                spans[*n as usize] = span;
                *n += 1;
            }
            Spans::Inline(spans, n) => {
                let mut all = spans[..*n as usize].to_vec();
                all.push(span);
                *self = Spans::Heap(all);
            }
            Spans::Heap(all) => all.push(span),
        }
    }

    fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Spans::Inline(spans, n) => &spans[..*n as usize],
            Spans::Heap(all) => all,
        }
    }
}

impl PathParams {
    /// The values matched in `routed`, a path that is `uri_path` or a part of it (then
    /// nothing is copied) or a decoded copy of it (then it is kept).
    pub(crate) fn of<'a>(uri_path: &str, routed: &str, values: impl Iterator<Item = &'a str>) -> Self {
        let base = uri_path.as_ptr() as usize;
        let within = |s: &str| {
            let at = s.as_ptr() as usize;
            at >= base && at + s.len() <= base + uri_path.len()
        };
        let borrowed = within(routed);
        let origin = if borrowed { base } else { routed.as_ptr() as usize };
        let mut spans = Spans::default();
        for v in values {
            let start = v.as_ptr() as usize - origin;
            spans.push((start as u32, (start + v.len()) as u32));
        }
        let text = if borrowed || spans.as_slice().is_empty() { None } else { Some(Box::from(routed)) };
        PathParams { text, spans }
    }

    /// The `i`-th value, read from `uri_path` (the request's) unless it was decoded.
    pub(crate) fn get<'a>(&'a self, uri_path: &'a str, i: usize) -> Option<&'a str> {
        let (start, end) = *self.spans.as_slice().get(i)?;
        self.text.as_deref().unwrap_or(uri_path).get(start as usize..end as usize)
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.spans.as_slice().len()
    }

    /// True when the route has no path parameters.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Values given as strings (a request built by hand, in tests).
impl From<Vec<String>> for PathParams {
    fn from(values: Vec<String>) -> Self {
        let mut text = String::new();
        let mut spans = Spans::default();
        for v in &values {
            let start = text.len();
            text.push_str(v);
            spans.push((start as u32, text.len() as u32));
        }
        PathParams { text: Some(text.into_boxed_str()), spans }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn values<'a>(p: &'a PathParams, uri: &'a str) -> Vec<&'a str> {
        (0..p.len()).filter_map(|i| p.get(uri, i)).collect()
    }

    #[test]
    fn spans_of_the_uri_path_copy_nothing() {
        let uri = "/api/users/7/orders/42";
        let routed: Cow<'_, str> = Cow::Borrowed(&uri[4..]);
        let p = PathParams::of(uri, &routed, [&uri[11..12], &uri[20..22]].into_iter());
        assert!(p.text.is_none());
        assert_eq!(values(&p, uri), ["7", "42"]);
    }

    #[test]
    fn a_decoded_path_is_kept() {
        let uri = "/files/a%20b";
        let routed: Cow<'_, str> = Cow::Owned("/files/a b".to_owned());
        let v = &routed[7..];
        let p = PathParams::of(uri, &routed, std::iter::once(v));
        assert_eq!(values(&p, uri), ["a b"]);
    }

    #[test]
    fn many_values_spill_to_the_heap() {
        let uri = "/a/b/c/d/e/f/g/h";
        let routed: Cow<'_, str> = Cow::Borrowed(uri);
        let parts: Vec<&str> = (0..8).map(|i| &uri[1 + 2 * i..2 + 2 * i]).collect();
        let p = PathParams::of(uri, &routed, parts.into_iter());
        assert_eq!(values(&p, uri), ["a", "b", "c", "d", "e", "f", "g", "h"]);
        let q = PathParams::from(vec!["x".to_owned(), "yz".to_owned()]);
        assert_eq!(values(&q, "/ignored"), ["x", "yz"]);
    }
}
