//! Header values and cookies as text, for the parameters that read them.
//!
//! A header value is bytes; Starlette reads them as latin-1, so FastAPI never fails on
//! one but hands a handler `"Ã©"` for a UTF-8 `é`. brisk reads them as UTF-8 (what
//! clients send in practice; ASCII, the common case, reads the same both ways), and a
//! value that is not UTF-8 is a validation error in pydantic's shape — `string_unicode`,
//! with the value read as latin-1 for its `input` — never silently replaced bytes.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/")]
//! async fn agent(#[header] user_agent: String) -> String {
//!     user_agent
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![agent]));
//! let res = client.get("/").header("user-agent", "café").send().await;
//! assert_eq!(res.json::<String>(), "café");
//! # }
//! ```

use std::borrow::Cow;

use serde_json::Value;

use crate::error::Invalid;

/// pydantic's error for bytes that are not UTF-8, with the bytes as its input.
///
/// ```
/// let (error, input): brisk::header_text::NotText = brisk::header_text::not_text(b"\xff");
/// assert_eq!((error.kind.as_ref(), input), ("string_unicode", serde_json::json!("ÿ")));
/// ```
pub type NotText = (Invalid, Value);

/// The value as UTF-8 text, or pydantic's `string_unicode` error.
///
/// ```
/// use brisk::header_text::text;
/// assert_eq!(text(b"caf\xc3\xa9").unwrap(), "café");
/// let (error, input) = text(b"caf\xe9").unwrap_err();
/// assert_eq!((error.kind.as_ref(), input), ("string_unicode", serde_json::json!("café")));
/// ```
pub fn text(bytes: &[u8]) -> Result<&str, NotText> {
    std::str::from_utf8(bytes).map_err(|_| not_text(bytes))
}

/// The error of a value that is not UTF-8: its input is the value as Starlette reads it.
///
/// ```
/// let (error, input) = brisk::header_text::not_text(b"caf\xe9");
/// assert_eq!((error.kind.as_ref(), input), ("string_unicode", serde_json::json!("café")));
/// ```
pub fn not_text(bytes: &[u8]) -> NotText {
    let e =
        Invalid::new("string_unicode", "Input should be a valid string, unable to parse raw data as a unicode string");
    (e, Value::String(latin1(bytes)))
}

/// The bytes read as latin-1 (every byte one character), as Starlette decodes headers.
///
/// ```
/// assert_eq!(brisk::header_text::latin1(b"caf\xe9"), "café");
/// ```
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The `name=value` pairs of one `Cookie` header, names and values trimmed, as bytes (a
/// value that is not UTF-8 fails only the parameter reading it).
///
/// ```
/// let pairs: Vec<_> = brisk::header_text::cookie_pairs(b"ads_id=abc; session = 1").collect();
/// assert_eq!(pairs, [(&b"ads_id"[..], &b"abc"[..]), (&b"session"[..], &b"1"[..])]);
/// ```
pub fn cookie_pairs(header: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    header.split(|b| *b == b';').filter_map(|chunk| {
        let eq = chunk.iter().position(|b| *b == b'=')?;
        Some((chunk[..eq].trim_ascii(), chunk[eq + 1..].trim_ascii()))
    })
}

/// A cookie's value as text: unquoted, then percent-decoded when that gives UTF-8 (else
/// kept as sent, as Starlette keeps it); not UTF-8 as sent: the `string_unicode` error.
///
/// ```
/// use brisk::header_text::cookie_value;
/// assert_eq!(cookie_value(b"\"hello%20world\"").unwrap(), "hello world");
/// assert!(cookie_value(b"\xff").is_err());
/// ```
pub fn cookie_value(raw: &[u8]) -> Result<Cow<'_, str>, NotText> {
    let s = text(raw)?.trim_matches('"');
    Ok(match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded,
        Err(_) => Cow::Borrowed(s),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_split_and_decoded() {
        let pairs: Vec<_> = cookie_pairs(b"a=1; b = \"x%20y\" ;junk; c=caf\xe9").collect();
        assert_eq!(pairs, [(&b"a"[..], &b"1"[..]), (b"b", b"\"x%20y\""), (b"c", b"caf\xe9")]);
        assert_eq!(cookie_value(pairs[1].1).unwrap(), "x y");
        assert_eq!(cookie_value(b"%FF").unwrap(), "%FF");
        let (e, input) = cookie_value(pairs[2].1).unwrap_err();
        assert_eq!((e.kind.as_ref(), input), ("string_unicode", Value::from("café")));
    }
}
