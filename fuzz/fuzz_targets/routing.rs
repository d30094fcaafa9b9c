//! Routing on percent-decoded paths: any method, path and query through a whole app never
//! panics or answers 500, and a `{name:path}` parameter is the decoded path it was sent as.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use brisk::prelude::*;
use libfuzzer_sys::fuzz_target;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// An item's id.
#[get("/items/{item_id}")]
async fn read_item(#[path(ge = 1)] item_id: i64, q: Option<String>, #[query(default = 10)] limit: i64) -> Json<i64> {
    let _ = q;
    Json(item_id + limit)
}

/// The current user.
#[get("/users/me")]
async fn me() -> Json<&'static str> {
    Json("me")
}

/// Any user.
#[get("/users/{user_id}/")]
async fn user(user_id: String, tags: Vec<String>) -> Json<(String, Vec<String>)> {
    Json((user_id, tags))
}

/// A file path, echoed.
#[get("/files/{file_path:path}")]
async fn file(file_path: String) -> Json<String> {
    Json(file_path)
}

/// A route only for PUT and DELETE.
#[put("/things/{id}")]
async fn put_thing(id: uuid::Uuid) -> Json<String> {
    Json(id.to_string())
}

/// Deleting a thing.
#[delete("/things/{id}")]
async fn delete_thing(id: String) -> Json<String> {
    Json(id)
}

/// The mounted app's root.
#[get("/")]
async fn sub_root() -> Json<&'static str> {
    Json("sub")
}

static APP: LazyLock<brisk::AppService> = LazyLock::new(|| {
    App::new()
        .routes(routes![read_item, me, user, file, put_thing, delete_thing])
        .mount("/sub", App::new().routes(routes![sub_root]))
        .into_service()
        .expect("the app builds")
});

static RT: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"));

const METHODS: [&str; 8] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"];

#[derive(Arbitrary, Debug)]
enum Input {
    /// Any request target, with any `Host` (redirects are built from it).
    Raw { method: u8, target: String, host: Option<String> },
    /// A file path, percent-encoded, under `/files/`.
    File { path: String },
}

fn send(method: &str, target: &str, host: Option<&str>) -> Option<(u16, Vec<u8>)> {
    let mut req = http::Request::builder().method(method).uri(target);
    if let Some(host) = host {
        req = req.header(http::header::HOST, host);
    }
    let req = req.body(brisk::Body::empty()).ok()?;
    let res = RT.block_on(APP.call(req));
    let status = res.status().as_u16();
    let body = RT.block_on(http_body_util::BodyExt::collect(res.into_body())).ok()?.to_bytes().to_vec();
    Some((status, body))
}

fuzz_target!(|input: Input| match input {
    Input::Raw { method, target, host } => {
        let method = METHODS[usize::from(method) % METHODS.len()];
        if let Some((status, body)) = send(method, &target, host.as_deref()) {
            assert!(status < 500, "{method} {target:?}: {status} {}", String::from_utf8_lossy(&body));
        }
    }
    Input::File { path } => {
        if path.is_empty() {
            return;
        }
        let target = format!("/files/{}", utf8_percent_encode(&path, NON_ALPHANUMERIC));
        let (status, body) = send("GET", &target, None).expect("an encoded path is a valid URI");
        assert_eq!(status, 200, "{target}");
        let echoed: String = serde_json::from_slice(&body).expect("a JSON string");
        assert_eq!(echoed, path);
    }
});
