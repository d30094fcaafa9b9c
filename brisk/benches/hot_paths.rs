//! The in-process hot paths of the bench app (`../shared/bench/SPEC.md`), timed with divan:
//! a change to routing, extraction, validation or rendering can be judged here without
//! a load generator. `cargo bench -p brisk --bench hot_paths` (release build).
//!
//! Each endpoint is the whole app answering one request in-process: routing, the
//! pipeline, the response and its body, but no socket and no HTTP parsing. The body
//! benches also time validation and serialization alone.

#[path = "../../bench/examples/bench/app.rs"]
mod bench_app;
#[path = "../tests/bench_support/mod.rs"]
mod bench_support;

use std::sync::LazyLock;

use bench_support::{INVALID, VALID, request};
use brisk::Body;
use brisk::app::AppService;
use brisk::model::Validate;
use divan::Bencher;
use http_body_util::BodyExt;

static SERVICE: LazyLock<AppService> = LazyLock::new(|| bench_app::app().into_service().expect("the bench app builds"));

fn main() {
    divan::main();
}

/// Times the app answering requests made by `make`, body read to the end.
fn endpoint(bencher: Bencher, make: impl Fn() -> http::Request<Body> + Sync, status: u16) {
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let peer: std::net::SocketAddr = "127.0.0.1:50000".parse().expect("address");
    let service = &*SERVICE;
    bencher.with_inputs(&make).bench_local_values(|req| {
        rt.block_on(async {
            let res = service.call_from(req, peer).await;
            assert_eq!(res.status().as_u16(), status);
            let mut body = res.into_body();
            while let Some(Ok(frame)) = body.frame().await {
                divan::black_box(frame);
            }
        })
    });
}

#[divan::bench]
fn plaintext(b: Bencher) {
    endpoint(b, || request("GET", "/plaintext", &[], ""), 200);
}

#[divan::bench]
fn json(b: Bencher) {
    endpoint(b, || request("GET", "/json", &[], ""), 200);
}

#[divan::bench]
fn params(b: Bencher) {
    endpoint(b, || request("GET", "/items/42?q=hello&limit=20", &[], ""), 200);
}

#[divan::bench]
fn body(b: Bencher) {
    endpoint(b, || request("POST", "/items", &[("content-type", "application/json")], VALID), 201);
}

#[divan::bench]
fn body422(b: Bencher) {
    endpoint(b, || request("POST", "/items", &[("content-type", "application/json")], INVALID), 422);
}

#[divan::bench]
fn deps(b: Bencher) {
    endpoint(b, || request("GET", "/deps?skip=5&limit=20", &[("x-token", "bench-token")], ""), 200);
}

#[divan::bench]
fn routing(b: Bencher) {
    endpoint(b, || request("GET", "/users/7/orders/42", &[], ""), 200);
}

/// The body model validated alone: serde's fast path, then the full validation of a
/// value with errors.
#[divan::bench]
fn validate_body_model() -> bool {
    bench_app::ItemIn::from_json_bytes(divan::black_box(VALID.as_bytes())).is_some()
}

#[divan::bench]
fn validate_invalid_body_model() -> usize {
    let value: serde_json::Value = serde_json::from_str(divan::black_box(INVALID)).expect("JSON");
    let mut errors = brisk::error::ValidationErrors::new();
    let _ = bench_app::ItemIn::validate_json(&value, &brisk::model::Constraints::NONE, &mut Vec::new(), &mut errors);
    errors.len()
}
