//! The app served over real sockets on 127.0.0.1: HTTP/1.1 with keep-alive, HTTP/2,
//! malformed requests, a panicking handler, an oversized body, graceful shutdown.

use std::time::Duration;

use brisk::prelude::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

#[get("/items/{item_id}")]
async fn read_item(item_id: i64, q: Option<String>) -> Value {
    json!({"item_id": item_id, "q": q})
}

#[get("/slow")]
async fn slow() -> Value {
    tokio::time::sleep(Duration::from_millis(300)).await;
    json!("finally")
}

#[get("/panic")]
async fn panics() -> Value {
    panic!("boom")
}

#[post("/echo")]
async fn echo(body: Value) -> Value {
    body
}

struct Server {
    addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let app = App::new().body_limit(1024).routes(routes![read_item, slow, panics, echo]);
    let done = tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = rx.await;
    }));
    Server { addr, stop: Some(tx), done }
}

/// Sends raw bytes and reads one response (headers and a content-length body).
async fn exchange(stream: &mut TcpStream, request: &[u8]) -> (u16, String) {
    stream.write_all(request).await.unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await.unwrap().unwrap();
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head.lines().find_map(|l| {
                l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap())
            });
            if len.is_some_and(|len| body.len() >= len) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default())
}

#[tokio::test]
async fn keep_alive_errors_and_recovery() {
    let server = start().await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let (status, body) = exchange(&mut s, b"GET /items/5?q=x HTTP/1.1\r\nhost: t\r\n\r\n").await;
    assert_eq!((status, serde_json::from_str::<Value>(&body).unwrap()), (200, json!({"item_id": 5, "q": "x"})));
    // The same connection serves a second request: a 422.
    let (status, body) = exchange(&mut s, b"GET /items/x HTTP/1.1\r\nhost: t\r\n\r\n").await;
    assert_eq!(status, 422);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["detail"][0]["type"], "int_parsing");
    // A panicking handler answers 500 and the server goes on.
    let (status, _) = exchange(&mut s, b"GET /panic HTTP/1.1\r\nhost: t\r\n\r\n").await;
    assert_eq!(status, 500);
    let (status, _) = exchange(&mut s, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await;
    assert_eq!(status, 200);
    // Over the body limit: 413.
    let big = format!(
        "POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 2000\r\n\r\n\"{}\"",
        "a".repeat(1998)
    );
    let (status, _) = exchange(&mut s, big.as_bytes()).await;
    assert_eq!(status, 413);
    // A malformed request gets a 400 from the HTTP layer; other connections still work.
    let mut bad = TcpStream::connect(server.addr).await.unwrap();
    let (status, _) = exchange(&mut bad, b"NOT A REQUEST\r\n\r\n").await;
    assert_eq!(status, 400);
    let mut fresh = TcpStream::connect(server.addr).await.unwrap();
    let (status, _) = exchange(&mut fresh, b"GET /items/2 HTTP/1.1\r\nhost: t\r\n\r\n").await;
    assert_eq!(status, 200);
    drop(server);
}

#[tokio::test]
async fn http2_prior_knowledge() {
    use http_body_util::{BodyExt, Empty};
    let server = start().await;
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    let req = http::Request::get(format!("http://{}/items/7", server.addr)).body(Empty::<bytes::Bytes>::new()).unwrap();
    let res = sender.send_request(req).await.unwrap();
    assert_eq!(res.version(), http::Version::HTTP_2);
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!({"item_id": 7, "q": null}));
}

#[tokio::test]
async fn graceful_shutdown_lets_requests_finish() {
    let mut server = start().await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let pending = tokio::spawn(async move { exchange(&mut s, b"GET /slow HTTP/1.1\r\nhost: t\r\n\r\n").await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = server.stop.take().map(|tx| tx.send(()));
    let (status, body) = pending.await.unwrap();
    assert_eq!((status, body.as_str()), (200, "\"finally\""));
    tokio::time::timeout(Duration::from_secs(5), server.done).await.unwrap().unwrap().unwrap();
    // No new connections once stopped.
    assert!(TcpStream::connect(server.addr).await.is_err());
}
