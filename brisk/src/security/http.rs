//! HTTP authentication schemes: Basic and Bearer.

use base64::Engine;
use serde_json::{Value, json};

use super::{SecurityDoc, SecurityScheme, authorization, not_authenticated};
use crate::error::HttpException;
use crate::request::Request;

/// Username and password from HTTP Basic authentication.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{HttpBasic, HttpBasicCredentials};
///
/// static SECURITY: HttpBasic = HttpBasic::new();
///
/// #[get("/users/me")]
/// async fn me(#[security(SECURITY)] credentials: HttpBasicCredentials) -> String {
///     format!("{}:{}", credentials.username, credentials.password)
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![me]));
/// // base64 of "stanley:swordfish"
/// let res = client.get("/users/me").header("authorization", "Basic c3RhbmxleTpzd29yZGZpc2g=").send().await;
/// assert_eq!(res.json::<String>(), "stanley:swordfish");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/security/http-basic-auth.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpBasicCredentials {
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
}

/// HTTP Basic authentication (FastAPI's `HTTPBasic`). Compare passwords in constant time
/// (for example with `subtle`), as the tutorial does with `secrets.compare_digest`.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{HttpBasic, HttpBasicCredentials};
///
/// static SECURITY: HttpBasic = HttpBasic::new();
///
/// #[get("/users/me")]
/// async fn me(#[security(SECURITY)] credentials: HttpBasicCredentials) -> String {
///     credentials.username
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![me]));
/// let res = client.get("/users/me").header("authorization", "Basic am9objpzZWNyZXQ=").send().await;
/// assert_eq!(res.json::<String>(), "john");
/// let res = client.get("/users/me").send().await;
/// assert_eq!((res.status(), res.header("www-authenticate")), (401, Some("Basic")));
/// # }
/// ```
///
/// Guide: `guide/src/advanced/security/http-basic-auth.md`.
#[derive(Debug)]
pub struct HttpBasic {
    realm: Option<&'static str>,
    scheme_name: Option<&'static str>,
    auto_error: bool,
    not_authenticated: Option<fn() -> HttpException>,
}

impl HttpBasic {
    /// The scheme.
    pub const fn new() -> Self {
        HttpBasic { realm: None, scheme_name: None, auto_error: true, not_authenticated: None }
    }
    /// The realm in `WWW-Authenticate`.
    pub const fn realm(mut self, realm: &'static str) -> Self {
        self.realm = Some(realm);
        self
    }
    /// Its name in OpenAPI (default `HTTPBasic`).
    pub const fn scheme_name(mut self, name: &'static str) -> Self {
        self.scheme_name = Some(name);
        self
    }
    /// When false, missing credentials give `None` instead of a 401.
    pub const fn auto_error(mut self, on: bool) -> Self {
        self.auto_error = on;
        self
    }
    /// Answers missing credentials with this error instead of the 401 with
    /// `WWW-Authenticate` (FastAPI: a subclass overriding `make_not_authenticated_error`).
    pub const fn not_authenticated_error(mut self, error: fn() -> HttpException) -> Self {
        self.not_authenticated = Some(error);
        self
    }
    /// The `WWW-Authenticate` challenge of this scheme.
    pub fn challenge(&self) -> String {
        match self.realm {
            Some(r) => format!("Basic realm=\"{r}\""),
            None => "Basic".into(),
        }
    }
}

impl Default for HttpBasic {
    fn default() -> Self {
        Self::new()
    }
}

impl SecurityDoc for HttpBasic {
    fn scheme_name(&self) -> &str {
        self.scheme_name.unwrap_or("HTTPBasic")
    }
    fn openapi(&self) -> Value {
        json!({"type": "http", "scheme": "basic"})
    }
}

impl SecurityScheme for HttpBasic {
    type Credentials = HttpBasicCredentials;
    fn credentials(&self, req: &Request) -> Result<Option<HttpBasicCredentials>, HttpException> {
        let fail = || {
            if self.auto_error { Err(not_authenticated(self.not_authenticated, &self.challenge())) } else { Ok(None) }
        };
        let Some((scheme, param)) = authorization(req) else { return fail() };
        if !scheme.eq_ignore_ascii_case("basic") {
            return fail();
        }
        let decoded = base64::engine::general_purpose::STANDARD.decode(param.as_bytes()).ok();
        let text = decoded.and_then(|d| String::from_utf8(d).ok());
        match text.as_deref().and_then(|t| t.split_once(':')) {
            Some((u, p)) => Ok(Some(HttpBasicCredentials { username: u.to_owned(), password: p.to_owned() })),
            None => Err(not_authenticated(self.not_authenticated, &self.challenge())),
        }
    }
}

/// The scheme and credentials of an `Authorization` header.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{HttpAuthorizationCredentials, HttpBearer};
///
/// static BEARER: HttpBearer = HttpBearer::new();
///
/// #[get("/me")]
/// async fn me(#[security(BEARER)] credentials: HttpAuthorizationCredentials) -> String {
///     format!("{} {}", credentials.scheme, credentials.credentials)
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![me]));
/// let res = client.get("/me").header("authorization", "bearer abc").send().await;
/// assert_eq!(res.json::<String>(), "bearer abc");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAuthorizationCredentials {
    /// The scheme, e.g. `Bearer`.
    pub scheme: String,
    /// The credentials (the token).
    pub credentials: String,
}

/// HTTP Bearer authentication (FastAPI's `HTTPBearer`).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{HttpAuthorizationCredentials, HttpBearer};
///
/// static BEARER: HttpBearer = HttpBearer::new();
///
/// #[get("/me")]
/// async fn me(#[security(BEARER)] credentials: HttpAuthorizationCredentials) -> String {
///     credentials.credentials
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![me]));
/// let res = client.get("/me").header("authorization", "Bearer secret-token").send().await;
/// assert_eq!(res.json::<String>(), "secret-token");
/// assert_eq!(client.get("/me").send().await.status(), 401);
/// # }
/// ```
///
/// Guide: `guide/src/how-to/authentication-error-status-code.md`.
#[derive(Debug)]
pub struct HttpBearer {
    scheme_name: Option<&'static str>,
    auto_error: bool,
    not_authenticated: Option<fn() -> HttpException>,
}

impl HttpBearer {
    /// The scheme.
    pub const fn new() -> Self {
        HttpBearer { scheme_name: None, auto_error: true, not_authenticated: None }
    }
    /// Its name in OpenAPI (default `HTTPBearer`).
    pub const fn scheme_name(mut self, name: &'static str) -> Self {
        self.scheme_name = Some(name);
        self
    }
    /// When false, missing credentials give `None` instead of a 401.
    pub const fn auto_error(mut self, on: bool) -> Self {
        self.auto_error = on;
        self
    }
    /// Answers missing credentials with this error instead of the 401 with
    /// `WWW-Authenticate` (FastAPI: a subclass overriding `make_not_authenticated_error`).
    pub const fn not_authenticated_error(mut self, error: fn() -> HttpException) -> Self {
        self.not_authenticated = Some(error);
        self
    }
}

impl Default for HttpBearer {
    fn default() -> Self {
        Self::new()
    }
}

impl SecurityDoc for HttpBearer {
    fn scheme_name(&self) -> &str {
        self.scheme_name.unwrap_or("HTTPBearer")
    }
    fn openapi(&self) -> Value {
        json!({"type": "http", "scheme": "bearer"})
    }
}

impl SecurityScheme for HttpBearer {
    type Credentials = HttpAuthorizationCredentials;
    fn credentials(&self, req: &Request) -> Result<Option<HttpAuthorizationCredentials>, HttpException> {
        match authorization(req) {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() => {
                Ok(Some(HttpAuthorizationCredentials { scheme, credentials: token }))
            }
            _ if self.auto_error => Err(not_authenticated(self.not_authenticated, "Bearer")),
            _ => Ok(None),
        }
    }
}
