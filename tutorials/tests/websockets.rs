//! The WebSocket tutorial apps in-process, through `TestClient::websocket_connect` (the
//! conversations FastAPI's own tests and the WebSocket oracle have).

use brisk::TestClient;
use serde_json::{Value, json};

fn client(case: &str) -> TestClient {
    TestClient::new(tutorials::cases::app(case).expect("ported"))
}

#[tokio::test]
async fn tutorial001_echoes_and_serves_its_page() {
    let client = client("websockets__tutorial001");
    let page = client.get("/").send().await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.text().contains("new WebSocket(\"ws://localhost:8000/ws\")"));
    let res = client.get("/ws").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (404, json!({"detail": "Not Found"})));

    let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
    for text in ["Message one", "Message two"] {
        ws.send_text(text).await.unwrap();
        assert_eq!(ws.receive_text().await.unwrap(), format!("Message text was: {text}"));
    }
    assert_eq!(ws.ping(b"are you there").await.unwrap().as_ref(), b"are you there");
    assert_eq!(ws.close(1001, "going away").await.code, 1001);

    // A binary frame where the app reads text: the app fails, the socket closes (1011).
    let mut ws = client.websocket_connect("/ws").subprotocol("chat").connect().await.unwrap();
    assert_eq!(ws.subprotocol(), None, "the app accepts without choosing a subprotocol");
    ws.send_bytes(vec![1u8, 2]).await.unwrap();
    assert_eq!(ws.receive().await.unwrap_err().code, 1011);
    // No slash redirect for WebSockets, and none on HTTP-only paths.
    for path in ["/ws/", "/", "/nope"] {
        assert_eq!(client.websocket_connect(path).connect().await.unwrap_err().status, 403, "{path}");
    }
}

async fn tutorial002(case: &str) {
    let client = client(case);
    let mut ws =
        client.websocket_connect("/items/foo/ws").header("cookie", "session=fakesession").connect().await.unwrap();
    ws.send_text("Message one").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "Session cookie or query token value is: fakesession");
    assert_eq!(ws.receive_text().await.unwrap(), "Message text was: Message one, for item ID: foo");
    assert_eq!(ws.close(1000, "").await.code, 1000);

    let mut ws = client.websocket_connect("/items/2/ws?q=3&token=some-token").connect().await.unwrap();
    ws.send_text("Message two").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "Session cookie or query token value is: some-token");
    assert_eq!(ws.receive_text().await.unwrap(), "Query parameter q is: 3");
    assert_eq!(ws.receive_text().await.unwrap(), "Message text was: Message two, for item ID: 2");

    let mut ws = client
        .websocket_connect("/items/foo/ws?token=query-token")
        .header("cookie", "session=cookie-session")
        .connect()
        .await
        .unwrap();
    ws.send_text("hi").await.unwrap();
    assert_eq!(ws.receive_text().await.unwrap(), "Session cookie or query token value is: cookie-session");

    // No cookie and no token: the dependency's WebSocketException(1008) rejects it.
    assert_eq!(client.websocket_connect("/items/foo/ws").connect().await.unwrap_err().status, 403);
    // q is not an int.
    let e = client.websocket_connect("/items/foo/ws?q=bar&token=some-token").connect().await.unwrap_err();
    assert_eq!(e.status, 403);
    assert_eq!(client.get("/items/foo/ws").send().await.status(), 404);
    assert!(client.get("/").send().await.text().contains("/ws?token="));
}

#[tokio::test]
async fn tutorial002_parameters_and_the_dependency() {
    tutorial002("websockets__tutorial002").await;
}

#[tokio::test]
async fn tutorial002_non_an_parameters_and_the_dependency() {
    tutorial002("websockets__tutorial002_non_an").await;
}

#[tokio::test]
async fn tutorial003_broadcasts_and_announces_departures() {
    let client = client("websockets__tutorial003");
    let mut a = client.websocket_connect("/ws/1").connect().await.unwrap();
    let mut b = client.websocket_connect("/ws/2").connect().await.unwrap();
    a.send_text("hello").await.unwrap();
    assert_eq!(a.receive_text().await.unwrap(), "You wrote: hello");
    assert_eq!(a.receive_text().await.unwrap(), "Client #1 says: hello");
    assert_eq!(b.receive_text().await.unwrap(), "Client #1 says: hello");
    // B closes normally; A is told.
    assert_eq!(b.close(1000, "").await.code, 1000);
    assert_eq!(a.receive_text().await.unwrap(), "Client #2 left the chat");
    // C drops its connection without a close frame; A is told too.
    let c = client.websocket_connect("/ws/3").connect().await.unwrap();
    drop(c);
    assert_eq!(a.receive_text().await.unwrap(), "Client #3 left the chat");
    assert_eq!(client.websocket_connect("/ws/abc").connect().await.unwrap_err().status, 403);
}

#[tokio::test]
async fn app_testing_tutorial002_json_then_close() {
    let client = client("app_testing_tutorial002");
    let res = client.get("/").send().await;
    assert_eq!(res.json::<Value>(), json!({"msg": "Hello World"}));
    let mut ws = client.websocket_connect("/ws").connect().await.unwrap();
    assert_eq!(ws.receive_json::<Value>().await.unwrap(), json!({"msg": "Hello WebSocket"}));
    let closed = ws.receive().await.unwrap_err();
    assert_eq!((closed.code, closed.reason.as_str()), (1000, ""));
    assert_eq!(client.websocket_connect("/").connect().await.unwrap_err().status, 403);
}
