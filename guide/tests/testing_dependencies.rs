//! Overriding a dependency in tests (FastAPI's `docs_src/dependency_testing/tutorial001.py`):
//! `App::override_dependency` replaces it everywhere it is used.

// ANCHOR: app
use brisk::prelude::*;
use serde_json::{Value, json};

/// The common query parameters.
#[derive(Model, Clone)]
struct Commons {
    q: Option<String>,
    skip: i64,
    limit: i64,
}

#[dependency]
async fn common_parameters(
    q: Option<String>,
    #[query(default = 0)] skip: i64,
    #[query(default = 100)] limit: i64,
) -> Commons {
    Commons { q, skip, limit }
}

#[get("/items/")]
async fn read_items(#[depends(common_parameters)] commons: Commons) -> Value {
    json!({"message": "Hello Items!", "params": commons})
}

#[get("/users/")]
async fn read_users(#[depends(common_parameters)] commons: Commons) -> Value {
    json!({"message": "Hello Users!", "params": commons})
}

fn app() -> App {
    App::new().routes(routes![read_items, read_users])
}
// ANCHOR_END: app

// ANCHOR: override
/// Used in place of `common_parameters` in the tests: the same value type, its own parameters.
#[dependency]
async fn override_dependency(q: Option<String>) -> Commons {
    Commons { q, skip: 5, limit: 10 }
}

fn test_client() -> TestClient {
    TestClient::new(app().override_dependency::<common_parameters, override_dependency>())
}

#[tokio::test]
async fn test_override_in_items() {
    let response = test_client().get("/items/").send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>(),
        json!({"message": "Hello Items!", "params": {"q": null, "skip": 5, "limit": 10}})
    );
}

#[tokio::test]
async fn test_override_in_items_with_q() {
    let response = test_client().get("/items/?q=foo").send().await;
    assert_eq!(
        response.json::<Value>(),
        json!({"message": "Hello Items!", "params": {"q": "foo", "skip": 5, "limit": 10}})
    );
}

#[tokio::test]
async fn test_override_in_users_ignores_the_original_parameters() {
    let response = test_client().get("/users/?q=foo&skip=100&limit=200").send().await;
    assert_eq!(
        response.json::<Value>(),
        json!({"message": "Hello Users!", "params": {"q": "foo", "skip": 5, "limit": 10}})
    );
}
// ANCHOR_END: override

#[tokio::test]
async fn test_without_override() {
    let response = TestClient::new(app()).get("/users/?skip=1").send().await;
    assert_eq!(
        response.json::<Value>(),
        json!({"message": "Hello Users!", "params": {"q": null, "skip": 1, "limit": 100}})
    );
}
