//! Edge requests checked against FastAPI 0.163 (answers recorded from the oracle, TestClient):
//! empty path segments, an empty `{name:path}` value, text where a file is expected, the
//! HTTP Basic challenge, and the `json_invalid` error of a broken JSON body.

use brisk::prelude::*;
use brisk::security::{HttpBasic, HttpBasicCredentials};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

static BASIC: HttpBasic = HttpBasic::new();

#[derive(Model)]
struct Item {
    a: i64,
}

#[get("/")]
async fn root() -> Json<Value> {
    Json(json!({"root": 1}))
}

#[get("/items/{item_id}")]
async fn item(item_id: i64) -> Json<Value> {
    Json(json!({"item_id": item_id}))
}

#[get("/files/{file_path:path}")]
async fn files(file_path: String) -> Json<Value> {
    Json(json!({"file_path": file_path}))
}

#[post("/up")]
async fn up(#[file] file: UploadFile) -> Json<Value> {
    Json(json!({"n": file.filename()}))
}

/// A form model with a file field (FastAPI's `Annotated[Model, Form()]`).
#[derive(Model)]
struct WithFile {
    name: String,
    file: UploadFile,
}

#[post("/fm")]
async fn form_model(#[form] m: WithFile) -> Json<Value> {
    Json(json!({"name": m.name, "n": m.file.filename()}))
}

#[get("/basic")]
async fn basic(#[security(BASIC)] c: HttpBasicCredentials) -> Json<Value> {
    Json(json!({"u": c.username, "p": c.password}))
}

#[post("/json")]
async fn body(b: Item) -> Json<Value> {
    Json(json!({"a": b.a}))
}

fn client() -> TestClient {
    TestClient::new(App::new().routes(routes![root, item, files, up, form_model, basic, body]))
}

#[tokio::test]
async fn empty_path_segments_route_as_starlette_routes_them() {
    let c = client();
    let get = |url: &'static str| c.get(url).send();
    // `//` is no route, and stripping its slashes leaves nothing to redirect to. (Starlette's
    // TestClient sends `//` as `/`; over a socket uvicorn answers this 404.)
    for url in ["//", "///", "//items/1", "/items//1"] {
        let res = get(url).await;
        assert_eq!((res.status(), res.json::<Value>()), (404, json!({"detail": "Not Found"})), "{url}");
    }
    let res = get("/files/").await;
    assert_eq!((res.status(), res.json::<Value>()), (200, json!({"file_path": ""})));
    let res = get("/files//a").await;
    assert_eq!((res.status(), res.json::<Value>()), (200, json!({"file_path": "/a"})));
    let res = get("/files").await;
    assert_eq!((res.status(), res.header("location")), (307, Some("http://testserver/files/")));
    let res = get("/items/1/").await;
    assert_eq!((res.status(), res.header("location")), (307, Some("http://testserver/items/1")));
}

#[tokio::test]
async fn text_where_an_upload_file_is_expected() {
    let c = client();
    let expected = json!({"detail": [{"type": "value_error", "loc": ["body", "file"],
        "msg": "Value error, Expected UploadFile, received: <class 'str'>", "input": "hello", "ctx": {"error": {}}}]});
    let res = c.post("/up").form(&[("file", "hello")]).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (422, expected.clone()));
    // In a form model too; an empty value is a missing field there, the input the form's fields.
    let res = c.post("/fm").form(&[("file", "hello"), ("name", "n")]).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (422, expected.clone()));
    let res = c.post("/fm").form(&[("file", ""), ("name", "n")]).send().await;
    let missing = json!({"detail": [{"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": {"name": "n"}}]});
    assert_eq!((res.status(), res.json::<Value>()), (422, missing));
    // An empty text field of a form model is absent too: its default applies.
    let res = c.post("/fm").form(&[("name", "")]).send().await;
    let missing = |k: &str| json!({"type": "missing", "loc": ["body", k], "msg": "Field required", "input": {}});
    assert_eq!(res.json::<Value>(), json!({"detail": [missing("name"), missing("file")]}));
    // An empty text value is no value.
    let res = c.post("/up").form(&[("file", "")]).send().await;
    let missing =
        json!({"detail": [{"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": null}]});
    assert_eq!((res.status(), res.json::<Value>()), (422, missing));
}

#[tokio::test]
async fn the_http_basic_challenge() {
    let c = client();
    let b64 = |s: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let refused = [
        None,
        Some("Bearer abc".to_owned()),
        Some("Basic".to_owned()),
        Some("Basic !!!".to_owned()),
        Some(format!("Basic {}", b64(b"nocolon"))),
        Some(format!("Basic {}", b64(b"\xff\xfe:x"))),
        Some("Basic dTpw extra".to_owned()),
        Some("Basic dTp".to_owned()),
    ];
    for auth in refused {
        let mut req = c.get("/basic");
        if let Some(a) = &auth {
            req = req.header("authorization", a);
        }
        let res = req.send().await;
        assert_eq!(
            (res.status(), res.header("www-authenticate"), res.json::<Value>()),
            (401, Some("Basic"), json!({"detail": "Not authenticated"})),
            "{auth:?}"
        );
    }
    for auth in ["basic dTpw", "Basic  dTpw"] {
        let res = c.get("/basic").header("authorization", auth).send().await;
        assert_eq!((res.status(), res.json::<Value>()), (200, json!({"u": "u", "p": "p"})), "{auth}");
    }
}

#[tokio::test]
async fn a_broken_json_body_is_json_invalid_as_python_words_it() {
    let c = client();
    let cases: &[(&str, usize, &str)] = &[
        ("{\"a\": 1", 7, "Expecting ',' delimiter"),
        ("{", 1, "Expecting property name enclosed in double quotes"),
        ("[1,", 3, "Expecting value"),
        ("{\"a\": 1} x", 9, "Extra data"),
        (" ", 1, "Expecting value"),
        ("{\"a\": 1}\n\n{", 10, "Extra data"),
        ("nul", 0, "Expecting value"),
        ("{\"a\": 1,}", 8, "Expecting property name enclosed in double quotes"),
        ("\"\\x\"", 1, "Invalid \\escape"),
        ("{\"a\" 1}", 5, "Expecting ':' delimiter"),
        ("{\"a\": 01}", 7, "Expecting ',' delimiter"),
        ("\u{0}", 0, "Expecting value"),
    ];
    for &(body, pos, error) in cases {
        let res = c.post("/json").header("content-type", "application/json").body(body).send().await;
        let expected = json!({"detail": [{"type": "json_invalid", "loc": ["body", pos], "msg": "JSON decode error",
            "input": {}, "ctx": {"error": error}}]});
        assert_eq!((res.status(), res.json::<Value>()), (422, expected), "{body:?}");
    }
    // An empty body with a JSON content type is a missing body.
    let res = c.post("/json").header("content-type", "application/json").send().await;
    let missing = json!({"detail": [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]});
    assert_eq!((res.status(), res.json::<Value>()), (422, missing));
    // A byte-order mark is skipped, as `json.loads` skips it in bytes.
    let res = c.post("/json").header("content-type", "application/json").body("\u{feff}{\"a\":1}").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (200, json!({"a": 1})));
}

/// What uvicorn answers for these paths over a socket: status and `location`.
#[tokio::test]
async fn empty_path_segments_over_a_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = App::new().routes(routes![root, item, files]);
    let server = tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = stopped.await;
    }));
    let host = format!("127.0.0.1:{}", addr.port());
    let cases = [
        ("//", "404", None),
        ("//items/1", "404", None),
        ("/items//1", "404", None),
        ("/files/", "200", None),
        ("/files//a", "200", None),
        ("/files", "307", Some(format!("http://{host}/files/"))),
        ("/items/1/", "307", Some(format!("http://{host}/items/1"))),
    ];
    for (path, status, location) in cases {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_string(&mut out)).await.unwrap().unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert_eq!(head.split(' ').nth(1), Some(status), "{path}: {out}");
        let got = head.lines().find_map(|l| l.strip_prefix("location: ")).map(str::to_owned);
        assert_eq!(got, location, "{path}");
        if path == "/files/" {
            assert_eq!(body, r#"{"file_path":""}"#);
        }
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
