//! Ways of taking input: parameter models, custom validators, lists, strict content type,
//! base64 bytes, partial updates.

use brisk::model::Partial;
use brisk::prelude::*;
use brisk::types::Base64Bytes;
use serde_json::{Value, json};

#[derive(Model)]
#[model(extra = "forbid")]
struct Page {
    #[field(default = 10, ge = 1, le = 100)]
    limit: i64,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[derive(Model)]
struct Agent {
    user_agent: String,
    #[field(default = Vec::new())]
    x_trace: Vec<String>,
}

#[get("/page")]
async fn page(#[query] p: Page) -> Json<Page> {
    Json(p)
}

#[get("/agent")]
async fn agent(#[header] a: Agent) -> Json<Agent> {
    Json(a)
}

fn even(n: &i64) -> Result<(), String> {
    if n % 2 == 0 { Ok(()) } else { Err(format!("{n} is odd")) }
}

#[get("/even")]
async fn even_only(
    #[query(validator = even, default = 0)] n: i64,
    #[query(default = Vec::new())] q: Vec<i64>,
) -> Value {
    json!({"n": n, "q": q})
}

#[derive(Model)]
struct Blob {
    data: Base64Bytes,
}

#[post("/blob")]
async fn blob(b: Blob) -> Value {
    json!(b.data.as_slice().len())
}

#[derive(Model)]
struct Patch {
    name: Option<String>,
    #[field(default = 0)]
    stock: i64,
}

#[patch("/things")]
async fn patch_thing(p: Partial<Patch>) -> Value {
    let mut stored = json!({"name": "old", "stock": 5});
    p.apply_to(&mut stored);
    json!({"stored": stored, "set": p.fields_set()})
}

#[derive(Model)]
struct Dated {
    day: chrono::NaiveDate,
}

#[post("/dated")]
async fn dated(d: Dated) -> Value {
    json!(d.day.to_string())
}

#[derive(Model)]
enum IntOrStr {
    Int(i64),
    Str(String),
}

#[derive(Model)]
struct Either {
    v: IntOrStr,
}

#[post("/either")]
async fn either(e: Either) -> Value {
    match e.v {
        IntOrStr::Int(i) => json!({"int": i}),
        IntOrStr::Str(s) => json!({"str": s}),
    }
}

fn client(strict: bool) -> TestClient {
    TestClient::new(App::new().strict_content_type(strict).routes(routes![
        page,
        agent,
        even_only,
        blob,
        patch_thing,
        dated,
        either
    ]))
}

#[tokio::test]
async fn repeated_extra_query_names_report_every_value() {
    let res = client(true).get("/page?x=1&limit=5&x=2").send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["input"], json!(["1", "2"]));
}

#[tokio::test]
async fn body_dates_are_read_as_pydantic_reads_them() {
    let c = client(true);
    assert_eq!(c.post("/dated").json(&json!({"day": "2024-01-05"})).send().await.json::<Value>(), json!("2024-01-05"));
    // chrono's own serde reading takes `2024-1-5`; pydantic does not.
    let res = c.post("/dated").json(&json!({"day": "2024-1-5"})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>()["detail"][0]["type"], "date_from_datetime_parsing");
}

#[tokio::test]
async fn unions_prefer_an_exact_member_and_name_members_as_pydantic() {
    let c = client(true);
    let send = |v: Value| c.post("/either").json(&json!({"v": v})).send();
    assert_eq!(send(json!("44")).await.json::<Value>(), json!({"str": "44"}));
    assert_eq!(send(json!(44)).await.json::<Value>(), json!({"int": 44}));
    assert_eq!(send(json!(4.0)).await.json::<Value>(), json!({"int": 4}));
    let detail = send(json!(null)).await.json::<Value>()["detail"].clone();
    assert_eq!(detail[0]["loc"], json!(["body", "v", "int"]));
    assert_eq!(detail[1]["loc"], json!(["body", "v", "str"]));
}

#[tokio::test]
async fn query_models_collect_lists_and_forbid_extras() {
    let c = client(true);
    let res = c.get("/page?tags=a&tags=b&limit=5").send().await;
    assert_eq!(res.json::<Value>(), json!({"limit": 5, "tags": ["a", "b"]}));
    let res = c.get("/page?limit=0&x=1").send().await;
    let detail = res.json::<Value>()["detail"].clone();
    assert_eq!(detail[0]["loc"], json!(["query", "limit"]));
    assert_eq!(
        detail[1],
        json!({"type": "extra_forbidden", "loc": ["query", "x"], "msg": "Extra inputs are not permitted", "input": "1"})
    );
    let doc: Value = c.get("/openapi.json").send().await.json();
    let names: Vec<Value> =
        doc["paths"]["/page"]["get"]["parameters"].as_array().unwrap().iter().map(|p| p["name"].clone()).collect();
    assert_eq!(names, vec![json!("limit"), json!("tags")]);
}

#[tokio::test]
async fn header_models_map_underscores_to_hyphens() {
    let c = client(true);
    let res = c.get("/agent").header("x-trace", "1").send().await;
    assert_eq!(res.json::<Value>(), json!({"user_agent": "testclient", "x_trace": ["1"]}));
    let res = c.get("/agent").clear_headers().send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["header", "user-agent"]));
}

#[tokio::test]
async fn custom_validators_and_lists() {
    let c = client(true);
    assert_eq!(c.get("/even?n=4&q=1&q=2").send().await.json::<Value>(), json!({"n": 4, "q": [1, 2]}));
    let res = c.get("/even?n=3").send().await;
    assert_eq!(
        res.json::<Value>()["detail"][0],
        json!({"type": "value_error", "loc": ["query", "n"], "msg": "Value error, 3 is odd", "input": "3", "ctx": {"error": {}}})
    );
    // A default is not validated.
    assert_eq!(c.get("/even").send().await.json::<Value>()["n"], 0);
    let res = c.get("/even?q=x").send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["query", "q", 0]));
}

#[tokio::test]
async fn strict_content_type_and_base64() {
    let strict = client(true);
    let res = strict.post("/blob").body(r#"{"data": "aGk="}"#).send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["type"], "model_attributes_type");
    let lax = client(false);
    assert_eq!(lax.post("/blob").body(r#"{"data": "aGk="}"#).send().await.json::<Value>(), json!(2));
    let res = lax.post("/blob").json(&json!({"data": "!!!"})).send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["type"], "bytes_invalid_encoding");
}

#[tokio::test]
async fn partial_updates_apply_only_what_was_sent() {
    let c = client(true);
    let res = c.patch("/things").json(&json!({"stock": 1})).send().await;
    assert_eq!(res.json::<Value>(), json!({"stored": {"name": "old", "stock": 1}, "set": ["stock"]}));
    let res = c.patch("/things").json(&json!({"name": null})).send().await;
    assert_eq!(res.json::<Value>()["stored"], json!({"name": null, "stock": 5}));
}

/// pydantic's `description: str | None` with no default: `null` is accepted, absence is not.
#[derive(Model)]
struct Nullable {
    name: String,
    #[field(required)]
    description: Option<String>,
}

#[post("/nullable")]
async fn nullable(body: Nullable) -> Json<Nullable> {
    Json(body)
}

#[tokio::test]
async fn a_required_option_field_must_be_present() {
    let client = TestClient::new(App::new().routes(routes![nullable]));
    let res = client.post("/nullable").json(&json!({"name": "a", "description": null})).send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"name": "a", "description": null}));
    let res = client.post("/nullable").json(&json!({"name": "a", "description": "d"})).send().await;
    assert_eq!(res.json::<Value>(), json!({"name": "a", "description": "d"}));
    let res = client.post("/nullable").json(&json!({"name": "a"})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>(),
        json!({"detail": [{"type": "missing", "loc": ["body", "description"], "msg": "Field required",
            "input": {"name": "a"}}]})
    );
    let doc: Value = client.get("/openapi.json").send().await.json();
    assert_eq!(doc["components"]["schemas"]["Nullable"]["required"], json!(["name", "description"]));
}
