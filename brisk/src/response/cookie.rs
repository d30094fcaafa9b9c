//! `Cookie`: a `set-cookie` value with Starlette's attributes and formatting.

use std::fmt;

/// A cookie to set (Starlette's `set_cookie` arguments). Path `/` and SameSite `lax`
/// by default, as in Starlette.
///
/// ```
/// use brisk::response::Cookie;
/// let c = Cookie::new("fakesession", "fake-cookie-session-value");
/// assert_eq!(c.to_string(), "fakesession=fake-cookie-session-value; Path=/; SameSite=lax");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    name: String,
    value: String,
    max_age: Option<i64>,
    expires: Option<String>,
    path: Option<String>,
    domain: Option<String>,
    secure: bool,
    http_only: bool,
    same_site: Option<String>,
    partitioned: bool,
}

impl Cookie {
    /// A cookie with Starlette's defaults.
    pub fn new(name: &str, value: &str) -> Self {
        Cookie {
            name: name.to_owned(),
            value: value.to_owned(),
            max_age: None,
            expires: None,
            path: Some("/".into()),
            domain: None,
            secure: false,
            http_only: false,
            same_site: Some("lax".into()),
            partitioned: false,
        }
    }
    /// `Max-Age`, in seconds.
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age = Some(seconds);
        self
    }
    /// `expires`, an HTTP date.
    pub fn expires(mut self, date: &str) -> Self {
        self.expires = Some(date.to_owned());
        self
    }
    /// `Path` (`None` leaves it out).
    pub fn path(mut self, path: Option<&str>) -> Self {
        self.path = path.map(str::to_owned);
        self
    }
    /// `Domain`.
    pub fn domain(mut self, domain: &str) -> Self {
        self.domain = Some(domain.to_owned());
        self
    }
    /// `Secure`.
    pub fn secure(mut self, on: bool) -> Self {
        self.secure = on;
        self
    }
    /// `HttpOnly`.
    pub fn http_only(mut self, on: bool) -> Self {
        self.http_only = on;
        self
    }
    /// `SameSite`: `lax`, `strict` or `none` (`None` leaves it out).
    pub fn same_site(mut self, policy: Option<&str>) -> Self {
        self.same_site = policy.map(str::to_owned);
        self
    }
    /// `Partitioned`.
    pub fn partitioned(mut self, on: bool) -> Self {
        self.partitioned = on;
        self
    }
}

impl fmt::Display for Cookie {
    /// Formats as Python's `http.cookies` does for Starlette: attributes sorted by name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        if let Some(d) = &self.domain {
            write!(f, "; Domain={d}")?;
        }
        if let Some(e) = &self.expires {
            write!(f, "; expires={e}")?;
        }
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if let Some(m) = self.max_age {
            write!(f, "; Max-Age={m}")?;
        }
        if self.partitioned {
            f.write_str("; Partitioned")?;
        }
        if let Some(p) = &self.path {
            write!(f, "; Path={p}")?;
        }
        if let Some(s) = &self.same_site {
            write!(f, "; SameSite={s}")?;
        }
        if self.secure {
            f.write_str("; Secure")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_python_order() {
        let c =
            Cookie::new("a", "b").max_age(10).http_only(true).secure(true).domain("x.org").same_site(Some("strict"));
        assert_eq!(c.to_string(), "a=b; Domain=x.org; HttpOnly; Max-Age=10; Path=/; SameSite=strict; Secure");
        assert_eq!(Cookie::new("a", "b").path(None).same_site(None).to_string(), "a=b");
    }
}
