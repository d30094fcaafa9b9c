//! `Request::url_for` and `url_path_for`: routes by function name, named and unnamed
//! mounts, `mount:route` names, from inside a mounted app, behind a root path, and the
//! errors for a missing name or parameter.

use brisk::prelude::*;
use brisk::urls::UrlForError;
use serde_json::{Value, json};

/// Every URL a request can name, as JSON: `{name: url or error}`.
fn urls(req: &Request) -> Value {
    let cases: [(&str, &[(&str, &str)]); 8] = [
        ("read_item", &[("id", "42")]),
        ("read_main", &[]),
        ("subapi:read_sub", &[]),
        ("subapi:sub_item", &[("name", "x")]),
        ("read_plain", &[]),
        ("static", &[("path", "/css/site.css")]),
        ("openapi", &[]),
        ("subapi:openapi", &[]),
    ];
    let mut out = serde_json::Map::new();
    for (name, params) in cases {
        let url = req.url_for(name, params.iter().copied()).map(|u| u.to_string()).unwrap_or_else(|e| e.to_string());
        out.insert(name.to_owned(), Value::String(url));
    }
    out.insert("path".into(), req.url_path_for("read_item", [("id", "1")]).unwrap_or_default().into());
    Value::Object(out)
}

#[get("/items/{id}")]
async fn read_item(id: String) -> String {
    id
}

#[get("/main")]
async fn read_main(request: Request) -> Json<Value> {
    Json(urls(&request))
}

#[get("/sub")]
async fn read_sub(request: Request) -> Json<Value> {
    Json(urls(&request))
}

#[get("/things/{name}")]
async fn sub_item(name: String) -> String {
    name
}

#[get("/plain")]
async fn read_plain() -> &'static str {
    "plain"
}

fn app() -> App {
    let subapi = App::new().routes(routes![read_sub, sub_item]);
    let plain = App::new().routes(routes![read_plain]);
    let files = std::env::temp_dir();
    App::new()
        .routes(routes![read_item, read_main])
        .mount_as("subapi", "/subapi", subapi)
        .mount("/plainapi", plain)
        .mount_service_as("static", "/static", brisk::StaticFiles::new(files))
}

fn expected(root: &str) -> Value {
    json!({
        "read_item": format!("http://testserver{root}/items/42"),
        "read_main": format!("http://testserver{root}/main"),
        "subapi:read_sub": format!("http://testserver{root}/subapi/sub"),
        "subapi:sub_item": format!("http://testserver{root}/subapi/things/x"),
        "read_plain": format!("http://testserver{root}/plainapi/plain"),
        "static": format!("http://testserver{root}/static/css/site.css"),
        "openapi": format!("http://testserver{root}/openapi.json"),
        "subapi:openapi": format!("http://testserver{root}/subapi/openapi.json"),
        "path": "/items/1",
    })
}

#[tokio::test]
async fn names_resolve_in_the_outermost_app_from_anywhere() {
    let c = TestClient::new(app());
    assert_eq!(c.get("/main").send().await.json::<Value>(), expected(""));
    // Inside the mounted app the names are the outer app's, as in Starlette.
    assert_eq!(c.get("/subapi/sub").send().await.json::<Value>(), expected(""));
}

#[tokio::test]
async fn behind_a_root_path_urls_start_with_it_and_paths_do_not() {
    let c = TestClient::new(app().root_path("/api/v1"));
    assert_eq!(c.get("/main").send().await.json::<Value>(), expected("/api/v1"));
    assert_eq!(c.get("/subapi/sub").send().await.json::<Value>(), expected("/api/v1"));
    // A proxy that keeps the prefix: the same URLs.
    assert_eq!(c.get("/api/v1/subapi/sub").send().await.json::<Value>(), expected("/api/v1"));
}

#[tokio::test]
async fn behind_a_trusted_proxy_urls_use_the_public_scheme_and_host() {
    // The test client's peer is 127.0.0.1.
    let c = TestClient::new(app().root_path("/api/v1").forwarded_allow_ips(["127.0.0.1"]));
    let res = c
        .get("/subapi/sub")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "shop.example.com")
        .send()
        .await;
    let urls = res.json::<Value>();
    assert_eq!(urls["subapi:read_sub"], "https://shop.example.com/api/v1/subapi/sub");
    assert_eq!(urls["static"], "https://shop.example.com/api/v1/static/css/site.css");
    // Not trusted: the request's own.
    let c = TestClient::new(app());
    let res = c.get("/main").header("x-forwarded-proto", "https").send().await;
    assert_eq!(res.json::<Value>()["read_main"], "http://testserver/main");
}

#[tokio::test]
async fn host_header_gives_the_host() {
    let c = TestClient::new(app());
    let res = c.get("/main").header("host", "example.com:8080").send().await;
    assert_eq!(res.json::<Value>()["read_main"], "http://example.com:8080/main");
}

#[tokio::test]
async fn missing_names_and_parameters_are_errors() {
    #[get("/errors")]
    async fn errors(request: Request) -> Json<Vec<String>> {
        let tries: [(&str, &[(&str, &str)]); 5] = [
            ("nope", &[]),
            ("read_item", &[]),
            ("read_item", &[("id", "1"), ("extra", "2")]),
            ("read_item", &[("id", "a/b")]),
            ("subapi", &[]),
        ];
        Json(
            tries
                .iter()
                .map(|(n, p)| {
                    request.url_for(n, p.iter().copied()).map(|u| u.to_string()).unwrap_or_else(|e| e.to_string())
                })
                .collect(),
        )
    }
    let c = TestClient::new(app().routes(routes![errors]));
    let got = c.get("/errors").send().await.json::<Vec<String>>();
    assert_eq!(
        got,
        [
            "No route exists for name \"nope\" and params \"\".",
            "No route exists for name \"read_item\" and params \"\".",
            "No route exists for name \"read_item\" and params \"id, extra\".",
            "the value \"a/b\" of path parameter \"id\" cannot be put in the path",
            "No route exists for name \"subapi\" and params \"\".",
        ]
    );
    let e = UrlForError::NoMatch { name: "x".into(), params: vec!["a".into(), "b".into()] };
    assert_eq!(e.to_string(), "No route exists for name \"x\" and params \"a, b\".");
}
