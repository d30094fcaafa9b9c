//! Multipart bodies, streamed in arbitrary chunks under arbitrary limits: never a panic;
//! a well-formed body built from parts parses back to those parts.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use brisk::forms::{FormLimits, FormValue};
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

static RT: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"));

const BOUNDARY: &str = "brisk-fuzz-7MA4YWxkTrZu0gW";

#[derive(Arbitrary, Debug)]
struct Part {
    name: Option<String>,
    filename: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
enum Input {
    /// Parts written out well-formed, then perhaps damaged.
    Parts { parts: Vec<Part>, cut: Option<u16>, tail: Vec<u8> },
    /// Any bytes under any content type.
    Raw { content_type: String, body: Vec<u8> },
}

#[derive(Arbitrary, Debug)]
struct Case {
    input: Input,
    chunk: u8,
    max_fields: u8,
    max_files: u8,
    max_part_size: u16,
    spool_small: bool,
    body_limit: u16,
}

/// A name multer and Starlette both read back unchanged from a quoted header parameter.
fn plain(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

fn build(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data").as_bytes());
        if let Some(n) = &p.name {
            out.extend_from_slice(format!("; name=\"{n}\"").as_bytes());
        }
        if let Some(f) = &p.filename {
            out.extend_from_slice(format!("; filename=\"{f}\"").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        if let Some(ct) = &p.content_type {
            out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&p.body);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

fuzz_target!(|case: Case| {
    let ct_multipart = format!("multipart/form-data; boundary={BOUNDARY}");
    let (content_type, body, expect) = match &case.input {
        Input::Parts { parts, cut, tail } => {
            let mut body = build(parts);
            let whole = cut.is_none() && tail.is_empty();
            if let Some(cut) = cut {
                body.truncate(usize::from(*cut));
            }
            body.extend_from_slice(tail);
            let clean = whole
                && parts.iter().all(|p| {
                    p.name.as_deref().is_some_and(plain)
                        && p.filename.as_deref().is_none_or(plain)
                        && p.content_type.as_deref().is_none_or(plain)
                        && !p.body.windows(BOUNDARY.len()).any(|w| w == BOUNDARY.as_bytes())
                });
            (ct_multipart, body, clean.then_some(parts))
        }
        Input::Raw { content_type, body } => (content_type.clone(), body.clone(), None),
    };
    let limits = FormLimits::new()
        .max_fields(usize::from(case.max_fields))
        .max_files(usize::from(case.max_files))
        .max_part_size(usize::from(case.max_part_size))
        .spool_threshold(if case.spool_small { 16 } else { 1 << 20 });
    let chunk = usize::from(case.chunk.max(1));
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        body.chunks(chunk).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let stream = brisk::Body::from_stream(http_body_util_stream(chunks));
    let body_limit = usize::from(case.body_limit) * 16;
    let parsed = RT.block_on(brisk::forms::parse(&content_type, stream, &limits, body_limit));
    let Some(parts) = expect else { return };
    let fits = body.len() <= body_limit
        && parts.iter().filter(|p| p.filename.is_none()).count() <= usize::from(case.max_fields)
        && parts.iter().filter(|p| p.filename.is_some()).count() <= usize::from(case.max_files)
        && parts.iter().filter(|p| p.filename.is_none()).all(|p| p.body.len() <= usize::from(case.max_part_size));
    if !fits {
        return;
    }
    let (form, _) = parsed.unwrap_or_else(|e| panic!("a well-formed body was refused: {e:?}"));
    let got: Vec<(&str, &FormValue)> = form.iter().collect();
    assert_eq!(got.len(), parts.len());
    for ((name, value), part) in got.into_iter().zip(parts) {
        assert_eq!(Some(name), part.name.as_deref());
        match value {
            FormValue::Text(t) => {
                assert!(part.filename.is_none());
                // UTF-8, else Latin-1 (Starlette's `_user_safe_decode`).
                let want = String::from_utf8(part.body.clone())
                    .unwrap_or_else(|_| part.body.iter().map(|&b| char::from(b)).collect());
                assert_eq!(*t, want);
            }
            FormValue::File(f) => {
                assert_eq!(f.filename(), part.filename.as_deref());
                assert_eq!(f.content_type(), part.content_type.as_deref());
                assert_eq!(f.size(), part.body.len() as u64);
                let read = RT.block_on(f.read()).expect("the file reads back");
                assert_eq!(read, part.body);
            }
        }
    }
});

/// The chunks as an `http_body::Body` stream of data frames.
fn http_body_util_stream(
    chunks: Vec<Result<Bytes, std::io::Error>>,
) -> http_body_util::StreamBody<impl futures_util::Stream<Item = Result<http_body::Frame<Bytes>, std::io::Error>>> {
    http_body_util::StreamBody::new(futures_util::stream::iter(
        chunks.into_iter().map(|c| c.map(http_body::Frame::data)),
    ))
}
