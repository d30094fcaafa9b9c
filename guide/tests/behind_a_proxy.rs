//! Behind a proxy: the root path and the `X-Forwarded-*` headers of a trusted proxy decide
//! the URLs the app builds (redirects, `url_for`, `Request::url`).

// ANCHOR: app
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(request: Request) -> Value {
    json!({"url": request.url(), "client": request.client().map(|a| a.ip().to_string())})
}

fn app() -> App {
    // The TestClient's requests come from 127.0.0.1; a real proxy's address goes here.
    App::new().forwarded_allow_ips(["127.0.0.1"]).routes(routes![read_items])
}
// ANCHOR_END: app

// ANCHOR: test
#[tokio::test]
async fn redirects_and_urls_use_what_the_proxy_says() {
    let client = TestClient::new(app());
    let response = client
        .get("/items")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "example.com")
        .send()
        .await;
    assert_eq!(response.status(), 307);
    assert_eq!(response.header("location"), Some("https://example.com/items/"));

    let response = client
        .get("/items/")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "example.com")
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await;
    assert_eq!(response.json::<Value>(), json!({"url": "https://example.com/items/", "client": "203.0.113.7"}));
}

#[tokio::test]
async fn an_untrusted_peer_is_not_believed() {
    let client = TestClient::new(App::new().routes(routes![read_items]));
    let response = client
        .get("/items")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "evil.example")
        .send()
        .await;
    assert_eq!(response.header("location"), Some("http://testserver/items/"));
}
// ANCHOR_END: test
