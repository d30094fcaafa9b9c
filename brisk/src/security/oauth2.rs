//! OAuth2 password bearer and OpenID Connect schemes.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use super::{SecurityDoc, SecurityScheme, authorization, not_authenticated};
use crate::error::HttpException;
use crate::request::Request;

/// OAuth2 with the password flow: a bearer token in `Authorization`, obtained from
/// `token_url` (FastAPI's `OAuth2PasswordBearer`).
///
/// A `static` built by `const` methods; for values known only at run time (a token URL
/// from settings), a `LazyLock` of one, set with the `with_` methods:
///
/// ```
/// use std::sync::LazyLock;
/// use brisk::prelude::*;
/// use brisk::security::OAuth2PasswordBearer;
///
/// fn auth_server() -> String {
///     std::env::var("AUTH_SERVER").unwrap_or_else(|_| "https://auth.example.com".into())
/// }
///
/// static OAUTH2: LazyLock<OAuth2PasswordBearer> =
///     LazyLock::new(|| OAuth2PasswordBearer::new("token").with_token_url(format!("{}/token", auth_server())));
///
/// #[get("/items/")]
/// async fn read_items(#[security(OAUTH2)] token: String) -> Json<String> {
///     Json(token)
/// }
/// # let _ = routes![read_items];
/// ```
#[derive(Debug)]
pub struct OAuth2PasswordBearer {
    token_url: Cow<'static, str>,
    scopes: &'static [(&'static str, &'static str)],
    scheme_name: Option<&'static str>,
    description: Option<&'static str>,
    auto_error: bool,
    not_authenticated: Option<fn() -> HttpException>,
}

impl OAuth2PasswordBearer {
    /// A scheme whose token is obtained at `token_url`.
    pub const fn new(token_url: &'static str) -> Self {
        OAuth2PasswordBearer {
            token_url: Cow::Borrowed(token_url),
            scopes: &[],
            scheme_name: None,
            description: None,
            auto_error: true,
            not_authenticated: None,
        }
    }
    /// The token URL, known at run time (e.g. from settings).
    pub fn with_token_url(mut self, token_url: impl Into<Cow<'static, str>>) -> Self {
        self.token_url = token_url.into();
        self
    }

    /// The scopes it knows, with their descriptions.
    pub const fn scopes(mut self, scopes: &'static [(&'static str, &'static str)]) -> Self {
        self.scopes = scopes;
        self
    }
    /// Its name in OpenAPI (default `OAuth2PasswordBearer`).
    pub const fn scheme_name(mut self, name: &'static str) -> Self {
        self.scheme_name = Some(name);
        self
    }
    /// Its description in OpenAPI.
    pub const fn description(mut self, d: &'static str) -> Self {
        self.description = Some(d);
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

impl SecurityDoc for OAuth2PasswordBearer {
    fn scheme_name(&self) -> &str {
        self.scheme_name.unwrap_or("OAuth2PasswordBearer")
    }
    fn openapi(&self) -> Value {
        let scopes: Map<String, Value> = self.scopes.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
        let mut doc = json!({"type": "oauth2", "flows": {"password": {"scopes": scopes, "tokenUrl": self.token_url}}});
        if let Some(d) = self.description {
            doc["description"] = d.into();
        }
        doc
    }
}

impl SecurityScheme for OAuth2PasswordBearer {
    type Credentials = String;
    fn credentials(&self, req: &Request) -> Result<Option<String>, HttpException> {
        match authorization(req) {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(Some(token)),
            _ if self.auto_error => Err(not_authenticated(self.not_authenticated, "Bearer")),
            _ => Ok(None),
        }
    }
}

/// OpenID Connect: the raw `Authorization` header, documented with the discovery URL.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::OpenIdConnect;
///
/// static OIDC: OpenIdConnect = OpenIdConnect::new("https://example.com/.well-known/openid-configuration");
///
/// #[get("/me")]
/// async fn me(#[security(OIDC)] authorization: String) -> String {
///     authorization
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![me]));
/// let res = client.get("/me").header("authorization", "Bearer abc").send().await;
/// assert_eq!(res.json::<String>(), "Bearer abc");
/// let doc = client.get("/openapi.json").send().await.json::<serde_json::Value>();
/// assert_eq!(doc["components"]["securitySchemes"]["OpenIdConnect"]["type"], "openIdConnect");
/// # }
/// ```
#[derive(Debug)]
pub struct OpenIdConnect {
    url: Cow<'static, str>,
    scheme_name: Option<&'static str>,
    auto_error: bool,
    not_authenticated: Option<fn() -> HttpException>,
}

impl OpenIdConnect {
    /// A scheme described at the OpenID Connect discovery `url`.
    pub const fn new(url: &'static str) -> Self {
        OpenIdConnect { url: Cow::Borrowed(url), scheme_name: None, auto_error: true, not_authenticated: None }
    }
    /// The discovery URL, known at run time (in a `LazyLock`, as for
    /// [`OAuth2PasswordBearer`]).
    pub fn with_url(mut self, url: impl Into<Cow<'static, str>>) -> Self {
        self.url = url.into();
        self
    }
    /// Its name in OpenAPI (default `OpenIdConnect`).
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

impl SecurityDoc for OpenIdConnect {
    fn scheme_name(&self) -> &str {
        self.scheme_name.unwrap_or("OpenIdConnect")
    }
    fn openapi(&self) -> Value {
        json!({"type": "openIdConnect", "openIdConnectUrl": self.url})
    }
}

impl SecurityScheme for OpenIdConnect {
    type Credentials = String;
    fn credentials(&self, req: &Request) -> Result<Option<String>, HttpException> {
        match req.headers().get(::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
            Some(v) => Ok(Some(v.to_owned())),
            None if self.auto_error => Err(not_authenticated(self.not_authenticated, "Bearer")),
            None => Ok(None),
        }
    }
}

/// The form of OAuth2's password flow (FastAPI's `OAuth2PasswordRequestForm`): take it
/// with `#[depends(password_request_form)] form: OAuth2PasswordRequestForm`.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{OAuth2PasswordRequestForm, password_request_form};
///
/// #[post("/token")]
/// async fn login(#[depends(password_request_form)] form: OAuth2PasswordRequestForm) -> serde_json::Value {
///     serde_json::json!({"username": form.username, "scopes": form.scopes})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![login]));
/// let res = client.post("/token").form(&[("username", "johndoe"), ("password", "secret"), ("scope", "me items")]).send().await;
/// assert_eq!(res.json::<serde_json::Value>(), serde_json::json!({"username": "johndoe", "scopes": ["me", "items"]}));
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/security/simple-oauth2.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth2PasswordRequestForm {
    /// `grant_type`, `password` when given.
    pub grant_type: Option<String>,
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
    /// The requested scopes (the space-separated `scope` field).
    pub scopes: Vec<String>,
    /// `client_id`.
    pub client_id: Option<String>,
    /// `client_secret`.
    pub client_secret: Option<String>,
}

/// Reads an [`OAuth2PasswordRequestForm`] from the form body; its fields are documented
/// in the operation's form schema.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::security::{OAuth2PasswordRequestForm, password_request_form};
///
/// #[post("/token")]
/// async fn login(#[depends(password_request_form)] form: OAuth2PasswordRequestForm) -> String {
///     form.username
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![login]));
/// let res = client.post("/token").form(&[("username", "johndoe"), ("password", "secret")]).send().await;
/// assert_eq!(res.json::<String>(), "johndoe");
/// assert_eq!(client.post("/token").form(&[("username", "johndoe")]).send().await.status(), 422);
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/security/simple-oauth2.md`.
#[crate::dependency]
pub async fn password_request_form(
    #[form(pattern = "^password$")] grant_type: Option<String>,
    #[form] username: String,
    #[form(format = "password")] password: String,
    #[form(default = "")] scope: String,
    #[form] client_id: Option<String>,
    #[form(format = "password")] client_secret: Option<String>,
) -> OAuth2PasswordRequestForm {
    let scopes = scope.split_whitespace().map(str::to_owned).collect();
    OAuth2PasswordRequestForm { grant_type, username, password, scopes, client_id, client_secret }
}
