//! WebSocket routes in-process, through `TestClient::websocket_connect`: parameters,
//! dependencies, rejection, messages, closing, routing next to HTTP routes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use brisk::depends::{Exit, Yield};
use brisk::prelude::*;
use brisk::websocket::{Message, WebSocketError};
use serde_json::{Value, json};

#[websocket("/ws")]
async fn echo(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    loop {
        match websocket.receive().await? {
            Message::Text(t) => websocket.send_text(format!("text: {t}")).await?,
            Message::Binary(b) => websocket.send_bytes(b).await?,
        }
    }
}

#[get("/ws")]
async fn ws_page() -> &'static str {
    "page"
}

#[dependency]
async fn token(
    #[query] token: Option<String>,
    #[cookie] session: Option<String>,
) -> Result<String, WebSocketException> {
    session.or(token).ok_or_else(|| WebSocketException::new(1008))
}

#[websocket("/items/{item_id}/ws")]
async fn items(
    mut websocket: WebSocket,
    item_id: String,
    #[query] q: Option<i64>,
    #[depends(token)] token: String,
) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    let data = websocket.receive_text().await?;
    websocket.send_text(format!("{data} {item_id} {q:?} {token}")).await?;
    websocket.close(4000, "bye").await
}

#[derive(Model)]
struct Item {
    name: String,
    #[field(gt = 0)]
    price: f64,
}

#[websocket("/json")]
async fn json_items(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    loop {
        match websocket.receive_json::<Item>().await {
            Ok(item) => websocket.send_json(&json!({"name": item.name, "price": item.price})).await?,
            Err(WebSocketError::Invalid(errors)) => {
                websocket.send_text(String::from_utf8_lossy(&errors.to_body())).await?
            }
            Err(WebSocketError::Disconnect(d)) => return Err(d),
        }
    }
}

#[websocket("/raise")]
async fn raises(mut websocket: WebSocket) -> Result<(), WebSocketException> {
    websocket.accept().await.map_err(|_| WebSocketException::new(1011))?;
    Err(WebSocketException::new(4001).reason("go away"))
}

#[websocket("/never")]
async fn never_accepts(websocket: WebSocket) {
    drop(websocket);
}

#[websocket("/subprotocol")]
async fn subprotocol(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
    let offered = websocket.subprotocols();
    let mut headers = http::HeaderMap::new();
    headers.insert("x-custom", http::HeaderValue::from_static("yes"));
    websocket.accept_with(offered.last().map(String::as_str), headers).await?;
    websocket.send_json(&offered).await
}

#[websocket("/panics")]
async fn panics(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    let _ = websocket.receive_text().await?;
    panic!("boom")
}

static EXITS: AtomicUsize = AtomicUsize::new(0);

#[dependency]
async fn tracked() -> Yield<u32> {
    Yield::new(7).on_exit(|exit: Exit| async move {
        EXITS.fetch_add(1, Ordering::SeqCst);
        exit
    })
}

#[websocket("/tracked")]
async fn with_teardown(mut websocket: WebSocket, #[depends(tracked)] n: u32) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    websocket.send_text(n.to_string()).await?;
    // Still running: the teardown has not run.
    websocket.send_text(EXITS.load(Ordering::SeqCst).to_string()).await?;
    websocket.receive_text().await.map(drop)
}

static KEY_QUERY: brisk::security::ApiKeyQuery = brisk::security::ApiKeyQuery::new("api_key");

#[websocket("/secure")]
async fn secure(mut websocket: WebSocket, #[security(KEY_QUERY)] key: String) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    websocket.send_text(key).await
}

fn client() -> TestClient {
    TestClient::new(App::new().routes(routes![
        echo,
        ws_page,
        items,
        json_items,
        raises,
        never_accepts,
        subprotocol,
        panics,
        with_teardown,
        secure
    ]))
}

#[tokio::test]
async fn echo_text_and_bytes_then_close_is_echoed() {
    let client = client();
    let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
    ws.send_text("hi").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "text: hi");
    ws.send_bytes(vec![0u8, 1, 2]).await.unwrap();
    assert_eq!(ws.receive_bytes().await.unwrap().as_ref(), &[0, 1, 2]);
    assert_eq!(ws.ping(b"abc").await.unwrap().as_ref(), b"abc");
    let reply = ws.close(4000, "leaving").await;
    assert_eq!((reply.code, reply.reason.as_str()), (4000, "leaving"));
}

#[tokio::test]
async fn http_and_websocket_share_a_path() {
    let client = client();
    let res = client.get("/ws").send().await;
    assert_eq!((res.status(), res.text()), (200, "\"page\"".to_owned()));
    assert!(client.websocket_connect("/ws").connect().await.is_ok());
}

#[tokio::test]
async fn plain_get_on_a_websocket_only_path_is_404() {
    let client = client();
    for path in ["/json", "/json/"] {
        let res = client.get(path).send().await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(res.json::<Value>(), json!({"detail": "Not Found"}));
    }
    assert_eq!(client.post("/json").send().await.status(), 404);
}

#[tokio::test]
async fn handshakes_without_a_websocket_route_are_403() {
    let client = TestClient::new(App::new().routes(routes![echo, ws_page, read_root]));
    for path in ["/", "/nope", "/ws/"] {
        let e = client.websocket_connect(path).connect().await.unwrap_err();
        assert_eq!(e.status, 403, "{path}");
        assert!(e.body.is_empty());
    }
}

#[get("/")]
async fn read_root() -> Value {
    json!({"msg": "Hello World"})
}

#[tokio::test]
async fn parameters_and_dependencies() {
    let client = client();
    let mut ws = client.websocket_connect("/items/foo/ws?q=3&token=t").connect().await.expect("accepted");
    ws.send_text("hello").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "hello foo Some(3) t");
    let closed = ws.receive_text().await.unwrap_err();
    assert_eq!((closed.code, closed.reason.as_str()), (4000, "bye"));

    let mut ws = client.websocket_connect("/items/bar/ws").header("cookie", "session=s").connect().await.unwrap();
    ws.send_text("x").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "x bar None s");
}

#[tokio::test]
async fn invalid_parameters_and_exceptions_before_accept_are_403() {
    let client = client();
    // No cookie and no token: the dependency's WebSocketException(1008).
    assert_eq!(client.websocket_connect("/items/foo/ws").connect().await.unwrap_err().status, 403);
    // q is not an integer.
    assert_eq!(client.websocket_connect("/items/foo/ws?q=bar&token=t").connect().await.unwrap_err().status, 403);
    // The function returned without accepting.
    assert_eq!(client.websocket_connect("/never").connect().await.unwrap_err().status, 403);
}

#[tokio::test]
async fn an_exception_after_accept_closes_with_its_code() {
    let client = client();
    let mut ws = client.websocket_connect("/raise").connect().await.unwrap();
    let closed = ws.receive().await.unwrap_err();
    assert_eq!((closed.code, closed.reason.as_str()), (4001, "go away"));
}

#[tokio::test]
async fn receive_json_validates_like_a_body() {
    let client = client();
    let mut ws = client.websocket_connect("/json").connect().await.unwrap();
    ws.send_json(&json!({"name": "x", "price": "2.5"})).await.unwrap();
    assert_eq!(ws.receive_json::<Value>().await.unwrap(), json!({"name": "x", "price": 2.5}));
    ws.send_json(&json!({"price": -1})).await.unwrap();
    let errors: Value = ws.receive_json().await.unwrap();
    let kinds: Vec<&str> = errors["detail"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["missing", "greater_than"]);
    ws.send_text("{not json").await.unwrap();
    let errors: Value = ws.receive_json().await.unwrap();
    assert_eq!(errors["detail"][0]["type"], "json_invalid");
}

#[tokio::test]
async fn subprotocol_and_headers_on_accept() {
    let client = client();
    let mut ws = client.websocket_connect("/subprotocol").subprotocol("a").subprotocol("b").connect().await.unwrap();
    assert_eq!(ws.subprotocol(), Some("b"));
    assert_eq!(ws.headers()["x-custom"], "yes");
    assert_eq!(ws.receive_json::<Vec<String>>().await.unwrap(), ["a", "b"]);
    assert_eq!(ws.receive().await.unwrap_err().code, 1000);
}

#[tokio::test]
async fn binary_where_text_is_expected_closes_with_1011() {
    let client = client();
    let mut ws = client.websocket_connect("/items/foo/ws?token=t").connect().await.unwrap();
    ws.send_bytes(vec![1u8]).await.unwrap();
    assert_eq!(ws.receive().await.unwrap_err().code, 1011);
}

#[tokio::test]
async fn a_panic_closes_with_1011_and_the_app_goes_on() {
    let client = client();
    let mut ws = client.websocket_connect("/panics").connect().await.unwrap();
    ws.send_text("x").await.unwrap();
    assert_eq!(ws.receive().await.unwrap_err().code, 1011);
    let mut ws = client.websocket_connect("/ws").connect().await.unwrap();
    ws.send_text("still").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "text: still");
}

#[tokio::test]
async fn yield_teardown_runs_after_the_socket_closes() {
    let client = client();
    let before = EXITS.load(Ordering::SeqCst);
    let mut ws = client.websocket_connect("/tracked").connect().await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "7");
    assert_eq!(ws.receive_text().await.unwrap(), before.to_string());
    assert_eq!(ws.close(1000, "").await.code, 1000);
    for _ in 0..100 {
        if EXITS.load(Ordering::SeqCst) > before {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the teardown did not run");
}

#[tokio::test]
async fn websocket_routes_are_not_in_openapi() {
    let client = client();
    let doc: Value = client.get("/openapi.json").send().await.json();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/ws"]);
    assert!(doc["paths"]["/ws"].get("get").is_some());
}

/// A connection manager: senders kept by other connections' tasks.
#[derive(Default)]
struct Manager(tokio::sync::Mutex<Vec<brisk::websocket::WebSocketSender>>);

#[websocket("/chat/{id}")]
async fn chat(mut websocket: WebSocket, id: u32, manager: State<Arc<Manager>>) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    manager.0.lock().await.push(websocket.sender());
    while let Ok(text) = websocket.receive_text().await {
        let all = manager.0.lock().await.clone();
        for s in all {
            let _ = s.send_text(format!("#{id}: {text}")).await;
        }
    }
    let me = websocket.sender();
    manager.0.lock().await.retain(|s| *s != me);
    let all = manager.0.lock().await.clone();
    for s in all {
        let _ = s.send_text(format!("#{id} left")).await;
    }
    Ok(())
}

#[tokio::test]
async fn senders_broadcast_from_other_connections() {
    let client = TestClient::new(App::new().state(Arc::new(Manager::default())).routes(routes![chat]));
    let mut a = client.websocket_connect("/chat/1").connect().await.unwrap();
    let mut b = client.websocket_connect("/chat/2").connect().await.unwrap();
    // b is registered once its first message is echoed back to it.
    b.send_text("hello").await.unwrap();
    assert_eq!(b.receive_text().await.unwrap(), "#2: hello");
    assert_eq!(a.receive_text().await.unwrap(), "#2: hello");
    drop(b);
    assert_eq!(a.receive_text().await.unwrap(), "#2 left");
}

#[tokio::test]
async fn security_schemes_guard_the_handshake() {
    let client = client();
    let mut ws = client.websocket_connect("/secure?api_key=k1").connect().await.expect("accepted");
    assert_eq!(ws.receive_text().await.unwrap(), "k1");
    // No key: the scheme's 403 refuses the handshake.
    assert_eq!(client.websocket_connect("/secure").connect().await.unwrap_err().status, 403);
}

#[tokio::test]
async fn the_message_stream_ends_when_the_client_goes() {
    use futures_util::StreamExt;

    #[websocket("/count")]
    async fn count(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
        websocket.accept().await?;
        let n = websocket.messages().count().await;
        // The client has gone; nothing more can be sent.
        if websocket.send_text(n.to_string()).await.is_err() {
            COUNTED.store(n + 1, Ordering::SeqCst);
        }
        Ok(())
    }
    static COUNTED: AtomicUsize = AtomicUsize::new(0);

    let client = TestClient::new(App::new().routes(routes![count]));
    let mut ws = client.websocket_connect("/count").connect().await.unwrap();
    ws.send_text("a").await.unwrap();
    ws.send_bytes(vec![1u8]).await.unwrap();
    assert_eq!(ws.close(1000, "").await.code, 1000);
    for _ in 0..100 {
        if COUNTED.load(Ordering::SeqCst) != 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(COUNTED.load(Ordering::SeqCst), 3, "two messages, then a failed send");
}
