//! Testing WebSockets (FastAPI's `docs_src/app_testing/tutorial002.py`): tests of the
//! ported app (`tutorials/src/cases/app_testing_tutorial002.rs`) that talk to it through the `TestClient`, HTTP and WebSocket alike.

// The app is the ported tutorial case (replayed against FastAPI in CI), shown by the page.
use brisk::prelude::*;
use serde_json::{Value, json};
use tutorials::cases::app_testing_tutorial002::app;

// ANCHOR: tests
#[tokio::test]
async fn test_read_main() {
    let client = TestClient::new(app());
    let response = client.get("/").send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"msg": "Hello World"}));
}

#[tokio::test]
async fn test_websocket() {
    let client = TestClient::new(app());
    let mut websocket = client.websocket_connect("/ws").connect().await.expect("the handshake is accepted");
    let data: Value = websocket.receive_json().await.expect("a message");
    assert_eq!(data, json!({"msg": "Hello WebSocket"}));
    // The app closed the connection: the next receive says so, with the code it sent.
    let closed = websocket.receive_text().await.expect_err("the app closed the connection");
    assert_eq!(closed.code, 1000);
}
// ANCHOR_END: tests

// ANCHOR: rejected
#[tokio::test]
async fn test_no_websocket_route_refuses_the_handshake() {
    let client = TestClient::new(app());
    let rejected = client.websocket_connect("/nowhere").connect().await.expect_err("no route");
    assert_eq!(rejected.status, 403);
}
// ANCHOR_END: rejected
