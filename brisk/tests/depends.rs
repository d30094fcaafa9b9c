//! Dependencies: per-request caching, exit code order and error visibility, app, router
//! and decorator dependencies, and their parameters in OpenAPI.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use brisk::depends::{Exit, Yield};
use brisk::prelude::*;
use serde_json::{Value, json};

static RUNS: AtomicUsize = AtomicUsize::new(0);
static RUNS_UNCACHED: AtomicUsize = AtomicUsize::new(0);
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn log(s: &str) {
    LOG.lock().unwrap_or_else(|e| e.into_inner()).push(s.to_owned());
}

#[dependency]
async fn counted(#[query(default = 1)] n: i64) -> i64 {
    RUNS.fetch_add(1, Ordering::SeqCst);
    n
}

#[dependency]
async fn uses_counted(#[depends(counted)] n: i64) -> i64 {
    n * 10
}

#[get("/cached")]
async fn cached(#[depends(counted)] a: i64, #[depends(uses_counted)] b: i64) -> Value {
    json!([a, b])
}

#[dependency]
async fn counted_again(#[query(default = 1)] n: i64) -> i64 {
    RUNS_UNCACHED.fetch_add(1, Ordering::SeqCst);
    n
}

#[dependency]
async fn uses_counted_again(#[depends(counted_again)] n: i64) -> i64 {
    n * 10
}

#[get("/uncached")]
async fn uncached(#[depends(counted_again, use_cache = false)] a: i64, #[depends(uses_counted_again)] b: i64) -> Value {
    json!([a, b])
}

#[dependency]
async fn outer() -> Yield<&'static str> {
    log("outer setup");
    Yield::new("outer").on_exit(|exit: Exit| async move {
        log(&format!("outer exit ok={}", exit.is_ok()));
        exit
    })
}

#[dependency]
async fn inner(#[depends(outer)] _o: &'static str) -> Yield<&'static str> {
    log("inner setup");
    Yield::new("inner").on_exit(|mut exit: Exit| async move {
        if let Some(e) = exit.error::<HttpException>() {
            let detail = format!("converted {}", e.status().as_u16());
            log("inner saw error");
            exit.raise(HttpException::new(400, detail));
        }
        log("inner exit");
        exit
    })
}

#[get("/teardown/{fail}")]
async fn teardown(fail: bool, #[depends(inner)] _i: &'static str) -> Result<Value, HttpException> {
    log("handler");
    if fail {
        return Err(HttpException::new(418, "teapot"));
    }
    Ok(json!("done"))
}

#[dependency]
async fn verify(#[header] x_token: String) -> Result<(), HttpException> {
    if x_token != "ok" {
        return Err(HttpException::new(400, "bad token"));
    }
    Ok(())
}

#[get("/decorated", dependencies = [verify])]
async fn decorated() -> Value {
    json!("ok")
}

#[get("/plain")]
async fn plain() -> Value {
    json!("plain")
}

#[tokio::test]
async fn a_dependency_runs_once_per_request_unless_told_otherwise() {
    let client = TestClient::new(App::new().routes(routes![cached, uncached]));
    assert_eq!(client.get("/cached?n=2").send().await.json::<Value>(), json!([2, 20]));
    assert_eq!(RUNS.load(Ordering::SeqCst), 1, "shared by both parameters: one run");
    assert_eq!(client.get("/uncached?n=3").send().await.json::<Value>(), json!([3, 30]));
    assert_eq!(RUNS_UNCACHED.load(Ordering::SeqCst), 2, "use_cache = false: its own run");
}

/// Exit code of a successful request runs after its body is sent: wait for it.
async fn wait_for_log(entries: usize) {
    for _ in 0..200 {
        if LOG.lock().unwrap_or_else(|e| e.into_inner()).len() >= entries {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn exit_code_runs_in_reverse_and_sees_the_error() {
    let client = TestClient::new(App::new().routes(routes![teardown]));
    LOG.lock().unwrap_or_else(|e| e.into_inner()).clear();
    let res = client.get("/teardown/false").send().await;
    assert_eq!(res.json::<Value>(), json!("done"));
    wait_for_log(5).await;
    let res = client.get("/teardown/true").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, json!({"detail": "converted 418"})));
    let log = LOG.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(
        log,
        vec![
            "outer setup",
            "inner setup",
            "handler",
            "inner exit",
            "outer exit ok=true",
            "outer setup",
            "inner setup",
            "handler",
            "inner saw error",
            "inner exit",
            "outer exit ok=false",
        ]
    );
}

#[tokio::test]
async fn decorator_app_and_router_dependencies() {
    let router = ApiRouter::new().prefix("/r").dependency::<verify>().routes(routes![plain]);
    let client = TestClient::new(App::new().routes(routes![decorated]).include_router(router));
    assert_eq!(client.get("/decorated").header("x-token", "ok").send().await.status(), 200);
    assert_eq!(client.get("/decorated").header("x-token", "no").send().await.status(), 400);
    let res = client.get("/r/plain").send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["header", "x-token"]));
    assert_eq!(client.get("/r/plain").header("x-token", "ok").send().await.json::<Value>(), json!("plain"));
    let global = TestClient::new(App::new().dependency::<verify>().routes(routes![plain]));
    assert_eq!(global.get("/plain").send().await.status(), 422);
    let doc: Value = global.get("/openapi.json").send().await.json();
    assert_eq!(doc["paths"]["/plain"]["get"]["parameters"][0]["name"], "x-token");
}

#[dependency]
async fn real_db() -> &'static str {
    "postgres"
}

#[dependency]
async fn fake_db(#[query(default = "memory")] which: String) -> &'static str {
    if which == "memory" { "fake" } else { "other fake" }
}

#[get("/db")]
async fn which_db(#[depends(real_db)] db: &'static str) -> Value {
    json!(db)
}

#[tokio::test]
async fn overrides_replace_a_dependency_for_tests() {
    let real = TestClient::new(App::new().routes(routes![which_db]));
    assert_eq!(real.get("/db").send().await.json::<Value>(), json!("postgres"));
    let faked = TestClient::new(App::new().override_dependency::<real_db, fake_db>().routes(routes![which_db]));
    assert_eq!(faked.get("/db").send().await.json::<Value>(), json!("fake"));
    assert_eq!(faked.get("/db?which=x").send().await.json::<Value>(), json!("other fake"));
}

#[derive(Dependency, Clone)]
struct Paging {
    #[query(default = 0, ge = 0)]
    skip: i64,
    #[header]
    x_tenant: String,
    #[depends(real_db)]
    db: &'static str,
}

#[get("/paged")]
async fn paged(#[depends(Paging)] p: Paging) -> Value {
    json!([p.skip, p.x_tenant, p.db])
}

#[tokio::test]
async fn struct_dependencies_read_their_fields_like_parameters() {
    let c = TestClient::new(App::new().routes(routes![paged]));
    let res = c.get("/paged?skip=2").header("x-tenant", "t1").send().await;
    assert_eq!(res.json::<Value>(), json!([2, "t1", "postgres"]));
    let res = c.get("/paged?skip=-1").send().await;
    let locs: Vec<Value> = res.json::<Value>()["detail"].as_array().unwrap().iter().map(|d| d["loc"].clone()).collect();
    assert_eq!(locs, vec![json!(["query", "skip"]), json!(["header", "x-tenant"])]);
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(doc["paths"]["/paged"]["get"]["parameters"].as_array().map(Vec::len), Some(2));
}

static STREAM_LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn stream_log(s: &str) {
    STREAM_LOG.lock().unwrap_or_else(|e| e.into_inner()).push(s.to_owned());
}

#[dependency]
async fn session() -> Yield<&'static str> {
    stream_log("open");
    Yield::new("session").on_exit(|exit: Exit| async move {
        stream_log("close");
        exit
    })
}

#[get("/stream")]
async fn streamed(#[depends(session)] _s: &'static str) -> StreamingResponse {
    let chunks = futures_util::StreamExt::then(futures_util::stream::iter(0..3), |i| async move {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        stream_log(&format!("chunk {i}"));
        Ok::<_, std::convert::Infallible>(format!("{i}"))
    });
    StreamingResponse::new(chunks)
}

#[tokio::test]
async fn a_streaming_response_keeps_its_dependencies_until_it_ends() {
    let c = TestClient::new(App::new().routes(routes![streamed]));
    let res = c.get("/stream").send().await;
    assert_eq!(res.text(), "012");
    for _ in 0..100 {
        if STREAM_LOG.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|l| l == "close") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let log = STREAM_LOG.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(log, vec!["open", "chunk 0", "chunk 1", "chunk 2", "close"]);
}

struct Prefix {
    prefix: &'static str,
}

#[dependency]
impl Prefix {
    fn call(&self, #[header] x_name: String) -> Result<String, HttpException> {
        if x_name.is_empty() {
            return Err(HttpException::new(400, "empty name"));
        }
        Ok(format!("{}{x_name}", self.prefix))
    }
}

static MR: Prefix = Prefix { prefix: "Mr. " };
static MS: Prefix = Prefix { prefix: "Ms. " };

#[get("/greet")]
async fn greet(#[depends(instance = MR)] a: String, #[depends(instance = MS)] b: String) -> Value {
    json!([a, b])
}

#[tokio::test]
async fn configured_instances_are_dependencies() {
    let c = TestClient::new(App::new().routes(routes![greet]));
    assert_eq!(c.get("/greet").header("x-name", "Bean").send().await.json::<Value>(), json!(["Mr. Bean", "Ms. Bean"]));
    let res = c.get("/greet").send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["header", "x-name"]));
    let res = c.get("/greet").header("x-name", "").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, json!({"detail": "empty name"})));
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(doc["paths"]["/greet"]["get"]["parameters"][0]["name"], "x-name");
}
