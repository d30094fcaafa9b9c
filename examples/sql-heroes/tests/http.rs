//! The heroes app served over real HTTP (hyper's client against brisk's server): the
//! pool made at startup, a hero created and read back, and the pool closed at shutdown.

mod common;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use sql_heroes::{Config, app};

async fn send(
    client: &Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    req: hyper::Request<Full<Bytes>>,
) -> (u16, Value) {
    let res = client.request(req).await.expect("the server answers");
    let status = res.status().as_u16();
    let body = res.into_body().collect().await.expect("the body").to_bytes();
    (status, serde_json::from_slice(&body).expect("a JSON body"))
}

#[tokio::test]
async fn heroes_over_http() {
    let db = common::TestDb::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brisk::server::serve_listener(app(Config::with_url(&db.url)), listener, async {
        let _ = stopped.await;
    }));
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();

    let create = hyper::Request::post(format!("{base}/heroes/"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(json!({"name": "Deadpond", "age": 30, "secret_name": "Dive Wilson"}).to_string())))
        .expect("a request");
    assert_eq!(send(&client, create).await, (200, json!({"name": "Deadpond", "age": 30, "id": 1})));
    let duplicate = hyper::Request::post(format!("{base}/heroes/"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(json!({"name": "Deadpond", "secret_name": "x"}).to_string())))
        .expect("a request");
    assert_eq!(send(&client, duplicate).await, (409, json!({"detail": "A hero with this name already exists"})));
    let list = hyper::Request::get(format!("{base}/heroes/?limit=10")).body(Full::default()).expect("a request");
    assert_eq!(send(&client, list).await, (200, json!([{"name": "Deadpond", "age": 30, "id": 1}])));

    let _ = stop.send(());
    server.await.expect("the server task").expect("the server stops cleanly");
    db.drop().await;
}
