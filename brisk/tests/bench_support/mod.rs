//! The bench requests as hyper would hand them to the app, shared by the allocation
//! test (`tests/allocations.rs`) and the in-process benches (`benches/hot_paths.rs`).

use brisk::Body;

/// `bodies/item_valid.json` of the bench: the `body` endpoint's request body.
pub const VALID: &str = include_str!("../fixtures/bench/item_valid.json");
/// `bodies/item_invalid.json` of the bench: the `body422` endpoint's request body.
pub const INVALID: &str = include_str!("../fixtures/bench/item_invalid.json");

/// A request to the bench app, with `host` and `content-length` as a client sends them.
pub fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &'static str) -> http::Request<Body> {
    let mut req = http::Request::builder().method(method).uri(target).header("host", "127.0.0.1:8000");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.header("content-length", body.len()).body(Body::from(body)).expect("a valid request")
}
