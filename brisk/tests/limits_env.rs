//! The `BRISK_MAX_*` environment variables. One test, alone in its binary: it sets the
//! process environment, which no other test may see or race.

use brisk::prelude::*;
use brisk::{Limits, forms::FormLimits};
use serde_json::{Value, json};

#[post("/login")]
async fn login(#[form] username: String, #[form(default = Vec::new())] roles: Vec<String>) -> Value {
    json!({"username": username, "roles": roles.len()})
}

#[post("/numbers")]
async fn numbers(#[body] values: Vec<i64>) -> Value {
    json!(values.len())
}

#[post("/echo")]
async fn echo(body: Value) -> Value {
    body
}

fn app() -> App {
    App::new().routes(routes![login, numbers, echo])
}

fn set(vars: &[(&str, &str)]) {
    for name in [
        "BRISK_MAX_BODY_SIZE",
        "BRISK_MAX_FORM_FIELDS",
        "BRISK_MAX_FORM_FILES",
        "BRISK_MAX_PART_SIZE",
        "BRISK_MAX_VALIDATION_ERRORS",
    ] {
        // SAFETY: this binary's only test, on its only thread that reads the environment.
        unsafe { std::env::remove_var(name) };
    }
    for (k, v) in vars {
        // SAFETY: as above.
        unsafe { std::env::set_var(k, v) };
    }
}

async fn post_numbers(c: &TestClient, n: usize) -> Value {
    let body = serde_json::to_vec(&vec!["x"; n]).unwrap();
    c.post("/numbers").header("content-type", "application/json").body(body).send().await.json::<Value>()
}

#[tokio::test(flavor = "current_thread")]
async fn the_environment_sets_limits_and_code_wins() {
    set(&[("BRISK_MAX_BODY_SIZE", "64"), ("BRISK_MAX_FORM_FIELDS", "2"), ("BRISK_MAX_VALIDATION_ERRORS", "3")]);
    let c = TestClient::new(app());
    let res =
        c.post("/echo").header("content-type", "application/json").body(format!("\"{}\"", "a".repeat(63))).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (413, json!({"detail": "Request body too large"})));
    let res = c.post("/login").form(&[("username", "u"), ("roles", "a"), ("roles", "b")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"detail": "Too many fields. Maximum number of fields is 2."}));
    let detail = post_numbers(&c, 10).await["detail"].clone();
    assert_eq!((detail.as_array().unwrap().len(), &detail[3]["type"]), (4, &json!("too_many_errors")));

    // What is set in code wins; the rest still comes from the environment.
    let c = TestClient::new(app().limits(Limits::new().max_validation_errors(Some(5))).form_limits(FormLimits::new()));
    assert_eq!(post_numbers(&c, 10).await["detail"].as_array().unwrap().len(), 6);
    let res = c.post("/login").form(&[("username", "u"), ("roles", "a"), ("roles", "b")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"username": "u", "roles": 2}));
    let res =
        c.post("/echo").header("content-type", "application/json").body(format!("\"{}\"", "a".repeat(63))).send().await;
    assert_eq!(res.status(), 413);

    // `none`: every error, as FastAPI.
    set(&[("BRISK_MAX_VALIDATION_ERRORS", "none")]);
    let c = TestClient::new(app());
    assert_eq!(post_numbers(&c, 1500).await["detail"].as_array().unwrap().len(), 1500);

    // A malformed variable fails the build, naming it; so does serving the app.
    set(&[("BRISK_MAX_PART_SIZE", "1MB")]);
    let e = TestClient::try_new(app()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid app: environment variable BRISK_MAX_PART_SIZE=\"1MB\": expected a non-negative integer"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let served = brisk::server::serve_listener(app(), listener, std::future::pending()).await;
    assert!(served.unwrap_err().to_string().contains("BRISK_MAX_PART_SIZE"));
    set(&[("BRISK_MAX_VALIDATION_ERRORS", "-1")]);
    let e = App::new().into_service().unwrap_err();
    assert!(e.0.contains("BRISK_MAX_VALIDATION_ERRORS=\"-1\": expected a non-negative integer, or `none`"), "{e}");
    // Even when code sets that limit: the mistake is reported, not hidden.
    set(&[("BRISK_MAX_BODY_SIZE", "16MiB")]);
    assert!(App::new().body_limit(10).into_service().unwrap_err().0.contains("BRISK_MAX_BODY_SIZE"));
    set(&[]);
    assert!(App::new().into_service().is_ok());
}
