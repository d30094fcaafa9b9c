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

pub use crate::operation::SecurityDoc;
pub use crate::params::SecurityScopes;
pub use api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
pub use http::{HttpAuthorizationCredentials, HttpBasic, HttpBasicCredentials, HttpBearer};
pub use oauth2::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, OpenIdConnect, password_request_form};

use crate::error::HttpException;
use crate::request::Request;

/// A security scheme: how credentials are read, and how the scheme is documented.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a security scheme",
    label = "not a security scheme",
    note = "#[security(SCHEME)] takes a `static` of a scheme type (`OAuth2PasswordBearer`, `HttpBasic`, \
            `HttpBearer`, `ApiKeyHeader`, ..., or a `LazyLock` of one); for a function, use #[depends(f)]"
)]
///
/// Implement it (with [`SecurityDoc`]) for a scheme of your own; a `static` of it goes
/// in `#[security(..)]`:
///
/// ```
/// use brisk::prelude::*;
/// use brisk::operation::SecurityDoc;
/// use brisk::security::SecurityScheme;
///
/// /// A token in the `x-token` header.
/// #[derive(Debug)]
/// struct XToken;
///
/// impl SecurityDoc for XToken {
///     fn scheme_name(&self) -> &str {
///         "XToken"
///     }
///     fn openapi(&self) -> serde_json::Value {
///         serde_json::json!({"type": "apiKey", "in": "header", "name": "x-token"})
///     }
/// }
///
/// impl SecurityScheme for XToken {
///     type Credentials = String;
///     fn credentials(&self, req: &Request) -> Result<Option<String>, HttpException> {
///         match req.headers().get("x-token").and_then(|v| v.to_str().ok()) {
///             Some(token) => Ok(Some(token.to_owned())),
///             None => Err(HttpException::new(401, "Not authenticated")),
///         }
///     }
/// }
///
/// static X_TOKEN: XToken = XToken;
///
/// #[get("/items/")]
/// async fn items(#[security(X_TOKEN)] token: String) -> String {
///     token
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![items]));
/// assert_eq!(client.get("/items/").header("x-token", "t").send().await.json::<String>(), "t");
/// assert_eq!(client.get("/items/").send().await.status(), 401);
/// let doc = client.get("/openapi.json").send().await.json::<serde_json::Value>();
/// assert_eq!(doc["components"]["securitySchemes"]["XToken"]["name"], "x-token");
/// # }
/// ```
pub trait SecurityScheme: SecurityDoc {
    /// The credentials it produces.
    type Credentials: Clone + Send + Sync + 'static;

    /// Reads the credentials. `Ok(None)` when they are absent and the scheme does not
    /// fail on its own (`auto_error = false`).
    fn credentials(&self, req: &Request) -> Result<Option<Self::Credentials>, HttpException>;
}

/// A scheme built at first use, for values known only at run time (a token URL read from
/// settings): `static S: LazyLock<OAuth2PasswordBearer> = LazyLock::new(|| ..)`.
impl<S: SecurityDoc + Send> SecurityDoc for std::sync::LazyLock<S> {
    fn scheme_name(&self) -> &str {
        (**self).scheme_name()
    }
    fn openapi(&self) -> serde_json::Value {
        (**self).openapi()
    }
}

impl<S: SecurityScheme + Send> SecurityScheme for std::sync::LazyLock<S> {
    type Credentials = S::Credentials;
    fn credentials(&self, req: &Request) -> Result<Option<Self::Credentials>, HttpException> {
        (**self).credentials(req)
    }
}

/// The credentials a `#[security(..)]` parameter receives: the scheme's credentials,
/// or `Option` of them for a scheme with `auto_error = false`.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{HttpAuthorizationCredentials, HttpBearer};
///
/// static OPTIONAL: HttpBearer = HttpBearer::new().auto_error(false);
///
/// #[get("/whoami")]
/// async fn whoami(#[security(OPTIONAL)] credentials: Option<HttpAuthorizationCredentials>) -> String {
///     credentials.map_or("anonymous".into(), |c| c.credentials)
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![whoami]));
/// assert_eq!(client.get("/whoami").send().await.json::<String>(), "anonymous");
/// let res = client.get("/whoami").header("authorization", "Bearer abc").send().await;
/// assert_eq!(res.json::<String>(), "abc");
/// # }
/// ```
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
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{HttpAuthorizationCredentials, HttpBearer, extract};
///
/// static BEARER: HttpBearer = HttpBearer::new().auto_error(false);
///
/// #[get("/whoami")]
/// async fn whoami(request: Request) -> Result<String, HttpException> {
///     let credentials: Option<HttpAuthorizationCredentials> = extract(&BEARER, &request)?;
///     Ok(credentials.map_or("anonymous".into(), |c| c.credentials))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![whoami]));
/// assert_eq!(client.get("/whoami").header("authorization", "Bearer t").send().await.json::<String>(), "t");
/// assert_eq!(client.get("/whoami").send().await.json::<String>(), "anonymous");
/// # }
/// ```
pub fn extract<S: SecurityScheme, T: FromCredentials<S::Credentials>>(
    scheme: &S,
    req: &Request,
) -> Result<T, HttpException> {
    T::from_credentials(scheme.credentials(req)?)
}

/// Reads a scheme's credentials for a `#[security(..)]` parameter: `Err` is the 401
/// that stops the request (used by the macros).
#[doc(hidden)]
pub fn param<S: SecurityScheme, T: FromCredentials<S::Credentials>>(
    scheme: &S,
    req: &Request,
) -> Result<Option<T>, crate::response::HttpResponse> {
    extract(scheme, req).map(Some).map_err(crate::response::IntoResponse::into_response)
}

/// The `Authorization` header split into scheme and credentials, case-insensitively.
pub(crate) fn authorization(req: &Request) -> Option<(String, String)> {
    let value = req.headers().get(::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    Some((scheme.to_owned(), rest.trim().to_owned()))
}

/// The error for missing credentials: the scheme's own, or FastAPI's 401
/// `Not authenticated` with `WWW-Authenticate: challenge`.
pub(crate) fn not_authenticated(custom: Option<fn() -> HttpException>, challenge: &str) -> HttpException {
    match custom {
        Some(error) => error(),
        None => unauthorized("Not authenticated", challenge),
    }
}

/// A 401 with `WWW-Authenticate`.
pub(crate) fn unauthorized(detail: &str, challenge: &str) -> HttpException {
    HttpException::new(401, detail).header("www-authenticate", challenge)
}
