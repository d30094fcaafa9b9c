//! Security schemes through the whole app: credentials, FastAPI's 401 answers, scopes,
//! and the OpenAPI document.

use brisk::prelude::*;
use brisk::security::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpAuthorizationCredentials, HttpBasic, HttpBasicCredentials, HttpBearer,
    OAuth2PasswordBearer, OpenIdConnect,
};
use serde_json::{Value, json};

static OAUTH2: OAuth2PasswordBearer =
    OAuth2PasswordBearer::new("token").scopes(&[("me", "Read yourself."), ("items", "Read items.")]);
static OPTIONAL_OAUTH2: OAuth2PasswordBearer =
    OAuth2PasswordBearer::new("token").scheme_name("Optional").auto_error(false);
static BASIC: HttpBasic = HttpBasic::new().realm("store");
static BEARER: HttpBearer = HttpBearer::new();
static KEY_HEADER: ApiKeyHeader = ApiKeyHeader::new("x-api-key");
static KEY_QUERY: ApiKeyQuery = ApiKeyQuery::new("api_key");
static KEY_COOKIE: ApiKeyCookie = ApiKeyCookie::new("session");
static OIDC: OpenIdConnect = OpenIdConnect::new("https://example.com/.well-known/openid-configuration");

#[dependency]
async fn current_user(scopes: SecurityScopes, #[security(OAUTH2)] token: String) -> Result<String, HttpException> {
    let granted: Vec<&str> = token.split(',').collect();
    for s in scopes.scopes() {
        if !granted.contains(&s.as_str()) {
            let challenge = format!("Bearer scope=\"{}\"", scopes.scope_str());
            return Err(HttpException::new(401, "Not enough permissions").header("www-authenticate", &challenge));
        }
    }
    Ok(token)
}

#[dependency]
async fn active_user(#[depends(current_user, scopes = ["me"])] user: String) -> String {
    user
}

#[get("/me/items")]
async fn my_items(#[depends(active_user, scopes = ["items"])] user: String) -> Value {
    json!({"user": user})
}

#[get("/maybe")]
async fn maybe(#[security(OPTIONAL_OAUTH2)] token: Option<String>) -> Value {
    json!({"token": token})
}

#[get("/basic")]
async fn basic(#[security(BASIC)] c: HttpBasicCredentials) -> Value {
    json!([c.username, c.password])
}

#[get("/bearer")]
async fn bearer(#[security(BEARER)] c: HttpAuthorizationCredentials) -> Value {
    json!([c.scheme, c.credentials])
}

#[get("/keys")]
async fn keys(
    #[security(KEY_HEADER)] h: String,
    #[security(KEY_QUERY)] q: String,
    #[security(KEY_COOKIE)] c: String,
) -> Value {
    json!([h, q, c])
}

#[get("/oidc")]
async fn oidc(#[security(OIDC)] auth: String) -> Value {
    json!(auth)
}

fn client() -> TestClient {
    TestClient::new(App::new().routes(routes![my_items, maybe, basic, bearer, keys, oidc]))
}

#[tokio::test]
async fn scopes_flow_down_the_dependency_chain() {
    let c = client();
    let res = c.get("/me/items").header("authorization", "Bearer me,items").send().await;
    assert_eq!(res.json::<Value>(), json!({"user": "me,items"}));
    let res = c.get("/me/items").header("authorization", "Bearer me").send().await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer scope=\"items me\""));
    let res = c.get("/me/items").send().await;
    assert_eq!((res.status(), res.header("www-authenticate")), (401, Some("Bearer")));
    assert_eq!(res.json::<Value>(), json!({"detail": "Not authenticated"}));
}

#[tokio::test]
async fn optional_credentials_are_none_when_absent() {
    let c = client();
    assert_eq!(c.get("/maybe").send().await.json::<Value>(), json!({"token": null}));
    let res = c.get("/maybe").header("authorization", "bearer abc").send().await;
    assert_eq!(res.json::<Value>(), json!({"token": "abc"}));
}

#[tokio::test]
async fn http_basic_and_bearer() {
    let c = client();
    let res = c.get("/basic").header("authorization", "Basic am9objpzZWNyZXQ=").send().await;
    assert_eq!(res.json::<Value>(), json!(["john", "secret"]));
    let res = c.get("/basic").header("authorization", "Basic !!!").send().await;
    assert_eq!((res.status(), res.header("www-authenticate")), (401, Some("Basic realm=\"store\"")));
    let res = c.get("/bearer").header("authorization", "Bearer tok").send().await;
    assert_eq!(res.json::<Value>(), json!(["Bearer", "tok"]));
    assert_eq!(c.get("/bearer").header("authorization", "Basic x").send().await.status(), 401);
}

#[tokio::test]
async fn api_keys_and_openid_connect() {
    let c = client();
    let res = c.get("/keys?api_key=q1").header("x-api-key", "h1").header("cookie", "a=b; session=c1").send().await;
    assert_eq!(res.json::<Value>(), json!(["h1", "q1", "c1"]));
    let res = c.get("/keys?api_key=q1").header("cookie", "session=c1").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (401, json!({"detail": "Not authenticated"})));
    let res = c.get("/oidc").header("authorization", "Bearer t").send().await;
    assert_eq!(res.json::<Value>(), json!("Bearer t"));
}

#[tokio::test]
async fn schemes_and_requirements_are_documented() {
    let doc: Value = client().get("/openapi.json").send().await.json();
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["OAuth2PasswordBearer"]["flows"]["password"]["scopes"]["me"], "Read yourself.");
    assert_eq!(schemes["HTTPBasic"], json!({"type": "http", "scheme": "basic"}));
    assert_eq!(schemes["APIKeyQuery"], json!({"type": "apiKey", "in": "query", "name": "api_key"}));
    assert_eq!(schemes["OpenIdConnect"]["type"], "openIdConnect");
    assert_eq!(doc["paths"]["/me/items"]["get"]["security"], json!([{"OAuth2PasswordBearer": ["items", "me"]}]));
    assert_eq!(doc["paths"]["/maybe"]["get"]["security"], json!([{"Optional": []}]));
    assert_eq!(doc["paths"]["/keys"]["get"]["security"].as_array().map(Vec::len), Some(3));
}

/// A token URL known only at run time (as FastAPI's `OAuth2PasswordBearer(tokenUrl=
/// settings.token_url)`): a `LazyLock` of the scheme.
static RUNTIME_OAUTH2: std::sync::LazyLock<OAuth2PasswordBearer> = std::sync::LazyLock::new(|| {
    let base = ["https://auth", "example", "com"].join(".");
    OAuth2PasswordBearer::new("token").scheme_name("Runtime").with_token_url(format!("{base}/token"))
});

#[get("/runtime")]
async fn runtime_scheme(#[security(RUNTIME_OAUTH2)] token: String) -> Value {
    json!(token)
}

#[tokio::test]
async fn a_scheme_configured_at_run_time() {
    let c = TestClient::new(App::new().routes(routes![runtime_scheme]));
    let res = c.get("/runtime").header("authorization", "Bearer abc").send().await;
    assert_eq!(res.json::<Value>(), json!("abc"));
    let res = c.get("/runtime").send().await;
    assert_eq!((res.status(), res.header("www-authenticate")), (401, Some("Bearer")));
    let doc = c.get("/openapi.json").send().await.json::<Value>();
    assert_eq!(
        doc["components"]["securitySchemes"]["Runtime"],
        json!({"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": "https://auth.example.com/token"}}})
    );
    assert_eq!(doc["paths"]["/runtime"]["get"]["security"], json!([{"Runtime": []}]));
}

#[dependency]
async fn token_checked(#[security(OAUTH2, scopes = ["items"])] token: String) -> String {
    token
}

#[get("/twice", dependencies = [token_checked])]
async fn twice(#[depends(current_user, scopes = ["me"])] user: String) -> Value {
    json!(user)
}

#[tokio::test]
async fn a_scheme_reached_twice_is_listed_once_with_all_scopes() {
    let c = TestClient::new(App::new().routes(routes![twice]));
    let doc = c.get("/openapi.json").send().await.json::<Value>();
    assert_eq!(doc["paths"]["/twice"]["get"]["security"], json!([{"OAuth2PasswordBearer": ["items", "me"]}]));
}

fn forbidden() -> HttpException {
    HttpException::new(403, "Not authenticated")
}

static BEARER_403: HttpBearer = HttpBearer::new().scheme_name("HTTPBearer403").not_authenticated_error(forbidden);
static KEY_403: ApiKeyHeader = ApiKeyHeader::new("x-key").not_authenticated_error(forbidden);
static OAUTH2_403: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token").not_authenticated_error(forbidden);

#[get("/me")]
async fn me(
    #[security(BEARER_403)] c: HttpAuthorizationCredentials,
    #[security(KEY_403)] key: String,
    #[security(OAUTH2_403)] _token: String,
) -> Value {
    json!({"token": c.credentials, "key": key})
}

#[tokio::test]
async fn a_scheme_may_answer_missing_credentials_with_its_own_error() {
    let c = TestClient::new(App::new().routes(routes![me]));
    let res = c.get("/me").send().await;
    assert_eq!((res.status(), res.header("www-authenticate")), (403, None));
    assert_eq!(res.json::<Value>(), json!({"detail": "Not authenticated"}));
    let res = c.get("/me").header("authorization", "Bearer t").send().await;
    assert_eq!((res.status(), res.header("www-authenticate")), (403, None));
    let res = c.get("/me").header("authorization", "Bearer t").header("x-key", "k").send().await;
    assert_eq!(res.json::<Value>(), json!({"token": "t", "key": "k"}));
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(doc["components"]["securitySchemes"]["HTTPBearer403"], json!({"type": "http", "scheme": "bearer"}));
}
