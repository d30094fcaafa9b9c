//! Memory stays bounded for a 16 MiB urlencoded body of 8M empty fields (the field
//! limit is checked while parsing, so they never become 8M entries). Alone in its test
//! binary: the peak resident size (`VmHWM`) is the process's.

use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/login/")]
async fn login(#[form] username: String, #[form] password: String) -> Value {
    json!({"username": username, "password": password.len()})
}

/// The process's peak resident set size, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).expect("VmHWM");
    kb.trim().trim_end_matches("kB").trim().parse::<u64>().expect("a number") * 1024
}

#[tokio::test]
async fn eight_million_empty_fields_stay_small() {
    let c = TestClient::new(App::new().routes(routes![login]));
    let empty_pairs = bytes::Bytes::from("=&".repeat(8 * 1024 * 1024));
    let bare_names = bytes::Bytes::from("a&".repeat(8 * 1024 * 1024));
    let separators = bytes::Bytes::from("&".repeat(16 * 1024 * 1024));
    // Warm up (the runtime, the app) before the reading.
    c.post("/login/").form(&[("username", "u"), ("password", "p")]).send().await;
    let before = peak_rss();
    // Three at once, as in the report (3.8 GB then).
    let send = |body: &bytes::Bytes| {
        c.post("/login/").header("content-type", "application/x-www-form-urlencoded").body(body.clone()).send()
    };
    let (a, b, empty) = tokio::join!(send(&empty_pairs), send(&bare_names), send(&separators));
    let too_many = json!({"detail": "Too many fields. Maximum number of fields is 1000."});
    assert_eq!((a.status(), a.json::<Value>()), (400, too_many.clone()));
    assert_eq!((b.status(), b.json::<Value>()), (400, too_many));
    // Empty pieces between `&`s are no fields (as in python-multipart): nothing was sent.
    assert_eq!((empty.status(), empty.json::<Value>()["detail"][0]["type"].clone()), (422, json!("missing")));
    let growth = peak_rss().saturating_sub(before);
    eprintln!("peak RSS growth: {} KiB", growth / 1024);
    // The bodies are read whole (16 MiB each, as Starlette reads them); nothing else of
    // their size is made.
    assert!(growth < 100 << 20, "peak RSS grew by {} MiB", growth >> 20);
}
