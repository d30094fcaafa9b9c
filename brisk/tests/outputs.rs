//! Ways of answering: response models and their filters, the injected response, cookies,
//! streaming and file responses, custom classes, unions, exception handlers.

use std::convert::Infallible;

use brisk::prelude::*;
use brisk::response::CustomClass;
use serde_json::{Value, json};

#[derive(Model)]
struct UserIn {
    name: String,
    password: String,
    #[field(default = "en")]
    lang: String,
    nick: Option<String>,
}

#[derive(Model)]
struct UserOut {
    name: String,
    #[field(default = "en")]
    lang: String,
    nick: Option<String>,
}

#[post("/users", response_model = UserOut)]
async fn create_user(user: UserIn) -> UserIn {
    user
}

#[get("/users/unset", response_model = UserOut, response_model_exclude_unset)]
async fn unset() -> Value {
    json!({"name": "a", "password": "x"})
}

#[get("/users/defaults", response_model = UserOut, response_model_exclude_defaults, response_model_exclude_none)]
async fn defaults() -> Value {
    json!({"name": "a", "lang": "en", "nick": null})
}

#[get("/users/broken", response_model = UserOut)]
async fn broken() -> Value {
    json!({"nick": 3})
}

#[get("/patched")]
async fn patched(response: &mut Response) -> Json<&'static str> {
    response.set_status(202);
    response.append_header("x-a", "1");
    response.set_cookie(Cookie::new("k", "v").http_only(true).max_age(60));
    response.delete_cookie("old");
    Json("ok")
}

#[get("/patched-direct")]
async fn patched_direct(response: &mut Response) -> PlainTextResponse {
    response.set_status(500);
    PlainTextResponse::new("direct wins")
}

#[get("/stream")]
async fn stream() -> StreamingResponse {
    StreamingResponse::new(futures_util::stream::iter(["a", "b", "c"].map(Ok::<_, Infallible>)))
        .media_type("text/plain")
}

static SHOUT: CustomClass = CustomClass {
    media_type: "text/plain",
    render: |v| v.as_str().map(|s| s.to_uppercase()).unwrap_or_default().into_bytes(),
};

#[get("/shout", response_class = SHOUT)]
async fn shout() -> Json<&'static str> {
    Json("hello")
}

struct Teapot;

impl IntoResponse for Teapot {
    fn into_response(self) -> brisk::response::HttpResponse {
        brisk::raise(self)
    }
}

#[get("/teapot")]
async fn teapot() -> Result<Json<()>, Teapot> {
    Err(Teapot)
}

#[get("/unhandled")]
async fn unhandled() -> Result<Json<()>, HttpException> {
    Err(HttpException::new(409, json!({"why": "conflict"})).header("x-why", "test"))
}

fn app() -> App {
    App::new()
        .exception_handler(|_req, _e: Teapot| PlainTextResponse::new("short and stout").status(418).into_response())
        .routes(routes![
            create_user,
            unset,
            defaults,
            broken,
            patched,
            patched_direct,
            stream,
            shout,
            teapot,
            unhandled
        ])
}

#[tokio::test]
async fn response_models_filter_and_validate() {
    let c = TestClient::new(app());
    let res = c.post("/users").json(&json!({"name": "a", "password": "secret"})).send().await;
    assert_eq!(res.json::<Value>(), json!({"name": "a", "lang": "en", "nick": null}));
    assert_eq!(c.get("/users/unset").send().await.json::<Value>(), json!({"name": "a"}));
    assert_eq!(c.get("/users/defaults").send().await.json::<Value>(), json!({"name": "a"}));
    let res = c.get("/users/broken").send().await;
    assert_eq!((res.status(), res.text()), (500, "Internal Server Error".to_owned()));
    let doc: Value = c.get("/openapi.json").send().await.json();
    let props = doc["components"]["schemas"]["UserOut"]["properties"].as_object().unwrap();
    assert!(!props.contains_key("password"));
}

#[tokio::test]
async fn the_injected_response_adjusts_data_responses_only() {
    let c = TestClient::new(app());
    let res = c.get("/patched").send().await;
    assert_eq!((res.status(), res.header("x-a")), (202, Some("1")));
    let cookies: Vec<&str> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(cookies[0], "k=v; HttpOnly; Max-Age=60; Path=/; SameSite=lax");
    assert!(cookies[1].starts_with("old=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"));
    let res = c.get("/patched-direct").send().await;
    assert_eq!((res.status(), res.text()), (200, "direct wins".to_owned()));
}

#[tokio::test]
async fn streams_custom_classes_and_handlers() {
    let c = TestClient::new(app());
    let res = c.get("/stream").send().await;
    assert_eq!((res.text(), res.header("content-type")), ("abc".to_owned(), Some("text/plain; charset=utf-8")));
    let res = c.get("/shout").send().await;
    assert_eq!((res.text(), res.header("content-type")), ("HELLO".to_owned(), Some("text/plain; charset=utf-8")));
    let res = c.get("/teapot").send().await;
    assert_eq!((res.status(), res.text()), (418, "short and stout".to_owned()));
    let res = c.get("/unhandled").send().await;
    assert_eq!((res.status(), res.header("x-why")), (409, Some("test")));
    assert_eq!(res.json::<Value>(), json!({"detail": {"why": "conflict"}}));
}

#[tokio::test]
async fn file_responses_stream_files_with_ranges() {
    let dir = std::env::temp_dir().join(format!("brisk-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.txt");
    std::fs::write(&path, b"0123456789").unwrap();
    let p = path.clone();
    #[get("/file")]
    async fn file() -> FileResponse {
        FileResponse::new(std::env::temp_dir().join(format!("brisk-file-{}", std::process::id())).join("data.txt"))
    }
    let c = TestClient::new(App::new().routes(routes![file]));
    let res = c.get("/file").send().await;
    assert_eq!((res.status(), res.text()), (200, "0123456789".to_owned()));
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    assert!(res.header("etag").is_some() && res.header("last-modified").is_some());
    let res = c.get("/file").header("range", "bytes=2-4").send().await;
    assert_eq!((res.status(), res.text(), res.header("content-range")), (206, "234".to_owned(), Some("bytes 2-4/10")));
    let res = c.get("/file").header("range", "bytes=20-").send().await;
    assert_eq!((res.status(), res.header("content-range")), (416, Some("bytes */10")));
    std::fs::remove_file(p).unwrap();
    assert_eq!(c.get("/file").send().await.status(), 500);
}

#[derive(Model)]
struct Stored {
    name: String,
    hashed_password: String,
}

#[get("/users/stored", response_model = UserOut)]
async fn stored() -> Stored {
    Stored { name: "a".into(), hashed_password: "x".into() }
}

#[tokio::test]
async fn a_response_model_replaces_the_return_types_schema() {
    // FastAPI documents only the response model: the returned type is no component.
    let c = TestClient::new(App::new().routes(routes![stored]));
    assert_eq!(c.get("/users/stored").send().await.json::<Value>(), json!({"name": "a", "lang": "en", "nick": null}));
    let doc: Value = c.get("/openapi.json").send().await.json();
    let names: Vec<&String> = doc["components"]["schemas"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["UserOut"]);
}

#[get("/go", response_class = Redirect)]
async fn go() -> &'static str {
    "https://example.com/a b"
}

#[get("/moved", response_class = Redirect, status_code = 301)]
async fn moved() -> String {
    "/new".to_owned()
}

#[get("/not-a-url", response_class = Redirect)]
async fn not_a_url() -> Value {
    json!({"url": 1})
}

#[get("/file", response_class = File)]
async fn file(#[query] path: String) -> String {
    path
}

#[tokio::test]
async fn redirect_and_file_classes_build_their_response_from_the_returned_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hello.txt");
    std::fs::write(&path, "hello").unwrap();
    let c = TestClient::new(App::new().routes(routes![go, moved, not_a_url, file]));
    let res = c.get("/go").send().await;
    assert_eq!(
        (res.status(), res.header("location"), res.text()),
        (307, Some("https://example.com/a%20b"), String::new())
    );
    let res = c.get("/moved").send().await;
    assert_eq!((res.status(), res.header("location")), (301, Some("/new")));
    assert_eq!(c.get("/not-a-url").send().await.status(), 500);
    let url = format!("/file?path={}", path.display());
    let res = c.get(&url).send().await;
    assert_eq!(
        (res.status(), res.header("content-type"), res.text()),
        (200, Some("text/plain; charset=utf-8"), "hello".into())
    );
    let res = c.get(&url).header("range", "bytes=1-2").send().await;
    assert_eq!((res.status(), res.text()), (206, "el".to_owned()));
    // Documented with the class's status and no content, as FastAPI.
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(doc["paths"]["/go"]["get"]["responses"], json!({"307": {"description": "Successful Response"}}));
    assert_eq!(doc["paths"]["/moved"]["get"]["responses"], json!({"301": {"description": "Successful Response"}}));
}
