//! Security schemes (FastAPI's `fastapi.security`): each is a dependency that reads
//! credentials from the request, answers FastAPI's 401 with `WWW-Authenticate` when they
//! are missing, and documents itself in OpenAPI (`components.securitySchemes` and the
//! operation's `security`, with the OAuth2 scopes required along the dependency chain).
//!
//! Declare a scheme as a `static` and take its credentials with `#[security(SCHEME)]`:
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::security::OAuth2PasswordBearer;
//!
//! static OAUTH2: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token");
//!
//! #[get("/items/")]
//! async fn read_items(#[security(OAUTH2)] token: String) -> Json<String> {
//!     Json(token)
//! }
//! # let _ = routes![read_items];
//! ```

mod api_key;
mod http;
mod oauth2;

pub use api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
pub use http::{HttpAuthorizationCredentials, HttpBasic, HttpBasicCredentials, HttpBearer};
pub use oauth2::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, OpenIdConnect, password_request_form};

use serde_json::Value;

use crate::error::HttpException;
use crate::request::RequestCtx;

/// A security scheme: how credentials are read, and how the scheme is documented.
pub trait SecurityScheme: SecurityDoc {
    /// The credentials it produces.
    type Credentials: Clone + Send + Sync + 'static;

    /// Reads the credentials. `Ok(None)` when they are absent and the scheme does not
    /// fail on its own (`auto_error = false`).
    fn credentials(&self, req: &RequestCtx) -> Result<Option<Self::Credentials>, HttpException>;
}

/// The OpenAPI side of a security scheme; object safe, so dependency declarations can
/// point at any scheme.
pub trait SecurityDoc: Sync + std::fmt::Debug {
    /// Its name in `components.securitySchemes` (FastAPI: the class name, or
    /// `scheme_name`).
    fn scheme_name(&self) -> &str;
    /// Its `securitySchemes` entry.
    fn openapi(&self) -> Value;
}

/// The credentials a `#[security(..)]` parameter receives: the scheme's credentials,
/// or `Option` of them for a scheme with `auto_error = false`.
pub trait FromCredentials<C>: Sized {
    /// Converts; `None` is only possible for schemes that do not fail on their own.
    fn from_credentials(c: Option<C>) -> Result<Self, HttpException>;
}

impl<C> FromCredentials<C> for C {
    fn from_credentials(c: Option<C>) -> Result<Self, HttpException> {
        c.ok_or_else(not_authenticated_plain)
    }
}

impl<C> FromCredentials<C> for Option<C> {
    fn from_credentials(c: Option<C>) -> Result<Self, HttpException> {
        Ok(c)
    }
}

fn not_authenticated_plain() -> HttpException {
    HttpException::new(401, "Not authenticated")
}

/// Reads a scheme's credentials as the parameter's type (used by the macros).
pub fn extract<S: SecurityScheme, T: FromCredentials<S::Credentials>>(
    scheme: &S,
    req: &RequestCtx,
) -> Result<T, HttpException> {
    T::from_credentials(scheme.credentials(req)?)
}

/// Checks a scheme's credentials for a dependency whose value is unused: `Some` is the
/// 401 to answer (used by the macros).
pub fn check<S: SecurityScheme>(scheme: &S, req: &RequestCtx) -> Option<crate::response::HttpResponse> {
    match scheme.credentials(req) {
        Ok(Some(_)) => None,
        Ok(None) => None,
        Err(e) => Some(req.http_exception(e)),
    }
}

/// The scopes required by the dependants of the current dependency, outermost first
/// (FastAPI's `SecurityScopes`): take it as a parameter of a dependency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityScopes {
    scopes: Vec<String>,
}

impl SecurityScopes {
    /// The scopes, in the order they were required.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The scopes separated by spaces, as in `WWW-Authenticate: Bearer scope="..."`.
    pub fn scope_str(&self) -> String {
        self.scopes.join(" ")
    }

    pub(crate) fn from_stack(stack: &[&'static str]) -> Self {
        SecurityScopes { scopes: stack.iter().map(|s| s.to_string()).collect() }
    }
}

/// The `Authorization` header split into scheme and credentials, case-insensitively.
pub(crate) fn authorization(req: &RequestCtx) -> Option<(String, String)> {
    let value = req.headers().get(::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    Some((scheme.to_owned(), rest.trim().to_owned()))
}

/// A 401 with `WWW-Authenticate`.
pub(crate) fn unauthorized(detail: &str, challenge: &str) -> HttpException {
    HttpException::new(401, detail).header("www-authenticate", challenge)
}
