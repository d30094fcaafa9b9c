//! The app's limits (`brisk::Limits`), each in-process through `TestClient` and over a
//! real socket: the status and body it answers, and whether the connection stays open
//! (the body was read) or is closed (the rest of it was not). Also: header values and
//! cookies that are not UTF-8 are validation errors.

use std::time::Duration;

use brisk::Limits;
use brisk::forms::FileBytes;
use brisk::prelude::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[post("/echo")]
async fn echo(body: Value) -> Value {
    body
}

#[post("/numbers/{id}")]
async fn numbers(id: i64, #[query] q: Option<i64>, #[body] values: Vec<i64>) -> Value {
    json!({"id": id, "q": q, "n": values.len()})
}

#[get("/tags")]
async fn tags(#[query] t: Vec<i64>) -> Value {
    json!(t.len())
}

#[post("/login")]
async fn login(#[form] username: String, #[form(default = Vec::new())] roles: Vec<String>) -> Value {
    json!({"username": username, "roles": roles.len()})
}

#[post("/upload")]
async fn upload(
    #[file(default = Vec::new())] files: Vec<FileBytes>,
    #[form(default = Vec::new())] notes: Vec<String>,
) -> Value {
    json!({"files": files.len(), "notes": notes.len()})
}

#[get("/token")]
async fn token(
    #[header] x_token: String,
    #[header(default = Vec::new())] x_tags: Vec<String>,
    #[cookie] session: Option<String>,
) -> Value {
    json!({"x_token": x_token, "x_tags": x_tags, "session": session})
}

/// Headers read as a model.
#[derive(Model)]
struct Tokens {
    x_token: String,
}

/// Cookies read as a model.
#[derive(Model)]
struct Session {
    session: String,
}

#[get("/models")]
async fn models(#[header] h: Tokens, #[cookie] c: Session) -> Value {
    json!({"x_token": h.x_token, "session": c.session})
}

fn app() -> App {
    App::new().routes(routes![echo, numbers, tags, login, upload, token, models])
}

/// A multipart body with `n` text parts named `note` of `size` bytes each.
fn notes(n: usize, size: usize) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    let value = "n".repeat(size);
    for _ in 0..n {
        body.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\n");
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--b--\r\n");
    ("multipart/form-data; boundary=b".to_owned(), body)
}

/// A multipart body with `n` empty file parts.
fn files(n: usize) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for _ in 0..n {
        body.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"f\"\r\n\r\n\r\n");
    }
    body.extend_from_slice(b"--b--\r\n");
    ("multipart/form-data; boundary=b".to_owned(), body)
}

/// `n` wrong-typed values for a `Vec<i64>` body.
fn strings(n: usize) -> String {
    serde_json::to_string(&vec!["x"; n]).unwrap()
}

fn detail(msg: &str) -> Value {
    json!({"detail": msg})
}

fn too_many(source: &str, kept: usize) -> Value {
    json!({"type": "too_many_errors", "loc": [source], "msg": format!("Too many errors, only the first {kept} are reported"),
           "input": null, "ctx": {"max_errors": kept}})
}

#[tokio::test]
async fn validation_errors_stop_at_the_limit() {
    let c = TestClient::new(app());
    let res = c.post("/numbers/1").header("content-type", "application/json").body(strings(5000)).send().await;
    assert_eq!(res.status(), 422);
    let detail = res.json::<Value>()["detail"].as_array().unwrap().clone();
    assert_eq!(detail.len(), 1001);
    assert_eq!(
        detail[999],
        json!({"type": "int_parsing", "loc": ["body", 999],
               "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"})
    );
    assert_eq!(detail[1000], too_many("body", 1000));
    // Under the limit, every error, and no extra entry.
    let res = c.post("/numbers/1").header("content-type", "application/json").body(strings(1000)).send().await;
    assert_eq!(res.json::<Value>()["detail"].as_array().unwrap().len(), 1000);
    // The query string too.
    let q = vec!["t=x"; 1500].join("&");
    let res = c.get(&format!("/tags?{q}")).send().await;
    let detail = res.json::<Value>()["detail"].as_array().unwrap().clone();
    assert_eq!((detail.len(), &detail[1000]), (1001, &too_many("query", 1000)));
}

#[tokio::test]
async fn the_validation_error_limit_is_set_per_app() {
    let c = TestClient::new(app().limits(Limits::new().max_validation_errors(Some(3))));
    // Errors of every source are gathered, then ordered as FastAPI orders them; the
    // entry stays last and names the source of the first error left out.
    let res = c.post("/numbers/x?q=y").header("content-type", "application/json").body(strings(10)).send().await;
    let detail = res.json::<Value>()["detail"].clone();
    let locs: Vec<&Value> = detail.as_array().unwrap().iter().map(|e| &e["loc"]).collect();
    assert_eq!(locs, [&json!(["path", "id"]), &json!(["query", "q"]), &json!(["body", 0]), &json!(["body"])]);
    assert_eq!(detail[3], too_many("body", 3));
    // `None`: FastAPI's behaviour, every error.
    let c = TestClient::new(app().limits(Limits::new().max_validation_errors(None)));
    let res = c.post("/numbers/1").header("content-type", "application/json").body(strings(5000)).send().await;
    assert_eq!(res.json::<Value>()["detail"].as_array().unwrap().len(), 5000);
    // Zero: only the entry.
    let c = TestClient::new(app().limits(Limits::new().max_validation_errors(Some(0))));
    let res = c.get("/tags?t=x").send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["msg"], "Too many errors, none are reported");
}

#[tokio::test]
async fn form_and_body_limits_answer_in_process() {
    let c = TestClient::new(app());
    let roles: Vec<(&str, &str)> =
        std::iter::once(("username", "u")).chain((0..1000).map(|_| ("roles", "r"))).collect();
    let res = c.post("/login").form(&roles).send().await;
    assert_eq!(
        (res.status(), res.json::<Value>()),
        (400, detail("Too many fields. Maximum number of fields is 1000."))
    );
    let res = c.post("/login").form(&roles[..1000]).send().await;
    assert_eq!(res.json::<Value>(), json!({"username": "u", "roles": 999}));
    let (ct, body) = notes(1001, 0);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!(
        (res.status(), res.json::<Value>()),
        (400, detail("Too many fields. Maximum number of fields is 1000."))
    );
    let (ct, body) = files(1001);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("Too many files. Maximum number of files is 1000.")));
    let (ct, body) = notes(1, 1024 * 1024 + 1);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, detail("Part exceeded maximum size of 1024KB.")));
    let (ct, body) = notes(1, 1024 * 1024);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!(res.json::<Value>(), json!({"files": 0, "notes": 1}));
    let big = format!("\"{}\"", "a".repeat(16 * 1024 * 1024));
    let res = c.post("/echo").header("content-type", "application/json").body(big).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (413, detail("Request body too large")));

    // Each set on the app, through `Limits`; the shortcuts still work.
    let limits = Limits::new().max_form_fields(2).max_form_files(1).max_part_size(2048);
    let c = TestClient::new(app().limits(limits));
    let res = c.post("/login").form(&[("username", "u"), ("roles", "a"), ("roles", "b")]).send().await;
    assert_eq!(res.json::<Value>(), detail("Too many fields. Maximum number of fields is 2."));
    let (ct, body) = files(2);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!(res.json::<Value>(), detail("Too many files. Maximum number of files is 1."));
    let c = TestClient::new(app().limits(Limits::new().max_body_size(100)));
    let res =
        c.post("/echo").header("content-type", "application/json").body(format!("\"{}\"", "a".repeat(99))).send().await;
    assert_eq!(res.status(), 413);
    let res =
        c.post("/echo").header("content-type", "application/json").body(format!("\"{}\"", "a".repeat(98))).send().await;
    assert_eq!(res.json::<Value>(), json!("a".repeat(98)));
    let c = TestClient::new(app().limits(Limits::new().max_part_size(2048)).body_limit(1 << 20));
    let (ct, body) = notes(1, 2049);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!(res.json::<Value>(), detail("Part exceeded maximum size of 2KB."));
}

#[tokio::test]
async fn header_values_and_cookies_that_are_not_utf8_are_validation_errors() {
    let c = TestClient::new(app());
    let unicode = |source: &str, name: &str, input: &str| {
        json!({"type": "string_unicode", "loc": [source, name],
               "msg": "Input should be a valid string, unable to parse raw data as a unicode string", "input": input})
    };
    // UTF-8 is read as UTF-8.
    let res =
        c.get("/token").header_bytes("x-token", "café".as_bytes()).header("cookie", "session=s%C3%A9").send().await;
    assert_eq!(res.json::<Value>(), json!({"x_token": "café", "x_tags": [], "session": "sé"}));
    // Latin-1 bytes: an error, its input the value as Starlette reads it.
    let res = c.get("/token").header_bytes("x-token", b"caf\xe9").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (422, json!({"detail": [unicode("header", "x-token", "café")]})));
    let res = c
        .get("/token")
        .header("x-token", "t")
        .header_bytes("x-tags", b"a")
        .header_bytes("x-tags", b"\xff")
        .send()
        .await;
    assert_eq!(res.json::<Value>()["detail"], json!([unicode("header", "x-tags", "ÿ")]));
    let res =
        c.get("/token").header("x-token", "t").header_bytes("cookie", b"other=\xff; session=caf\xe9").send().await;
    assert_eq!(res.json::<Value>()["detail"], json!([unicode("cookie", "session", "café")]));
    // Another cookie's bytes do not matter; a later valid one wins, as in Starlette.
    let res = c.get("/token").header("x-token", "t").header_bytes("cookie", b"other=\xff; session=a").send().await;
    assert_eq!(res.json::<Value>()["session"], "a");
    let res = c.get("/token").header("x-token", "t").header_bytes("cookie", b"session=\xff; session=b").send().await;
    assert_eq!(res.json::<Value>()["session"], "b");
    // Percent-escapes that do not decode to UTF-8 are kept as sent.
    let res = c.get("/token").header("x-token", "t").header("cookie", "session=%FF").send().await;
    assert_eq!(res.json::<Value>()["session"], "%FF");
    // Header and cookie models.
    let res = c.get("/models").header_bytes("x-token", b"\xe9").header_bytes("cookie", b"session=\xe9").send().await;
    assert_eq!(
        res.json::<Value>()["detail"],
        json!([unicode("header", "x-token", "é"), unicode("cookie", "session", "é")])
    );
    let res = c
        .get("/models")
        .header("x-token", "t")
        .header_bytes("x-other", b"\xe9")
        .header("cookie", "session=s")
        .send()
        .await;
    assert_eq!(res.json::<Value>(), json!({"x_token": "t", "session": "s"}));
    // The value a model's field reads: the first header, the last cookie.
    let res = c
        .get("/models")
        .header("x-token", "t")
        .header_bytes("x-token", b"\xe9")
        .header_bytes("cookie", b"session=\xe9; session=s")
        .send()
        .await;
    assert_eq!(res.json::<Value>(), json!({"x_token": "t", "session": "s"}));
    let res = c.get("/models").header("x-token", "t").header_bytes("cookie", b"session=s; session=\xe9").send().await;
    assert_eq!(res.json::<Value>()["detail"], json!([unicode("cookie", "session", "é")]));
}

// ---- over a real socket ----

struct Served {
    addr: std::net::SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn serve(app: App) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = rx.await;
    }));
    Served { addr, _stop: tx }
}

/// One response read off a connection: its status, its JSON body.
async fn read_response(r: &mut (impl AsyncReadExt + Unpin)) -> (u16, Value) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(30), r.read(&mut chunk)).await.unwrap().unwrap();
        assert!(n > 0, "closed before a whole response: {}", String::from_utf8_lossy(&buf));
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().unwrap())
            .expect("a content-length");
        if buf.len() >= end + 4 + len {
            let status = head.split(' ').nth(1).unwrap().parse().unwrap();
            return (status, serde_json::from_slice(&buf[end + 4..end + 4 + len]).unwrap());
        }
    }
}

/// Whether the server closed the connection (rather than waiting for the next request).
async fn closed(r: &mut (impl AsyncReadExt + Unpin)) -> bool {
    let mut chunk = [0u8; 1024];
    match tokio::time::timeout(Duration::from_secs(2), r.read(&mut chunk)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(n)) => panic!("unexpected bytes: {:?}", String::from_utf8_lossy(&chunk[..n])),
        Err(_) => false,
    }
}

/// Sends a request with a body (written by another task, as a client streams it, its
/// write errors ignored once the server stops reading) and reads the answer; then, when
/// the connection stayed open, checks it still serves a request.
async fn exchange(
    addr: std::net::SocketAddr,
    method_path: &str,
    headers: &[(&str, &[u8])],
    body: Vec<u8>,
) -> (u16, Value, bool) {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut r, mut w) = stream.into_split();
    let mut head = format!("{method_path} HTTP/1.1\r\nhost: t\r\ncontent-length: {}\r\n", body.len()).into_bytes();
    for (k, v) in headers {
        head.extend_from_slice(k.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(v);
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    let writer = tokio::spawn(async move {
        w.write_all(&head).await?;
        for chunk in body.chunks(64 * 1024) {
            w.write_all(chunk).await?;
        }
        Ok::<_, std::io::Error>(w)
    });
    let (status, json) = read_response(&mut r).await;
    let closed = closed(&mut r).await;
    if !closed {
        let mut w = writer.await.unwrap().unwrap();
        w.write_all(b"GET /tags?t=1 HTTP/1.1\r\nhost: t\r\n\r\n").await.unwrap();
        assert_eq!(read_response(&mut r).await, (200, json!(1)), "the connection serves the next request");
    }
    (status, json, closed)
}

const JSON: (&str, &[u8]) = ("content-type", b"application/json");
const FORM: (&str, &[u8]) = ("content-type", b"application/x-www-form-urlencoded");
const MULTIPART: (&str, &[u8]) = ("content-type", b"multipart/form-data; boundary=b");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_limit_over_a_socket() {
    let server = serve(app()).await;
    let addr = server.addr;
    // Body size: 413, and the rest of the body is not read: the connection is closed.
    let big = format!("\"{}\"", "a".repeat(20 * 1024 * 1024)).into_bytes();
    let (status, body, closed) = exchange(addr, "POST /echo", &[JSON], big).await;
    assert_eq!((status, body, closed), (413, detail("Request body too large"), true));
    // Urlencoded fields: the body was read whole, so the connection serves on.
    let form = format!("username=u{}", "&roles=r".repeat(1000)).into_bytes();
    let (status, body, closed) = exchange(addr, "POST /login", &[FORM], form).await;
    assert_eq!((status, body, closed), (400, detail("Too many fields. Maximum number of fields is 1000."), false));
    // Multipart parts: refused at the 1001st; the rest of a large body is not read.
    let (_, mut many) = notes(1001, 0);
    many.extend(std::iter::repeat_n(b'x', 8 * 1024 * 1024));
    let (status, body, closed) = exchange(addr, "POST /upload", &[MULTIPART], many).await;
    assert_eq!((status, body, closed), (400, detail("Too many fields. Maximum number of fields is 1000."), true));
    let (_, many) = files(1001);
    let (status, body, _) = exchange(addr, "POST /upload", &[MULTIPART], many).await;
    assert_eq!((status, body), (400, detail("Too many files. Maximum number of files is 1000.")));
    // Part size.
    let (_, huge) = notes(1, 4 * 1024 * 1024);
    let (status, body, closed) = exchange(addr, "POST /upload", &[MULTIPART], huge).await;
    assert_eq!((status, body, closed), (400, detail("Part exceeded maximum size of 1024KB."), true));
    // Validation errors: the 422 lists 1000 and the entry; the connection serves on.
    let (status, body, closed) = exchange(addr, "POST /numbers/1", &[JSON], strings(100_000).into_bytes()).await;
    let detail_list = body["detail"].as_array().unwrap();
    assert_eq!((status, detail_list.len(), &detail_list[1000], closed), (422, 1001, &too_many("body", 1000), false));
    // A header value that is not UTF-8.
    let (status, body, closed) = exchange(addr, "GET /token", &[("x-token", b"caf\xe9")], Vec::new()).await;
    assert_eq!((status, body["detail"][0]["type"].clone(), closed), (422, json!("string_unicode"), false));
    assert_eq!(body["detail"][0]["input"], "café");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_set_on_the_app_hold_over_a_socket() {
    let limits = Limits::new().max_body_size(1000).max_form_fields(3).max_validation_errors(Some(5));
    let server = serve(app().limits(limits)).await;
    let (status, _, closed) = exchange(server.addr, "POST /echo", &[JSON], vec![b'1'; 8 << 20]).await;
    assert_eq!((status, closed), (413, true));
    let (status, body, _) =
        exchange(server.addr, "POST /login", &[FORM], b"username=u&roles=a&roles=b&roles=c".to_vec()).await;
    assert_eq!((status, body), (400, detail("Too many fields. Maximum number of fields is 3.")));
    let (status, body, _) = exchange(server.addr, "POST /numbers/1", &[JSON], strings(50).into_bytes()).await;
    assert_eq!((status, body["detail"][5].clone()), (422, too_many("body", 5)));
}
