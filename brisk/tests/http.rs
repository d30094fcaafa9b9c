//! An app served over a real socket on 127.0.0.1 with `server::serve_listener`: hyper's
//! HTTP/1.1 client and raw bytes on a `TcpStream` for what a client library hides
//! (pipelining, chunked bodies, `Expect: 100-continue`, malformed requests), HTTP/2 with
//! prior knowledge, and graceful shutdown.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use brisk::prelude::*;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

#[derive(Model)]
struct Item {
    name: String,
    #[field(gt = 0)]
    price: f64,
}

#[get("/items/{item_id}")]
async fn read_item(item_id: i64, q: Option<String>) -> Value {
    json!({"item_id": item_id, "q": q})
}

#[post("/items/")]
async fn create_item(item: Item) -> Value {
    json!({"name": item.name, "price": item.price})
}

#[get("/legacy")]
async fn legacy() -> Response {
    Response::new("<shampoo/>").media_type("application/xml").status(203).header("x-custom", "kept")
}

#[get("/token")]
async fn token(#[header] x_token: String) -> Value {
    json!(x_token)
}

#[get("/slow")]
async fn slow() -> Value {
    tokio::time::sleep(Duration::from_millis(300)).await;
    json!("finally")
}

#[get("/whoami")]
async fn whoami(request: Request) -> Value {
    json!(request.client().map(|c| c.ip().to_string()))
}

#[get("/panic")]
async fn panics() -> Value {
    panic!("handler bug")
}

#[post("/echo")]
async fn echo(body: Value) -> Value {
    body
}

#[get("/big")]
async fn big() -> PlainTextResponse {
    PlainTextResponse::new("0123456789abcdef".repeat(64 * 1024))
}

#[delete("/items/{item_id}", status_code = 204)]
async fn delete_item(item_id: i64) {
    let _ = item_id;
}

const LIMIT: usize = 1024;

struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let app = App::new().body_limit(LIMIT).routes(routes![
            read_item,
            create_item,
            legacy,
            token,
            slow,
            panics,
            echo,
            big,
            delete_item,
            whoami
        ]);
        let done = tokio::spawn(brisk::server::serve_listener(app, listener, async move {
            let _ = rx.await;
        }));
        Server { addr, stop: Some(tx), done }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }

    /// Waits for `serve_listener` to return, at most `within`.
    async fn stopped(self, within: Duration) {
        let res = tokio::time::timeout(within, self.done).await;
        res.expect("serve_listener did not return in time").unwrap().unwrap();
    }
}

/// A whole response from a client library.
struct Reply {
    status: u16,
    version: http::Version,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self.body))
    }
}

fn http1_client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

fn http2_client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).http2_only(true).build_http()
}

async fn call(
    client: &Client<HttpConnector, Full<Bytes>>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut req = http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::from(body.to_owned()))).unwrap();
    let res = tokio::time::timeout(Duration::from_secs(10), client.request(req)).await.unwrap().unwrap();
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Reply { status: parts.status.as_u16(), version: parts.version, headers: parts.headers, body }
}

/// A response read off the wire.
#[derive(Debug)]
struct Raw {
    status_line: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One client connection, writing raw bytes and parsing the responses (pipelining too).
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Conn {
        Conn { stream: TcpStream::connect(addr).await.unwrap(), buf: Vec::new() }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    /// Reads more bytes; 0 means the server closed the connection.
    async fn fill(&mut self) -> usize {
        let mut chunk = [0u8; 16 * 1024];
        let read = tokio::time::timeout(Duration::from_secs(5), self.stream.read(&mut chunk)).await;
        let n = read.expect("the server did not answer within 5 s").unwrap_or(0);
        self.buf.extend_from_slice(&chunk[..n]);
        n
    }

    async fn take_line(&mut self) -> String {
        loop {
            if let Some(i) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.buf[..i]).into_owned();
                self.buf.drain(..i + 2);
                return line;
            }
            assert!(self.fill().await > 0, "connection closed mid-line");
        }
    }

    async fn take(&mut self, n: usize) -> Vec<u8> {
        while self.buf.len() < n {
            assert!(self.fill().await > 0, "connection closed mid-body");
        }
        self.buf.drain(..n).collect()
    }

    /// Reads one response; `head` when it answers a HEAD request (no body).
    async fn response(&mut self, head: bool) -> Raw {
        let status_line = self.take_line().await;
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut headers = Vec::new();
        loop {
            let line = self.take_line().await;
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':').expect("header line");
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
        let mut raw = Raw { status_line, status, headers, body: Vec::new() };
        if head || (100..200).contains(&status) || status == 204 || status == 304 {
            return raw;
        }
        if raw.header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
            loop {
                let size = usize::from_str_radix(self.take_line().await.trim(), 16).unwrap();
                let chunk = self.take(size).await;
                self.take_line().await;
                if size == 0 {
                    break;
                }
                raw.body.extend(chunk);
            }
        } else if let Some(len) = raw.header("content-length") {
            raw.body = self.take(len.parse().unwrap()).await;
        } else {
            while self.fill().await > 0 {}
            raw.body = std::mem::take(&mut self.buf);
        }
        raw
    }

    async fn request(&mut self, bytes: &[u8]) -> Raw {
        self.send(bytes).await;
        self.response(false).await
    }

    /// True when the server has closed the connection (reads return end of file).
    async fn closed_by_server(&mut self) -> bool {
        self.buf.is_empty() && self.fill().await == 0
    }
}

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nhost: localhost\r\n\r\n").into_bytes()
}

#[tokio::test]
async fn requests_and_errors_over_http1() {
    let server = Server::start().await;
    let c = http1_client();
    let res = call(&c, "GET", &server.url("/items/5?q=caf%C3%A9"), &[], "").await;
    assert_eq!((res.status, res.version), (200, http::Version::HTTP_11));
    assert_eq!(res.json(), json!({"item_id": 5, "q": "café"}));
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.header("content-length"), Some(res.body.len().to_string().as_str()));
    assert!(res.header("date").is_some(), "a date header, as uvicorn sends");

    let json_ct = [("content-type", "application/json")];
    let res = call(&c, "POST", &server.url("/items/"), &json_ct, r#"{"name": "Foo", "price": 2}"#).await;
    assert_eq!((res.status, res.json()), (200, json!({"name": "Foo", "price": 2.0})));
    let res = call(&c, "POST", &server.url("/items/"), &json_ct, r#"{"price": 0}"#).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"detail": [
            {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {"price": 0}},
            {"type": "greater_than", "loc": ["body", "price"], "msg": "Input should be greater than 0", "input": 0, "ctx": {"gt": 0.0}}
        ]})
    );

    let res = call(&c, "GET", &server.url("/whoami"), &[], "").await;
    assert_eq!(res.json(), json!("127.0.0.1"), "the server passes the peer's address with the request");

    let res = call(&c, "GET", &server.url("/nope"), &[], "").await;
    assert_eq!((res.status, res.json()), (404, json!({"detail": "Not Found"})));
    let res = call(&c, "PATCH", &server.url("/items/1"), &[], "").await;
    assert_eq!(res.status, 405);
    let allow: Vec<&str> = res.header("allow").unwrap_or_default().split(", ").collect();
    assert!(allow.contains(&"GET") && allow.contains(&"DELETE"), "allow: {allow:?}");
    // The redirect names the host the client asked for.
    let res = call(&c, "GET", &server.url("/items?q=1"), &[], "").await;
    assert_eq!(res.status, 307);
    assert_eq!(res.header("location"), Some(server.url("/items/?q=1").as_str()));

    let res = call(&c, "GET", &server.url("/legacy"), &[], "").await;
    assert_eq!((res.status, res.header("content-type")), (203, Some("application/xml")));
    assert_eq!((res.header("x-custom"), &res.body[..]), (Some("kept"), &b"<shampoo/>"[..]));

    let res = call(&c, "GET", &server.url("/big"), &[], "").await;
    assert_eq!(res.body.len(), 1024 * 1024);
    assert!(res.body.starts_with(b"0123456789abcdef0123"));
}

#[tokio::test]
async fn keep_alive_and_pipelining() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let first = conn.request(&get("/items/1")).await;
    assert_eq!((first.status, first.text()), (200, r#"{"item_id":1,"q":null}"#.to_owned()));
    let second = conn.request(&get("/items/x")).await;
    assert_eq!(second.status, 422);
    // Two requests in one write: two responses, in order.
    let mut both = get("/items/2");
    both.extend(get("/items/3?q=z"));
    conn.send(&both).await;
    let a = conn.response(false).await;
    let b = conn.response(false).await;
    assert_eq!((a.status, a.text()), (200, r#"{"item_id":2,"q":null}"#.to_owned()));
    assert_eq!((b.status, b.text()), (200, r#"{"item_id":3,"q":"z"}"#.to_owned()));
}

#[tokio::test]
async fn connection_close_and_http_1_0() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let res = conn.request(b"GET /items/1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert_eq!(res.status, 200);
    assert!(conn.closed_by_server().await, "connection: close must close the connection");

    let mut conn = Conn::open(server.addr).await;
    let res = conn.request(b"GET /items/9 HTTP/1.0\r\n\r\n").await;
    assert_eq!((res.status, res.text()), (200, r#"{"item_id":9,"q":null}"#.to_owned()));
    assert!(conn.closed_by_server().await, "an HTTP/1.0 request without keep-alive closes the connection");
}

#[tokio::test]
async fn chunked_request_bodies() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let res = conn
        .request(
            b"POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n\
              5\r\n{\"a\":\r\n3\r\n[1]\r\n1\r\n}\r\n0\r\n\r\n",
        )
        .await;
    assert_eq!((res.status, res.text()), (200, r#"{"a":[1]}"#.to_owned()));
    // A chunked body has no length up front: the limit applies as it arrives.
    let mut big =
        b"POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    let chunk = format!("\"{}\"", "a".repeat(LIMIT));
    big.extend(format!("{:x}\r\n{chunk}\r\n0\r\n\r\n", chunk.len()).into_bytes());
    let res = conn.request(&big).await;
    assert_eq!(res.status, 413);
}

#[tokio::test]
async fn expect_100_continue() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let body = br#"{"name": "Foo", "price": 1}"#;
    let head = format!(
        "POST /items/ HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nexpect: 100-continue\r\n\r\n",
        body.len()
    );
    conn.send(head.as_bytes()).await;
    let interim = conn.response(false).await;
    assert_eq!(interim.status, 100, "{}", interim.status_line);
    let res = conn.request(body).await;
    assert_eq!((res.status, res.text()), (200, r#"{"name":"Foo","price":1.0}"#.to_owned()));
}

#[tokio::test]
async fn expect_100_continue_over_the_limit_is_refused_up_front() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let head = format!(
        "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nexpect: 100-continue\r\n\r\n",
        LIMIT * 4
    );
    let res = conn.request(head.as_bytes()).await;
    assert_eq!(res.status, 413, "{}", res.status_line);
}

#[tokio::test]
async fn malformed_requests_get_400_and_the_server_goes_on() {
    let server = Server::start().await;
    for bad in
        [&b"NOT A REQUEST\r\n\r\n"[..], b"GET /items/1 HTTP/1.1\r\nhost x\r\n\r\n", b"GET /items/1 HTTP/9.9\r\n\r\n"]
    {
        let mut conn = Conn::open(server.addr).await;
        conn.send(bad).await;
        let res = conn.response(false).await;
        assert!(res.status == 400 || res.status == 505, "{:?} got {}", String::from_utf8_lossy(bad), res.status_line);
        assert!(conn.closed_by_server().await);
    }
    let mut conn = Conn::open(server.addr).await;
    assert_eq!(conn.request(&get("/items/1")).await.status, 200);
}

#[tokio::test]
async fn panics_and_dropped_clients_do_not_stop_the_server() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let res = conn.request(&get("/panic")).await;
    assert_eq!((res.status, res.text()), (500, "Internal Server Error".to_owned()));
    // The same connection goes on.
    assert_eq!(conn.request(&get("/items/1")).await.status, 200);
    // A client that leaves during a slow request.
    let mut gone = Conn::open(server.addr).await;
    gone.send(&get("/slow")).await;
    drop(gone);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(conn.request(&get("/items/2")).await.status, 200);
}

#[tokio::test]
#[ignore = "bug: header bytes beyond ASCII are decoded as lossy UTF-8; Starlette decodes latin-1 (0xE9 is é)"]
async fn header_values_beyond_ascii_are_latin1() {
    // Starlette decodes header bytes as latin-1: 0xE9 is "é".
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    let res = conn.request(b"GET /token HTTP/1.1\r\nhost: x\r\nx-token: caf\xe9\r\n\r\n").await;
    assert_eq!((res.status, res.text()), (200, "\"café\"".to_owned()));
}

#[tokio::test]
async fn head_requests_have_no_body() {
    let server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    conn.send(b"HEAD /items/1 HTTP/1.1\r\nhost: x\r\n\r\n").await;
    let res = conn.response(true).await;
    assert!(res.status == 200 || res.status == 405, "{}", res.status_line);
    // Nothing but the head was sent: the next response parses.
    let res = conn.request(&get("/items/4")).await;
    assert_eq!((res.status, res.text()), (200, r#"{"item_id":4,"q":null}"#.to_owned()));
}

#[tokio::test]
async fn http2_prior_knowledge() {
    let server = Server::start().await;
    let c = http2_client();
    let res = call(&c, "GET", &server.url("/items/7?q=h2"), &[], "").await;
    assert_eq!((res.status, res.version), (200, http::Version::HTTP_2));
    assert_eq!(res.json(), json!({"item_id": 7, "q": "h2"}));
    let json_ct = [("content-type", "application/json")];
    let res = call(&c, "POST", &server.url("/items/"), &json_ct, r#"{"name": "n", "price": -1}"#).await;
    assert_eq!((res.status, res.json()["detail"][0]["type"].clone()), (422, json!("greater_than")));
    let res = call(&c, "GET", &server.url("/panic"), &[], "").await;
    assert_eq!(res.status, 500);
    // Streams are independent: a fast request is not held up by a slow one.
    let started = Instant::now();
    let (slow_url, fast_url) = (server.url("/slow"), server.url("/items/1"));
    let slow = async { (call(&c, "GET", &slow_url, &[], "").await, started.elapsed()) };
    let fast = async { (call(&c, "GET", &fast_url, &[], "").await, started.elapsed()) };
    let ((slow, slow_took), (fast, fast_took)) = tokio::join!(slow, fast);
    assert_eq!((slow.status, fast.status), (200, 200));
    assert!(fast_took < slow_took, "fast request took {fast_took:?}, the slow one {slow_took:?}");
}

#[tokio::test]
async fn graceful_shutdown_lets_in_flight_requests_finish() {
    let mut server = Server::start().await;
    let mut conn = Conn::open(server.addr).await;
    conn.send(&get("/slow")).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown();
    let res = conn.response(false).await;
    assert_eq!((res.status, res.text()), (200, "\"finally\"".to_owned()));
    let addr = server.addr;
    server.stopped(Duration::from_secs(5)).await;
    assert!(TcpStream::connect(addr).await.is_err(), "the listener is closed");
}

#[tokio::test]
async fn graceful_shutdown_does_not_wait_for_idle_connections() {
    let mut server = Server::start().await;
    let mut idle = Conn::open(server.addr).await;
    assert_eq!(idle.request(&get("/items/1")).await.status, 200);
    // A connected client that never sent anything.
    let _silent = TcpStream::connect(server.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    server.shutdown();
    server.stopped(Duration::from_secs(5)).await;
    assert!(started.elapsed() < Duration::from_secs(2), "shutdown took {:?}", started.elapsed());
    assert!(idle.closed_by_server().await);
}

#[tokio::test]
async fn graceful_shutdown_with_http2_in_flight() {
    let mut server = Server::start().await;
    let c = http2_client();
    let url = server.url("/slow");
    let pending = tokio::spawn(async move { call(&c, "GET", &url, &[], "").await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown();
    let res = pending.await.unwrap();
    assert_eq!((res.status, &res.body[..]), (200, &b"\"finally\""[..]));
    server.stopped(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn no_content_responses_have_no_body() {
    let server = Server::start().await;
    for client in [http1_client(), http2_client()] {
        let res = call(&client, "DELETE", &server.url("/items/1"), &[], "").await;
        assert_eq!((res.status, &res.body[..]), (204, &b""[..]), "{:?}", res.version);
        assert!(res.header("content-length").is_none_or(|l| l == "0"), "{:?}", res.version);
        // The connection is still in a good state.
        let res = call(&client, "GET", &server.url("/items/1"), &[], "").await;
        assert_eq!(res.status, 200, "{:?}", res.version);
    }
    let mut conn = Conn::open(server.addr).await;
    let res = conn.request(b"DELETE /items/1 HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert_eq!(res.status, 204);
    let res = conn.request(&get("/items/2")).await;
    assert_eq!((res.status, res.text()), (200, r#"{"item_id":2,"q":null}"#.to_owned()));
}
