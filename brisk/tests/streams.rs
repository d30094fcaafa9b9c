//! Streamed responses: server-sent events (encoding, keep-alive, headers, the stream
//! dropped when the client goes), JSON Lines, byte streams, and their OpenAPI.

use std::collections::BTreeMap;
use std::time::Duration;

use brisk::prelude::*;
use brisk::response::{CustomClass, ServerSentEvent};
use futures_util::stream::{self, Stream};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

#[derive(Model, Clone)]
struct Item {
    name: String,
    price: f64,
}

fn plumbus() -> Item {
    Item { name: "Plumbus".into(), price: 32.99 }
}

// ---- event encoding -------------------------------------------------------------------

#[test]
fn event_fields_in_fastapis_order() {
    let e = ServerSentEvent::new().comment("a\nb").retry(3000).id("7").event("update").data(&plumbus());
    assert_eq!(
        e.encode().unwrap(),
        ": a\n: b\nevent: update\ndata: {\"name\":\"Plumbus\",\"price\":32.99}\nid: 7\nretry: 3000\n\n"
    );
}

#[test]
fn multi_line_data_is_one_data_line_each() {
    let e = ServerSentEvent::new().raw_data("one\r\ntwo\rthree\nfour");
    assert_eq!(e.encode().unwrap(), "data: one\ndata: two\ndata: three\ndata: four\n\n");
    // JSON data has no raw newline: a string's newline is escaped.
    let e = ServerSentEvent::new().data("one\ntwo");
    assert_eq!(e.encode().unwrap(), "data: \"one\\ntwo\"\n\n");
}

#[test]
fn data_is_json_models_compact_and_the_rest_as_json_dumps() {
    assert_eq!(ServerSentEvent::new().data("héllo").encode().unwrap(), "data: \"h\\u00e9llo\"\n\n");
    assert_eq!(ServerSentEvent::new().data(&1.5).encode().unwrap(), "data: 1.5\n\n");
    let map: BTreeMap<&str, Vec<i32>> = [("a", vec![1, 2])].into();
    assert_eq!(ServerSentEvent::new().data(&Json(map)).encode().unwrap(), "data: {\"a\": [1, 2]}\n\n");
    assert_eq!(ServerSentEvent::new().data(&vec![json!({"x": 1})]).encode().unwrap(), "data: [{\"x\": 1}]\n\n");
    // A comment alone is a comment event; `raw_data` is not JSON.
    assert_eq!(ServerSentEvent::new().comment("hi").encode().unwrap(), ": hi\n\n");
    assert_eq!(ServerSentEvent::new().raw_data("[DONE]").encode().unwrap(), "data: [DONE]\n\n");
}

#[test]
fn invalid_events_are_errors_not_panics() {
    assert!(ServerSentEvent::new().event("two\nlines").encode().is_err());
    assert!(ServerSentEvent::new().id("1\n2").encode().is_err());
    assert!(ServerSentEvent::new().id("nul\0").encode().is_err());
    let unserializable: BTreeMap<(i32, i32), i32> = [((1, 2), 3)].into();
    assert!(ServerSentEvent::new().data(&Json(unserializable)).encode().is_err());
}

// ---- routes ---------------------------------------------------------------------------

#[get("/events/models")]
async fn model_events() -> EventStream<impl Stream<Item = Item>> {
    EventStream::new(stream::iter([plumbus(), Item { name: "Zoë".into(), price: 1e16 }]))
}

#[get("/events/any")]
async fn any_events() -> EventStream<impl Stream<Item = Json<Item>>> {
    EventStream::new(stream::iter([Json(Item { name: "Zoë".into(), price: 1e16 })]))
}

#[post("/events/sse", status_code = 201)]
async fn sse_events(response: &mut Response) -> EventStream<impl Stream<Item = ServerSentEvent> + use<>> {
    response.headers_mut().insert("x-trace", http::HeaderValue::from_static("abc"));
    EventStream::new(stream::iter([ServerSentEvent::new().event("a").data("x"), ServerSentEvent::new().id("2")]))
}

#[get("/lines/models")]
async fn model_lines() -> JsonLines<impl Stream<Item = Item>> {
    JsonLines::new(stream::iter([plumbus(), Item { name: "Zoë".into(), price: 1e16 }]))
}

#[get("/lines/any")]
fn any_lines() -> JsonLines<impl Stream<Item = Json<Value>>> {
    JsonLines::new(stream::iter([Json(json!({"a": [1, 2.0]})), Json(json!("é"))]))
}

#[get("/bytes/plain")]
async fn plain_bytes() -> ByteStream<impl Stream<Item = &'static str>> {
    ByteStream::new(stream::iter(["a", "b", "c"]))
}

static PNG: CustomClass = CustomClass { media_type: "image/png", render: |_| Vec::new() };

#[get("/bytes/png", response_class = PNG)]
async fn png_bytes() -> ByteStream<impl Stream<Item = Vec<u8>>> {
    ByteStream::new(stream::iter([vec![0x89, b'P'], vec![b'N', b'G']]))
}

#[get("/bytes/text", response_class = PlainText)]
async fn text_bytes() -> ByteStream<impl Stream<Item = String>> {
    ByteStream::new(stream::iter(["x".to_owned()]))
}

fn app() -> App {
    App::new().routes(routes![
        model_events,
        any_events,
        sse_events,
        model_lines,
        any_lines,
        plain_bytes,
        png_bytes,
        text_bytes
    ])
}

#[tokio::test]
async fn event_streams_over_the_test_client() {
    let client = TestClient::new(app());
    let res = client.get("/events/models").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/event-stream; charset=utf-8");
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(res.headers()["x-accel-buffering"], "no");
    assert_eq!(
        res.text(),
        "data: {\"name\":\"Plumbus\",\"price\":32.99}\n\ndata: {\"name\":\"Zoë\",\"price\":1e+16}\n\n"
    );
    // Unannotated data: Python's json.dumps.
    let res = client.get("/events/any").send().await;
    assert_eq!(res.text(), "data: {\"name\": \"Zo\\u00eb\", \"price\": 1e+16}\n\n");
    // The route's status and the injected response's headers apply.
    let res = client.post("/events/sse").send().await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["x-trace"], "abc");
    assert_eq!(res.headers()["content-type"], "text/event-stream; charset=utf-8");
    assert_eq!(res.text(), "event: a\ndata: \"x\"\n\nid: 2\n\n");
}

#[tokio::test]
async fn an_invalid_event_ends_the_body_with_an_error() {
    let events = [ServerSentEvent::new().data("ok"), ServerSentEvent::new().event("a\nb")];
    let mut body = EventStream::new(stream::iter(events)).into_response().into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(first, "data: \"ok\"\n\n");
    assert!(body.frame().await.unwrap().is_err());
}

#[tokio::test]
async fn json_lines_framing() {
    let client = TestClient::new(app());
    let res = client.get("/lines/models").send().await;
    assert_eq!(res.headers()["content-type"], "application/jsonl");
    assert!(res.headers().get("cache-control").is_none());
    assert_eq!(res.text(), "{\"name\":\"Plumbus\",\"price\":32.99}\n{\"name\":\"Zoë\",\"price\":1e+16}\n");
    let res = client.get("/lines/any").send().await;
    assert_eq!(res.text(), "{\"a\": [1, 2.0]}\n\"\\u00e9\"\n");
}

#[tokio::test]
async fn byte_streams_take_the_routes_class() {
    let client = TestClient::new(app());
    let res = client.get("/bytes/plain").send().await;
    assert!(res.headers().get("content-type").is_none());
    assert_eq!(res.text(), "abc");
    let res = client.get("/bytes/png").send().await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().as_ref(), b"\x89PNG");
    let res = client.get("/bytes/text").send().await;
    assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
}

#[tokio::test]
async fn openapi_documents_item_schemas() {
    let client = TestClient::new(app());
    let doc: Value = client.get("/openapi.json").send().await.json();
    let content = |path: &str, method: &str| doc["paths"][path][method]["responses"]["200"].get("content").cloned();
    let event = |data: Value| {
        json!({"itemSchema": {"type": "object", "properties": {
            "data": data,
            "event": {"type": "string"},
            "id": {"type": "string"},
            "retry": {"type": "integer", "minimum": 0}
        }}})
    };
    let mut typed = event(json!({"type": "string", "contentMediaType": "application/json",
        "contentSchema": {"$ref": "#/components/schemas/Item"}}));
    typed["itemSchema"]["required"] = json!(["data"]);
    assert_eq!(content("/events/models", "get"), Some(json!({"text/event-stream": typed})));
    assert_eq!(content("/events/any", "get"), Some(json!({"text/event-stream": event(json!({"type": "string"}))})));
    assert_eq!(
        doc["paths"]["/events/sse"]["post"]["responses"]["201"]["content"],
        json!({"text/event-stream": event(json!({"type": "string"}))})
    );
    assert_eq!(
        content("/lines/models", "get"),
        Some(json!({"application/jsonl": {"itemSchema": {"$ref": "#/components/schemas/Item"}}}))
    );
    assert_eq!(content("/lines/any", "get"), Some(json!({"application/jsonl": {"itemSchema": {}}})));
    assert_eq!(content("/bytes/plain", "get"), None);
    assert_eq!(content("/bytes/png", "get"), Some(json!({"image/png": {"schema": {"type": "string"}}})));
    assert_eq!(content("/bytes/text", "get"), Some(json!({"text/plain": {"schema": {"type": "string"}}})));
    assert_eq!(doc["components"]["schemas"]["Item"]["required"], json!(["name", "price"]));
}

// ---- keep-alive -----------------------------------------------------------------------

/// A stream that yields what is sent on the channel.
fn channel_stream(rx: tokio::sync::mpsc::Receiver<ServerSentEvent>) -> impl Stream<Item = ServerSentEvent> {
    stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (e, rx)) })
}

#[tokio::test(start_paused = true)]
async fn keep_alive_comment_after_each_idle_interval() {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let interval = Duration::from_millis(500);
    let res = EventStream::new(channel_stream(rx)).keep_alive(interval).into_response();
    let mut body = res.into_body();
    let start = tokio::time::Instant::now();
    let frame = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(frame, ": ping\n\n");
    assert_eq!(start.elapsed(), interval);
    tokio::time::sleep(Duration::from_millis(200)).await;
    tx.send(ServerSentEvent::new().data("x")).await.unwrap();
    let frame = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(frame, "data: \"x\"\n\n");
    // The interval starts again after an event.
    let sent = tokio::time::Instant::now();
    let frame = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(frame, ": ping\n\n");
    assert_eq!(sent.elapsed(), interval);
    drop(tx);
    assert!(body.frame().await.is_none());
}

#[tokio::test(start_paused = true)]
async fn keep_alive_is_fifteen_seconds_by_default_and_can_be_off() {
    let (_tx, rx) = tokio::sync::mpsc::channel(1);
    let mut body = EventStream::new(channel_stream(rx)).into_response().into_body();
    let start = tokio::time::Instant::now();
    assert_eq!(body.frame().await.unwrap().unwrap().into_data().unwrap(), ": ping\n\n");
    assert_eq!(start.elapsed(), Duration::from_secs(15));

    let (_tx, rx) = tokio::sync::mpsc::channel(1);
    let mut body = EventStream::new(channel_stream(rx)).without_keep_alive().into_response().into_body();
    assert!(tokio::time::timeout(Duration::from_secs(60), body.frame()).await.is_err());
}

// ---- disconnects ----------------------------------------------------------------------

static DROPPED: Notify = Notify::const_new();

/// Notifies `DROPPED` when the stream holding it is dropped.
struct DropGuard;

impl Drop for DropGuard {
    fn drop(&mut self) {
        DROPPED.notify_one();
    }
}

#[get("/forever")]
async fn forever() -> EventStream<impl Stream<Item = ServerSentEvent>> {
    EventStream::new(stream::unfold((DropGuard, 0u64), |(guard, i)| async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Some((ServerSentEvent::new().id(i.to_string()), (guard, i + 1)))
    }))
}

#[tokio::test]
async fn the_stream_is_dropped_when_the_client_disconnects() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brisk::server::serve_listener(App::new().routes(routes![forever]), listener, async {
        let _ = stopped.await;
    }));
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(b"GET /forever HTTP/1.1\r\nhost: t\r\n\r\n").await.unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("id: 2\n\n") {
        let n = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut chunk)).await.unwrap().unwrap();
        assert!(n > 0, "the server closed the stream");
        seen.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&seen);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.contains("id: 0\n\n"));
    drop(socket);
    tokio::time::timeout(Duration::from_secs(5), DROPPED.notified())
        .await
        .expect("the event stream was not dropped after the client went away");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
