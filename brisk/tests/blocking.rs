//! Plain `fn` path operations and dependencies run on tokio's blocking pool, `async fn`
//! ones on the runtime (FastAPI's `def` in a threadpool, `async def` on the event loop):
//! a blocking handler does not stall the others, even on a one-thread runtime, and its
//! panic still answers 500.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use brisk::prelude::*;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};

static SLOW_STARTED: AtomicBool = AtomicBool::new(false);

/// Blocks its thread, as a `def` endpoint calling a blocking library would.
#[get("/slow")]
fn slow() -> Json<&'static str> {
    SLOW_STARTED.store(true, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(800));
    Json("slow")
}

#[get("/fast")]
async fn fast() -> Json<&'static str> {
    Json("fast")
}

#[get("/panic")]
fn panics() -> Json<&'static str> {
    panic!("boom in a blocking handler")
}

/// Sends a GET over its own HTTP/1.1 connection: the status and the body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, Bytes) {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    let req =
        http::Request::get(format!("http://{addr}{path}")).header("host", "test").body(Empty::<Bytes>::new()).unwrap();
    let res = sender.send_request(req).await.unwrap();
    let status = res.status().as_u16();
    (status, res.into_body().collect().await.unwrap().to_bytes())
}

#[tokio::test(flavor = "current_thread")]
async fn a_blocking_handler_does_not_stall_the_runtime() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = App::new().routes(routes![slow, fast, panics]);
    let server = tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = stopped.await;
    }));

    let slow_request = tokio::spawn(get(addr, "/slow"));
    // Wait until the slow handler is sleeping (it sets the flag first).
    let waited = Instant::now();
    while !SLOW_STARTED.load(Ordering::SeqCst) {
        assert!(waited.elapsed() < Duration::from_secs(5), "the slow handler never started");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // The only runtime thread is free: the fast route answers while the slow one sleeps.
    let started = Instant::now();
    let (status, body) = get(addr, "/fast").await;
    assert_eq!((status, &body[..]), (200, &br#""fast""#[..]));
    assert!(!slow_request.is_finished(), "the fast response came first");
    assert!(started.elapsed() < Duration::from_millis(600), "the fast route waited: {:?}", started.elapsed());

    let (status, body) = slow_request.await.unwrap();
    assert_eq!((status, &body[..]), (200, &br#""slow""#[..]));

    // A panicking blocking handler answers 500 and the server goes on.
    let (status, body) = get(addr, "/panic").await;
    assert_eq!((status, &body[..]), (500, &b"Internal Server Error"[..]));
    assert_eq!(get(addr, "/fast").await.0, 200);

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap().unwrap();
}

/// The thread a dependency ran on.
#[derive(Clone)]
struct RanOn(ThreadId);

#[dependency]
fn blocking_dep() -> RanOn {
    RanOn(std::thread::current().id())
}

#[dependency]
async fn async_dep() -> RanOn {
    RanOn(std::thread::current().id())
}

/// A dependency on a configured instance, with a plain method.
struct Tagger {
    tag: &'static str,
}

#[dependency]
impl Tagger {
    fn call(&self, #[query] name: String) -> (String, RanOn) {
        (format!("{}{name}", self.tag), RanOn(std::thread::current().id()))
    }
}

static TAGGER: Tagger = Tagger { tag: "#" };

fn id(t: ThreadId) -> String {
    format!("{t:?}")
}

#[get("/threads")]
async fn threads(
    #[depends(blocking_dep)] blocking: RanOn,
    #[depends(async_dep)] on_runtime: RanOn,
    #[depends(instance = TAGGER)] tagged: (String, RanOn),
) -> Value {
    json!({
        "handler": id(std::thread::current().id()),
        "blocking_dep": id(blocking.0),
        "async_dep": id(on_runtime.0),
        "instance_dep": id(tagged.1.0),
        "tag": tagged.0,
    })
}

/// A plain handler taking the request and `&mut Response`, and a plain dependency.
#[get("/plain/{item}")]
fn plain(item: u32, request: Request, response: &mut Response, #[depends(blocking_dep)] dep: RanOn) -> Value {
    response.set_status(201);
    response.append_header("x-item", &item.to_string());
    json!({
        "path": request.uri().path(),
        "handler": id(std::thread::current().id()),
        "dep": id(dep.0),
    })
}

#[dependency]
fn panicking_dep() -> u32 {
    panic!("boom in a blocking dependency")
}

#[get("/dep-panics")]
async fn dep_panics(#[depends(panicking_dep)] n: u32) -> Json<u32> {
    Json(n)
}

#[tokio::test(flavor = "current_thread")]
async fn plain_dependencies_run_off_the_runtime_thread() {
    let here = id(std::thread::current().id());
    let c = TestClient::new(App::new().routes(routes![threads, plain, dep_panics, panics]));
    let v: Value = c.get("/threads?name=x").send().await.json();
    assert_eq!(v["handler"], here.as_str(), "an async fn runs on the runtime");
    assert_eq!(v["async_dep"], here.as_str(), "an async dependency runs on the runtime");
    assert_ne!(v["blocking_dep"], here.as_str(), "a plain dependency runs on the blocking pool");
    assert_ne!(v["instance_dep"], here.as_str(), "a plain method runs on the blocking pool");
    assert_eq!(v["tag"], "#x");

    let res = c.get("/plain/7").send().await;
    assert_eq!((res.status(), res.header("x-item")), (201, Some("7")));
    let v: Value = res.json();
    assert_eq!(v["path"], "/plain/7");
    assert_ne!(v["handler"], here.as_str(), "a plain handler runs on the blocking pool");
    assert_ne!(v["dep"], here.as_str());

    // Panics on the blocking pool answer as panics on the runtime do.
    for path in ["/panic", "/dep-panics"] {
        let res = c.get(path).send().await;
        assert_eq!(res.status(), 500, "{path}");
        assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(res.text(), "Internal Server Error");
    }
}
