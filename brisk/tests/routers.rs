//! Routers as FastAPI's `include_router`: every option, combined as FastAPI combines
//! them, through nested routers.

use std::sync::{Arc, Mutex};

use brisk::prelude::*;
use serde_json::{Value, json};

/// What ran, by the `run` query parameter of the request (tests run in parallel).
static ORDER: Mutex<Vec<(String, &'static str)>> = Mutex::new(Vec::new());

fn record(run: Option<String>, what: &'static str) {
    if let Some(run) = run {
        ORDER.lock().expect("order").push((run, what));
    }
}

#[dependency]
async fn outer_dep(run: Option<String>) {
    record(run, "outer");
}

#[dependency]
async fn inner_dep(run: Option<String>) {
    record(run, "inner");
}

#[get("/plain", tags = ["own"], responses(404(description = "Own 404"), 403(description = "Forbidden")))]
async fn plain(run: Option<String>) -> &'static str {
    record(run, "handler");
    "plain"
}

#[get("/html", response_class = PlainText)]
async fn own_class() -> &'static str {
    "text"
}

#[get("/named", operation_id = "chosen")]
async fn named() -> &'static str {
    "named"
}

#[get("/deprecated", deprecated)]
async fn already_deprecated() -> &'static str {
    "old"
}

#[post("{$callback_url}/events", callback)]
async fn event_callback(body: Value) -> Value {
    body
}

fn inner() -> ApiRouter {
    ApiRouter::new()
        .prefix("/inner")
        .tag("inner")
        .dependency::<inner_dep>()
        .response(404, "Inner 404")
        .response(500, "Inner 500")
        .default_response_class(ResponseClass::Html)
        .generate_unique_id(|r| format!("inner-{}", r.name()))
        .routes(routes![plain, own_class, named, already_deprecated])
}

fn app(outer: ApiRouter) -> App {
    App::new().generate_unique_id(|r| format!("app-{}", r.name())).include_router(outer)
}

fn outer() -> ApiRouter {
    ApiRouter::new()
        .prefix("/outer/")
        .tags(["outer", "second"])
        .dependency::<outer_dep>()
        .response(404, "Outer 404")
        .response(418, "I'm a teapot")
        .callbacks(routes![event_callback])
        .include_router(inner())
}

async fn doc_of(app: App) -> Value {
    TestClient::new(app).get("/openapi.json").send().await.json()
}

#[tokio::test]
async fn prefixes_tags_and_dependencies_accumulate_outermost_first() {
    let client = TestClient::new(app(outer()));
    let res = client.get("/outer/inner/plain?run=order").send().await;
    assert_eq!(res.status(), 200);
    let ran: Vec<&str> =
        ORDER.lock().expect("order").iter().filter(|(run, _)| run == "order").map(|(_, what)| *what).collect();
    assert_eq!(ran, ["outer", "inner", "handler"]);
    let doc = doc_of(app(outer())).await;
    let op = &doc["paths"]["/outer/inner/plain"]["get"];
    assert_eq!(op["tags"], json!(["outer", "second", "inner", "own"]));
    assert_eq!(client.get("/inner/plain").send().await.status(), 404);
}

#[tokio::test]
async fn responses_merge_outermost_first_and_the_nearest_description_wins() {
    let doc = doc_of(app(outer())).await;
    let responses = doc["paths"]["/outer/inner/plain"]["get"]["responses"].as_object().expect("responses").clone();
    let order: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(order, ["200", "404", "418", "500", "403", "422"]);
    assert_eq!(responses["404"]["description"], "Own 404");
    assert_eq!(responses["418"]["description"], "I'm a teapot");
    assert_eq!(responses["500"]["description"], "Inner 500");
}

#[tokio::test]
async fn the_nearest_response_class_and_operation_id_function_win() {
    let client = TestClient::new(app(outer()));
    // The inner router's class for a route naming none; the route's own otherwise.
    let res = client.get("/outer/inner/plain").send().await;
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    let res = client.get("/outer/inner/html").send().await;
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    let doc = doc_of(app(outer())).await;
    assert_eq!(doc["paths"]["/outer/inner/plain"]["get"]["operationId"], "inner-plain");
    assert_eq!(doc["paths"]["/outer/inner/named"]["get"]["operationId"], "chosen");
    // Without a router's function, the app's.
    let doc = doc_of(app(ApiRouter::new().routes(routes![plain]))).await;
    assert_eq!(doc["paths"]["/plain"]["get"]["operationId"], "app-plain");
}

#[tokio::test]
async fn deprecation_spreads_and_hidden_routes_are_still_served() {
    let doc = doc_of(app(outer())).await;
    assert!(doc["paths"]["/outer/inner/plain"]["get"].get("deprecated").is_none());
    assert_eq!(doc["paths"]["/outer/inner/deprecated"]["get"]["deprecated"], true);
    let doc = doc_of(app(outer().deprecated(true))).await;
    assert_eq!(doc["paths"]["/outer/inner/plain"]["get"]["deprecated"], true);

    let hidden = ApiRouter::new().prefix("/hidden").include_in_schema(false).include_router(inner());
    let app = App::new().include_router(hidden).include_router(outer());
    let client = TestClient::new(app.clone());
    assert_eq!(client.get("/hidden/inner/plain").send().await.status(), 200);
    let doc = doc_of(app).await;
    let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    assert!(paths.iter().all(|p| !p.starts_with("/hidden")), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("/outer")), "{paths:?}");
}

#[tokio::test]
async fn router_callbacks_are_documented_with_every_route() {
    let doc = doc_of(app(outer())).await;
    let callbacks = &doc["paths"]["/outer/inner/plain"]["get"]["callbacks"];
    assert!(callbacks["event_callback"]["{$callback_url}/events"]["post"].is_object(), "{callbacks}");
}

#[tokio::test]
async fn the_same_router_can_be_included_twice_under_other_prefixes() {
    let shared = Arc::new(inner());
    let app = App::new()
        .include_router(ApiRouter::new().prefix("/v1").include_router((*shared).clone()))
        .include_router(ApiRouter::new().prefix("/v2").include_router((*shared).clone()));
    let client = TestClient::new(app);
    assert_eq!(client.get("/v1/inner/plain").send().await.status(), 200);
    assert_eq!(client.get("/v2/inner/plain").send().await.status(), 200);
}

// ---- route wrappers (FastAPI's custom APIRoute classes)

#[post("/items/{item_id}")]
async fn create(item_id: i64, body: Value) -> Value {
    json!({"item_id": item_id, "body": body})
}

#[get("/missing")]
async fn missing() -> Result<Value, HttpException> {
    Err(HttpException::new(404, "gone"))
}

fn tagger(
    tag: &'static str,
) -> impl Fn(Request, Next) -> futures_util::future::BoxFuture<'static, brisk::response::HttpResponse> + Clone {
    move |req, next| {
        Box::pin(async move {
            let mut res = next.run(req).await;
            res.headers_mut().append("x-wrap", tag.parse().expect("header"));
            res
        })
    }
}

#[tokio::test]
async fn wrappers_nest_app_first_then_outer_routers() {
    let inner = ApiRouter::new().prefix("/inner").wrap_routes(tagger("inner")).routes(routes![create]);
    let outer = ApiRouter::new().prefix("/outer").wrap_routes(tagger("outer")).include_router(inner);
    let app = App::new().wrap_routes(tagger("app")).include_router(outer).routes(routes![missing]);
    let client = TestClient::new(app);
    let res = client.post("/outer/inner/items/3").json(&json!({"a": 1})).send().await;
    assert_eq!(res.json::<Value>(), json!({"item_id": 3, "body": {"a": 1}}));
    let order: Vec<_> = res.headers().get_all("x-wrap").iter().map(|v| v.to_str().expect("text")).collect();
    assert_eq!(order, ["inner", "outer", "app"]);
    // The app's wrapper wraps its own routes too; a raised error goes past it (as an
    // exception through FastAPI's route class) and is answered after it.
    let res = client.get("/missing").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (404, json!({"detail": "gone"})));
    assert!(res.header("x-wrap").is_none());
    // 404s of the router are not routes: no wrapper.
    assert!(client.get("/nope").send().await.header("x-wrap").is_none());
}

async fn body_and_errors(mut req: Request, next: Next) -> brisk::response::HttpResponse {
    let item = req.path_params().next().unwrap_or_default().to_owned();
    if req.read_body().await.is_ok_and(|b| b.as_ref() == b"replace me") {
        req.set_body(r#"{"replaced": true}"#);
    }
    let mut res = next.run(req).await;
    match brisk::response::raised::<brisk::ValidationErrors>(&mut res) {
        Some(errors) => HttpException::new(400, json!({"item": item, "errors": errors.len()})).into_response(),
        None => res,
    }
}

#[tokio::test]
async fn a_wrapper_sees_path_parameters_replaces_bodies_and_catches_validation_errors() {
    let app = App::new().wrap_routes(body_and_errors).routes(routes![create]);
    let client = TestClient::new(app);
    let res = client.post("/items/7").header("content-type", "application/json").body("replace me").send().await;
    assert_eq!(res.json::<Value>(), json!({"item_id": 7, "body": {"replaced": true}}));
    let res = client.post("/items/x").json(&json!(1)).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (400, json!({"detail": {"item": "x", "errors": 1}})));
}

#[tokio::test]
async fn a_validation_error_no_wrapper_catches_reaches_the_apps_handler() {
    let app = App::new()
        .wrap_routes(tagger("w"))
        .validation_exception_handler(|_req, errors| {
            PlainTextResponse::new(format!("{} errors", errors.len())).status(422).into_response()
        })
        .routes(routes![create]);
    let res = TestClient::new(app).post("/items/x").send().await;
    assert_eq!((res.status(), res.text()), (422, "2 errors".to_owned()));
    assert!(res.header("x-wrap").is_none());
}
