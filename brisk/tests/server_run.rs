//! `ServerConfig::run`: the runtime it builds has the configured worker threads, and
//! SIGTERM shuts it down gracefully with `Ok` (alone in its binary: it signals the
//! process); thread-per-core serving spreads connections over its threads.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use brisk::prelude::*;
use brisk::server::{ServerConfig, Threading};

#[get("/workers")]
async fn workers() -> i64 {
    tokio::runtime::Handle::current().metrics().num_workers() as i64
}

#[get("/thread")]
async fn thread() -> String {
    std::thread::current().name().unwrap_or("").to_owned()
}

/// One GET over a fresh connection: the response's body, once the server answers.
fn get(port: u16, path: &str) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.split_once("\r\n\r\n").map(|(_, body)| body.to_owned())
}

#[test]
fn run_builds_the_runtime_and_stops_on_sigterm() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = ServerConfig::default().port(port).workers(3).access_log(false).shutdown_grace(Duration::from_secs(2));
    let server = std::thread::spawn(move || config.run(App::new().routes(routes![workers])));
    let started = Instant::now();
    let body = loop {
        if let Some(body) = get(port, "/workers") {
            break body;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(body, "3");
    let killed = std::process::Command::new("kill").args(["-TERM", &std::process::id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    while !server.is_finished() {
        assert!(stopping.elapsed() < Duration::from_secs(10), "SIGTERM did not stop the server");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.join().unwrap().unwrap();
    assert!(get(port, "/workers").is_none());
}

#[test]
fn an_invalid_configuration_is_an_error_not_a_panic() {
    let err = ServerConfig::default().header_timeout(Duration::ZERO).run(App::new()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("BRISK_HEADER_TIMEOUT"), "{err}");
}

#[test]
fn per_core_threading_spreads_connections_over_its_threads() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = ServerConfig::default().port(port).workers(2).threading(Threading::PerCore).access_log(false);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        config.run_until(App::new().routes(routes![thread]), async move {
            let _ = stopped.await;
        })
    });
    let started = Instant::now();
    while get(port, "/thread").is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Each connection is served by the thread that accepted it: the kernel spreads them.
    let mut threads = std::collections::BTreeSet::new();
    for _ in 0..40 {
        threads.insert(get(port, "/thread").unwrap());
    }
    let expected: std::collections::BTreeSet<String> =
        ["\"brisk-worker-0\"", "\"brisk-worker-1\""].map(String::from).into();
    assert_eq!(threads, expected, "served by {threads:?}");
    stop.send(()).unwrap();
    server.join().unwrap().unwrap();
    assert!(get(port, "/thread").is_none());
}
