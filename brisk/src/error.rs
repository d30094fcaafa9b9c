//! Errors a path operation can raise and the shapes FastAPI gives them.
//!
//! [`HttpException`] is FastAPI's `HTTPException`: a status, a JSON `detail` and optional
//! headers. [`ValidationErrors`] is the list behind a 422 (`RequestValidationError`), each
//! entry an [`ErrorDetail`] with pydantic's `type`, `loc`, `msg`, `input` and `ctx`.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/items/{id}")]
//! async fn read_item(id: u32) -> Result<String, HttpException> {
//!     if id != 1 {
//!         return Err(HttpException::new(404, "Item not found"));
//!     }
//!     Ok("Foo".into())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![read_item]));
//! assert_eq!(client.get("/items/2").send().await.text(), r#"{"detail":"Item not found"}"#);
//! let errors = client.get("/items/x").send().await.json::<serde_json::Value>();
//! assert_eq!(errors["detail"][0]["loc"], serde_json::json!(["path", "id"]));
//! # }
//! ```

use std::borrow::Cow;
use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// One element of an error location: an object key or an array index.
///
/// ```
/// use brisk::error::LocItem;
///
/// let loc: Vec<LocItem> = vec!["body".into(), "items".into(), 0.into()];
/// assert_eq!(serde_json::to_value(&loc).unwrap(), serde_json::json!(["body", "items", 0]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocItem {
    /// An object key or a parameter source (`"body"`, `"query"`, a field name).
    Key(Cow<'static, str>),
    /// A position in an array, or the character offset of a JSON syntax error.
    Index(usize),
}

impl From<&'static str> for LocItem {
    fn from(s: &'static str) -> Self {
        LocItem::Key(Cow::Borrowed(s))
    }
}

impl From<String> for LocItem {
    fn from(s: String) -> Self {
        LocItem::Key(Cow::Owned(s))
    }
}

impl From<usize> for LocItem {
    fn from(i: usize) -> Self {
        LocItem::Index(i)
    }
}

impl Serialize for LocItem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LocItem::Key(k) => s.serialize_str(k),
            LocItem::Index(i) => s.serialize_u64(*i as u64),
        }
    }
}

/// The error of one value, before it is placed: pydantic's error `type`, its message and
/// its context. [`ErrorDetail`] adds where it happened and what was received.
///
/// ```
/// use brisk::error::{Invalid, ValidationErrors};
///
/// let detail = Invalid::new("greater_than", "Input should be greater than 0")
///     .with_ctx("gt", 0)
///     .at(vec!["query".into(), "limit".into()], serde_json::json!("-1"));
/// let mut errors = ValidationErrors::new();
/// errors.push(detail);
/// let body: serde_json::Value = serde_json::from_slice(&errors.to_body()).unwrap();
/// assert_eq!(body["detail"][0]["ctx"], serde_json::json!({"gt": 0}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// pydantic's error type, e.g. `int_parsing` or `string_too_short`.
    pub kind: Cow<'static, str>,
    /// The human message, exactly as pydantic words it.
    pub msg: Cow<'static, str>,
    /// pydantic's `ctx` object, when that error type has one.
    pub ctx: Option<Map<String, Value>>,
}

impl Invalid {
    /// An error with no context.
    pub fn new(kind: impl Into<Cow<'static, str>>, msg: impl Into<Cow<'static, str>>) -> Self {
        Invalid { kind: kind.into(), msg: msg.into(), ctx: None }
    }

    /// Adds one `ctx` entry.
    pub fn with_ctx(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.ctx.get_or_insert_with(Map::new).insert(key.to_owned(), value.into());
        self
    }

    /// The `missing` error: `Field required`.
    pub fn missing() -> Self {
        Invalid::new("missing", "Field required")
    }

    /// Places this error at `loc` with the received `input`.
    pub fn at(self, loc: Vec<LocItem>, input: Value) -> ErrorDetail {
        ErrorDetail { kind: self.kind, loc, msg: self.msg, input, ctx: self.ctx }
    }
}

/// One entry of a 422 body: `{"type", "loc", "msg", "input", "ctx"?}`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/items/")]
/// async fn items(limit: u32) -> u32 {
///     limit
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![items]));
/// let body = client.get("/items/?limit=ten").send().await.json::<serde_json::Value>();
/// let detail = &body["detail"][0];
/// assert_eq!((detail["type"].as_str(), detail["input"].as_str()), (Some("int_parsing"), Some("ten")));
/// assert_eq!(detail["loc"], serde_json::json!(["query", "limit"]));
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/handling-errors.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDetail {
    /// pydantic's error type.
    pub kind: Cow<'static, str>,
    /// Where the error is: source first (`body`, `query`, `path`, `header`, `cookie`).
    pub loc: Vec<LocItem>,
    /// The message.
    pub msg: Cow<'static, str>,
    /// The value that was received (`null` when missing).
    pub input: Value,
    /// Extra context, when the error type has some.
    pub ctx: Option<Map<String, Value>>,
}

impl Serialize for ErrorDetail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(if self.ctx.is_some() { 5 } else { 4 }))?;
        m.serialize_entry("type", &self.kind)?;
        m.serialize_entry("loc", &self.loc)?;
        m.serialize_entry("msg", &self.msg)?;
        m.serialize_entry("input", &self.input)?;
        if let Some(ctx) = &self.ctx {
            m.serialize_entry("ctx", ctx)?;
        }
        m.end()
    }
}

/// The errors found while validating one request, in the order they were found.
///
/// This is FastAPI's `RequestValidationError`; its default handler answers 422 with
/// `{"detail": [...]}`.
///
/// A request's collection keeps at most the app's limit of errors
/// ([`Limits::max_validation_errors`](crate::Limits::max_validation_errors), 1000 by
/// default), so a huge invalid body cannot make a huge answer: past the limit, one last
/// entry says so — `{"type": "too_many_errors", "loc": [source], "msg": "Too many
/// errors, only the first 1000 are reported", "input": null, "ctx": {"max_errors":
/// 1000}}`, its `loc` the source (`body`, `query`...) of the first error left out — and
/// validation stops where it can.
///
/// ```
/// use brisk::error::{Invalid, ValidationErrors};
/// let mut errors = ValidationErrors::with_limit(Some(2));
/// for i in 0..5usize {
///     errors.push(Invalid::missing().at(vec!["query".into(), i.into()], serde_json::Value::Null));
/// }
/// assert_eq!(errors.len(), 5);                          // every error found
/// assert_eq!(errors.errors().len(), 3);                 // the two kept, and the marker
/// assert!(errors.is_full());
/// assert_eq!(errors.errors()[2].kind, "too_many_errors");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationErrors {
    errors: Vec<ErrorDetail>,
    /// How many errors are kept (`None`: all).
    limit: Option<usize>,
    /// True once an error was left out (the last entry is then the marker).
    full: bool,
    /// Every error recorded, those left out included.
    found: usize,
}

/// The `type` of the entry ending a list of errors cut at the limit.
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/numbers")]
/// async fn numbers(#[body] numbers: Vec<u8>) -> String {
///     format!("{} numbers", numbers.len())
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().routes(routes![numbers]).limits(brisk::Limits::new().max_validation_errors(Some(2)));
/// let res = TestClient::new(app).post("/numbers").json(&serde_json::json!(["a", "b", "c"])).send().await;
/// let detail = res.json::<serde_json::Value>()["detail"].clone();
/// assert_eq!(detail[2]["type"], brisk::error::TOO_MANY_ERRORS);
/// # }
/// ```
pub const TOO_MANY_ERRORS: &str = "too_many_errors";

impl ValidationErrors {
    /// No errors yet, and no limit on how many are kept.
    pub const fn new() -> Self {
        ValidationErrors { errors: Vec::new(), limit: None, full: false, found: 0 }
    }

    /// No errors yet; at most `limit` are kept (`None`: all), then the
    /// `too_many_errors` entry.
    pub const fn with_limit(limit: Option<usize>) -> Self {
        ValidationErrors { errors: Vec::new(), limit, full: false, found: 0 }
    }

    /// An empty collection with this one's limit, for errors gathered apart and then
    /// [`extend`](Self::extend)ed into it (a union's members, a parameter model).
    pub const fn nested(&self) -> Self {
        Self::with_limit(self.limit)
    }

    /// The most errors kept (`None`: all).
    pub const fn limit(&self) -> Option<usize> {
        self.limit
    }

    /// True once the limit was passed: more errors are left out, and validating further
    /// only costs time.
    #[inline]
    pub const fn is_full(&self) -> bool {
        self.full
    }

    /// Records one error; past the limit, the first one left out adds the
    /// `too_many_errors` entry, and the others are dropped.
    pub fn push(&mut self, e: ErrorDetail) {
        self.found += 1;
        if self.full {
            return;
        }
        match self.limit {
            Some(limit) if self.errors.len() >= limit => self.cut(e.loc),
            _ => self.errors.push(e),
        }
    }

    /// Ends the list with the `too_many_errors` entry, located at the source of `loc`
    /// (the first error left out).
    fn cut(&mut self, mut loc: Vec<LocItem>) {
        loc.truncate(1);
        let kept = self.errors.len();
        let msg = match kept {
            0 => Cow::Borrowed("Too many errors, none are reported"),
            1 => Cow::Borrowed("Too many errors, only the first one is reported"),
            n => Cow::Owned(format!("Too many errors, only the first {n} are reported")),
        };
        self.errors.push(Invalid::new(TOO_MANY_ERRORS, msg).with_ctx("max_errors", kept).at(loc, Value::Null));
        self.full = true;
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many errors were recorded, those left out past the limit included (so a
    /// validator can tell whether a value added any).
    pub fn len(&self) -> usize {
        self.found
    }

    /// Puts `prefix` before the location of every error kept from index `kept` on (an
    /// index into [`errors`](Self::errors)): a value validated with an empty location is
    /// placed where it came from only when it fails, so that a valid one costs no
    /// allocation. A `too_many_errors` entry among them is located at the source alone.
    pub fn prefix_locs_from(&mut self, kept: usize, prefix: [LocItem; 2]) {
        for e in self.errors.iter_mut().skip(kept) {
            if e.kind == TOO_MANY_ERRORS {
                e.loc = vec![prefix[0].clone()];
            } else {
                e.loc.splice(0..0, prefix.iter().cloned());
            }
        }
    }

    /// The errors kept, ending with the `too_many_errors` entry when some were left out.
    pub fn errors(&self) -> &[ErrorDetail] {
        &self.errors
    }

    /// Orders the errors from index `start` on as FastAPI reports them: path, query,
    /// header, cookie, then body (stable within each source). The `too_many_errors`
    /// entry stays last.
    #[inline]
    pub fn sort_by_source_from(&mut self, start: usize) {
        // Called for every request; there is something to sort only with two errors.
        if self.errors.len() > start + 1 {
            self.sort_tail(start);
        }
    }

    fn sort_tail(&mut self, start: usize) {
        fn rank(e: &ErrorDetail) -> u8 {
            match e.loc.first() {
                Some(LocItem::Key(k)) => match k.as_ref() {
                    "path" => 0,
                    "query" => 1,
                    "header" => 2,
                    "cookie" => 3,
                    _ => 4,
                },
                _ => 4,
            }
        }
        let end = self.errors.len() - usize::from(self.full);
        if start < end
            && let Some(tail) = self.errors.get_mut(start..end)
        {
            tail.sort_by_key(rank);
        }
    }

    /// Renames the object key at position `index` of every location where `f` says so.
    pub fn rename_keys_at(&mut self, index: usize, f: impl Fn(&str) -> Option<String>) {
        for e in &mut self.errors {
            if let Some(LocItem::Key(k)) = e.loc.get(index)
                && let Some(new) = f(k)
            {
                e.loc[index] = LocItem::Key(new.into());
            }
        }
    }

    /// Drops the kept errors `keep` refuses (the `too_many_errors` entry stays).
    pub fn retain(&mut self, keep: impl Fn(&ErrorDetail) -> bool) {
        let end = self.errors.len() - usize::from(self.full);
        let mut i = 0;
        self.errors.retain(|e| {
            i += 1;
            i > end || keep(e)
        });
        self.found -= end + usize::from(self.full) - self.errors.len();
    }

    /// Appends all of `other`, within this collection's limit (a `too_many_errors` entry
    /// of `other` counts as errors left out).
    pub fn extend(&mut self, other: ValidationErrors) {
        if self.limit.is_none() && !self.full && !other.full {
            self.found += other.found;
            self.errors.extend(other.errors);
            return;
        }
        let mut rest = other.errors.into_iter();
        let kept = rest.len() - usize::from(other.full);
        for e in rest.by_ref().take(kept) {
            self.push(e);
        }
        // The errors `other` left out were found too; they end this list where it ends.
        self.found += other.found - kept;
        if let Some(marker) = rest.next()
            && !self.full
        {
            self.cut(marker.loc);
        }
    }

    /// The body FastAPI sends: `{"detail": [...]}`.
    pub fn to_body(&self) -> Vec<u8> {
        // Written directly, the bytes serde_json gives the `Serialize` shape (compact):
        // no serializer state per entry, and the strings that need no escape (nearly
        // all of them) copied whole.
        let mut out = Vec::with_capacity(16 + 160 * self.errors.len());
        out.extend_from_slice(b"{\"detail\":[");
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"type\":");
            write_str(&mut out, &e.kind);
            out.extend_from_slice(b",\"loc\":[");
            for (j, item) in e.loc.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                match item {
                    LocItem::Key(k) => write_str(&mut out, k),
                    LocItem::Index(n) => {
                        // Writing into a `Vec` cannot fail.
                        let _ = std::io::Write::write_fmt(&mut out, format_args!("{n}"));
                    }
                }
            }
            out.extend_from_slice(b"],\"msg\":");
            write_str(&mut out, &e.msg);
            out.extend_from_slice(b",\"input\":");
            write_value(&mut out, &e.input);
            if let Some(ctx) = &e.ctx {
                out.extend_from_slice(b",\"ctx\":");
                write_object(&mut out, ctx);
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
        out
    }
}

/// A JSON string as serde_json writes it: escaped only when it holds a quote, a
/// backslash or a control character.
fn write_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// A JSON value as serde_json writes it (compact).
fn write_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => write_object(out, map),
        // Writing a scalar into a `Vec` cannot fail.
        scalar => {
            let _ = serde_json::to_writer(&mut *out, scalar);
        }
    }
}

fn write_object(out: &mut Vec<u8>, map: &Map<String, Value>) {
    out.push(b'{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, k);
        out.push(b':');
        write_value(out, v);
    }
    out.push(b'}');
}

impl Serialize for ValidationErrors {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.errors.len()))?;
        for e in &self.errors {
            seq.serialize_element(e)?;
        }
        seq.end()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} validation error(s)", self.found)
    }
}

impl std::error::Error for ValidationErrors {}

/// FastAPI's `HTTPException`: stop the request and answer with `status` and
/// `{"detail": detail}`, plus any `headers`.
///
/// ```
/// use brisk::HttpException;
/// let e = HttpException::new(404, "Item not found").header("x-error", "There goes my error");
/// assert_eq!(e.status().as_u16(), 404);
/// ```
#[derive(Debug, Clone)]
pub struct HttpException(Box<ExceptionInner>);

#[derive(Debug, Clone)]
struct ExceptionInner {
    status: StatusCode,
    detail: Value,
    headers: HeaderMap,
}

impl HttpException {
    /// An exception with a status code and a detail (any JSON value; a string usually).
    ///
    /// An invalid status code becomes 500.
    pub fn new(status: u16, detail: impl Into<Value>) -> Self {
        HttpException(Box::new(ExceptionInner {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            detail: detail.into(),
            headers: HeaderMap::new(),
        }))
    }

    /// An exception whose detail is the status code's standard phrase, as Starlette does
    /// when no detail is given.
    pub fn from_status(status: u16) -> Self {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let phrase = code.canonical_reason().unwrap_or("");
        HttpException(Box::new(ExceptionInner {
            status: code,
            detail: Value::String(phrase.to_owned()),
            headers: HeaderMap::new(),
        }))
    }

    /// Adds a response header. Invalid names or values are skipped.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.0.headers.append(n, v);
        }
        self
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The detail.
    pub fn detail(&self) -> &Value {
        &self.0.detail
    }

    /// The extra headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }
}

impl fmt::Display for HttpException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.status.as_u16(), self.0.detail)
    }
}

impl std::error::Error for HttpException {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn locations_are_prefixed_after_validation_and_the_cut_stays_at_the_source() {
        let mut errors = ValidationErrors::with_limit(Some(1));
        let kept = errors.errors().len();
        errors.push(Invalid::new("int_parsing", "bad").at(vec![], json!("x")));
        errors.push(Invalid::new("int_parsing", "bad").at(vec![LocItem::Index(1)], json!("y")));
        errors.prefix_locs_from(kept, [LocItem::Key("query".into()), LocItem::Key("ids".into())]);
        let locs: Vec<Value> = errors.errors().iter().map(|e| json!(e.loc)).collect();
        assert_eq!(locs, [json!(["query", "ids"]), json!(["query"])]);
        assert_eq!(errors.errors()[1].kind, TOO_MANY_ERRORS);
    }

    #[test]
    fn detail_serializes_in_fastapi_shape() {
        let mut errs = ValidationErrors::new();
        errs.push(Invalid::missing().at(vec!["query".into(), "needy".into()], Value::Null));
        errs.push(
            Invalid::new("greater_than", "Input should be greater than 0")
                .with_ctx("gt", 0.0)
                .at(vec!["body".into(), "items".into(), 1usize.into()], json!(-1)),
        );
        let v: Value = serde_json::from_slice(&errs.to_body()).unwrap();
        assert_eq!(
            v,
            json!({"detail": [
                {"type": "missing", "loc": ["query", "needy"], "msg": "Field required", "input": null},
                {"type": "greater_than", "loc": ["body", "items", 1], "msg": "Input should be greater than 0",
                 "input": -1, "ctx": {"gt": 0.0}}
            ]})
        );
    }

    #[test]
    fn the_body_is_the_bytes_serde_json_writes() {
        let mut errs = ValidationErrors::new();
        errs.push(
            Invalid::new("string_pattern_mismatch", "String should match pattern '^\\d+\"x$'")
                .with_ctx("pattern", "^\\d+\"x$")
                .at(vec!["body".into(), "tags".into(), 3usize.into()], json!("tab\there \u{7f} é \u{1}")),
        );
        errs.push(Invalid::missing().at(
            vec!["body".into(), String::from("k\"ey").into()],
            json!({"a": [1, -2.5, 1e300, null, true, {"b\\": "c"}], "": {}}),
        ));
        errs.push(
            Invalid::new("greater_than", "Input should be greater than 0").with_ctx("gt", 0.0).at(vec![], json!(-3.5)),
        );
        #[derive(Serialize)]
        struct Body<'a> {
            detail: &'a [ErrorDetail],
        }
        let expected = serde_json::to_vec(&Body { detail: errs.errors() }).unwrap();
        assert_eq!(String::from_utf8(errs.to_body()).unwrap(), String::from_utf8(expected).unwrap());
        assert_eq!(ValidationErrors::new().to_body(), br#"{"detail":[]}"#);
    }

    fn at(source: &'static str, i: usize) -> ErrorDetail {
        Invalid::new("int_type", "Input should be a valid integer").at(vec![source.into(), i.into()], json!("x"))
    }

    #[test]
    fn past_the_limit_one_entry_says_so() {
        let mut errs = ValidationErrors::with_limit(Some(2));
        for i in 0..5 {
            errs.push(at("body", i));
        }
        assert!(errs.is_full());
        assert_eq!((errs.len(), errs.errors().len()), (5, 3));
        let v: Value = serde_json::from_slice(&errs.to_body()).unwrap();
        assert_eq!(
            v["detail"][2],
            json!({"type": "too_many_errors", "loc": ["body"], "msg": "Too many errors, only the first 2 are reported",
                   "input": null, "ctx": {"max_errors": 2}})
        );
        assert_eq!(errs.to_string(), "5 validation error(s)");
        // No limit: FastAPI's behaviour, everything kept.
        let mut all = ValidationErrors::new();
        (0..5).for_each(|i| all.push(at("body", i)));
        assert!(!all.is_full() && all.errors().len() == 5);
        // A limit of zero: only the entry.
        let mut none = ValidationErrors::with_limit(Some(0));
        none.push(at("query", 0));
        assert_eq!(none.errors()[0].loc, vec![LocItem::from("query")]);
        assert!(!none.is_empty());
    }

    #[test]
    fn extending_and_sorting_keep_the_limit_and_the_entry_last() {
        let mut errs = ValidationErrors::with_limit(Some(3));
        errs.push(at("body", 0));
        let mut nested = errs.nested();
        (0..4).for_each(|i| nested.push(at("query", i)));
        assert!(nested.is_full() && nested.errors().len() == 4);
        errs.extend(nested);
        assert_eq!((errs.len(), errs.errors().len()), (5, 4));
        errs.sort_by_source_from(0);
        let kinds: Vec<_> = errs.errors().iter().map(|e| (e.kind.as_ref(), e.loc[0].clone())).collect();
        assert_eq!(
            kinds,
            [
                ("int_type", "query".into()),
                ("int_type", "query".into()),
                ("int_type", "body".into()),
                ("too_many_errors", "query".into())
            ]
        );
        // A nested list cut short cuts this one too, even with room left.
        let mut roomy = ValidationErrors::with_limit(Some(10));
        let mut nested = ValidationErrors::with_limit(Some(1));
        (0..3).for_each(|i| nested.push(at("body", i)));
        roomy.extend(nested);
        assert!(roomy.is_full());
        assert_eq!((roomy.len(), roomy.errors().len()), (3, 2));
        assert_eq!(roomy.errors()[1].msg, "Too many errors, only the first one is reported");
    }

    #[test]
    fn http_exception_keeps_headers_and_rejects_bad_ones() {
        let e = HttpException::new(404, "nope").header("x-a", "1").header("bad name", "x");
        assert_eq!(e.headers().len(), 1);
        assert_eq!(HttpException::from_status(418).detail(), &json!("I'm a teapot"));
        assert_eq!(HttpException::new(1000, "x").status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
