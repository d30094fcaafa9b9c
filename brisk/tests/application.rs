//! The application around the routes: middleware (functions and tower layers) and their
//! order, state, the lifespan, background tasks — through the `TestClient` and over real
//! sockets.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use brisk::middleware::Next;
use brisk::prelude::*;
use brisk::response::HttpResponse;
use serde_json::{Value, json};

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().expect("log").clone()
}

#[get("/hello")]
async fn hello(req: Request) -> Value {
    json!({"seen": req.headers().get("x-added").and_then(|v| v.to_str().ok())})
}

#[post("/echo")]
async fn echo(body: Value) -> Value {
    body
}

/// A middleware that records itself going in and out.
fn tracer(
    name: &'static str,
    log: Log,
) -> impl Fn(Request, Next) -> futures_util::future::BoxFuture<'static, HttpResponse> + Clone {
    move |req, next| {
        let log = log.clone();
        Box::pin(async move {
            log.lock().expect("log").push(format!("{name} in"));
            let mut res = next.run(req).await;
            log.lock().expect("log").push(format!("{name} out"));
            res.headers_mut().append("x-trace", name.parse().expect("header"));
            res
        })
    }
}

#[tokio::test]
async fn the_last_middleware_added_is_the_outermost() {
    let log: Log = Arc::default();
    let app = App::new()
        .routes(routes![hello])
        .middleware(tracer("first", log.clone()))
        .middleware(tracer("second", log.clone()));
    let res = TestClient::new(app).get("/hello").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(entries(&log), ["second in", "first in", "first out", "second out"]);
    let order: Vec<_> = res.headers().get_all("x-trace").iter().map(|v| v.to_str().expect("text")).collect();
    assert_eq!(order, ["first", "second"]);
}

async fn add_process_time_header(req: Request, next: Next) -> HttpResponse {
    let start = std::time::Instant::now();
    let mut res = next.run(req).await;
    let took = start.elapsed().as_secs_f64().to_string();
    res.headers_mut().insert("x-process-time", took.parse().expect("a float is a header value"));
    res
}

#[tokio::test]
async fn middleware_wraps_routes_404s_and_the_docs() {
    let client = TestClient::new(App::new().routes(routes![hello]).middleware(add_process_time_header));
    for path in ["/hello", "/nope", "/openapi.json", "/docs"] {
        let res = client.get(path).send().await;
        let t = res.header("x-process-time").unwrap_or_else(|| panic!("{path}: no header"));
        assert!(t.parse::<f64>().expect("a float") >= 0.0, "{path}: {t}");
    }
    // A 405 too, and the app's response is otherwise unchanged.
    let res = client.post("/hello").send().await;
    assert_eq!(res.status(), 405);
    assert!(res.header("x-process-time").is_some());
    assert_eq!(res.json::<Value>(), json!({"detail": "Method Not Allowed"}));
}

async fn gatekeeper(mut req: Request, next: Next) -> HttpResponse {
    if req.headers().get("x-token").is_none() {
        return HttpException::new(403, "no token").into_response();
    }
    req.parts_mut().headers.insert("x-added", "by middleware".parse().expect("header"));
    next.run(req).await
}

#[tokio::test]
async fn middleware_may_answer_alone_or_change_the_request() {
    let client = TestClient::new(App::new().routes(routes![hello]).middleware(gatekeeper));
    let res = client.get("/hello").send().await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>(), json!({"detail": "no token"}));
    let res = client.get("/hello").header("x-token", "t").send().await;
    assert_eq!(res.json::<Value>(), json!({"seen": "by middleware"}));
}

async fn body_reader(mut req: Request, next: Next) -> HttpResponse {
    let len = match req.read_body().await {
        Ok(b) => b.len(),
        Err(_) => return HttpException::new(413, "too large").into_response(),
    };
    let mut res = next.run(req).await;
    res.headers_mut().insert("x-body-length", len.into());
    res
}

#[tokio::test]
async fn a_body_read_by_middleware_still_reaches_the_handler() {
    let client = TestClient::new(App::new().routes(routes![echo]).middleware(body_reader));
    let res = client.post("/echo").json(&json!({"a": [1, 2]})).send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"a": [1, 2]}));
    assert_eq!(res.header("x-body-length"), Some("11"));
}

async fn panicking(_: Request, _: Next) -> HttpResponse {
    panic!("middleware bug")
}

#[tokio::test]
async fn a_panicking_middleware_answers_500() {
    let client = TestClient::new(App::new().routes(routes![hello]).middleware(panicking));
    let res = client.get("/hello").send().await;
    assert_eq!(res.status(), 500);
    assert_eq!(res.text(), "Internal Server Error");
}

#[get("/slow")]
async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_millis(500)).await;
    "done"
}

#[tokio::test]
async fn tower_layers_wrap_the_app_in_order_with_function_middleware() {
    use tower_http::set_header::SetResponseHeaderLayer;
    let log: Log = Arc::default();
    let app = App::new()
        .routes(routes![hello, slow])
        .middleware(tracer("inner", log.clone()))
        .layer(SetResponseHeaderLayer::appending(
            http::HeaderName::from_static("x-trace"),
            http::HeaderValue::from_static("layer"),
        ))
        .middleware(tracer("outer", log.clone()))
        // tower's own timeout: its error answers 500.
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_millis(100)));
    let client = TestClient::new(app);
    let res = client.get("/hello").send().await;
    let order: Vec<_> = res.headers().get_all("x-trace").iter().map(|v| v.to_str().expect("text")).collect();
    assert_eq!(order, ["inner", "layer", "outer"]);
    let res = client.get("/slow").send().await;
    assert_eq!(res.status(), 500);
    assert_eq!(res.text(), "Internal Server Error");
    // tower-http's timeout answers 408 itself.
    let app = App::new().routes(routes![slow]).layer(tower_http::timeout::TimeoutLayer::with_status_code(
        http::StatusCode::REQUEST_TIMEOUT,
        Duration::from_millis(50),
    ));
    assert_eq!(TestClient::new(app).get("/slow").send().await.status(), 408);
}

#[tokio::test]
async fn a_concurrency_limit_layer_queues_requests() {
    let app = App::new().routes(routes![slow]).layer(tower::limit::ConcurrencyLimitLayer::new(1));
    let client = TestClient::new(app);
    let start = std::time::Instant::now();
    let (a, b) = tokio::join!(client.get("/slow").send(), client.get("/slow").send());
    assert_eq!((a.status(), b.status()), (200, 200));
    // One at a time: the second waited for the first.
    assert!(start.elapsed() >= Duration::from_millis(1000), "{:?}", start.elapsed());
}

// ---- state and lifespan

struct Greeting(String);
struct Counter(std::sync::atomic::AtomicUsize);

#[dependency]
async fn count(counter: State<Counter>) -> usize {
    counter.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
}

#[get("/greet")]
async fn greet(greeting: State<Greeting>, #[depends(count)] n: usize) -> Value {
    json!({"greeting": greeting.0, "n": n})
}

#[tokio::test]
async fn state_given_at_build_time_is_read_by_handlers_and_dependencies() {
    let app = App::new().state(Greeting("hi".into())).state(Counter(Default::default())).routes(routes![greet]);
    let client = TestClient::new(app);
    assert_eq!(client.get("/greet").send().await.json::<Value>(), json!({"greeting": "hi", "n": 1}));
    assert_eq!(client.get("/greet").send().await.json::<Value>(), json!({"greeting": "hi", "n": 2}));
    // The state is not a parameter of the API.
    let doc: Value =
        serde_json::from_slice(TestClient::new(App::new()).get("/openapi.json").send().await.bytes()).expect("json");
    assert!(doc["paths"].get("/greet").is_none());
}

#[tokio::test]
async fn a_state_type_never_given_is_an_error_before_any_request() {
    // Without startup work, when the app is built...
    let err = App::new().state(Greeting("hi".into())).routes(routes![greet]).into_service().expect_err("missing");
    assert!(err.to_string().contains("GET /greet reads State<application::Counter>"), "{err}");
    // ...with a lifespan, when it starts.
    let app = App::new().routes(routes![greet]).lifespan(|| async { Ok(Lifespan::new().state(Greeting("hi".into()))) });
    let client = TestClient::new(app);
    let err = client.start().await.expect_err("missing");
    assert!(err.to_string().contains("State<application::Counter>"), "{err}");
}

#[tokio::test]
async fn the_lifespan_runs_around_the_requests() {
    let log: Log = Arc::default();
    let (l1, l2, l3, l4) = (log.clone(), log.clone(), log.clone(), log.clone());
    let app = App::new()
        .routes(routes![greet])
        .on_startup(move || {
            let l = l1.clone();
            async move { l.lock().expect("log").push("startup hook".into()) }
        })
        .lifespan(move || {
            let l = l2.clone();
            async move {
                l.lock().expect("log").push("lifespan start".into());
                let l = l.clone();
                Ok(Lifespan::new()
                    .state(Greeting("from the lifespan".into()))
                    .state(Counter(Default::default()))
                    .on_shutdown(async move { l.lock().expect("log").push("lifespan end".into()) }))
            }
        })
        .on_shutdown(move || {
            let l = l3.clone();
            async move { l.lock().expect("log").push("shutdown hook".into()) }
        });
    let client = TestClient::new(app);
    assert!(entries(&l4).is_empty(), "nothing runs before the client is used");
    let res = client.get("/greet").send().await;
    assert_eq!(res.json::<Value>()["greeting"], "from the lifespan");
    client.get("/greet").send().await;
    assert_eq!(entries(&log), ["startup hook", "lifespan start"]);
    client.close().await;
    assert_eq!(entries(&log), ["startup hook", "lifespan start", "lifespan end", "shutdown hook"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn dropping_the_client_runs_the_shutdown() {
    let log: Log = Arc::default();
    let l = log.clone();
    let app = App::new().on_shutdown(move || {
        let l = l.clone();
        async move { l.lock().expect("log").push("shutdown".into()) }
    });
    let client = TestClient::new(app);
    client.get("/").send().await;
    drop(client);
    assert_eq!(entries(&log), ["shutdown"]);
}

/// A shutdown that waits for a task of the test's own runtime (a pool waiting for a
/// connection a request's teardown still holds) must not hang the test when the client is
/// dropped instead of closed: the drop gives up waiting and the test goes on.
#[tokio::test]
async fn dropping_the_client_does_not_wait_forever_for_its_own_runtime() {
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let released = Arc::new(Mutex::new(Some(released)));
    let app = App::new().on_shutdown(move || {
        let released = released.lock().expect("lock").take();
        async move {
            if let Some(released) = released {
                let _ = released.await;
            }
        }
    });
    let client = TestClient::new(app);
    client.get("/").send().await;
    // The "connection" is given back by a task of this (current-thread) runtime, which the
    // drop blocks: before the fix, drop(client) never returned.
    tokio::spawn(async move {
        let _ = release.send(());
    });
    drop(client);
}

#[tokio::test]
async fn a_failing_startup_stops_the_app() {
    let app = App::new()
        .routes(routes![hello])
        .on_startup(|| async { Err(std::io::Error::other("database unreachable").into()) });
    let client = TestClient::new(app);
    let err = client.start().await.expect_err("fails");
    assert_eq!(err.to_string(), "startup failed: database unreachable");
    // The server never accepts.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let app = App::new().on_startup(|| async { Err(brisk::Error::msg("no")) });
    let out = brisk::server::serve_listener(app, listener, std::future::pending()).await;
    assert_eq!(out.expect_err("fails").to_string(), "startup failed: no");
}

// ---- background tasks

#[derive(Clone, Default)]
struct Notes(Arc<Mutex<Vec<String>>>);

#[dependency]
async fn note_query(q: Option<String>, tasks: BackgroundTasks, notes: State<Notes>) -> Option<String> {
    if let Some(q) = &q {
        let (q, notes) = (q.clone(), notes.clone());
        tasks.add(async move { notes.0.lock().expect("notes").push(format!("found query: {q}")) });
    }
    q
}

#[post("/send-notification/{email}")]
async fn send_notification(
    email: String,
    tasks: BackgroundTasks,
    notes: State<Notes>,
    #[depends(note_query)] _q: Option<String>,
) -> Value {
    let n = notes.clone();
    tasks.add_blocking(move || n.0.lock().expect("notes").push(format!("message to {email}")));
    tasks.add(async { Err::<(), _>("a failing task is logged") });
    let n = notes.clone();
    tasks.add(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        n.0.lock().expect("notes").push("last".into())
    });
    json!({"message": "Message sent"})
}

#[post("/refuse")]
async fn refuse(tasks: BackgroundTasks, notes: State<Notes>) -> Result<Value, HttpException> {
    let n = notes.clone();
    tasks.add(async move { n.0.lock().expect("notes").push("should not run".into()) });
    Err(HttpException::new(400, "refused"))
}

#[tokio::test]
async fn background_tasks_run_after_the_response_in_order() {
    let notes = Notes::default();
    let client = TestClient::new(App::new().state(notes.clone()).routes(routes![send_notification, refuse]));
    let res = client.post("/send-notification/a@b.c?q=hi").send().await;
    assert_eq!(res.json::<Value>(), json!({"message": "Message sent"}));
    // The test client hands the response back once they ran: the dependency's first.
    assert_eq!(*notes.0.lock().expect("notes"), ["found query: hi", "message to a@b.c", "last"]);
    // A 422 or a raised error: the function's tasks never run.
    notes.0.lock().expect("notes").clear();
    assert_eq!(client.post("/refuse").send().await.status(), 400);
    assert!(notes.0.lock().expect("notes").is_empty());
}

#[tokio::test]
async fn over_http_tasks_run_after_the_response_and_shutdown_waits_for_them() {
    let notes = Notes::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = App::new().state(notes.clone()).routes(routes![send_notification]);
    let server = tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = stopped.await;
    }));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(
            b"POST /send-notification/x@y.z HTTP/1.1\r\nhost: t\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        )
        .await
        .expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    assert!(String::from_utf8_lossy(&buf).contains("Message sent"));
    // The response is out before the slow task has finished...
    assert!(!notes.0.lock().expect("notes").contains(&"last".to_string()));
    // ...and a graceful shutdown waits for it.
    let _ = stop.send(());
    server.await.expect("join").expect("served");
    assert_eq!(*notes.0.lock().expect("notes"), ["message to x@y.z", "last"]);
}

// ---- the access log

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_server_logs_each_request_as_uvicorn_does() {
    let out = Captured::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .event_format(brisk::server::UvicornFormat)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(brisk::server::serve_listener(App::new().routes(routes![hello]), listener, async move {
        let _ = stopped.await;
    }));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let local = stream.local_addr().expect("local");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(
            b"GET /hello?x=1 HTTP/1.1\r\nhost: t\r\n\r\nGET /nope HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n",
        )
        .await
        .expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let _ = stop.send(());
    server.await.expect("join").expect("served");
    let text = String::from_utf8(out.0.lock().expect("buffer").clone()).expect("utf-8");
    assert!(text.contains(&format!("INFO:     {local} - \"GET /hello?x=1 HTTP/1.1\" 200 OK\n")), "{text}");
    assert!(text.contains(&format!("INFO:     {local} - \"GET /nope HTTP/1.1\" 404 Not Found\n")), "{text}");
}
