//! API keys in a header, the query string or a cookie.

use serde_json::{Value, json};

use super::{SecurityDoc, SecurityScheme, not_authenticated};
use crate::error::HttpException;
use crate::request::Request;

macro_rules! api_key {
    ($(#[$doc:meta])* $name:ident, $default_name:literal, $in:literal, $read:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            name: &'static str,
            scheme_name: Option<&'static str>,
            auto_error: bool,
            not_authenticated: Option<fn() -> HttpException>,
        }

        impl $name {
            /// A key read from `name`.
            pub const fn new(name: &'static str) -> Self {
                $name { name, scheme_name: None, auto_error: true, not_authenticated: None }
            }
            /// Its name in OpenAPI (default: the type's FastAPI name).
            pub const fn scheme_name(mut self, name: &'static str) -> Self {
                self.scheme_name = Some(name);
                self
            }
            /// When false, a missing key gives `None` instead of a 401.
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

        impl SecurityDoc for $name {
            fn scheme_name(&self) -> &str {
                self.scheme_name.unwrap_or($default_name)
            }
            fn openapi(&self) -> Value {
                json!({"type": "apiKey", "in": $in, "name": self.name})
            }
        }

        impl SecurityScheme for $name {
            type Credentials = String;
            fn credentials(&self, req: &Request) -> Result<Option<String>, HttpException> {
                let read: fn(&Request, &str) -> Option<String> = $read;
                match read(req, self.name) {
                    Some(v) if !v.is_empty() => Ok(Some(v)),
                    _ if self.auto_error => Err(not_authenticated(self.not_authenticated, "APIKey")),
                    _ => Ok(None),
                }
            }
        }
    };
}

api_key!(
    /// An API key in a request header (FastAPI's `APIKeyHeader`).
    ///
    /// ```
    /// use brisk::prelude::*;
    /// use brisk::security::ApiKeyHeader;
    ///
    /// static API_KEY: ApiKeyHeader = ApiKeyHeader::new("x-api-key");
    ///
    /// #[get("/items/")]
    /// async fn items(#[security(API_KEY)] key: String) -> String {
    ///     key
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = TestClient::new(App::new().routes(routes![items]));
    /// assert_eq!(client.get("/items/").header("x-api-key", "k1").send().await.json::<String>(), "k1");
    /// assert_eq!(client.get("/items/").send().await.status(), 401);
    /// # }
    /// ```
    ApiKeyHeader,
    "APIKeyHeader",
    "header",
    |req, name| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
);
api_key!(
    /// An API key in the query string (FastAPI's `APIKeyQuery`).
    ///
    /// ```
    /// use brisk::prelude::*;
    /// use brisk::security::ApiKeyQuery;
    ///
    /// static API_KEY: ApiKeyQuery = ApiKeyQuery::new("api_key").auto_error(false);
    ///
    /// #[get("/items/")]
    /// async fn items(#[security(API_KEY)] key: Option<String>) -> Json<Option<String>> {
    ///     Json(key)
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = TestClient::new(App::new().routes(routes![items]));
    /// assert_eq!(client.get("/items/?api_key=k1").send().await.text(), "\"k1\"");
    /// assert_eq!(client.get("/items/").send().await.text(), "null");
    /// # }
    /// ```
    ApiKeyQuery,
    "APIKeyQuery",
    "query",
    |req, name| crate::request::query_pairs(req.query_str()).filter(|(k, _)| k == name).last().map(|(_, v)| v.into_owned())
);
api_key!(
    /// An API key in a cookie (FastAPI's `APIKeyCookie`).
    ///
    /// ```
    /// use brisk::prelude::*;
    /// use brisk::security::ApiKeyCookie;
    ///
    /// static SESSION: ApiKeyCookie = ApiKeyCookie::new("session");
    ///
    /// #[get("/me")]
    /// async fn me(#[security(SESSION)] session: String) -> String {
    ///     session
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = TestClient::new(App::new().routes(routes![me]));
    /// assert_eq!(client.get("/me").header("cookie", "session=abc").send().await.json::<String>(), "abc");
    /// # }
    /// ```
    ApiKeyCookie,
    "APIKeyCookie",
    "cookie",
    |req, name| {
        req.headers().get_all(::http::header::COOKIE).iter().filter_map(|h| h.to_str().ok()).find_map(|h| {
            h.split(';').filter_map(|p| p.split_once('=')).find(|(k, _)| k.trim() == name).map(|(_, v)| v.trim().to_owned())
        })
    }
);
