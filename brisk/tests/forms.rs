//! Forms and uploads: urlencoded and multipart fields, files in memory and spooled to
//! disk, limits, broken bodies.

use std::time::Duration;

use brisk::forms::{FileBytes, UploadFile};
use brisk::prelude::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[post("/login")]
async fn login(#[form] username: String, #[form(default = Vec::new())] roles: Vec<String>) -> Value {
    json!({"username": username, "roles": roles})
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
        "checksum": checksum,
        "note": note,
    }))
}

#[post("/bytes")]
async fn bytes(#[file] files: Vec<FileBytes>) -> Value {
    json!(files.iter().map(|f| f.0.len()).collect::<Vec<_>>())
}

fn app() -> App {
    App::new().body_limit(16 * 1024 * 1024).routes(routes![login, upload, bytes])
}

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

#[tokio::test]
async fn urlencoded_and_multipart_fields() {
    let c = TestClient::new(app());
    let res = c.post("/login").form(&[("username", "ann"), ("roles", "a"), ("roles", "b")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"username": "ann", "roles": ["a", "b"]}));
    let (ct, body) = multipart(&[("username", None, b"bob")]);
    let res = c.post("/login").header("content-type", &ct).body(body).send().await;
    assert_eq!(res.json::<Value>(), json!({"username": "bob", "roles": []}));
    let res = c.post("/login").json(&json!({"username": "x"})).send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["body", "username"]));
}

#[tokio::test]
async fn small_files_stay_in_memory() {
    let c = TestClient::new(app());
    let (ct, body) = multipart(&[("file", Some("a.txt"), b"hello"), ("note", None, b"hi")]);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    let v = res.json::<Value>();
    assert_eq!((v["name"].clone(), v["size"].clone(), v["on_disk"].clone()), (json!("a.txt"), json!(5), json!(false)));
    assert_eq!((v["type"].clone(), v["note"].clone()), (json!("text/plain"), json!("hi")));
    let (ct, body) = multipart(&[("files", Some("a"), b"12"), ("files", Some("b"), b"345")]);
    assert_eq!(c.post("/bytes").header("content-type", &ct).body(body).send().await.json::<Value>(), json!([2, 3]));
    let (ct, body) = multipart(&[("note", None, b"no file")]);
    let res = c.post("/upload").header("content-type", &ct).body(body).send().await;
    assert_eq!(
        res.json::<Value>()["detail"][0],
        json!({"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": null})
    );
}

#[tokio::test]
async fn broken_and_oversized_bodies_are_4xx() {
    let c = TestClient::new(App::new().body_limit(1000).routes(routes![login, upload, bytes]));
    let res = c
        .post("/upload")
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nunterminated")
        .send()
        .await;
    assert_eq!((res.status(), res.json::<Value>()), (400, json!({"detail": "There was an error parsing the body"})));
    let res = c.post("/upload").header("content-type", "multipart/form-data").body("x").send().await;
    assert_eq!(res.status(), 400);
    let big = vec![b'a'; 5000];
    let (ct, body) = multipart(&[("file", Some("big"), &big)]);
    assert_eq!(c.post("/upload").header("content-type", &ct).body(body).send().await.status(), 413);
    let many: Vec<(&str, Option<&str>, &[u8])> = (0..1001).map(|_| ("x", None, &b""[..])).collect();
    let (ct, body) = multipart(&many);
    let c = TestClient::new(app());
    assert_eq!(c.post("/bytes").header("content-type", &ct).body(body).send().await.status(), 400);
}

#[tokio::test]
async fn a_large_upload_over_a_socket_is_spooled_to_disk() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brisk::server::serve_listener(app(), listener, async move {
        let _ = rx.await;
    }));
    let data: Vec<u8> = (0..5 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let expected: u64 = data.iter().map(|b| *b as u64).sum();
    let (ct, body) = multipart(&[("file", Some("big.bin"), &data)]);
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /upload HTTP/1.1\r\nhost: t\r\ncontent-type: {ct}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&body).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut response)).await.unwrap().unwrap();
    let text = String::from_utf8_lossy(&response);
    let json: Value = serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(json["size"], json!(5 * 1024 * 1024));
    assert_eq!(json["read"], json!(5 * 1024 * 1024));
    assert_eq!(json["on_disk"], json!(true));
    assert_eq!(json["checksum"], json!(expected));
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}
