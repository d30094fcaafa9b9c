//! The app served over real sockets on 127.0.0.1: HTTP/1.1 with keep-alive, HTTP/2,
//! malformed requests, a panicking handler, an oversized body, graceful shutdown; the
//! server's timeouts, HTTP strictness and header limits, set through `ServerConfig` with
//! short timeouts so that each test takes a second or two.

use std::time::Duration;

use brisk::prelude::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::time::Instant;

use brisk::server::ServerConfig;

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

#[post("/upload")]
async fn upload(#[form] note: String) -> Value {
    json!(note)
}

#[get("/ticks")]
async fn ticks() -> ByteStream<impl futures_util::Stream<Item = &'static str>> {
    ByteStream::new(futures_util::stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Some(("tick\n", ()))
    }))
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

/// A server with `config` (and the test routes, a 1 KiB body limit).
async fn start_with(config: ServerConfig) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let app = App::new().body_limit(1024).routes(routes![read_item, slow, panics, echo, upload, ticks]);
    let done = tokio::spawn(brisk::server::serve_listener_with(
        app,
        listener,
        async move {
            let _ = rx.await;
        },
        config.access_log(false),
    ));
    Server { addr, stop: Some(tx), done }
}

impl Server {
    /// Stops accepting and returns how long `serve_listener_with` took to return (Ok).
    async fn stop(mut self) -> Duration {
        let started = Instant::now();
        let _ = self.stop.take().map(|tx| tx.send(()));
        tokio::time::timeout(Duration::from_secs(10), self.done)
            .await
            .expect("the server did not return")
            .unwrap()
            .unwrap();
        started.elapsed()
    }
}

/// Reads until the server closes the connection (within `within`): what it sent, and
/// how long it took.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let left = within.checked_sub(started.elapsed()).expect("the server did not close the connection");
        match tokio::time::timeout(left, stream.read(&mut chunk))
            .await
            .expect("the server did not close the connection")
        {
            Ok(0) | Err(_) => return (out, started.elapsed()),
            Ok(n) => out.extend_from_slice(&chunk[..n]),
        }
    }
}

fn status_of(response: &[u8]) -> u16 {
    String::from_utf8_lossy(response).split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// The resident memory of this process, in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

const MS: fn(u64) -> Duration = Duration::from_millis;

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
async fn http2_can_be_turned_off() {
    let server = start_with(ServerConfig::default().http2(false)).await;
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let handshake = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    );
    let refused = async {
        let (mut sender, conn) = handshake.await?;
        tokio::spawn(conn);
        let req = http::Request::get("/items/1").body(http_body_util::Empty::<bytes::Bytes>::new()).unwrap();
        sender.send_request(req).await.map(|_| ())
    };
    assert!(tokio::time::timeout(Duration::from_secs(3), refused).await.unwrap().is_err());
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(exchange(&mut s, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await.0, 200);
    server.stop().await;
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

// --- Timeouts -------------------------------------------------------------------------

#[tokio::test]
async fn a_connection_must_send_its_first_request_within_the_header_timeout() {
    let server = start_with(ServerConfig::default().header_timeout(MS(400))).await;
    // Nothing at all; half an HTTP/2 preface; half a request head.
    for opening in [&b""[..], b"PRI * HTTP/2.0\r\n", b"GET /items/1 HTTP/1.1\r\nhost"] {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(opening).await.unwrap();
        let (sent, took) = read_to_close(&mut s, Duration::from_secs(3)).await;
        assert!(sent.is_empty(), "{}", String::from_utf8_lossy(&sent));
        assert!(took >= MS(300), "closed after {took:?}");
    }
    // A prompt client is served.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(exchange(&mut s, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await.0, 200);
    server.stop().await;
}

#[tokio::test]
async fn the_next_request_head_must_complete_within_the_header_timeout() {
    // The watchdog alone keeps this deadline (hyper runs no timer of its own): a head
    // begun on a kept-alive connection is cut at the header timeout, however long the
    // keep-alive timeout.
    let config = ServerConfig::default().header_timeout(MS(400)).keep_alive_timeout(Duration::from_secs(30));
    let server = start_with(config).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(exchange(&mut s, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await.0, 200);
    s.write_all(b"GET /items/1 HTTP/1.1\r\nho").await.unwrap();
    let (sent, took) = read_to_close(&mut s, Duration::from_secs(5)).await;
    assert!(sent.is_empty(), "{}", String::from_utf8_lossy(&sent));
    assert!(took >= MS(200) && took < MS(2000), "closed after {took:?}");
    server.stop().await;
}

#[tokio::test]
async fn hundreds_of_silent_connections_are_closed_and_memory_stays_bounded() {
    let server = start_with(ServerConfig::default().header_timeout(MS(500))).await;
    let before = rss_kib();
    let mut silent = Vec::new();
    for _ in 0..300 {
        silent.push(TcpStream::connect(server.addr).await.unwrap());
    }
    let grown = rss_kib().saturating_sub(before);
    assert!(grown < 32 * 1024, "300 idle connections took {grown} KiB");
    // Every one is closed by the server...
    let closing = silent.iter_mut().map(|s| read_to_close(s, Duration::from_secs(5)));
    for (sent, _) in futures_util::future::join_all(closing).await {
        assert!(sent.is_empty());
    }
    // ...and the server still answers.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(exchange(&mut s, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await.0, 200);
    server.stop().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout() {
    let server = start_with(ServerConfig::default().keep_alive_timeout(MS(400))).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    // Requests closer together than the timeout keep the connection open.
    for _ in 0..3 {
        assert_eq!(exchange(&mut s, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await.0, 200);
        tokio::time::sleep(MS(200)).await;
    }
    let (sent, took) = read_to_close(&mut s, Duration::from_secs(3)).await;
    assert!(sent.is_empty());
    assert!(took >= MS(100) && took < MS(1500), "closed after {took:?}");
    server.stop().await;
}

/// HTTP/2 frames as (type, stream id), read from raw bytes.
fn frames(mut bytes: &[u8]) -> Vec<(u8, u32)> {
    let mut out = Vec::new();
    while bytes.len() >= 9 {
        let len = u32::from_be_bytes([0, bytes[0], bytes[1], bytes[2]]) as usize;
        let stream = u32::from_be_bytes([bytes[5], bytes[6], bytes[7], bytes[8]]) & 0x7fff_ffff;
        out.push((bytes[3], stream));
        bytes = &bytes[(9 + len).min(bytes.len())..];
    }
    out
}

const H2_OPENING: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";
const GOAWAY: u8 = 7;
const PING: u8 = 6;

#[tokio::test]
async fn an_http2_connection_without_streams_gets_goaway_after_the_idle_timeout() {
    let config = ServerConfig::default().header_timeout(MS(200)).http2_idle_timeout(MS(700));
    let server = start_with(config).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(H2_OPENING).await.unwrap();
    let (sent, took) = read_to_close(&mut s, Duration::from_secs(5)).await;
    // Not the header timeout (the preface is complete): the idle timeout, then GOAWAY.
    assert!(took >= MS(600), "closed after {took:?}");
    assert!(frames(&sent[..]).iter().any(|(kind, _)| *kind == GOAWAY), "{:?}", frames(&sent));
    server.stop().await;
}

#[tokio::test]
async fn an_http2_peer_that_does_not_answer_pings_is_closed() {
    let config = ServerConfig::default().http2_keep_alive(MS(200), MS(300));
    let server = start_with(config).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(H2_OPENING).await.unwrap();
    let (sent, took) = read_to_close(&mut s, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "closed after {took:?}");
    assert!(frames(&sent[..]).iter().any(|(kind, _)| *kind == PING), "{:?}", frames(&sent));
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_the_connection_closed() {
    let server = start_with(ServerConfig::default().body_timeout(MS(400))).await;
    for request in [
        // A declared length, two bytes of it sent.
        &b"POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n[1"[..],
        // A chunked body that never ends.
        b"POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n2\r\n[1\r\n",
        // A form: the form parser's read error becomes the 408 too.
        b"POST /upload HTTP/1.1\r\nhost: t\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 10\r\n\r\nno",
    ] {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(request).await.unwrap();
        let (sent, took) = read_to_close(&mut s, Duration::from_secs(3)).await;
        let text = String::from_utf8_lossy(&sent);
        assert_eq!(status_of(&sent), 408, "{text}");
        assert!(text.to_ascii_lowercase().contains("connection: close"), "{text}");
        assert!(text.ends_with(r#"{"detail":"Request Timeout"}"#), "{text}");
        assert!(took >= MS(300), "answered after {took:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_http2_body_is_answered_408_on_its_stream() {
    let server = start_with(ServerConfig::default().body_timeout(MS(400))).await;
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    // Two bytes of the body, then nothing (the sender is kept, so the body never ends).
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<http_body::Frame<bytes::Bytes>, std::convert::Infallible>>(1);
    tx.send(Ok(http_body::Frame::data(bytes::Bytes::from_static(b"[1")))).await.unwrap();
    let body = http_body_util::StreamBody::new(tokio_stream_of(rx));
    let req = http::Request::post(format!("http://{}/echo", server.addr))
        .header("content-type", "application/json")
        .body(body)
        .unwrap();
    let started = Instant::now();
    let res = tokio::time::timeout(Duration::from_secs(3), sender.send_request(req)).await.unwrap().unwrap();
    assert_eq!(res.status(), 408);
    assert!(started.elapsed() >= MS(300));
    drop(tx);
    server.stop().await;
}

/// An mpsc receiver as a stream.
fn tokio_stream_of<T>(mut rx: tokio::sync::mpsc::Receiver<T>) -> impl futures_util::Stream<Item = T> + Unpin {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

#[tokio::test]
async fn a_body_slower_than_the_minimum_rate_is_answered_408() {
    let config = ServerConfig::default().body_timeout(Duration::from_secs(10)).min_body_rate(1000, MS(300));
    let server = start_with(config).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n")
        .await
        .unwrap();
    // One byte every 50 ms: 20 bytes/s, far below 1000. The server stops it after the
    // grace period, whatever the idle timeout.
    let trickle = async {
        for _ in 0..100 {
            if s.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(MS(50)).await;
        }
    };
    let started = Instant::now();
    let _ = tokio::time::timeout(Duration::from_secs(3), trickle).await;
    let (sent, _) = read_to_close(&mut s, Duration::from_secs(3)).await;
    assert_eq!(status_of(&sent), 408, "{}", String::from_utf8_lossy(&sent));
    assert!(started.elapsed() < Duration::from_secs(4));
    // A body as fast as the network goes through.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let (status, body) = exchange(
        &mut s,
        b"POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 4\r\n\r\n[12]",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "[12]"));
    server.stop().await;
}

// --- HTTP strictness ------------------------------------------------------------------

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_100_continue() {
    let server = start_with(ServerConfig::default()).await;
    for path in ["/echo", "/upload"] {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 16777216\r\nexpect: 100-continue\r\n\r\n"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        // The first answer is the 413 itself: no `100 Continue` invites the upload.
        let (sent, _) = read_to_close(&mut s, Duration::from_secs(3)).await;
        let text = String::from_utf8_lossy(&sent);
        assert!(text.starts_with("HTTP/1.1 413 "), "{path}: {text}");
        assert!(!text.contains("100 Continue"), "{text}");
    }
    // Within the limit, the client is invited to send.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: 4\r\nexpect: 100-continue\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(3), s.read(&mut buf)).await.unwrap().unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 100 Continue"), "{}", String::from_utf8_lossy(&buf[..n]));
    let (status, body) = exchange(&mut s, b"[12]").await;
    assert_eq!((status, body.as_str()), (200, "[12]"));
    server.stop().await;
}

#[tokio::test]
async fn http11_without_host_is_400() {
    let server = start_with(ServerConfig::default()).await;
    for request in [&b"GET /items/1 HTTP/1.1\r\n\r\n"[..], b"GET /items/1 HTTP/1.1\r\nhost: a\r\nhost: b\r\n\r\n"] {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(request).await.unwrap();
        let (sent, _) = read_to_close(&mut s, Duration::from_secs(3)).await;
        let text = String::from_utf8_lossy(&sent);
        assert_eq!(status_of(&sent), 400, "{text}");
        assert!(text.ends_with("Invalid HTTP request received."), "{text}");
    }
    // HTTP/1.0 may leave it out.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"GET /items/1 HTTP/1.0\r\n\r\n").await.unwrap();
    let (sent, _) = read_to_close(&mut s, Duration::from_secs(3)).await;
    assert_eq!(status_of(&sent), 200, "{}", String::from_utf8_lossy(&sent));
    server.stop().await;
}

#[tokio::test]
async fn header_count_and_size_are_limited_with_431() {
    let server = start_with(ServerConfig::default().max_headers(5, 8192).http2_max_header_list_size(4096)).await;
    let many = format!("GET /items/1 HTTP/1.1\r\nhost: t\r\n{}\r\n", "x-a: 1\r\n".repeat(5));
    let big = format!("GET /items/1 HTTP/1.1\r\nhost: t\r\nx-big: {}\r\n\r\n", "a".repeat(9000));
    for request in [many, big] {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(request.as_bytes()).await.unwrap();
        let (sent, _) = read_to_close(&mut s, Duration::from_secs(3)).await;
        assert_eq!(status_of(&sent), 431, "{}", String::from_utf8_lossy(&sent));
    }
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let fine = format!("GET /items/1 HTTP/1.1\r\nhost: t\r\n{}\r\n", "x-a: 1\r\n".repeat(4));
    assert_eq!(exchange(&mut s, fine.as_bytes()).await.0, 200);
    // HTTP/2: the same count, and the header list size.
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    let get = |headers: Vec<(String, String)>| {
        let mut req = http::Request::get(format!("http://{}/items/7", server.addr));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.body(http_body_util::Empty::<bytes::Bytes>::new()).unwrap()
    };
    let six = (0..6).map(|i| (format!("x-{i}"), "1".to_owned())).collect();
    assert_eq!(sender.send_request(get(six)).await.unwrap().status(), 431);
    let large = vec![("x-big".to_owned(), "a".repeat(5000))];
    assert_eq!(sender.send_request(get(large)).await.unwrap().status(), 431);
    assert_eq!(sender.send_request(get(Vec::new())).await.unwrap().status(), 200);
    server.stop().await;
}

// --- Shutdown -------------------------------------------------------------------------

#[tokio::test]
async fn idle_connections_do_not_delay_shutdown() {
    use http_body_util::{BodyExt, Empty};
    let server = start_with(ServerConfig::default().shutdown_grace(Duration::from_secs(20))).await;
    // An idle HTTP/1.1 keep-alive connection, an idle HTTP/2 connection, a silent one.
    let mut h1 = TcpStream::connect(server.addr).await.unwrap();
    assert_eq!(exchange(&mut h1, b"GET /items/1 HTTP/1.1\r\nhost: t\r\n\r\n").await.0, 200);
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    let h2 = tokio::spawn(conn);
    let req = http::Request::get(format!("http://{}/items/7", server.addr)).body(Empty::<bytes::Bytes>::new()).unwrap();
    let res = sender.send_request(req).await.unwrap();
    res.into_body().collect().await.unwrap();
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    // An HTTP/2 peer that never answers (not even the PING that follows GOAWAY).
    let mut mute_h2 = TcpStream::connect(server.addr).await.unwrap();
    mute_h2.write_all(H2_OPENING).await.unwrap();
    tokio::time::sleep(MS(100)).await;
    let took = server.stop().await;
    assert!(took < Duration::from_secs(3), "shutdown took {took:?}");
    // Each was closed; the HTTP/2 client saw GOAWAY and its connection ended.
    assert!(read_to_close(&mut h1, Duration::from_secs(1)).await.0.is_empty());
    assert!(read_to_close(&mut silent, Duration::from_secs(1)).await.0.is_empty());
    let (sent, _) = read_to_close(&mut mute_h2, Duration::from_secs(1)).await;
    assert!(frames(&sent).iter().any(|(kind, _)| *kind == GOAWAY), "{:?}", frames(&sent));
    tokio::time::timeout(Duration::from_secs(1), h2).await.unwrap().unwrap().unwrap();
}

#[tokio::test]
async fn an_endless_stream_is_cut_at_the_grace_period_and_the_server_returns_ok() {
    let server = start_with(ServerConfig::default().shutdown_grace(MS(600))).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"GET /ticks HTTP/1.1\r\nhost: t\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(3), s.read(&mut buf)).await.unwrap().unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200 OK"));
    let reader = tokio::spawn(async move { read_to_close(&mut s, Duration::from_secs(5)).await });
    let took = server.stop().await;
    assert!(took >= MS(500) && took < Duration::from_secs(3), "shutdown took {took:?}");
    // The stream went on during the grace period, then was cut.
    let (sent, _) = reader.await.unwrap();
    assert!(String::from_utf8_lossy(&sent).matches("tick").count() >= 5);
}

#[tokio::test]
async fn a_request_finishing_within_the_grace_period_is_answered() {
    let server = start_with(ServerConfig::default().shutdown_grace(Duration::from_secs(5))).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let pending = tokio::spawn(async move { exchange(&mut s, b"GET /slow HTTP/1.1\r\nhost: t\r\n\r\n").await });
    tokio::time::sleep(MS(100)).await;
    let took = server.stop().await;
    assert!(took < Duration::from_secs(2), "shutdown took {took:?}");
    assert_eq!(pending.await.unwrap().0, 200);
}

#[tokio::test]
async fn server_limits_apply_under_what_the_app_sets() {
    // The test app sets a 1 KiB body limit itself: the server's larger one does not
    // replace it, while its validation-error limit (which the app left unset) applies.
    let config =
        ServerConfig::default().limits(brisk::Limits::new().max_body_size(1 << 20).max_validation_errors(Some(0)));
    let server = start_with(config).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let body = "x".repeat(2000);
    let request = format!(
        "POST /echo HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let (status, _) = exchange(&mut s, request.as_bytes()).await;
    assert_eq!(status, 413);
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let (status, body) = exchange(&mut s, b"GET /items/x?q=1 HTTP/1.1\r\nhost: t\r\n\r\n").await;
    assert_eq!(status, 422);
    let detail: Value = serde_json::from_str::<Value>(&body).unwrap()["detail"].clone();
    assert_eq!(detail[0]["type"], "too_many_errors", "{detail}");
    server.stop().await;
}
