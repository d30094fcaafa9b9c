//! Mounted apps and services, and apps behind a proxy's root path.

use std::sync::{Arc, Mutex};

use brisk::Body;
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/app")]
async fn main_route() -> Value {
    json!("main")
}

#[get("/sub")]
async fn sub_route(request: Request) -> Value {
    json!({"root_path": request.root_path(), "path": request.uri().path()})
}

#[get("/boom")]
async fn boom() -> Result<Value, HttpException> {
    Err(HttpException::new(409, "conflict"))
}

#[get("/items/")]
async fn items() -> Value {
    json!(["a"])
}

fn sub() -> App {
    App::new()
        .title("Sub")
        .routes(routes![sub_route, boom, items])
        .http_exception_handler(|_req, e| {
            PlainTextResponse::new(format!("sub says {}", e.status())).status(e.status().as_u16()).into_response()
        })
        .middleware(|req: Request, next: Next| async move {
            let mut res = next.run(req).await;
            res.headers_mut().insert("x-sub", "yes".parse().expect("header"));
            res
        })
}

fn main_app() -> App {
    App::new().title("Main").routes(routes![main_route]).mount("/subapi", sub())
}

#[tokio::test]
async fn a_mounted_app_gets_the_paths_under_its_prefix() {
    let client = TestClient::new(main_app());
    assert_eq!(client.get("/app").send().await.json::<Value>(), json!("main"));
    let res = client.get("/subapi/sub?x=1").send().await;
    assert_eq!(res.json::<Value>(), json!({"root_path": "/subapi", "path": "/sub"}));
    assert_eq!(res.header("x-sub"), Some("yes"));
    // Its middleware and exception handlers are its own.
    assert!(client.get("/app").send().await.header("x-sub").is_none());
    let res = client.get("/subapi/boom").send().await;
    assert_eq!((res.status(), res.text()), (409, "sub says 409 Conflict".to_owned()));
    let res = client.get("/subapi/nope").send().await;
    assert_eq!((res.status(), res.text()), (404, "sub says 404 Not Found".to_owned()));
    let res = client.get("/nope").send().await;
    assert_eq!(res.json::<Value>(), json!({"detail": "Not Found"}));
    // The mount itself redirects to its slash; redirects inside keep the prefix.
    let res = client.get("/subapi").send().await;
    assert_eq!((res.status(), res.header("location")), (307, Some("http://testserver/subapi/")));
    let res = client.get("/subapi/items").send().await;
    assert_eq!((res.status(), res.header("location")), (307, Some("http://testserver/subapi/items/")));
}

#[tokio::test]
async fn each_app_documents_itself() {
    let client = TestClient::new(main_app());
    let main: Value = client.get("/openapi.json").send().await.json();
    assert_eq!(main["info"]["title"], "Main");
    assert!(main["paths"].get("/app").is_some() && main["paths"].as_object().expect("paths").len() == 1);
    assert!(main.get("servers").is_none());
    let sub: Value = client.get("/subapi/openapi.json").send().await.json();
    assert_eq!(sub["info"]["title"], "Sub");
    assert_eq!(sub["servers"], json!([{"url": "/subapi"}]));
    assert!(sub["paths"].get("/sub").is_some());
    let docs = client.get("/subapi/docs").send().await.text();
    assert!(docs.contains("'/subapi/openapi.json'"), "{docs}");
    assert!(docs.contains("/subapi/docs/assets/"), "{docs}");
    assert_eq!(client.get("/subapi/docs/assets/swagger-ui.css").send().await.status(), 200);
}

#[tokio::test]
async fn mounts_nest_and_any_tower_service_can_be_mounted() {
    let inner = App::new().routes(routes![sub_route]);
    let middle = App::new().mount("/inner", inner);
    let svc = tower::service_fn(|req: http::Request<Body>| async move {
        let text = format!("service saw {}", req.uri());
        Ok::<_, std::convert::Infallible>(http::Response::new(Body::from(text)))
    });
    let app = App::new().mount("/middle", middle).mount_service("/svc", svc);
    let client = TestClient::new(app);
    let res = client.get("/middle/inner/sub").send().await;
    assert_eq!(res.json::<Value>(), json!({"root_path": "/middle/inner", "path": "/sub"}));
    assert_eq!(client.get("/svc/a/b?q=1").send().await.text(), "service saw /a/b?q=1");
}

#[tokio::test]
async fn mounted_apps_start_and_stop_with_the_app() {
    let log: Arc<Mutex<Vec<&'static str>>> = Arc::default();
    let (a, b, c) = (log.clone(), log.clone(), log.clone());
    let sub = App::new()
        .on_startup(move || {
            let a = a.clone();
            async move { a.lock().expect("log").push("sub up") }
        })
        .on_shutdown(move || {
            let b = b.clone();
            async move { b.lock().expect("log").push("sub down") }
        });
    let app = App::new()
        .on_shutdown(move || {
            let c = c.clone();
            async move { c.lock().expect("log").push("main down") }
        })
        .mount("/sub", sub);
    let client = TestClient::new(app);
    client.get("/").send().await;
    assert_eq!(*log.lock().expect("log"), ["sub up"]);
    client.close().await;
    assert_eq!(*log.lock().expect("log"), ["sub up", "sub down", "main down"]);
}

#[tokio::test]
async fn behind_a_root_path_the_prefix_is_documented_and_optional_in_requests() {
    let app = App::new().root_path("/api/v1").routes(routes![sub_route, items]);
    let client = TestClient::new(app);
    for path in ["/sub", "/api/v1/sub"] {
        let res = client.get(path).send().await;
        assert_eq!(res.json::<Value>()["root_path"], "/api/v1", "{path}");
    }
    let doc: Value = client.get("/openapi.json").send().await.json();
    assert_eq!(doc["servers"], json!([{"url": "/api/v1"}]));
    let docs = client.get("/docs").send().await.text();
    assert!(docs.contains("'/api/v1/openapi.json'") && docs.contains("/api/v1/docs/oauth2-redirect"), "{docs}");
    // A redirect points where the proxy serves the app.
    let res = client.get("/items").send().await;
    assert_eq!(res.header("location"), Some("http://testserver/api/v1/items/"));
    // Only a whole segment is a prefix.
    assert_eq!(client.get("/api/v1sub").send().await.status(), 404);
}

// ---- behind a proxy: X-Forwarded-* from trusted peers only

#[get("/whoami/")]
async fn whoami(request: Request) -> Value {
    json!({
        "client": request.client().map(|c| c.ip().to_string()),
        "url": request.url(),
        "scheme": request.scheme(),
        "host": request.host(),
    })
}

fn forwarded(req: brisk::testclient::TestRequest) -> brisk::testclient::TestRequest {
    req.header("x-forwarded-for", "203.0.113.7, 10.0.0.1")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "api.example.com")
}

#[tokio::test]
async fn a_trusted_proxy_says_who_the_client_is_and_what_it_asked_for() {
    let app = App::new().root_path("/v1").forwarded_allow_ips(["127.0.0.1", "10.0.0.0/8"]).routes(routes![whoami]);
    let client = TestClient::new(app);
    let res = forwarded(client.get("/whoami/?x=1")).send().await;
    assert_eq!(
        res.json::<Value>(),
        json!({"client": "203.0.113.7", "url": "https://api.example.com/v1/whoami/?x=1", "scheme": "https", "host": "api.example.com"})
    );
    // Redirects point where the client is.
    let res = forwarded(client.get("/whoami")).send().await;
    assert_eq!(res.header("location"), Some("https://api.example.com/v1/whoami/"));
}

#[tokio::test]
async fn forwarding_headers_from_untrusted_peers_are_ignored() {
    // The test client's peer is 127.0.0.1: trusted by nobody here.
    let client = TestClient::new(App::new().routes(routes![whoami]));
    let res = forwarded(client.get("/whoami/")).send().await;
    assert_eq!(
        res.json::<Value>(),
        json!({"client": "127.0.0.1", "url": "http://testserver/whoami/", "scheme": "http", "host": "testserver"})
    );
    let bad = App::new().forwarded_allow_ips(["not-an-ip"]).into_service();
    assert!(bad.expect_err("invalid").to_string().contains("not-an-ip"));
}

#[tokio::test]
async fn serve_trusts_the_local_proxy_by_default() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server =
        tokio::spawn(brisk::server::serve_listener(App::new().routes(routes![whoami]), listener, async move {
            let _ = stopped.await;
        }));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /whoami HTTP/1.1\r\nhost: internal\r\nx-forwarded-proto: https\r\nx-forwarded-host: example.com\r\nconnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.to_ascii_lowercase().contains("location: https://example.com/whoami/"), "{text}");
    let _ = stop.send(());
    server.await.expect("join").expect("served");
}
