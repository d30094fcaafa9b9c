//! `Base64Bytes`: bytes carried in JSON as base64 (pydantic's `bytes` with
//! `ser_json_bytes="base64"` / `val_json_bytes="base64"`).

use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::{DecodeError, Engine, alphabet};
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
    /// Decodes base64 text as pydantic does for `val_json_bytes="base64"`: the URL-safe
    /// alphabet, or the standard one when the text has a `+` or `/`; padding optional.
    /// A failure is `bytes_invalid_encoding` with the decoder's message.
    ///
    /// ```
    /// use brisk::types::Base64Bytes;
    /// assert_eq!(Base64Bytes::decode("aGk").unwrap().as_slice(), b"hi");        // no padding
    /// assert_eq!(Base64Bytes::decode("-_8=").unwrap().as_slice(), b"\xfb\xff");  // URL-safe
    /// assert_eq!(Base64Bytes::decode("+/8=").unwrap().as_slice(), b"\xfb\xff");  // standard
    /// ```
    pub fn decode(s: &str) -> Result<Self, Invalid> {
        const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
            &alphabet::URL_SAFE,
            GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
        );
        const STANDARD_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
            &alphabet::STANDARD,
            GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
        );
        let decoded = URL_SAFE.decode(s).or_else(|e| match e {
            DecodeError::InvalidByte(_, b'/' | b'+') => STANDARD_ANY_PADDING.decode(s),
            e => Err(e),
        });
        decoded.map(Base64Bytes).map_err(|e| {
            let error = match e {
                // pydantic-core's decoder describes the symbol and the bits it decoded to.
                DecodeError::InvalidLastSymbol(offset, byte) => format!(
                    "Invalid last symbol {byte:#04x} ('{}') at offset {offset}, decoded as {:#010b}.",
                    char::from(byte),
                    sextet(byte)
                ),
                e => e.to_string(),
            };
            Invalid::new("bytes_invalid_encoding", format!("Data should be valid base64: {error}"))
                .with_ctx("encoding", "base64")
                .with_ctx("encoding_error", error)
        })
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

/// The six bits a base64 symbol stands for (either alphabet).
fn sextet(symbol: u8) -> u8 {
    match symbol {
        b'A'..=b'Z' => symbol - b'A',
        b'a'..=b'z' => symbol - b'a' + 26,
        b'0'..=b'9' => symbol - b'0' + 52,
        b'+' | b'-' => 62,
        _ => 63,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_as_pydantic_core() {
        for (text, want) in [("aGk=", "hi"), ("aGk", "hi"), ("bUc_N2Q=", "mG?7d"), ("bUc/N2Q", "mG?7d"), ("", "")] {
            assert_eq!(Base64Bytes::decode(text).map(|b| b.0).ok(), Some(want.as_bytes().to_vec()), "{text:?}");
        }
        let e = Base64Bytes::decode("AB=").unwrap_err();
        assert_eq!(e.kind, "bytes_invalid_encoding");
        assert_eq!(
            e.msg,
            "Data should be valid base64: Invalid last symbol 0x42 ('B') at offset 1, decoded as 0b00000001."
        );
        assert_eq!(
            Base64Bytes::decode("RFhqQzgxWQ==AB").unwrap_err().msg,
            "Data should be valid base64: Invalid symbol 61, offset 10."
        );
    }
}
