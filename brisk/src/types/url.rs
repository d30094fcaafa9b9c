//! `HttpUrl`: pydantic's `HttpUrl`, an absolute `http` or `https` URL of at most 2083
//! characters, normalized by the `url` crate (WHATWG URL parsing, as pydantic-core).
//!
//! ```
//! use brisk::types::HttpUrl;
//!
//! assert_eq!(HttpUrl::parse("HTTPS://Example.com/a/../b").unwrap().as_str(), "https://example.com/b");
//! assert!(HttpUrl::parse("/relative").is_err());
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Invalid;

/// The longest URL `HttpUrl` accepts, as pydantic.
///
/// ```
/// use brisk::model::ModelValidate;
/// use brisk::types::HttpUrl;
///
/// let long = format!("https://example.com/{}", "a".repeat(brisk::types::url::MAX_LENGTH));
/// assert!(HttpUrl::model_validate(&serde_json::json!(long)).is_err());
/// assert!(HttpUrl::model_validate(&serde_json::json!("https://example.com/")).is_ok());
/// ```
pub const MAX_LENGTH: usize = 2083;

/// An absolute `http`/`https` URL.
///
/// ```
/// use brisk::types::HttpUrl;
/// let u = HttpUrl::parse("https://example.com").unwrap();
/// assert_eq!(u.as_str(), "https://example.com/");
/// assert!(HttpUrl::parse("ftp://example.com").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HttpUrl(url::Url);

impl HttpUrl {
    /// Parses and checks a URL, with pydantic's errors.
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        if s.chars().count() > MAX_LENGTH {
            return Err(Invalid::new("url_too_long", format!("URL should have at most {MAX_LENGTH} characters"))
                .with_ctx("max_length", MAX_LENGTH));
        }
        let parsing = |error: String| {
            Invalid::new("url_parsing", format!("Input should be a valid URL, {error}")).with_ctx("error", error)
        };
        if s.is_empty() {
            return Err(parsing("input is empty".to_owned()));
        }
        let url = url::Url::parse(s).map_err(|e| parsing(e.to_string()))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(Invalid::new("url_scheme", "URL scheme should be 'http' or 'https'")
                .with_ctx("expected_schemes", "'http' or 'https'"));
        }
        if !url.has_host() {
            return Err(parsing(url::ParseError::EmptyHost.to_string()));
        }
        Ok(HttpUrl(url))
    }

    /// The normalized URL text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The parsed URL.
    pub fn url(&self) -> &url::Url {
        &self.0
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HttpUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        HttpUrl::parse(&s).map_err(|e| serde::de::Error::custom(e.msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pydantic_errors() {
        assert_eq!(HttpUrl::parse("not a url").unwrap_err().kind, "url_parsing");
        assert_eq!(HttpUrl::parse("mailto:a@b.c").unwrap_err().kind, "url_scheme");
        let long = format!("https://e.com/{}", "a".repeat(2100));
        assert_eq!(HttpUrl::parse(&long).unwrap_err().kind, "url_too_long");
        assert_eq!(HttpUrl::parse("https://example.com/api").unwrap().as_str(), "https://example.com/api");
        assert_eq!(HttpUrl::parse("").unwrap_err().msg, "Input should be a valid URL, input is empty");
        assert_eq!(HttpUrl::parse("http:///").unwrap_err().msg, "Input should be a valid URL, empty host");
    }
}
