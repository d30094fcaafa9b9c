//! Mounting a service that is not a brisk app (FastAPI's `WSGIMiddleware` page, whose example
//! mounts a Flask app): any tower service answers the requests under its path.

// ANCHOR: app
use std::convert::Infallible;

use brisk::body::Body;
use brisk::prelude::*;
use bytes::Bytes;
use http_body_util::Full;
use serde_json::{Value, json};

/// A service of another framework; here a bare tower `service_fn`, answering as
/// FastAPI's Flask example does.
async fn legacy(request: http::Request<Body>) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let name = request.uri().query().and_then(|q| q.strip_prefix("name=")).unwrap_or("World").to_owned();
    let mut response = http::Response::new(Full::new(Bytes::from(format!("Hello, {name} from Flask!"))));
    response
        .headers_mut()
        .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/html; charset=utf-8"));
    Ok(response)
}

#[get("/v2")]
async fn read_main() -> Value {
    json!({"message": "Hello World"})
}

fn app() -> App {
    App::new().routes(routes![read_main]).mount_service("/v1", tower::service_fn(legacy))
}
// ANCHOR_END: app

// ANCHOR: test
#[tokio::test]
async fn test_both_answer() {
    let client = TestClient::new(app());
    let response = client.get("/v2").send().await;
    assert_eq!(response.json::<Value>(), json!({"message": "Hello World"}));

    // The prefix is removed: the service sees `/` (its path is `/v1/` to the client).
    let response = client.get("/v1/?name=Rick").send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(response.text(), "Hello, Rick from Flask!");
}
// ANCHOR_END: test
