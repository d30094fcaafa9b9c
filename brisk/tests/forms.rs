//! Forms and uploads: urlencoded and multipart fields, form models, files in memory and
//! spooled to disk, limits, broken bodies, and their OpenAPI documentation.

use std::time::Duration;

use brisk::forms::FormLimits;
use brisk::prelude::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[post("/login")]
async fn login(#[form] username: String, #[form(default = Vec::new())] roles: Vec<String>) -> Value {
    json!({"username": username, "roles": roles})
}

#[post("/prefs")]
async fn prefs(#[form(default = false)] subscribe: bool, #[form(max_length = 3)] note: Option<String>) -> Value {
    json!({"subscribe": subscribe, "note": note})
}

#[post("/upload")]
async fn upload(#[file] file: UploadFile, #[form] note: Option<String>) -> Result<Value, HttpException> {
    let data = file.read().await.map_err(|_| HttpException::new(500, "read failed"))?;
    let checksum: u64 = data.iter().map(|b| *b as u64).sum();
    Ok(json!({
        "name": file.filename(),
        "type": file.content_type(),
        "size": file.size(),
        "read": data.len(),
        "on_disk": file.on_disk(),
        "path": file.path().map(|p| p.display().to_string()),
        "checksum": checksum,
        "note": note,
    }))
}

#[post("/bytes")]
async fn bytes(#[file] files: Vec<FileBytes>) -> Value {
    json!(files.iter().map(|f| f.len()).collect::<Vec<_>>())
}

#[post("/maybe")]
async fn maybe(#[file] file: Option<UploadFile>) -> Value {
    json!(file.map(|f| f.size()))
}

#[derive(Model)]
#[model(extra = "forbid")]
pub struct Credentials {
    username: String,
    password: String,
}

#[post("/models/login")]
async fn model_login(#[form] data: Credentials) -> Json<Credentials> {
    Json(data)
}

#[derive(Model)]
pub struct Profile {
    name: String,
    age: i64,
}

#[post("/models/profile")]
async fn model_profile(
    #[form] token: String,
    #[form] profile: Option<Profile>,
    #[file] avatar: Option<UploadFile>,
) -> Value {
    json!({"token": token, "profile": profile, "avatar": avatar.map(|a| a.size())})
}

fn routes() -> Vec<brisk::Route> {
    routes![login, prefs, upload, bytes, maybe, model_login, model_profile]
}

fn app() -> App {
    App::new().body_limit(16 * 1024 * 1024).routes(routes())
}

/// A multipart body as browsers and the conformance replay send it: `(name, filename,
/// data)`, file parts with `Content-Type: text/plain`.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "test-boundary-1234";
    let mut out = Vec::new();
    for (name, filename, data) in parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match filename {
            Some(f) => out.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/plain\r\n\r\n")
                    .as_bytes(),
            ),
            None => out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), out)
}

async fn post_multipart(
    c: &TestClient,
    path: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> brisk::testclient::TestResponse {
    let (ct, body) = multipart(parts);
    c.post(path).header("content-type", &ct).body(body).send().await
}

fn missing(name: &str) -> Value {
    json!({"type": "missing", "loc": ["body", name], "msg": "Field required", "input": null})
}

#[tokio::test]
async fn urlencoded_and_multipart_fields() {
    let c = TestClient::new(app());
    let res = c.post("/login").form(&[("username", "ann"), ("roles", "a"), ("roles", "b")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"username": "ann", "roles": ["a", "b"]}));
    let res = post_multipart(&c, "/login", &[("username", None, b"bob"), ("roles", None, b"x")]).await;
    assert_eq!(res.json::<Value>(), json!({"username": "bob", "roles": ["x"]}));
    // A repeated scalar takes the last value, as Starlette's `form.get`.
    let res = c.post("/login").form(&[("username", "a"), ("username", "b")]).send().await;
    assert_eq!(res.json::<Value>()["username"], "b");
    // Not a form: every field is missing.
    let res = c.post("/login").json(&json!({"username": "x"})).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (422, json!({"detail": [missing("username")]})));
}

#[tokio::test]
async fn empty_fields_are_absent_and_values_are_validated() {
    let c = TestClient::new(app());
    // FastAPI reads `username=` as not sent.
    let res = c.post("/login").form(&[("username", "")]).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (422, json!({"detail": [missing("username")]})));
    let res = c.post("/prefs").form(&[("subscribe", ""), ("note", "")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"subscribe": false, "note": null}));
    let res = c.post("/prefs").form(&[("subscribe", "on"), ("note", "abc")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"subscribe": true, "note": "abc"}));
    let res = c.post("/prefs").form(&[("subscribe", "maybe"), ("note", "abcd")]).send().await;
    let detail = res.json::<Value>()["detail"].clone();
    assert_eq!(res.status(), 422);
    assert_eq!(detail[0]["type"], "bool_parsing");
    assert_eq!(detail[0]["loc"], json!(["body", "subscribe"]));
    assert_eq!(detail[1]["type"], "string_too_long");
    assert_eq!(detail[1]["loc"], json!(["body", "note"]));
}

#[tokio::test]
async fn small_files_stay_in_memory() {
    let c = TestClient::new(app());
    let res = post_multipart(&c, "/upload", &[("file", Some("a.txt"), b"hello"), ("note", None, b"hi")]).await;
    let v = res.json::<Value>();
    assert_eq!((v["name"].clone(), v["size"].clone(), v["on_disk"].clone()), (json!("a.txt"), json!(5), json!(false)));
    assert_eq!(
        (v["type"].clone(), v["note"].clone(), v["path"].clone()),
        (json!("text/plain"), json!("hi"), json!(null))
    );
    let res = post_multipart(&c, "/bytes", &[("files", Some("a"), b"12"), ("files", Some("b"), b"345")]).await;
    assert_eq!(res.json::<Value>(), json!([2, 3]));
    let res = post_multipart(&c, "/upload", &[("note", None, b"no file")]).await;
    assert_eq!(res.json::<Value>(), json!({"detail": [missing("file")]}));
    let res = post_multipart(&c, "/maybe", &[]).await;
    assert_eq!(res.json::<Value>(), json!(null));
    let res = post_multipart(&c, "/maybe", &[("file", Some(""), b"")]).await;
    assert_eq!(res.json::<Value>(), json!(0));
}

#[tokio::test]
async fn text_where_a_file_is_expected() {
    let c = TestClient::new(app());
    // bytes take text, as pydantic's `bytes` does ...
    let res = c.post("/bytes").form(&[("files", "abc"), ("files", "de")]).send().await;
    assert_eq!(res.json::<Value>(), json!([3, 2]));
    // ... an `UploadFile` does not.
    let res = c.post("/upload").form(&[("file", "abc")]).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>()["detail"][0],
        json!({"type": "value_error", "loc": ["body", "file"], "msg": "Value error, Expected UploadFile, received: <class 'str'>",
               "input": "abc", "ctx": {"error": {}}})
    );
}

#[tokio::test]
async fn form_models() {
    let c = TestClient::new(app());
    let res = c.post("/models/login").form(&[("username", "ann"), ("password", "pw")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"username": "ann", "password": "pw"}));
    let res = c.post("/models/login").form(&[("username", "ann"), ("password", "pw"), ("extra", "x")]).send().await;
    let detail = res.json::<Value>()["detail"].clone();
    assert_eq!(
        (detail[0]["type"].clone(), detail[0]["loc"].clone()),
        (json!("extra_forbidden"), json!(["body", "extra"]))
    );
    let res = c.post("/models/login").form(&[("username", "ann")]).send().await;
    assert_eq!(
        res.json::<Value>(),
        json!({"detail": [{"type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": {"username": "ann"}}]})
    );
    // An optional model is null when none of its fields is sent, validated otherwise.
    let res = c.post("/models/profile").form(&[("token", "t")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"token": "t", "profile": null, "avatar": null}));
    let res = post_multipart(
        &c,
        "/models/profile",
        &[("name", None, b"Ann"), ("age", None, b"3"), ("token", None, b"t"), ("avatar", Some("a.png"), b"PNG")],
    )
    .await;
    assert_eq!(res.json::<Value>(), json!({"token": "t", "profile": {"name": "Ann", "age": 3}, "avatar": 3}));
    let res = c.post("/models/profile").form(&[("token", "t"), ("name", "Ann")]).send().await;
    assert_eq!(
        res.json::<Value>()["detail"],
        json!([{"type": "missing", "loc": ["body", "age"], "msg": "Field required", "input": {"name": "Ann", "token": "t"}}])
    );
}

#[tokio::test]
async fn limits_and_broken_bodies_are_4xx() {
    let c = TestClient::new(App::new().body_limit(1000).routes(routes()));
    let detail = |msg: &str| json!({"detail": msg});
    let res = c
        .post("/upload")
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nunterminated")
        .send()
        .await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("There was an error parsing the body")));
    let res =
        c.post("/upload").header("content-type", "multipart/form-data; boundary=xyz").body("garbage").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("There was an error parsing the body")));
    let res = c.post("/upload").header("content-type", "multipart/form-data").body("x").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("Missing boundary in multipart.")));
    let res = c
        .post("/upload")
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--xyz--\r\n")
        .send()
        .await;
    assert_eq!(res.json::<Value>(), detail("The Content-Disposition header field \"name\" must be provided."));
    // The whole body is bounded by the app's body limit.
    let big = vec![b'a'; 5000];
    assert_eq!(post_multipart(&c, "/upload", &[("file", Some("big"), &big)]).await.status(), 413);
    let long = "x".repeat(5000);
    assert_eq!(c.post("/login").form(&[("username", &long)]).send().await.status(), 413);

    // Starlette's limits, with Starlette's messages.
    let c = TestClient::new(app());
    let many: Vec<(&str, Option<&str>, &[u8])> = (0..1001).map(|_| ("x", None, &b""[..])).collect();
    let res = post_multipart(&c, "/bytes", &many).await;
    assert_eq!(
        (res.status(), res.json::<Value>()),
        (400, detail("Too many fields. Maximum number of fields is 1000."))
    );
    let many: Vec<(&str, Option<&str>, &[u8])> = (0..1001).map(|_| ("files", Some("f"), &b""[..])).collect();
    let res = post_multipart(&c, "/bytes", &many).await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("Too many files. Maximum number of files is 1000.")));
    let many: Vec<(&str, &str)> = (0..1001).map(|_| ("roles", "r")).collect();
    let res = c.post("/login").form(&many).send().await;
    assert_eq!(
        (res.status(), res.json::<Value>()),
        (400, detail("Too many fields. Maximum number of fields is 1000."))
    );
    let huge = vec![b'n'; 1024 * 1024 + 1];
    let res = post_multipart(&c, "/upload", &[("file", Some("a"), b"x"), ("note", None, &huge)]).await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("Part exceeded maximum size of 1024KB.")));
    // A file is not a text part: it may be larger (and is spooled).
    let res = post_multipart(&c, "/upload", &[("file", Some("a"), &huge)]).await;
    assert_eq!(res.json::<Value>()["on_disk"], json!(true));
}

#[tokio::test]
async fn limits_are_configurable_and_answers_go_through_the_handler() {
    let limits = FormLimits::new().max_files(1).max_fields(2).max_part_size(12).max_file_size(8);
    let app = App::new()
        .form_limits(limits)
        .http_exception_handler(|_, e| {
            PlainTextResponse::new(format!("{}: {}", e.status().as_u16(), e.detail().as_str().unwrap_or("")))
                .status(e.status().as_u16())
                .into_response()
        })
        .routes(routes());
    let c = TestClient::new(app);
    let res = post_multipart(&c, "/bytes", &[("files", Some("a"), b"1"), ("files", Some("b"), b"2")]).await;
    assert_eq!((res.status(), res.text()), (400, "400: Too many files. Maximum number of files is 1.".to_owned()));
    let res = post_multipart(&c, "/bytes", &[("files", Some("a"), b"123456789")]).await;
    assert_eq!((res.status(), res.text()), (413, "413: File exceeded maximum size of 0KB.".to_owned()));
    let res = post_multipart(&c, "/bytes", &[("files", Some("a"), b"12345678")]).await;
    assert_eq!(res.json::<Value>(), json!([8]));
    let res = c.post("/login").form(&[("username", "a"), ("roles", "b"), ("roles", "c")]).send().await;
    assert_eq!(res.text(), "400: Too many fields. Maximum number of fields is 2.");
    let res = c.post("/login").form(&[("username", "abcde")]).send().await;
    assert_eq!(res.text(), "400: Field exceeded maximum size of 0KB.");
}

#[tokio::test]
async fn openapi_documents_form_bodies() {
    let c = TestClient::new(app());
    let doc = c.get("/openapi.json").send().await.json::<Value>();
    let body = |path: &str| doc["paths"][path]["post"]["requestBody"].clone();
    let schema = |name: &str| doc["components"]["schemas"][name].clone();
    assert_eq!(
        body("/login"),
        json!({"content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Body_login_login_post"}}}, "required": true})
    );
    assert_eq!(
        schema("Body_login_login_post"),
        json!({"properties": {"username": {"type": "string", "title": "Username"},
                              "roles": {"items": {"type": "string"}, "type": "array", "title": "Roles", "default": []}},
               "type": "object", "required": ["username"], "title": "Body_login_login_post"})
    );
    assert_eq!(
        body("/upload")["content"]["multipart/form-data"]["schema"]["$ref"],
        "#/components/schemas/Body_upload_upload_post"
    );
    assert_eq!(
        schema("Body_upload_upload_post")["properties"]["file"],
        json!({"type": "string", "contentMediaType": "application/octet-stream", "title": "File"})
    );
    assert_eq!(
        schema("Body_bytes_bytes_post")["properties"]["files"],
        json!({"items": {"type": "string", "contentMediaType": "application/octet-stream"}, "type": "array", "title": "Files"})
    );
    // A single form model is the body; with other fields it is merged in with `allOf`.
    assert_eq!(
        body("/models/login"),
        json!({"content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Credentials"}}}, "required": true})
    );
    assert_eq!(schema("Credentials")["additionalProperties"], json!(false));
    assert_eq!(
        schema("Body_model_profile_models_profile_post")["allOf"],
        json!([{"anyOf": [{"not": {"anyOf": [{"required": ["age"]}, {"required": ["name"]}]}},
                          {"anyOf": [{"$ref": "#/components/schemas/Profile"}], "title": "Profile"}]}])
    );
    assert_eq!(
        body("/models/profile")["content"]["multipart/form-data"]["schema"]["$ref"],
        "#/components/schemas/Body_model_profile_models_profile_post"
    );
}

/// Sends `body` to `path` over a real socket and returns the JSON answer.
async fn post_over_socket(addr: std::net::SocketAddr, path: &str, ct: &str, body: &[u8]) -> Value {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: t\r\ncontent-type: {ct}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // In 64 KiB writes, so the server parses the stream as it arrives.
    for chunk in body.chunks(64 * 1024) {
        s.write_all(chunk).await.unwrap();
    }
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut response)).await.unwrap().unwrap();
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_upload_over_a_socket_is_spooled_to_disk() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brisk::server::serve_listener(app(), listener, async move {
        let _ = rx.await;
    }));
    let data: Vec<u8> = (0..5 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let expected: u64 = data.iter().map(|b| *b as u64).sum();
    let (ct, body) = multipart(&[("note", None, b"big one"), ("file", Some("big.bin"), &data)]);
    let json = post_over_socket(addr, "/upload", &ct, &body).await;
    assert_eq!(json["size"], json!(5 * 1024 * 1024));
    assert_eq!(json["read"], json!(5 * 1024 * 1024));
    assert_eq!(json["on_disk"], json!(true));
    assert_eq!(json["checksum"], json!(expected));
    assert_eq!(json["note"], json!("big one"));
    // The temporary file is gone once the request is over.
    let path = json["path"].as_str().unwrap().to_owned();
    assert!(!std::path::Path::new(&path).exists(), "{path} still exists");
    // bytes (`FileBytes`) read a spooled file whole.
    let (ct, body) = multipart(&[("files", Some("a.bin"), &data), ("files", Some("b.bin"), b"xyz")]);
    assert_eq!(post_over_socket(addr, "/bytes", &ct, &body).await, json!([5 * 1024 * 1024, 3]));
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}
