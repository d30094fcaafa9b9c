//! Parsing `multipart/form-data` bodies with `multer`, streaming and bounded.
//!
//! Parts are read as they arrive: text fields into memory (at most
//! [`FormLimits::max_part_size`](super::FormLimits) each), files through a
//! [`Spool`] that moves them to disk past the spool threshold. Counts and sizes are
//! checked as Starlette checks them, with Starlette's messages.

use bytes::Bytes;
use futures_util::Stream;

use super::{FormError, FormLimits, FormValue};
use crate::upload::{Spool, UploadFile};

/// Starlette's answer to a part with no `name`.
const NAME_REQUIRED: &str = "The Content-Disposition header field \"name\" must be provided.";

/// Parses a multipart body whose `content-type` is `content_type`; the whole stream may
/// hold at most `body_limit` bytes.
pub(super) async fn parse<S, E>(
    stream: S,
    content_type: &str,
    limits: &FormLimits,
    body_limit: u64,
) -> Result<Vec<(String, FormValue)>, FormError>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
{
    let boundary =
        multer::parse_boundary(content_type).map_err(|_| FormError::bad("Missing boundary in multipart."))?;
    let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(body_limit));
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, constraints);
    let (mut files, mut fields) = (0usize, 0usize);
    let mut out = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(from_multer)? {
        let Some(name) = field.name().map(str::to_owned) else { return Err(FormError::bad(NAME_REQUIRED)) };
        match field.file_name().map(str::to_owned) {
            Some(filename) => {
                files += 1;
                if files > limits.max_files {
                    let msg = format!("Too many files. Maximum number of files is {}.", limits.max_files);
                    return Err(FormError::bad(msg));
                }
                let headers = field.headers().clone();
                let mut spool = Spool::new(limits.spool_threshold);
                while let Some(chunk) = field.chunk().await.map_err(from_multer)? {
                    if spool.size() + chunk.len() as u64 > limits.max_file_size {
                        let msg = format!("File exceeded maximum size of {}KB.", limits.max_file_size / 1024);
                        return Err(FormError::FileTooLarge(msg));
                    }
                    spool.write(&chunk).await.map_err(FormError::Io)?;
                }
                let (size, data) = spool.finish().await.map_err(FormError::Io)?;
                out.push((name, FormValue::File(UploadFile::new(filename, headers, size, data))));
            }
            None => {
                fields += 1;
                if fields > limits.max_fields {
                    let msg = format!("Too many fields. Maximum number of fields is {}.", limits.max_fields);
                    return Err(FormError::bad(msg));
                }
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(from_multer)? {
                    if text.len() + chunk.len() > limits.max_part_size {
                        let msg = format!("Part exceeded maximum size of {}KB.", limits.max_part_size / 1024);
                        return Err(FormError::bad(msg));
                    }
                    text.extend_from_slice(&chunk);
                }
                out.push((name, FormValue::Text(decode(text))));
            }
        }
    }
    Ok(out)
}

/// Text as UTF-8, or Latin-1 when it is not (Starlette's `_user_safe_decode`).
fn decode(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| e.into_bytes().iter().map(|&b| char::from(b)).collect())
}

/// A body over the limit is 413; anything else malformed is FastAPI's generic 400.
fn from_multer(e: multer::Error) -> FormError {
    match e {
        multer::Error::StreamSizeExceeded { .. } => FormError::TooLarge,
        _ => FormError::bad(super::PARSE_ERROR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/form-data; boundary=b";

    fn stream(body: &'static [u8]) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        // Two-byte chunks: every boundary and header is split across reads.
        futures_util::stream::iter(body.chunks(2).map(|c| Ok(Bytes::from_static(c))))
    }

    async fn run(body: &'static [u8], limits: FormLimits) -> Result<Vec<(String, FormValue)>, FormError> {
        parse(stream(body), CT, &limits, u64::MAX).await
    }

    fn bad(r: Result<Vec<(String, FormValue)>, FormError>) -> String {
        match r {
            Err(FormError::Invalid(m)) => m.into_owned(),
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    const TWO_PARTS: &[u8] = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n\
        --b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\n\
        0123456789\r\n--b--\r\n";

    #[tokio::test]
    async fn fields_and_files_in_order() {
        let parts = run(TWO_PARTS, FormLimits::new()).await.unwrap();
        assert_eq!(parts.len(), 2);
        assert!(matches!(&parts[0], (n, FormValue::Text(t)) if n == "a" && t == "hello"));
        let (name, FormValue::File(f)) = &parts[1] else { panic!("not a file") };
        assert_eq!(
            (name.as_str(), f.filename(), f.content_type(), f.size()),
            ("f", Some("x.txt"), Some("text/plain"), 10)
        );
        assert_eq!(f.read().await.unwrap(), b"0123456789");
    }

    #[tokio::test]
    async fn limits_answer_with_starlettes_messages() {
        let few = FormLimits::new().max_fields(0);
        assert_eq!(bad(run(TWO_PARTS, few).await), "Too many fields. Maximum number of fields is 0.");
        let few = FormLimits::new().max_files(0);
        assert_eq!(bad(run(TWO_PARTS, few).await), "Too many files. Maximum number of files is 0.");
        let small = FormLimits::new().max_part_size(2048);
        assert!(run(TWO_PARTS, small).await.is_ok());
        let tiny = FormLimits::new().max_part_size(4);
        assert_eq!(bad(run(TWO_PARTS, tiny).await), "Part exceeded maximum size of 0KB.");
        let r = run(TWO_PARTS, FormLimits::new().max_file_size(9)).await;
        assert!(matches!(r, Err(FormError::FileTooLarge(_))));
        let r = parse(stream(TWO_PARTS), CT, &FormLimits::new(), 20).await;
        assert!(matches!(r, Err(FormError::TooLarge)));
    }

    #[tokio::test]
    async fn broken_bodies_are_400() {
        let missing = parse(stream(TWO_PARTS), "multipart/form-data", &FormLimits::new(), u64::MAX).await;
        assert_eq!(bad(missing), "Missing boundary in multipart.");
        let truncated = run(b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhel", FormLimits::new()).await;
        assert_eq!(bad(truncated), super::super::PARSE_ERROR);
        assert_eq!(bad(run(b"garbage", FormLimits::new()).await), super::super::PARSE_ERROR);
        let nameless = run(b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n", FormLimits::new()).await;
        assert_eq!(bad(nameless), NAME_REQUIRED);
    }

    #[test]
    fn text_falls_back_to_latin1() {
        assert_eq!(decode("é".as_bytes().to_vec()), "é");
        assert_eq!(decode(vec![0x63, 0x61, 0x66, 0xe9]), "café");
    }
}
