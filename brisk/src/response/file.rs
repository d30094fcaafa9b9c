//! `FileResponse`: a file streamed from disk (Starlette's `FileResponse`), with the
//! media type guessed from its extension, `etag`, `last-modified`, `accept-ranges` and
//! single byte-range requests (206, or 416 for a range outside the file).

use std::io::SeekFrom;
use std::path::PathBuf;
use std::time::UNIX_EPOCH;

use bytes::Bytes;
use futures_util::StreamExt;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG, LAST_MODIFIED, RANGE,
};
use http::{HeaderValue, StatusCode};
use http_body::Frame;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::{HttpResponse, IntoResponse, RouteRender, internal_error};
use crate::body::Body;

/// Streams a file. The file is read in chunks while sending, never loaded whole.
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
    status: StatusCode,
}

impl FileResponse {
    /// A response sending the file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileResponse { path: path.into(), media_type: None, filename: None, status: StatusCode::OK }
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

    /// The status code of a full response.
    pub fn status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).unwrap_or(self.status);
        self
    }

    fn guess_media_type(&self) -> String {
        if let Some(m) = &self.media_type {
            return m.clone();
        }
        let guessed = mime_guess::from_path(self.filename.as_deref().map(PathBuf::from).unwrap_or(self.path.clone()))
            .first_raw()
            .unwrap_or("text/plain");
        if guessed.starts_with("text/") { format!("{guessed}; charset=utf-8") } else { guessed.to_owned() }
    }
}

/// Parses a single `bytes=a-b` range against a file of `size` bytes. `None`: not a
/// usable single range (the whole file is sent); `Some(Err(()))`: unsatisfiable.
fn byte_range(header: &str, size: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = (start.trim(), end.trim());
    let range = match (start.is_empty(), end.is_empty()) {
        (true, true) => return None,
        (true, false) => {
            let n: u64 = end.parse().ok()?;
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        (false, _) => {
            let s: u64 = start.parse().ok()?;
            let e: u64 = if end.is_empty() { size.saturating_sub(1) } else { end.parse().ok()? };
            (s, e.min(size.saturating_sub(1)))
        }
    };
    if size == 0 || range.0 > range.1 || range.0 >= size { Some(Err(())) } else { Some(Ok(range)) }
}

fn file_body(path: PathBuf, start: u64, len: u64) -> Body {
    let stream = futures_util::stream::once(async move {
        let mut file = tokio::fs::File::open(&path).await?;
        file.seek(SeekFrom::Start(start)).await?;
        Ok::<_, std::io::Error>(tokio_util::io::ReaderStream::new(file.take(len)))
    })
    .map(|r| match r {
        Ok(s) => s.boxed(),
        Err(e) => futures_util::stream::once(async move { Err::<Bytes, _>(e) }).boxed(),
    })
    .flatten()
    .map(|chunk| chunk.map(Frame::data));
    Body::from_stream(http_body_util::StreamBody::new(stream))
}

impl IntoResponse for FileResponse {
    /// The whole file (byte ranges need the request: a route's answer serves them).
    fn into_response(self) -> HttpResponse {
        self.respond(None)
    }
    fn into_route_response(self, route: &RouteRender<'_>) -> HttpResponse {
        self.respond(route.headers)
    }
}

impl FileResponse {
    fn respond(self, headers: Option<&http::HeaderMap>) -> HttpResponse {
        let meta = match std::fs::metadata(&self.path) {
            Ok(m) if m.is_file() => m,
            _ => return internal_error(&format!("file at path {} does not exist", self.path.display())),
        };
        let size = meta.len();
        let modified = meta.modified().ok();
        let mtime = modified.and_then(|m| m.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_nanos()).unwrap_or(0);
        let media_type = self.guess_media_type();
        let range = headers.and_then(|h| h.get(RANGE)).and_then(|h| h.to_str().ok()).and_then(|h| byte_range(h, size));
        let (status, start, len) = match range {
            Some(Ok((a, b))) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
            Some(Err(())) => {
                let mut res = http::Response::new(Body::empty());
                *res.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
                if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                    res.headers_mut().insert(CONTENT_RANGE, v);
                }
                return res;
            }
            None => (self.status, 0, size),
        };
        let mut res = http::Response::new(file_body(self.path.clone(), start, len));
        *res.status_mut() = status;
        let h = res.headers_mut();
        let mut set = |name, value: String| {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(name, v);
            }
        };
        set(CONTENT_TYPE, media_type);
        set(ACCEPT_RANGES, "bytes".into());
        set(CONTENT_LENGTH, len.to_string());
        if let Some(m) = modified {
            set(LAST_MODIFIED, httpdate::fmt_http_date(m));
        }
        set(ETAG, format!("\"{mtime:x}-{size:x}\""));
        if status == StatusCode::PARTIAL_CONTENT {
            set(CONTENT_RANGE, format!("bytes {start}-{}/{size}", start + len - 1));
        }
        if let Some(name) = &self.filename {
            set(CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", name.replace('"', "\\\"")));
        }
        res
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
    fn ranges() {
        assert_eq!(byte_range("bytes=0-9", 100), Some(Ok((0, 9))));
        assert_eq!(byte_range("bytes=90-", 100), Some(Ok((90, 99))));
        assert_eq!(byte_range("bytes=-10", 100), Some(Ok((90, 99))));
        assert_eq!(byte_range("bytes=95-200", 100), Some(Ok((95, 99))));
        assert_eq!(byte_range("bytes=100-", 100), Some(Err(())));
        assert_eq!(byte_range("bytes=0-1,5-6", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
    }
}
