//! `brisk::Error` and `brisk::Result`: `?` on any error in a handler or a dependency. An
//! `HttpException` is answered by the app's `HttpException` handler, a type with a handler
//! of the app's by that handler, anything else by a logged plain 500 (Starlette's
//! `ServerErrorMiddleware`).

use std::io;
use std::sync::{Arc, Mutex};

use brisk::depends::{Exit, Yield};
use brisk::prelude::*;
use brisk::result::Context as _;
use serde_json::{Value, json};

/// What the app logged while a test ran (tracing's output, captured on this thread).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// Captures what is logged on this thread until the guard is dropped.
    fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

fn missing_file() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such file: items.db")
}

/// An error with a cause: its chain has two messages.
#[derive(Debug)]
struct StoreError(io::Error);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the store is unavailable")
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn open_store() -> Result<u32, StoreError> {
    Err(StoreError(missing_file()))
}

fn read_file() -> io::Result<u32> {
    Err(missing_file())
}

#[get("/io")]
async fn io_error() -> brisk::Result<Json<u32>> {
    let n = read_file()?;
    Ok(Json(n))
}

#[get("/chain")]
async fn chained() -> brisk::Result<Json<u32>> {
    let n = open_store().context("loading item 3")?;
    Ok(Json(n))
}

/// A plain `fn` (on the blocking pool) with `?`.
#[get("/blocking-io")]
fn blocking_io() -> brisk::Result<Json<u32>> {
    Ok(Json(read_file()?))
}

fn find_item(id: u32) -> Result<&'static str, HttpException> {
    match id {
        1 => Ok("Foo"),
        _ => Err(HttpException::new(404, "Item not found").header("x-error", "missing")),
    }
}

#[get("/items/{id}")]
async fn read_item(id: u32) -> brisk::Result<Json<&'static str>> {
    Ok(Json(find_item(id)?))
}

#[get("/items-with-context/{id}")]
async fn read_item_with_context(id: u32) -> brisk::Result<Json<&'static str>> {
    Ok(Json(find_item(id).context("looking the item up")?))
}

#[get("/message")]
async fn message() -> brisk::Result<()> {
    Err(Error::msg("no message today"))
}

#[get("/panic")]
async fn panics() -> brisk::Result<()> {
    panic!("boom")
}

fn app() -> App {
    App::new().routes(routes![
        io_error,
        chained,
        blocking_io,
        read_item,
        read_item_with_context,
        message,
        panics,
        dep_fails,
        blocking_dep_fails,
        guarded
    ])
}

async fn assert_plain_500(c: &TestClient, path: &str) {
    let res = c.get(path).send().await;
    assert_eq!(res.status(), 500, "{path}");
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"), "{path}");
    assert_eq!(res.text(), "Internal Server Error", "{path}");
}

#[tokio::test(flavor = "current_thread")]
async fn any_error_answers_a_logged_500() {
    let c = TestClient::new(app());
    let (logs, _guard) = Logs::capture();
    assert_plain_500(&c, "/io").await;
    let logged = logs.text();
    assert!(logged.contains("ERROR"), "{logged}");
    assert!(logged.contains("no such file: items.db"), "{logged}");

    assert_plain_500(&c, "/chain").await;
    let logged = logs.text();
    // The whole chain: the context, the error, its source.
    assert!(logged.contains("loading item 3: the store is unavailable: no such file: items.db"), "{logged}");

    assert_plain_500(&c, "/blocking-io").await;
    assert_plain_500(&c, "/message").await;
    assert!(logs.text().contains("no message today"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_panic_still_answers_500() {
    assert_plain_500(&TestClient::new(app()), "/panic").await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_http_exception_through_question_mark_is_answered_as_raised() {
    let c = TestClient::new(app());
    let (logs, _guard) = Logs::capture();
    let res = c.get("/items/1").send().await;
    assert_eq!((res.status(), res.text()), (200, r#""Foo""#.to_owned()));
    for path in ["/items/2", "/items-with-context/2"] {
        let res = c.get(path).send().await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(res.header("x-error"), Some("missing"));
        assert_eq!(res.json::<Value>(), json!({"detail": "Item not found"}));
    }
    assert!(!logs.text().contains("ERROR"), "an answered HttpException is not logged: {}", logs.text());

    // A replaced HttpException handler answers it too.
    let c = TestClient::new(app().http_exception_handler(|_req, e| {
        PlainTextResponse::new(format!("custom: {}", e.detail())).status(e.status().as_u16()).into_response()
    }));
    let res = c.get("/items/2").send().await;
    assert_eq!((res.status(), res.text()), (404, r#"custom: "Item not found""#.to_owned()));
}

#[tokio::test(flavor = "current_thread")]
async fn a_handler_for_the_wrapped_type_answers_first() {
    let c = TestClient::new(app().exception_handler(|req: &Request, e: io::Error| {
        JsonResponse::new(json!({"io": e.to_string(), "kind": format!("{:?}", e.kind()), "path": req.uri().path()}))
            .status(503)
            .into_response()
    }));
    let (logs, _guard) = Logs::capture();
    let res = c.get("/io").send().await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.json::<Value>(), json!({"io": "no such file: items.db", "kind": "NotFound", "path": "/io"}));
    // Through a plain fn, and a dependency, alike.
    assert_eq!(c.get("/blocking-io").send().await.status(), 503);
    assert_eq!(c.get("/dep-fails").send().await.status(), 503);
    assert!(!logs.text().contains("ERROR"), "a handled error is not logged: {}", logs.text());
    // Another type is not its: still a 500.
    assert_plain_500(&c, "/chain").await;
    assert!(logs.text().contains("the store is unavailable"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_handler_for_brisk_error_is_the_catch_all() {
    let c = TestClient::new(
        app()
            .exception_handler(|_req, e: Error| PlainTextResponse::new(format!("{e:#}")).status(500).into_response())
            .exception_handler(|_req, _e: StoreError| PlainTextResponse::new("store").status(503).into_response()),
    );
    let res = c.get("/io").send().await;
    assert_eq!((res.status(), res.text()), (500, "no such file: items.db".to_owned()));
    // The wrapped type's own handler comes first, context looked through.
    let res = c.get("/chain").send().await;
    assert_eq!((res.status(), res.text()), (503, "store".to_owned()));
    // An HttpException is still the HttpException handler's.
    assert_eq!(c.get("/items/2").send().await.status(), 404);
}

#[dependency]
async fn load_config() -> brisk::Result<u32> {
    Ok(read_file()?)
}

#[get("/dep-fails")]
async fn dep_fails(#[depends(load_config)] n: u32) -> Json<u32> {
    Json(n)
}

#[dependency]
fn blocking_config() -> brisk::Result<u32> {
    open_store().context("reading the config")?;
    Ok(1)
}

#[get("/blocking-dep-fails")]
async fn blocking_dep_fails(#[depends(blocking_config)] n: u32) -> Json<u32> {
    Json(n)
}

#[tokio::test(flavor = "current_thread")]
async fn a_dependency_error_stops_the_request() {
    let c = TestClient::new(app());
    let (logs, _guard) = Logs::capture();
    assert_plain_500(&c, "/dep-fails").await;
    assert_plain_500(&c, "/blocking-dep-fails").await;
    let logged = logs.text();
    assert!(logged.contains("no such file: items.db"), "{logged}");
    assert!(logged.contains("reading the config: the store is unavailable: no such file: items.db"), "{logged}");
}

/// What the exit code saw.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[dependency]
async fn session() -> Yield<&'static str> {
    Yield::new("session").on_exit(|mut exit: Exit| async move {
        // (Without an error, exit code runs after the body is sent: not recorded.)
        if let (Some(e), Some(io)) = (exit.error::<Error>(), exit.error::<io::Error>()) {
            SEEN.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{e} / {:?}", io.kind()));
        }
        if exit.error::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::PermissionDenied) {
            exit.raise(HttpException::new(403, "not yours"));
        }
        exit
    })
}

#[get("/guarded/{mode}")]
async fn guarded(mode: String, #[depends(session)] _s: &'static str) -> brisk::Result<Json<&'static str>> {
    match mode.as_str() {
        "ok" => Ok(Json("fine")),
        "denied" => Err(io::Error::new(io::ErrorKind::PermissionDenied, "denied"))?,
        _ => Err(missing_file())?,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn yield_exit_code_sees_the_error() {
    let c = TestClient::new(app());
    let res = c.get("/guarded/ok").send().await;
    assert_eq!((res.status(), res.text()), (200, r#""fine""#.to_owned()));
    // The exit code sees the brisk::Error and the io::Error in it; left alone, a 500.
    assert_plain_500(&c, "/guarded/missing").await;
    // It raises an HttpException in its place: answered as one.
    let res = c.get("/guarded/denied").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (403, json!({"detail": "not yours"})));
    let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(seen, ["no such file: items.db / NotFound", "denied / PermissionDenied"]);
}
