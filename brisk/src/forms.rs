//! Forms and file uploads (FastAPI's `Form`, `File`, `UploadFile`).
//!
//! A route with `#[form]` or `#[file]` parameters parses its body once as
//! `application/x-www-form-urlencoded` or `multipart/form-data` (with the `multer`
//! crate, streaming: a file part larger than 1 MiB is spooled to a temporary file instead
//! of being held in memory). The number of parts and the size of the body are bounded;
//! a broken multipart body answers 400.

use std::io::Write;

use bytes::Bytes;
use futures_util::StreamExt;
use http::HeaderMap;
use http_body_util::BodyExt;
use serde_json::{Value, json};

use crate::body::BodyError;
use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::model::{Constrained, Constraints, JsonSchema, Validate, record};
use crate::openapi::SchemaGenerator;
use crate::request::RequestCtx;
use crate::response::HttpResponse;

/// A file part kept in memory up to this size, then spooled to disk.
pub const SPOOL_THRESHOLD: usize = 1024 * 1024;
/// The most parts a multipart body may have.
pub const MAX_PARTS: usize = 1000;

/// An uploaded file (FastAPI's `UploadFile`).
#[derive(Debug)]
pub struct UploadFile {
    filename: Option<String>,
    content_type: Option<String>,
    headers: HeaderMap,
    size: u64,
    data: Storage,
}

#[derive(Debug)]
enum Storage {
    Memory(Bytes),
    Disk(tempfile::NamedTempFile),
}

impl UploadFile {
    /// The file name the client gave.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }
    /// The part's content type.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
    /// The part's headers.
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
    /// Reads the whole contents.
    pub async fn read(&self) -> std::io::Result<Vec<u8>> {
        match &self.data {
            Storage::Memory(b) => Ok(b.to_vec()),
            Storage::Disk(f) => tokio::fs::read(f.path()).await,
        }
    }
    fn read_now(&self) -> std::io::Result<Vec<u8>> {
        match &self.data {
            Storage::Memory(b) => Ok(b.to_vec()),
            Storage::Disk(f) => std::fs::read(f.path()),
        }
    }
}

/// A file's contents as bytes (FastAPI's `bytes = File()`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileBytes(pub Vec<u8>);

/// One value of a parsed form.
#[derive(Debug)]
pub enum FormValue {
    /// A text field.
    Text(String),
    /// A file part.
    File(UploadFile),
}

/// A parsed form: its fields in order (a name may repeat).
#[derive(Debug, Default)]
pub struct FormData {
    fields: Vec<(String, FormValue)>,
}

impl FormData {
    /// The text values of `name`.
    pub fn texts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(k, _)| k == name).filter_map(|(_, v)| match v {
            FormValue::Text(t) => Some(t.as_str()),
            FormValue::File(_) => None,
        })
    }
    /// All text fields.
    pub fn all_texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().filter_map(|(k, v)| match v {
            FormValue::Text(t) => Some((k.as_str(), t.as_str())),
            FormValue::File(_) => None,
        })
    }
    /// Takes the file parts named `name`.
    pub fn take_files(&mut self, name: &str) -> Vec<UploadFile> {
        let mut out = Vec::new();
        let mut rest = Vec::with_capacity(self.fields.len());
        for (k, v) in self.fields.drain(..) {
            match v {
                FormValue::File(f) if k == name => out.push(f),
                v => rest.push((k, v)),
            }
        }
        self.fields = rest;
        out
    }
}

fn parse_error() -> HttpResponse {
    crate::exceptions::http_exception_response(&crate::HttpException::new(400, "There was an error parsing the body"))
}

/// Parses the request body as a form, by its content type; other bodies give no fields.
pub(crate) async fn parse(ctx: &mut RequestCtx) -> Result<FormData, HttpResponse> {
    let content_type = ctx.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => {
            let bytes = ctx.read_body().await.map_err(|e| crate::exceptions::body_error_response(&e))?;
            let fields =
                form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), FormValue::Text(v.into_owned()))).collect();
            Ok(FormData { fields })
        }
        "multipart/form-data" => {
            let Ok(boundary) = multer::parse_boundary(content_type) else { return Err(parse_error()) };
            let limit = ctx.app.body_limit as u64;
            let body = ctx.take_body();
            let stream = body.into_data_stream().map(|r| r.map_err(std::io::Error::other));
            let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(limit));
            let mut multipart = multer::Multipart::with_constraints(stream, boundary, constraints);
            let mut data = FormData::default();
            loop {
                let field = match multipart.next_field().await {
                    Ok(Some(f)) => f,
                    Ok(None) => break,
                    Err(multer::Error::StreamSizeExceeded { .. }) => {
                        return Err(crate::exceptions::body_error_response(&BodyError::TooLarge));
                    }
                    Err(_) => return Err(parse_error()),
                };
                if data.fields.len() >= MAX_PARTS {
                    return Err(crate::exceptions::http_exception_response(&crate::HttpException::new(
                        400,
                        format!("Too many parts: at most {MAX_PARTS}"),
                    )));
                }
                let name = field.name().unwrap_or("").to_owned();
                match field.file_name().map(str::to_owned) {
                    None => {
                        let text = field.text().await.map_err(|_| parse_error())?;
                        data.fields.push((name, FormValue::Text(text)));
                    }
                    Some(filename) => {
                        let file = receive_file(field, filename).await?;
                        data.fields.push((name, FormValue::File(file)));
                    }
                }
            }
            Ok(data)
        }
        _ => Ok(FormData::default()),
    }
}

/// Reads a file part, in memory up to [`SPOOL_THRESHOLD`], then into a temporary file.
async fn receive_file(mut field: multer::Field<'static>, filename: String) -> Result<UploadFile, HttpResponse> {
    let content_type = field.content_type().map(|m| m.to_string());
    let headers = field.headers().clone();
    let mut memory: Vec<u8> = Vec::new();
    let mut disk: Option<tempfile::NamedTempFile> = None;
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(|e| match e {
        multer::Error::StreamSizeExceeded { .. } => crate::exceptions::body_error_response(&BodyError::TooLarge),
        _ => parse_error(),
    })? {
        size += chunk.len() as u64;
        match &mut disk {
            Some(f) => f.write_all(&chunk).map_err(|_| crate::response::internal_error("spooling an upload failed"))?,
            None if memory.len() + chunk.len() > SPOOL_THRESHOLD => {
                let mut f = tempfile::NamedTempFile::new()
                    .map_err(|_| crate::response::internal_error("no temporary file for an upload"))?;
                f.write_all(&memory)
                    .and_then(|_| f.write_all(&chunk))
                    .map_err(|_| crate::response::internal_error("spooling an upload failed"))?;
                memory = Vec::new();
                disk = Some(f);
            }
            None => memory.extend_from_slice(&chunk),
        }
    }
    let data = match disk {
        Some(f) => Storage::Disk(f),
        None => Storage::Memory(Bytes::from(memory)),
    };
    Ok(UploadFile { filename: Some(filename), content_type, headers, size, data })
}

fn not_a_file(v: &Value, loc: &[LocItem], errors: &mut ValidationErrors) -> Option<UploadFile> {
    record(
        Invalid::new("value_error", "Value error, Expected UploadFile, received: <class 'str'>")
            .with_ctx("error", json!({})),
        v.clone(),
        loc,
        errors,
    )
}

impl Validate for UploadFile {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        not_a_file(v, loc, errors)
    }
    fn validate_files(
        files: Vec<UploadFile>,
        _: &Constraints,
        _: &mut Vec<LocItem>,
        _: &mut ValidationErrors,
    ) -> Option<Self> {
        files.into_iter().last()
    }
}

impl Validate for FileBytes {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        match v {
            Value::String(s) => Some(FileBytes(s.as_bytes().to_vec())),
            v => not_a_file(v, loc, errors).map(|_| FileBytes::default()),
        }
    }
    fn validate_files(
        files: Vec<UploadFile>,
        _: &Constraints,
        _: &mut Vec<LocItem>,
        _: &mut ValidationErrors,
    ) -> Option<Self> {
        files.into_iter().last().and_then(|f| f.read_now().ok()).map(FileBytes)
    }
}

impl JsonSchema for UploadFile {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string", "contentMediaType": "application/octet-stream"})
    }
}

impl JsonSchema for FileBytes {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string", "contentMediaType": "application/octet-stream"})
    }
}

impl Constrained for UploadFile {}
impl Constrained for FileBytes {}

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

    #[test]
    fn form_data_lookups() {
        let mut f = FormData {
            fields: vec![
                ("a".into(), FormValue::Text("1".into())),
                ("a".into(), FormValue::Text("2".into())),
                (
                    "f".into(),
                    FormValue::File(UploadFile {
                        filename: Some("x".into()),
                        content_type: None,
                        headers: HeaderMap::new(),
                        size: 1,
                        data: Storage::Memory(Bytes::from_static(b"x")),
                    }),
                ),
            ],
        };
        assert_eq!(f.texts("a").collect::<Vec<_>>(), vec!["1", "2"]);
        assert_eq!(f.take_files("f").len(), 1);
        assert!(f.take_files("f").is_empty());
        assert_eq!(f.all_texts().count(), 2);
    }
}
