//! Async tests (FastAPI's `docs_src/async_tests/`): the `TestClient` is async, so a test is
//! an ordinary `#[tokio::test]` that can await anything else too.

// ANCHOR: app
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn root() -> Value {
    json!({"message": "Tomato"})
}

fn app() -> App {
    App::new().routes(routes![root])
}
// ANCHOR_END: app

// ANCHOR: test
#[tokio::test]
async fn test_root() {
    let client = TestClient::new(app());
    let response = client.get("/").send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"message": "Tomato"}));
}
// ANCHOR_END: test

// ANCHOR: concurrent
#[tokio::test]
async fn test_concurrent_requests() {
    let client = TestClient::new(app());
    // Other async work in the same test: here, two requests at once.
    let (a, b) = tokio::join!(client.get("/").send(), client.get("/").send());
    assert_eq!(a.json::<Value>(), b.json::<Value>());
}
// ANCHOR_END: concurrent

// ANCHOR: server
#[tokio::test]
async fn test_over_real_http() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // The app served on a free port, as in production; the test speaks HTTP to it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("its address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brisk::server::serve_listener(app(), listener, async {
        let _ = stopped.await;
    }));

    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("the server accepts");
    stream.write_all(b"GET / HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n").await.expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(answer.ends_with(r#"{"message":"Tomato"}"#));

    let _ = stop.send(());
    server.await.expect("the server task ends").expect("the server stops cleanly");
}
// ANCHOR_END: server
