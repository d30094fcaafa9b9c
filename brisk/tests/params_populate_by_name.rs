//! Parameter models (query, header, cookie, form) whose fields have aliases and
//! `populate_by_name`: which names are read, what a 422 locates and what OpenAPI lists,
//! each as FastAPI 0.163 with pydantic 2 answers (recorded from the oracle).

use brisk::prelude::*;
use serde_json::{Value, json};

/// `alias_generator=to_camel, populate_by_name=True`.
#[derive(Model)]
#[model(rename_all = "camelCase", populate_by_name)]
struct Listing {
    #[field(default = 10)]
    page_size: i64,
    sort_by: String,
    #[field(default = Vec::new())]
    tag_list: Vec<String>,
}

/// The same with `extra = "forbid"`.
#[derive(Model)]
#[model(rename_all = "camelCase", populate_by_name, extra = "forbid")]
struct Strict {
    #[field(default = 10)]
    page_size: i64,
}

/// A per-field alias with `populate_by_name`.
#[derive(Model)]
#[model(populate_by_name)]
struct ItemRef {
    #[field(alias = "itemId")]
    item_id: i64,
}

/// An alias generator without `populate_by_name`: the Rust name is not read.
#[derive(Model)]
#[model(rename_all = "camelCase")]
struct AliasOnly {
    #[field(default = 10)]
    page_size: i64,
}

fn dump(l: &Listing) -> Value {
    json!({"page_size": l.page_size, "sort_by": l.sort_by, "tag_list": l.tag_list})
}

#[get("/q")]
async fn query(#[query] m: Listing) -> Json<Value> {
    Json(dump(&m))
}

#[get("/qf")]
async fn query_forbid(#[query] m: Strict) -> Json<Value> {
    Json(json!({"page_size": m.page_size}))
}

#[get("/a")]
async fn query_alias(#[query] m: ItemRef) -> Json<Value> {
    Json(json!({"item_id": m.item_id}))
}

#[get("/n")]
async fn query_alias_only(#[query] m: AliasOnly) -> Json<Value> {
    Json(json!({"page_size": m.page_size}))
}

#[get("/oq")]
async fn query_optional(#[query] m: Option<Listing>) -> Json<Value> {
    Json(m.as_ref().map_or(Value::Null, dump))
}

#[get("/h")]
async fn headers(#[header] m: Listing) -> Json<Value> {
    Json(dump(&m))
}

#[get("/c")]
async fn cookies(#[cookie] m: ItemRef) -> Json<Value> {
    Json(json!({"item_id": m.item_id}))
}

#[post("/f")]
async fn form(#[form] m: Listing) -> Json<Value> {
    Json(dump(&m))
}

fn client() -> TestClient {
    TestClient::new(App::new().routes(routes![
        query,
        query_forbid,
        query_alias,
        query_alias_only,
        query_optional,
        headers,
        cookies,
        form
    ]))
}

async fn get(c: &TestClient, url: &str) -> (u16, Value) {
    let r = c.get(url).send().await;
    (r.status(), r.json())
}

fn ok(page_size: i64, sort_by: &str, tags: &[&str]) -> (u16, Value) {
    (200, json!({"page_size": page_size, "sort_by": sort_by, "tag_list": tags}))
}

fn int_parsing(loc: Value, input: &str) -> Value {
    json!({"type": "int_parsing", "loc": loc, "msg": "Input should be a valid integer, unable to parse string as an integer", "input": input})
}

#[tokio::test]
async fn a_query_model_reads_the_alias_and_the_field_name() {
    let c = client();
    assert_eq!(get(&c, "/q?sortBy=x&pageSize=3").await, ok(3, "x", &[]));
    assert_eq!(get(&c, "/q?sort_by=x&page_size=3").await, ok(3, "x", &[]));
    // Both sent: the alias wins.
    assert_eq!(get(&c, "/q?sort_by=x&sortBy=y").await, ok(10, "y", &[]));
    // A list field collects every value under either name.
    assert_eq!(get(&c, "/q?sort_by=x&tag_list=a&tag_list=b").await, ok(10, "x", &["a", "b"]));
    assert_eq!(get(&c, "/q?sortBy=x&tagList=a&tagList=b").await, ok(10, "x", &["a", "b"]));
    // Errors: a missing field is named by its alias, a bad value by the name it came under.
    assert_eq!(
        get(&c, "/q").await,
        (
            422,
            json!({"detail": [{"type": "missing", "loc": ["query", "sortBy"], "msg": "Field required", "input": {}}]})
        )
    );
    assert_eq!(
        get(&c, "/q?page_size=zz").await,
        (
            422,
            json!({"detail": [
                int_parsing(json!(["query", "page_size"]), "zz"),
                {"type": "missing", "loc": ["query", "sortBy"], "msg": "Field required", "input": {"page_size": "zz"}},
            ]})
        )
    );
    assert_eq!(
        get(&c, "/q?pageSize=zz&sort_by=1").await,
        (422, json!({"detail": [int_parsing(json!(["query", "pageSize"]), "zz")]}))
    );
    assert_eq!(get(&c, "/a?item_id=1").await, (200, json!({"item_id": 1})));
    assert_eq!(get(&c, "/a?itemId=1").await, (200, json!({"item_id": 1})));
    assert_eq!(
        get(&c, "/a?item_id=x").await,
        (422, json!({"detail": [int_parsing(json!(["query", "item_id"]), "x")]}))
    );
    // Without populate_by_name the field name is an unknown parameter.
    assert_eq!(get(&c, "/n?page_size=3").await, (200, json!({"page_size": 10})));
    assert_eq!(get(&c, "/n?pageSize=3").await, (200, json!({"page_size": 3})));
}

#[tokio::test]
async fn forbid_reports_the_field_name_sent_beside_its_alias() {
    let c = client();
    assert_eq!(get(&c, "/qf?page_size=3").await, (200, json!({"page_size": 3})));
    assert_eq!(get(&c, "/qf?pageSize=3").await, (200, json!({"page_size": 3})));
    let extra = json!({"type": "extra_forbidden", "loc": ["query", "page_size"], "msg": "Extra inputs are not permitted", "input": "3"});
    assert_eq!(get(&c, "/qf?page_size=3&pageSize=4").await, (422, json!({"detail": [extra]})));
}

#[tokio::test]
async fn an_optional_model_is_present_when_a_field_name_is_sent() {
    let c = client();
    assert_eq!(get(&c, "/oq").await, (200, Value::Null));
    assert_eq!(get(&c, "/oq?sort_by=x").await, ok(10, "x", &[]));
    let missing =
        json!({"type": "missing", "loc": ["query", "sortBy"], "msg": "Field required", "input": {"page_size": "1"}});
    assert_eq!(get(&c, "/oq?page_size=1").await, (422, json!({"detail": [missing]})));
}

#[tokio::test]
async fn a_header_model_reads_the_alias_and_the_converted_field_name() {
    let c = client();
    let h = |pairs: &[(&str, &str)]| {
        let mut r = c.get("/h");
        for (k, v) in pairs {
            r = r.header(k, v);
        }
        r
    };
    // The alias, in any case; the field name with `-` for `_`.
    assert_eq!((h(&[("sortBy", "x")]).send().await).json::<Value>(), ok(10, "x", &[]).1);
    assert_eq!((h(&[("sort-by", "x")]).send().await).json::<Value>(), ok(10, "x", &[]).1);
    // The field name with `_` is neither read nor an extra header.
    let res = h(&[("sort_by", "x")]).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["header", "sortBy"]));
    assert_eq!((h(&[("sortBy", "x"), ("page_size", "zz")]).send().await).json::<Value>(), ok(10, "x", &[]).1);
    // A bad value read under the field name is reported under the header's name.
    let res = h(&[("sort-by", "x"), ("page-size", "zz")]).send().await;
    assert_eq!(res.json::<Value>()["detail"], json!([int_parsing(json!(["header", "page-size"]), "zz")]));
}

#[tokio::test]
async fn a_cookie_model_reads_the_alias_and_the_field_name() {
    let c = client();
    for (cookie, id) in [("item_id=1", 1), ("itemId=2", 2)] {
        let res = c.get("/c").header("cookie", cookie).send().await;
        assert_eq!((res.status(), res.json::<Value>()), (200, json!({"item_id": id})));
    }
    let res = c.get("/c").header("cookie", "item_id=z").send().await;
    assert_eq!(res.json::<Value>()["detail"], json!([int_parsing(json!(["cookie", "item_id"]), "z")]));
}

#[tokio::test]
async fn a_form_model_reads_the_alias_and_the_field_name() {
    let c = client();
    let post = |pairs: &'static [(&'static str, &'static str)]| c.post("/f").form(pairs).send();
    let res = post(&[("sort_by", "x"), ("page_size", "2")]).await;
    assert_eq!((res.status(), res.json::<Value>()), ok(2, "x", &[]));
    let res = post(&[("sortBy", "x"), ("tag_list", "a"), ("tag_list", "b")]).await;
    assert_eq!((res.status(), res.json::<Value>()), ok(10, "x", &["a", "b"]));
    let res = post(&[("sort_by", "x"), ("tagList", "a"), ("tagList", "b"), ("page_size", "q")]).await;
    assert_eq!(res.json::<Value>()["detail"], json!([int_parsing(json!(["body", "page_size"]), "q")]));
}

#[tokio::test]
async fn openapi_lists_the_aliases_only() {
    let doc = get(&client(), "/openapi.json").await.1;
    let names = |path: &str| -> Vec<(String, String, bool)> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let name = p["name"].as_str().unwrap().to_owned();
                (name, p["in"].as_str().unwrap().to_owned(), p["required"].as_bool().unwrap_or(false))
            })
            .collect()
    };
    let q = |n: &str, inn: &str, r: bool| (n.to_owned(), inn.to_owned(), r);
    assert_eq!(names("/q"), [q("pageSize", "query", false), q("sortBy", "query", true), q("tagList", "query", false)]);
    assert_eq!(
        names("/h"),
        [q("pageSize", "header", false), q("sortBy", "header", true), q("tagList", "header", false)]
    );
    assert_eq!(names("/c"), [q("itemId", "cookie", true)]);
    let props = doc["components"]["schemas"]["Listing"]["properties"].as_object().unwrap();
    assert_eq!(props.keys().collect::<Vec<_>>(), ["pageSize", "sortBy", "tagList"]);
}
