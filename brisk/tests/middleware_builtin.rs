//! Starlette's built-in middleware on a whole app (`App::layer`): CORS, GZip,
//! TrustedHost and HTTPSRedirect through the `TestClient` (which sends
//! `host: testserver`), their order when stacked, and over a real socket.

use std::io::Read;
use std::time::Duration;

use brisk::prelude::*;
use brisk::response::StreamingResponse;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

#[get("/")]
async fn root() -> Value {
    json!({"message": "Hello World"})
}

#[get("/big")]
async fn big() -> Value {
    json!({"items": (0..200).map(|i| format!("item number {i}")).collect::<Vec<_>>()})
}

#[get("/stream")]
async fn stream() -> StreamingResponse {
    let chunks = futures_util::stream::iter((0..5).map(|i| Ok::<_, std::io::Error>(format!("line {i}\n"))));
    StreamingResponse::new(chunks).media_type("text/plain")
}

#[get("/events")]
async fn events() -> StreamingResponse {
    let chunks = futures_util::stream::iter((0..3).map(|i| Ok::<_, std::io::Error>(format!("data: {i}\n\n"))));
    StreamingResponse::new(chunks).media_type("text/event-stream")
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out).expect("valid gzip");
    out
}

fn big_json() -> Vec<u8> {
    serde_json::to_vec(&json!({"items": (0..200).map(|i| format!("item number {i}")).collect::<Vec<_>>()}))
        .expect("json")
}

fn cors() -> CorsMiddleware {
    CorsMiddleware::new()
        .allow_origins(["http://localhost", "http://localhost:8080"])
        .allow_credentials(true)
        .allow_methods(["*"])
        .allow_headers(["*"])
}

// ---- CORS

#[tokio::test]
async fn cors_preflight_is_answered_before_routing() {
    let client = TestClient::new(App::new().layer(cors()).routes(routes![root]));
    // Even for a path with no route: the middleware answers.
    let res = client
        .options("/nowhere")
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "X-Token, Content-Type")
        .send()
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "OK");
    assert_eq!(res.header("access-control-allow-origin"), Some("http://localhost:8080"));
    assert_eq!(res.header("access-control-allow-headers"), Some("X-Token, Content-Type"));
    assert_eq!(res.header("access-control-allow-methods"), Some("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY"));
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));

    let res = client
        .options("/")
        .header("origin", "https://evil.example.com")
        .header("access-control-request-method", "GET")
        .send()
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(res.text(), "Disallowed CORS origin");
    assert_eq!(res.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn cors_headers_on_every_response_404s_included() {
    let client = TestClient::new(App::new().layer(cors()).routes(routes![root]));
    let res = client.get("/").header("origin", "http://localhost").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"message": "Hello World"}));
    assert_eq!(res.header("access-control-allow-origin"), Some("http://localhost"));
    assert_eq!(res.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(res.header("vary"), Some("Origin"));

    let res = client.get("/missing").header("origin", "http://localhost").send().await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.header("access-control-allow-origin"), Some("http://localhost"));

    let res = client.get("/").send().await;
    assert_eq!(res.header("vary"), Some("Origin"));
    assert_eq!(res.header("access-control-allow-origin"), None);
    // An OPTIONS without a requested method is not a preflight: the router answers.
    let res = client.options("/").header("origin", "http://localhost").send().await;
    assert_eq!(res.status(), 405);
    assert_eq!(res.header("access-control-allow-origin"), Some("http://localhost"));
}

// ---- GZip

#[tokio::test]
async fn gzip_compresses_large_json_for_clients_that_accept_it() {
    let client = TestClient::new(App::new().layer(GZipMiddleware::new()).routes(routes![root, big]));
    let res = client.get("/big").header("accept-encoding", "gzip, deflate").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-encoding"), Some("gzip"));
    assert_eq!(res.header("vary"), Some("Accept-Encoding"));
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.header("content-length").map(str::to_owned), Some(res.bytes().len().to_string()));
    assert_eq!(gunzip(res.bytes()), big_json());

    let res = client.get("/big").send().await;
    assert_eq!(res.header("content-encoding"), None);
    assert_eq!(res.header("vary"), Some("Accept-Encoding"));
    assert_eq!(res.bytes().as_ref(), big_json());

    let res = client.get("/").header("accept-encoding", "gzip").send().await;
    assert_eq!(res.header("content-encoding"), None);
    assert_eq!(res.header("vary"), None);
    assert_eq!(res.json::<Value>(), json!({"message": "Hello World"}));
}

#[tokio::test]
async fn gzip_compresses_streams_but_not_event_streams() {
    let client = TestClient::new(App::new().layer(GZipMiddleware::new()).routes(routes![stream, events]));
    let res = client.get("/stream").header("accept-encoding", "gzip").send().await;
    assert_eq!(res.header("content-encoding"), Some("gzip"));
    assert_eq!(res.header("content-length"), None);
    let expected: String = (0..5).map(|i| format!("line {i}\n")).collect();
    assert_eq!(gunzip(res.bytes()), expected.as_bytes());

    let res = client.get("/events").header("accept-encoding", "gzip").send().await;
    assert_eq!(res.header("content-encoding"), None);
    assert_eq!(res.header("vary"), None);
    assert_eq!(res.text(), "data: 0\n\ndata: 1\n\ndata: 2\n\n");
}

// ---- TrustedHost

#[tokio::test]
async fn trusted_host_refuses_other_hosts_and_redirects_to_www() {
    let app = App::new()
        .layer(TrustedHostMiddleware::new().allowed_hosts(["www.example.com", "*.api.example.com"]))
        .routes(routes![root]);
    let client = TestClient::new(app);
    let res = client.get("/").send().await;
    assert_eq!(res.status(), 400);
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(res.text(), "Invalid host header");

    let res = client.get("/").header("host", "v1.api.example.com:8000").send().await;
    assert_eq!(res.status(), 200);
    let res = client.get("/openapi.json").header("host", "www.example.com").send().await;
    assert_eq!(res.status(), 200);

    let res = client.get("/items?q=1").header("host", "example.com").send().await;
    assert_eq!(res.status(), 307);
    assert_eq!(res.header("location"), Some("http://www.example.com/items?q=1"));
    assert!(res.bytes().is_empty());
}

// ---- HTTPSRedirect

#[tokio::test]
async fn https_redirect_sends_http_to_https() {
    let client = TestClient::new(App::new().layer(HttpsRedirectMiddleware::new()).routes(routes![root]));
    let res = client.get("/a%20b/?q=1").send().await;
    assert_eq!(res.status(), 307);
    assert_eq!(res.header("location"), Some("https://testserver/a%20b/?q=1"));
    assert!(res.bytes().is_empty());
    let res = client.get("/").header("host", "testserver:80").send().await;
    assert_eq!(res.header("location"), Some("https://testserver/"));
    let res = client.get("/").header("host", "testserver:8000").send().await;
    assert_eq!(res.header("location"), Some("https://testserver:8000/"));
    // A request already over https reaches the app.
    let res = client.get("https://testserver/").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"message": "Hello World"}));
}

// ---- stacking

#[tokio::test]
async fn the_last_layer_added_is_outermost() {
    // CORS outside GZip: GZip's Vary first, CORS appends Origin (as Starlette's
    // `add_middleware(GZip)` then `add_middleware(CORS)`).
    let app = App::new().layer(GZipMiddleware::new()).layer(cors()).routes(routes![big]);
    let res =
        TestClient::new(app).get("/big").header("accept-encoding", "gzip").header("origin", "http://x").send().await;
    assert_eq!(res.header("vary"), Some("Accept-Encoding, Origin"));
    assert_eq!(gunzip(res.bytes()), big_json());

    let app = App::new().layer(cors()).layer(GZipMiddleware::new()).routes(routes![big]);
    let res =
        TestClient::new(app).get("/big").header("accept-encoding", "gzip").header("origin", "http://x").send().await;
    assert_eq!(res.header("vary"), Some("Origin, Accept-Encoding"));

    // The outer TrustedHost refuses before the inner HTTPSRedirect redirects.
    let app = App::new()
        .layer(HttpsRedirectMiddleware::new())
        .layer(TrustedHostMiddleware::new().allowed_hosts(["example.com"]))
        .routes(routes![root]);
    let client = TestClient::new(app);
    assert_eq!(client.get("/").send().await.status(), 400);
    let res = client.get("/").header("host", "example.com").send().await;
    assert_eq!(res.header("location"), Some("https://example.com/"));
}

// ---- over a real socket

async fn serve(app: App) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

#[tokio::test]
async fn over_http_streams_are_gzipped_chunked_and_plain_http_is_redirected() {
    let app = App::new().layer(GZipMiddleware::new()).routes(routes![stream, big]);
    let (addr, stop) = serve(app).await;
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let req = http::Request::get(format!("http://{addr}/stream"))
        .header("accept-encoding", "gzip")
        .body(Empty::new())
        .expect("request");
    let res = tokio::time::timeout(Duration::from_secs(10), client.request(req)).await.expect("in time").expect("ok");
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.headers()["transfer-encoding"], "chunked");
    assert!(res.headers().get("content-length").is_none());
    let body = res.into_body().collect().await.expect("body").to_bytes();
    let expected: String = (0..5).map(|i| format!("line {i}\n")).collect();
    assert_eq!(gunzip(&body), expected.as_bytes());

    let req = http::Request::get(format!("http://{addr}/big"))
        .header("accept-encoding", "gzip")
        .body(Empty::new())
        .expect("request");
    let res = client.request(req).await.expect("ok");
    let length: usize = res.headers()["content-length"].to_str().expect("text").parse().expect("number");
    let body = res.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(body.len(), length);
    assert_eq!(gunzip(&body), big_json());
    let _ = stop.send(());

    let (addr, stop) = serve(App::new().layer(HttpsRedirectMiddleware::new()).routes(routes![root])).await;
    let req = http::Request::get(format!("http://{addr}/x?y=1")).body(Empty::new()).expect("request");
    let res = client.request(req).await.expect("ok");
    assert_eq!(res.status(), 307);
    assert_eq!(res.headers()["location"], format!("https://{addr}/x?y=1"));
    let req = http::Request::get(format!("http://{addr}/ws"))
        .header("upgrade", "websocket")
        .header("connection", "upgrade")
        .body(Empty::new())
        .expect("request");
    let res = client.request(req).await.expect("ok");
    assert_eq!(res.headers()["location"], format!("wss://{addr}/ws"));
    let _ = stop.send(());
}

#[tokio::test]
async fn https_redirect_believes_a_trusted_proxy_that_terminated_tls() {
    #[get("/")]
    async fn home() -> &'static str {
        "home"
    }
    let app = App::new().routes(routes![home]).layer(brisk::middleware::HttpsRedirectMiddleware::new());
    // Behind a trusted proxy that says the client used https: no redirect loop.
    let client = TestClient::new(app.clone().forwarded_allow_ips(["127.0.0.1"]));
    let res = client.get("/").header("x-forwarded-proto", "https").send().await;
    assert_eq!((res.status(), res.text()), (200, "\"home\"".to_owned()));
    let res = client.get("/").header("x-forwarded-proto", "http").send().await;
    assert_eq!((res.status(), res.header("location")), (307, Some("https://testserver/")));
    // From an untrusted peer the header changes nothing.
    let res = TestClient::new(app).get("/").header("x-forwarded-proto", "https").send().await;
    assert_eq!(res.status(), 307);
}
