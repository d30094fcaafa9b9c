//! The benchmark app of `../shared/bench/SPEC.md`, written as a brisk user would write it.
//!
//! Seven endpoints: plaintext, JSON, typed path and query parameters with constraints, a
//! validated body with a response model, the 422 of an invalid body, dependencies, and
//! routing among fifty other routes. Serves on `$HOST:$PORT` with one worker thread.

mod app;

use app::app;

/// One worker thread unless `BRISK_WORKERS` says otherwise; `BRISK_THREADING=per-core`
/// serves with one single-threaded runtime per worker instead of the work-stealing one.
fn main() {
    // The spec: nothing logged per request (uvicorn's `--no-access-log`).
    let mut config = match brisk::server::ServerConfig::from_env() {
        Ok(config) => config.access_log(false),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    config.workers = config.workers.or(Some(1));
    if let Err(e) = config.run(app()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::app::*;
    use brisk::model::Validate;

    #[test]
    fn valid_body_takes_the_fast_path() {
        // ../shared/bench/bodies/item_valid.json
        let body = br#"{"name":"Widget Pro","description":"A professional-grade widget for benchmarks.","price":35.4,"tax":3.2,"quantity":120,"tags":["tools","hardware","bench"],"dimensions":{"width":10.5,"height":4.25},"sku":"WID-0042","secret_note":"internal: supplier margin 40%"}"#;
        let r = serde_json::from_slice::<ItemIn>(body);
        assert!(r.is_ok(), "{:?}", r.err());
        assert!(ItemIn::from_json_bytes(body).is_some());
        // A lax value (a numeric string) leaves the fast path; validation still accepts it.
        let lax = br#"{"name":"W","price":"35.4","dimensions":{"width":1,"height":2},"sku":"WID-0042"}"#;
        assert!(ItemIn::from_json_bytes(lax).is_none());
    }
}

#[cfg(test)]
mod endpoint_tests {
    use super::app::*;
    use brisk::TestClient;
    use serde_json::{Value, json};

    #[tokio::test]
    async fn spec_exchanges() {
        let client = TestClient::new(app());
        let res = client.get("/items/0?limit=500").send().await;
        assert_eq!(res.status(), 422);
        let kinds: Vec<Value> =
            res.json::<Value>()["detail"].as_array().unwrap().iter().map(|d| d["type"].clone()).collect();
        assert_eq!(kinds, vec![json!("greater_than_equal"), json!("less_than_equal")]);
        let res = client.get("/deps?skip=5&limit=20").header("x-token", "bench-token").send().await;
        assert_eq!(
            res.json::<Value>(),
            json!({"commons": {"skip": 5, "limit": 20}, "repo": {"db": "bench-db", "table": "items"}, "token": "bench-token"})
        );
        let res = client.get("/deps").header("x-token", "nope").send().await;
        assert_eq!((res.status(), res.json::<Value>()), (401, json!({"detail": "Invalid X-Token"})));
        let res = client.get("/deps").send().await;
        assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["header", "x-token"]));
        let res = client.get("/warehouses/3/history").send().await;
        assert_eq!(res.json::<Value>(), json!({"filler": 37}));
        let res = client.get("/plaintext").send().await;
        assert_eq!(
            (res.header("content-type"), res.text().as_str()),
            (Some("text/plain; charset=utf-8"), "Hello, World!")
        );
        let res = client
            .post("/items")
            .json(&json!({"name": "", "price": -3.5, "dimensions": {"width": 0, "height": 1}, "sku": "ABC-0001"}))
            .send()
            .await;
        assert_eq!(res.status(), 422);
        let locs: Vec<Value> =
            res.json::<Value>()["detail"].as_array().unwrap().iter().map(|d| d["loc"].clone()).collect();
        assert_eq!(
            locs,
            vec![json!(["body", "name"]), json!(["body", "price"]), json!(["body", "dimensions", "width"])]
        );
    }
}
