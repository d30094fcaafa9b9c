//! `Base64Bytes`: bytes carried in JSON as base64 (pydantic's `bytes` with
//! `ser_json_bytes="base64"` / `val_json_bytes="base64"`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Invalid;

/// Binary data, base64 in JSON.
///
/// ```
/// use brisk::types::Base64Bytes;
/// let b = Base64Bytes::decode("aGVsbG8=").unwrap();
/// assert_eq!(b.as_slice(), b"hello");
/// assert_eq!(serde_json::to_string(&b).unwrap(), "\"aGVsbG8=\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// Decodes base64 text, with pydantic's error.
    pub fn decode(s: &str) -> Result<Self, Invalid> {
        STANDARD.decode(s.as_bytes()).map(Base64Bytes).map_err(|e| {
            Invalid::new("bytes_invalid_encoding", format!("Data should be valid base64: {e}"))
                .with_ctx("encoding", "base64")
                .with_ctx("encoding_error", e.to_string())
        })
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Base64Bytes::decode(&s).map_err(|e| serde::de::Error::custom(e.msg))
    }
}
