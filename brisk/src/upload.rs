//! Uploaded files: [`UploadFile`] (FastAPI's `UploadFile`) and [`FileBytes`] (FastAPI's
//! `bytes = File()`).
//!
//! A file part is received into memory and moved to a temporary file once it grows past
//! the spool threshold (1 MiB by default, as Starlette's `SpooledTemporaryFile`), so a
//! large upload never sits in memory. The temporary file is deleted when the
//! `UploadFile` is dropped.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[post("/files/")]
//! async fn upload(#[file] file: UploadFile) -> String {
//!     format!("{} {}", file.filename().unwrap_or("?"), file.size())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! // A file built by hand, as a test might: small, so in memory.
//! let file = UploadFile::from_bytes(Some("a.txt"), Some("text/plain"), "hello");
//! assert_eq!(file.read().await.unwrap(), b"hello");
//!
//! let client = TestClient::new(App::new().routes(routes![upload]));
//! let body = "--b\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n";
//! let res = client.post("/files/").header("content-type", "multipart/form-data; boundary=b").body(body).send().await;
//! assert_eq!(res.json::<String>(), "a.txt 5");
//! # }
//! ```

use std::io;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::HeaderMap;
use tokio::io::{AsyncRead, AsyncWriteExt, ReadBuf};

/// An uploaded file (FastAPI's `UploadFile`): its name, content type, headers and size,
/// and its contents, in memory when small and in a temporary file past the spool
/// threshold.
///
/// ```
/// # tokio_test_block_on(async {
/// use brisk::forms::UploadFile;
/// let f = UploadFile::from_bytes(Some("a.txt"), Some("text/plain"), "hello");
/// assert_eq!((f.filename(), f.size()), (Some("a.txt"), 5));
/// assert_eq!(f.read().await.unwrap(), b"hello");
/// # });
/// # fn tokio_test_block_on(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug)]
pub struct UploadFile {
    filename: Option<String>,
    content_type: Option<String>,
    headers: HeaderMap,
    size: u64,
    data: Storage,
}

/// Where an upload's contents are.
#[derive(Debug)]
pub(crate) enum Storage {
    Memory(Bytes),
    Disk(tempfile::NamedTempFile),
}

impl UploadFile {
    /// A file held in memory (for tests, or to hand a file to code that takes one).
    pub fn from_bytes(filename: Option<&str>, content_type: Option<&str>, data: impl Into<Bytes>) -> Self {
        let data = data.into();
        let mut headers = HeaderMap::new();
        if let Some(v) = content_type.and_then(|c| http::HeaderValue::from_str(c).ok()) {
            headers.insert(http::header::CONTENT_TYPE, v);
        }
        UploadFile {
            filename: filename.map(str::to_owned),
            content_type: content_type.map(str::to_owned),
            headers,
            size: data.len() as u64,
            data: Storage::Memory(data),
        }
    }

    pub(crate) fn new(filename: String, headers: HeaderMap, size: u64, data: Storage) -> Self {
        let content_type =
            headers.get(http::header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        UploadFile { filename: Some(filename), content_type, headers, size, data }
    }

    /// The file name the client gave.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The part's `content-type`, as sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// All the part's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// True when the contents were spooled to a temporary file.
    pub fn on_disk(&self) -> bool {
        matches!(self.data, Storage::Disk(_))
    }

    /// The temporary file holding the contents, when spooled (deleted with `self`).
    pub fn path(&self) -> Option<&Path> {
        match &self.data {
            Storage::Memory(_) => None,
            Storage::Disk(f) => Some(f.path()),
        }
    }

    /// Reads the whole contents into memory.
    pub async fn read(&self) -> io::Result<Vec<u8>> {
        match &self.data {
            Storage::Memory(b) => Ok(b.to_vec()),
            Storage::Disk(f) => tokio::fs::read(f.path()).await,
        }
    }

    /// A reader over the contents, to stream a large file (to disk, to a hash) without
    /// holding it in memory.
    pub async fn reader(&self) -> io::Result<UploadReader> {
        Ok(match &self.data {
            Storage::Memory(b) => UploadReader(ReaderInner::Memory(io::Cursor::new(b.clone()))),
            Storage::Disk(f) => UploadReader(ReaderInner::Disk(tokio::fs::File::open(f.path()).await?)),
        })
    }

    /// The contents, read where validation runs (synchronously): a spooled file is read
    /// off the async workers when the runtime has several.
    pub(crate) fn read_for_validation(&self) -> io::Result<Vec<u8>> {
        match &self.data {
            Storage::Memory(b) => Ok(b.to_vec()),
            Storage::Disk(f) => {
                let multi_thread = tokio::runtime::Handle::try_current()
                    .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
                if multi_thread {
                    tokio::task::block_in_place(|| std::fs::read(f.path()))
                } else {
                    std::fs::read(f.path())
                }
            }
        }
    }
}

/// An [`AsyncRead`] over an [`UploadFile`]'s contents (see [`UploadFile::reader`]).
///
/// ```
/// use brisk::forms::UploadFile;
/// use tokio::io::AsyncBufReadExt;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// let file = UploadFile::from_bytes(Some("rows.csv"), Some("text/csv"), "a,1\nb,2\n");
/// let mut lines = tokio::io::BufReader::new(file.reader().await?).lines();
/// let mut rows = Vec::new();
/// while let Some(line) = lines.next_line().await? {
///     rows.push(line);
/// }
/// assert_eq!(rows, ["a,1", "b,2"]);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct UploadReader(ReaderInner);

#[derive(Debug)]
enum ReaderInner {
    Memory(io::Cursor<Bytes>),
    Disk(tokio::fs::File),
}

impl AsyncRead for UploadReader {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match &mut self.0 {
            ReaderInner::Memory(c) => Pin::new(c).poll_read(cx, buf),
            ReaderInner::Disk(f) => Pin::new(f).poll_read(cx, buf),
        }
    }
}

/// Receives a file part: in memory up to `threshold` bytes, then in a temporary file
/// (written through tokio, off the async workers).
pub(crate) struct Spool {
    threshold: usize,
    memory: Vec<u8>,
    disk: Option<(tempfile::NamedTempFile, tokio::fs::File)>,
    size: u64,
}

impl Spool {
    pub(crate) fn new(threshold: usize) -> Self {
        Spool { threshold, memory: Vec::new(), disk: None, size: 0 }
    }

    /// Bytes received so far.
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    pub(crate) async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        self.size += chunk.len() as u64;
        if self.disk.is_none() && self.memory.len() + chunk.len() > self.threshold {
            let (named, file) = tokio::task::spawn_blocking(|| {
                let named = tempfile::NamedTempFile::new()?;
                let file = named.reopen()?;
                Ok::<_, io::Error>((named, file))
            })
            .await
            .map_err(io::Error::other)??;
            let mut file = tokio::fs::File::from_std(file);
            file.write_all(&std::mem::take(&mut self.memory)).await?;
            self.disk = Some((named, file));
        }
        match &mut self.disk {
            Some((_, file)) => file.write_all(chunk).await,
            None => {
                self.memory.extend_from_slice(chunk);
                Ok(())
            }
        }
    }

    pub(crate) async fn finish(self) -> io::Result<(u64, Storage)> {
        match self.disk {
            Some((named, mut file)) => {
                file.flush().await?;
                Ok((self.size, Storage::Disk(named)))
            }
            None => Ok((self.size, Storage::Memory(Bytes::from(self.memory)))),
        }
    }
}

/// A file's contents as bytes (FastAPI's `bytes = File()`): read whole into memory.
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/files/")]
/// async fn create_file(#[file] file: FileBytes) -> serde_json::Value {
///     serde_json::json!({"file_size": file.0.len()})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![create_file]));
/// let body = "--b\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n";
/// let res = client.post("/files/").header("content-type", "multipart/form-data; boundary=b").body(body).send().await;
/// assert_eq!(res.json::<serde_json::Value>(), serde_json::json!({"file_size": 5}));
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/request-files.md`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileBytes(pub Vec<u8>);

impl FileBytes {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(v: Vec<u8>) -> Self {
        FileBytes(v)
    }
}

/// Written as text, as pydantic serializes `bytes` (UTF-8, invalid bytes replaced).
impl serde::Serialize for FileBytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for FileBytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| FileBytes(s.into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn small_files_stay_in_memory() {
        let mut spool = Spool::new(8);
        spool.write(b"1234").await.unwrap();
        spool.write(b"5678").await.unwrap();
        let (size, data) = spool.finish().await.unwrap();
        assert_eq!(size, 8);
        assert!(matches!(data, Storage::Memory(ref b) if b.as_ref() == b"12345678"));
    }

    #[tokio::test]
    async fn large_files_are_spooled_and_deleted_on_drop() {
        let mut spool = Spool::new(4);
        for chunk in [&b"abc"[..], b"def", b"ghi"] {
            spool.write(chunk).await.unwrap();
        }
        let (size, data) = spool.finish().await.unwrap();
        let file = UploadFile::new("x.bin".into(), HeaderMap::new(), size, data);
        assert!(file.on_disk());
        assert_eq!(file.size(), 9);
        assert_eq!(file.read().await.unwrap(), b"abcdefghi");
        let mut streamed = Vec::new();
        file.reader().await.unwrap().read_to_end(&mut streamed).await.unwrap();
        assert_eq!(streamed, b"abcdefghi");
        assert_eq!(file.read_for_validation().unwrap(), b"abcdefghi");
        let path = file.path().unwrap().to_owned();
        assert!(path.exists());
        drop(file);
        assert!(!path.exists());
    }

    #[test]
    fn content_type_comes_from_the_part_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("image/png"));
        let f = UploadFile::new("a.png".into(), headers, 0, Storage::Memory(Bytes::new()));
        assert_eq!((f.filename(), f.content_type()), (Some("a.png"), Some("image/png")));
        assert!(!f.on_disk() && f.path().is_none());
    }
}
