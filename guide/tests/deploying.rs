//! "Deploying": a service's `main` — configuration from the environment with defaults
//! set in code, health checks, graceful shutdown — served on a real socket in the tests.

use std::time::Duration;

use brisk::prelude::*;
use brisk::server::ServerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ANCHOR: health
/// Set once the service's resources (database pool, caches...) are up.
struct Ready;

/// Liveness: the process answers. Kept out of the OpenAPI document.
#[get("/healthz", include_in_schema = false)]
async fn liveness() -> &'static str {
    "ok"
}

/// Readiness: 503 until the lifespan has made the service's resources.
#[get("/readyz", include_in_schema = false)]
async fn readiness(request: Request) -> Result<&'static str, HttpException> {
    match request.state::<Ready>() {
        Some(_) => Ok("ready"),
        None => Err(HttpException::new(503, "Not ready")),
    }
}

fn app() -> App {
    App::new().routes(routes![liveness, readiness]).lifespan(|| async {
        // Connect to the database, warm caches... (an error here stops the start-up).
        Ok(Lifespan::new().state(Ready))
    })
}
// ANCHOR_END: health

// ANCHOR: main
/// Defaults chosen for this service; every `BRISK_*` variable still overrides them, and
/// `HOST`/`PORT` say where to listen (`0.0.0.0` in a container).
fn config() -> std::io::Result<ServerConfig> {
    let mut config = ServerConfig::from_env()?; // a malformed variable is an error naming it
    if std::env::var_os("BRISK_SHUTDOWN_GRACE").is_none() {
        config = config.shutdown_grace(Duration::from_secs(20)); // under Kubernetes' 30 s
    }
    Ok(config)
}

fn main() -> std::io::Result<()> {
    config()?.run(app()) // a multi-threaded runtime, BRISK_WORKERS threads; until SIGTERM
}
// ANCHOR_END: main

/// One HTTP/1.1 request on a new connection; the whole answer as text.
async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("the server accepts");
    let request = format!("GET {path} HTTP/1.1\r\nhost: example.com\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("the answer is read");
    answer
}

#[tokio::test]
async fn health_checks_and_a_graceful_stop_over_a_real_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("the bound address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = ServerConfig::default().access_log(false).shutdown_grace(Duration::from_secs(5));
    let server = tokio::spawn(brisk::server::serve_listener_with(
        app(),
        listener,
        async {
            stopped.await.ok();
        },
        config,
    ));

    let live = get(addr, "/healthz").await;
    assert!(live.starts_with("HTTP/1.1 200 OK\r\n"), "{live}");
    assert!(live.ends_with("\r\n\r\n\"ok\""), "{live}"); // a str is JSON, as in FastAPI
    let ready = get(addr, "/readyz").await;
    assert!(ready.starts_with("HTTP/1.1 200 OK\r\n") && ready.ends_with("\"ready\""), "{ready}");
    let openapi = get(addr, "/openapi.json").await;
    assert!(!openapi.contains("healthz"), "{openapi}");

    stop.send(()).expect("the server is running");
    let ended = tokio::time::timeout(Duration::from_secs(10), server).await;
    assert!(matches!(ended, Ok(Ok(Ok(())))), "serve returns Ok once stopped: {ended:?}");
}

#[tokio::test]
async fn not_ready_without_its_resources() {
    let client = TestClient::new(app());
    assert_eq!(client.get("/readyz").send().await.status(), 200); // the lifespan ran
    let client = TestClient::new(App::new().routes(routes![readiness])); // no lifespan
    let res = client.get("/readyz").send().await;
    assert_eq!((res.status(), res.text()), (503, r#"{"detail":"Not ready"}"#.to_owned()));
}

#[test]
fn the_environment_overrides_the_defaults_in_code() {
    let config = ServerConfig::from_lookup(|name| match name {
        "PORT" => Some("9000".into()),
        "BRISK_SHUTDOWN_GRACE" => Some("7.5".into()),
        _ => None,
    })
    .expect("a valid configuration");
    assert_eq!(config.addr(), "127.0.0.1:9000");
    assert_eq!(config.shutdown_grace, Duration::from_millis(7500));
    let bad = ServerConfig::from_lookup(|name| (name == "BRISK_SHUTDOWN_GRACE").then(|| "soon".into()));
    assert_eq!(bad.expect_err("a malformed duration").variable, "BRISK_SHUTDOWN_GRACE");
}
