//! `FileResponse`: a file streamed from disk, as Starlette's `FileResponse` sends it: the
//! media type guessed from its extension, `accept-ranges`, `content-length`,
//! `last-modified` and Starlette's `etag` (the MD5 of the modification time and size),
//! byte-range requests (one range: 206 with `content-range`; several: a
//! `multipart/byteranges` body; 416 past the end, 400 when malformed), `If-Range`, and
//! HEAD answered with the headers alone.

use std::io::SeekFrom;
use std::path::PathBuf;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG, IF_RANGE, LAST_MODIFIED,
    RANGE,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body::Frame;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::{HttpResponse, IntoResponse, RouteRender, internal_error};
use crate::body::Body;

/// How much of the file is read at a time (Starlette's `chunk_size`).
const CHUNK_SIZE: usize = 64 * 1024;

/// More ranges than this in one request are ignored: the whole file is sent.
const MAX_RANGES: usize = 100;

/// Streams a file. The file is read in chunks while sending, never loaded whole.
///
/// Returned from a path operation it serves byte ranges as Starlette's does; its
/// `etag` and `last-modified` are computed from the file's metadata exactly as
/// Starlette computes them.
///
/// ```no_run
/// use brisk::response::FileResponse;
/// let r = FileResponse::new("large-video-file.mp4").filename("video.mp4");
/// ```
#[derive(Debug, Clone)]
pub struct FileResponse {
    path: PathBuf,
    media_type: Option<String>,
    filename: Option<String>,
    disposition_type: String,
    status: StatusCode,
    metadata: Option<std::fs::Metadata>,
}

impl FileResponse {
    /// A response sending the file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileResponse {
            path: path.into(),
            media_type: None,
            filename: None,
            disposition_type: "attachment".into(),
            status: StatusCode::OK,
            metadata: None,
        }
    }

    /// Overrides the media type guessed from the extension.
    pub fn media_type(mut self, media_type: &str) -> Self {
        self.media_type = Some(media_type.to_owned());
        self
    }

    /// Offers the file as a download with this name (`content-disposition: attachment`).
    pub fn filename(mut self, name: &str) -> Self {
        self.filename = Some(name.to_owned());
        self
    }

    /// The disposition sent with a [`filename`](Self::filename): `attachment` (the
    /// default) or `inline` (Starlette's `content_disposition_type`).
    pub fn content_disposition_type(mut self, kind: &str) -> Self {
        self.disposition_type = kind.to_owned();
        self
    }

    /// The status code of a full response. Byte ranges are served only with 200.
    pub fn status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).unwrap_or(self.status);
        self
    }

    /// The file's metadata, already read (Starlette's `stat_result`): the response
    /// does not read it again.
    pub fn metadata(mut self, metadata: std::fs::Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// The media type: given, or guessed from the file name (`application/octet-stream`
    /// when unknown); a `text/` type gets `; charset=utf-8`.
    fn content_type(&self) -> String {
        let guessed = match &self.media_type {
            Some(m) => m.clone(),
            None => {
                let name = self.filename.as_deref().map(PathBuf::from).unwrap_or_else(|| self.path.clone());
                mime_guess::from_path(name).first_raw().unwrap_or("application/octet-stream").to_owned()
            }
        };
        if guessed.starts_with("text/") && !guessed.to_ascii_lowercase().contains("charset=") {
            format!("{guessed}; charset=utf-8")
        } else {
            guessed
        }
    }

    /// The headers of the whole file, in Starlette's order: `content-type`,
    /// `accept-ranges`, `content-disposition`, `content-length`, `last-modified`, `etag`.
    /// `Err`: the file cannot be sent (a logged 500, as Starlette's `RuntimeError`).
    pub fn headers(&mut self) -> Result<HeaderMap, HttpResponse> {
        let meta = match self.metadata.take() {
            Some(m) => m,
            None => match std::fs::metadata(&self.path) {
                Ok(m) => m,
                Err(_) => return Err(internal_error(&format!("File at path {} does not exist.", self.path.display()))),
            },
        };
        if !meta.is_file() {
            return Err(internal_error(&format!("File at path {} is not a file.", self.path.display())));
        }
        let mut h = HeaderMap::new();
        set(&mut h, CONTENT_TYPE, &self.content_type());
        set(&mut h, ACCEPT_RANGES, "bytes");
        if let Some(name) = &self.filename {
            let quoted = percent_encoding::utf8_percent_encode(name, PY_QUOTE).to_string();
            let value = if &quoted != name {
                format!("{}; filename*=utf-8''{quoted}", self.disposition_type)
            } else {
                format!("{}; filename=\"{name}\"", self.disposition_type)
            };
            set(&mut h, CONTENT_DISPOSITION, &value);
        }
        set(&mut h, CONTENT_LENGTH, &meta.len().to_string());
        let (last_modified, etag) = stat_headers(&meta);
        if let Some(lm) = last_modified {
            set(&mut h, LAST_MODIFIED, &lm);
        }
        set(&mut h, ETAG, &etag);
        self.metadata = Some(meta);
        Ok(h)
    }

    /// The answer to a request with this method and these headers: a byte range (or
    /// several) when asked for as Starlette serves them, the headers alone for HEAD.
    pub fn respond(mut self, method: &Method, request_headers: &HeaderMap) -> HttpResponse {
        let headers = match self.headers() {
            Ok(h) => h,
            Err(res) => return res,
        };
        self.send(headers, method, request_headers)
    }

    /// Sends the file with `headers` (from [`headers`](Self::headers)).
    pub(crate) fn send(self, mut headers: HeaderMap, method: &Method, request_headers: &HeaderMap) -> HttpResponse {
        let size = self.metadata.as_ref().map(|m| m.len()).unwrap_or(0);
        let head = method == Method::HEAD;
        let range = request_headers.get(RANGE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let if_range = request_headers.get(IF_RANGE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let ranged = match range {
            Some(range)
                if self.status == StatusCode::OK
                    && (method == Method::GET || head)
                    && if_range.is_none_or(|r| should_use_range(&r, &headers)) =>
            {
                match parse_range_header(&range, size) {
                    Ok(ranges) => ranges,
                    Err(RangeError::Malformed(msg)) => return plain(400, msg, None),
                    Err(RangeError::NotSatisfiable) => return plain(416, "", Some(format!("bytes */{size}"))),
                }
            }
            _ => Vec::new(),
        };
        let path = self.path;
        let (status, body) = match ranged.as_slice() {
            [] => (self.status, (!head).then(|| file_stream(path, 0, size))),
            &[(start, end)] => {
                // Starlette adds the range header last, after `etag`.
                set(&mut headers, CONTENT_RANGE, &format!("bytes {start}-{}/{size}", end - 1));
                set(&mut headers, CONTENT_LENGTH, &(end - start).to_string());
                (StatusCode::PARTIAL_CONTENT, (!head).then(|| file_stream(path, start, end - start)))
            }
            ranges => {
                let boundary = boundary();
                let content_type = headers
                    .get(CONTENT_TYPE)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                    .unwrap_or_default();
                let part_header = |start: u64, end: u64| {
                    Bytes::from(format!(
                        "--{boundary}\r\nContent-Type: {content_type}\r\nContent-Range: bytes {start}-{}/{size}\r\n\r\n",
                        end - 1
                    ))
                };
                let closing = Bytes::from(format!("--{boundary}--"));
                let length = ranges.iter().map(|&(s, e)| part_header(s, e).len() as u64 + (e - s) + 2).sum::<u64>()
                    + closing.len() as u64;
                set(&mut headers, CONTENT_TYPE, &format!("multipart/byteranges; boundary={boundary}"));
                set(&mut headers, CONTENT_LENGTH, &length.to_string());
                let body = (!head).then(|| {
                    let mut parts: Vec<BoxStream<'static, std::io::Result<Bytes>>> = Vec::new();
                    for &(start, end) in ranges {
                        parts.push(futures_util::stream::iter([Ok(part_header(start, end))]).boxed());
                        parts.push(file_stream(path.clone(), start, end - start));
                        parts.push(futures_util::stream::iter([Ok(Bytes::from_static(b"\r\n"))]).boxed());
                    }
                    parts.push(futures_util::stream::iter([Ok(closing)]).boxed());
                    futures_util::stream::iter(parts).flatten().boxed()
                });
                (StatusCode::PARTIAL_CONTENT, body)
            }
        };
        let body = match body {
            Some(stream) => Body::from_stream(http_body_util::StreamBody::new(stream.map(|c| c.map(Frame::data)))),
            None => Body::empty(),
        };
        let mut res = http::Response::new(body);
        *res.status_mut() = status;
        *res.headers_mut() = headers;
        res
    }
}

/// Python's `urllib.parse.quote` keeps these (and `/`) as they are.
const PY_QUOTE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'_').remove(b'.').remove(b'-').remove(b'~').remove(b'/');

fn set(h: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

/// A `PlainTextResponse` of Starlette's: `content-range` first when given, then the
/// length and type.
fn plain(status: u16, text: &'static str, content_range: Option<String>) -> HttpResponse {
    let mut res = http::Response::new(Body::from(text));
    *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let h = res.headers_mut();
    if let Some(r) = content_range {
        set(h, CONTENT_RANGE, &r);
    }
    set(h, CONTENT_LENGTH, &text.len().to_string());
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

/// `last-modified` and `etag` as Starlette computes them from `os.stat`: the date of
/// `st_mtime` (whole seconds), and the MD5 of `f"{st_mtime}-{st_size}"`, where
/// `st_mtime` is Python's float of the modification time, written as Python writes it.
pub fn stat_headers(meta: &std::fs::Metadata) -> (Option<String>, String) {
    let mtime = st_mtime(meta);
    let secs = mtime.floor();
    // httpdate covers 1970 to 9999.
    let last_modified = (0.0..253_402_300_800.0)
        .contains(&secs)
        .then(|| httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64)));
    let base = format!("{}-{}", python_float_repr(mtime), meta.len());
    let digest = <md5::Md5 as md5::Digest>::digest(base.as_bytes());
    (last_modified, format!("\"{digest:x}\""))
}

/// Python's `os.stat(..).st_mtime`: seconds plus nanoseconds times 1e-9, as a double.
fn st_mtime(meta: &std::fs::Metadata) -> f64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.mtime() as f64 + meta.mtime_nsec() as f64 * 1e-9
    }
    #[cfg(not(unix))]
    {
        match meta.modified().map(|m| m.duration_since(std::time::UNIX_EPOCH)) {
            Ok(Ok(d)) => d.as_secs() as f64 + d.subsec_nanos() as f64 * 1e-9,
            _ => 0.0,
        }
    }
}

/// `repr(x)` of a Python float: the shortest digits that read back as `x`, with `.0`
/// on whole numbers and an exponent (`1e+16`, `1e-05`) outside `1e-4 <= |x| < 1e16`.
pub fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let s = format!("{x:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match exp.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exp),
        };
        return format!("{mantissa}e{sign}{digits:0>2}");
    }
    let s = format!("{x}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// Starlette's `_should_use_range`: a weak validator never matches.
fn should_use_range(if_range: &str, headers: &HeaderMap) -> bool {
    if if_range.starts_with("W/") {
        return false;
    }
    let is = |name| headers.get(name).is_some_and(|v| v.as_bytes() == if_range.as_bytes());
    is(LAST_MODIFIED) || is(ETAG)
}

#[derive(Debug, PartialEq)]
enum RangeError {
    /// 400 with this text.
    Malformed(&'static str),
    /// 416.
    NotSatisfiable,
}

/// Python's `int(s)` on a stripped string: an optional sign, digits with single `_`
/// between them. Saturates instead of growing (only compared with file sizes).
fn py_int(s: &str) -> Option<i128> {
    let s = s.trim();
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let mut n: i128 = 0;
    for c in digits.chars().filter(|c| *c != '_') {
        let d = c.to_digit(10)?;
        n = n.saturating_mul(10).saturating_add(d as i128);
    }
    Some(if neg { -n } else { n })
}

/// Starlette's `_parse_range_header`: the `[start, end)` ranges asked for, sorted and
/// merged when several; empty when there are too many (the whole file is sent).
fn parse_range_header(header: &str, size: u64) -> Result<Vec<(u64, u64)>, RangeError> {
    let Some((units, spec)) = header.split_once('=') else {
        return Err(RangeError::Malformed("Malformed range header."));
    };
    if units.trim().to_lowercase() != "bytes" {
        return Err(RangeError::Malformed("Only support bytes range"));
    }
    if spec.matches(',').count() + 1 > MAX_RANGES {
        return Ok(Vec::new());
    }
    let size_i = size as i128;
    let mut ranges: Vec<(i128, i128)> = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() || part == "-" {
            continue;
        }
        let Some((start, end)) = part.split_once('-') else { continue };
        let (start, end) = (start.trim(), end.trim());
        let range = if start.is_empty() {
            py_int(end).map(|e| ((size_i.saturating_sub(e)).max(0), size_i))
        } else {
            py_int(start).and_then(|s| {
                if end.is_empty() {
                    Some((s, size_i))
                } else {
                    py_int(end).map(|e| (s, if e < size_i { e + 1 } else { size_i }))
                }
            })
        };
        if let Some(r) = range {
            ranges.push(r);
        }
    }
    if ranges.is_empty() {
        return Err(RangeError::Malformed("Range header: range must be requested"));
    }
    if ranges.iter().any(|&(s, _)| !(0 <= s && s < size_i)) {
        return Err(RangeError::NotSatisfiable);
    }
    if ranges.iter().any(|&(s, e)| s >= e) {
        return Err(RangeError::Malformed("Range header: start must be less than end"));
    }
    if ranges.len() > 1 {
        ranges.sort();
        let mut merged: Vec<(i128, i128)> = Vec::with_capacity(ranges.len());
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        ranges = merged;
    }
    // Every bound is within 0..=size here.
    Ok(ranges.into_iter().map(|(s, e)| (s as u64, e as u64)).collect())
}

/// A multipart boundary of 26 hex digits, as Starlette's `token_hex(13)`.
fn boundary() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::with_capacity(32);
    while out.len() < 26 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out.truncate(26);
    out
}

/// `len` bytes of the file from `start`, read while sending.
fn file_stream(path: PathBuf, start: u64, len: u64) -> BoxStream<'static, std::io::Result<Bytes>> {
    futures_util::stream::once(async move {
        let mut file = tokio::fs::File::open(&path).await?;
        file.seek(SeekFrom::Start(start)).await?;
        Ok::<_, std::io::Error>(tokio_util::io::ReaderStream::with_capacity(file.take(len), CHUNK_SIZE))
    })
    .map(|r| match r {
        Ok(s) => s.boxed(),
        Err(e) => futures_util::stream::once(async move { Err::<Bytes, _>(e) }).boxed(),
    })
    .flatten()
    .boxed()
}

impl IntoResponse for FileResponse {
    /// The whole file (byte ranges need the request: a route's answer serves them).
    fn into_response(self) -> HttpResponse {
        self.respond(&Method::GET, &HeaderMap::new())
    }
    fn into_route_response(self, route: &RouteRender<'_>) -> HttpResponse {
        match route.headers {
            Some(headers) => self.respond(&Method::GET, headers),
            None => self.into_response(),
        }
    }
}

impl From<FileResponse> for super::Response {
    /// The whole file as a plain `Response` (byte ranges need the request, so they are
    /// served only when the `FileResponse` itself is returned).
    fn from(r: FileResponse) -> super::Response {
        super::Response::from_http(r.into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_starlette_parses_them() {
        let p = |h| parse_range_header(h, 100);
        assert_eq!(p("bytes=0-9"), Ok(vec![(0, 10)]));
        assert_eq!(p("bytes=90-"), Ok(vec![(90, 100)]));
        assert_eq!(p("bytes=-10"), Ok(vec![(90, 100)]));
        assert_eq!(p("bytes=-200"), Ok(vec![(0, 100)]));
        assert_eq!(p("bytes=95-200"), Ok(vec![(95, 100)]));
        assert_eq!(p("BYTES = 1-2"), Ok(vec![(1, 3)]));
        assert_eq!(p("bytes=100-"), Err(RangeError::NotSatisfiable));
        assert_eq!(p("bytes=5-1"), Err(RangeError::Malformed("Range header: start must be less than end")));
        assert_eq!(p("bytes=0-1,5-6"), Ok(vec![(0, 2), (5, 7)]));
        assert_eq!(p("bytes=5-9,0-6"), Ok(vec![(0, 10)]));
        assert_eq!(p("bytes=x-y"), Err(RangeError::Malformed("Range header: range must be requested")));
        assert_eq!(p("items=0-1"), Err(RangeError::Malformed("Only support bytes range")));
        assert_eq!(p("bytes"), Err(RangeError::Malformed("Malformed range header.")));
        assert_eq!(p("bytes=0-99999999999999999999999999999999999999999999"), Ok(vec![(0, 100)]));
        assert_eq!(p(&format!("bytes={}", vec!["0-1"; 101].join(","))), Ok(vec![]));
    }

    #[test]
    fn floats_read_as_python_writes_them() {
        assert_eq!(python_float_repr(1795998163.0), "1795998163.0");
        assert_eq!(python_float_repr(1795998163.123_456_7), "1795998163.1234567");
        assert_eq!(python_float_repr(1e16), "1e+16");
        assert_eq!(python_float_repr(1.5e-5), "1.5e-05");
        assert_eq!(python_float_repr(0.0), "0.0");
    }

    #[test]
    fn boundaries_are_26_hex_digits() {
        let b = boundary();
        assert_eq!(b.len(), 26);
        assert!(b.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(b, boundary());
    }
}
