//! Model features: `rename_all` and `populate_by_name` (pydantic's alias generators),
//! chrono's date-time types as fields.

use brisk::model::{JsonSchema, SchemaGenerator, Validate, validate};
use brisk::prelude::*;
use chrono::{FixedOffset, NaiveDateTime, NaiveTime, Utc};
use serde_json::{Value, json};

/// A user, with camelCase keys.
#[derive(Model, Debug, PartialEq)]
#[model(rename_all = "camelCase", populate_by_name)]
struct UserIn {
    first_name: String,
    #[field(alias = "LN")]
    last_name: String,
    http_url2: Option<i64>,
}

#[derive(Model, Debug, PartialEq)]
#[model(rename_all = "camelCase", populate_by_name, extra = "forbid")]
struct Strict {
    first_name: i64,
}

#[derive(Model)]
#[model(rename_all = "PascalCase")]
struct Pascal {
    item_id: i64,
}

#[derive(Model)]
#[model(rename_all = "SCREAMING-KEBAB-CASE")]
struct Kebab {
    max_size: i64,
}

#[post("/users")]
async fn create_user(user: UserIn) -> UserIn {
    user
}

fn errors(e: brisk::error::ValidationErrors) -> Value {
    serde_json::from_slice::<Value>(&e.to_body()).unwrap()["detail"].clone()
}

#[test]
fn rename_all_keys_by_pydantic_generators() {
    let u: UserIn = validate(&json!({"firstName": "Ada", "LN": "Lovelace", "httpUrl2": 3})).unwrap();
    assert_eq!(u, UserIn { first_name: "Ada".into(), last_name: "Lovelace".into(), http_url2: Some(3) });
    assert_eq!(serde_json::to_value(&u).unwrap(), json!({"firstName": "Ada", "LN": "Lovelace", "httpUrl2": 3}));
    let p: Pascal = validate(&json!({"ItemId": 1})).unwrap();
    assert_eq!(serde_json::to_value(&p).unwrap(), json!({"ItemId": 1}));
    let k: Kebab = validate(&json!({"MAX-SIZE": 1})).unwrap();
    assert_eq!(serde_json::to_value(&k).unwrap(), json!({"MAX-SIZE": 1}));
    // Without populate_by_name, the Rust name is an unknown key.
    let e = errors(validate::<Pascal>(&json!({"item_id": 1})).err().unwrap());
    assert_eq!(e[0]["loc"], json!(["ItemId"]));
}

#[test]
fn populate_by_name_accepts_the_rust_name_and_the_alias_wins() {
    let u: UserIn = validate(&json!({"first_name": "A", "last_name": "B"})).unwrap();
    assert_eq!(u.first_name, "A");
    let u: UserIn = validate(&json!({"firstName": "alias", "first_name": "name", "LN": "x"})).unwrap();
    assert_eq!(u.first_name, "alias");
    // Errors are located under the key that was sent; missing ones under the alias.
    let e = errors(validate::<UserIn>(&json!({"first_name": 1})).err().unwrap());
    assert_eq!(e[0]["loc"], json!(["first_name"]));
    assert_eq!(e[1]["loc"], json!(["LN"]));
    assert_eq!(e[1]["type"], "missing");
    // With extra = "forbid", the Rust name next to the alias is an extra key (pydantic).
    assert_eq!(validate::<Strict>(&json!({"first_name": 2})).unwrap().first_name, 2);
    let e = errors(validate::<Strict>(&json!({"firstName": 1, "first_name": 2})).err().unwrap());
    assert_eq!(
        e,
        json!([{"type": "extra_forbidden", "loc": ["first_name"], "msg": "Extra inputs are not permitted", "input": 2}])
    );
}

#[test]
fn populate_by_name_on_the_fast_path() {
    let fast = UserIn::from_json_bytes(br#"{"first_name": "name", "firstName": "alias", "last_name": "x"}"#);
    assert_eq!(fast.unwrap().first_name, "alias");
    assert_eq!(Strict::from_json_bytes(br#"{"first_name": 2}"#).unwrap().first_name, 2);
    assert_eq!(Strict::from_json_bytes(br#"{"firstName": 1, "first_name": 2}"#), None);
    for doc in [
        r#"{"first_name": "a", "firstName": "b", "LN": "c"}"#,
        r#"{"firstName": "b", "first_name": 3, "LN": "c"}"#,
        r#"{"first_name": "a", "last_name": "c", "LN": 1}"#,
    ] {
        brisk::model::fast::fast_path_agrees::<UserIn>(doc).unwrap();
    }
}

#[tokio::test]
async fn rename_all_in_requests_responses_and_openapi() {
    let c = TestClient::new(App::new().routes(routes![create_user]));
    let res = c.post("/users").json(&json!({"first_name": "A", "LN": "B"})).send().await;
    assert_eq!(res.json::<Value>(), json!({"firstName": "A", "LN": "B", "httpUrl2": null}));
    let doc: Value = c.get("/openapi.json").send().await.json();
    // FastAPI 0.165's component for the same model (a `None` default is not written).
    assert_eq!(
        doc["components"]["schemas"]["UserIn"],
        json!({
            "properties": {
                "firstName": {"title": "Firstname", "type": "string"},
                "LN": {"title": "Ln", "type": "string"},
                "httpUrl2": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Httpurl2"}
            },
            "required": ["firstName", "LN"],
            "title": "UserIn",
            "type": "object",
            "description": "A user, with camelCase keys."
        })
    );
}

#[derive(Model, Debug)]
struct Event {
    at: chrono::DateTime<Utc>,
    local: chrono::DateTime<FixedOffset>,
    naive: Option<NaiveDateTime>,
    #[field(default = Vec::new())]
    times: Vec<NaiveTime>,
}

#[post("/events")]
async fn create_event(e: Event) -> Event {
    e
}

#[tokio::test]
async fn chrono_fields_read_and_write_as_brisk_datetime() {
    let c = TestClient::new(App::new().routes(routes![create_event]));
    let body = json!({"at": "2024-01-01T02:00:00.5+02:00", "local": 1700000000, "naive": "2024-01-01 12:00",
                      "times": ["12:00:00.123"]});
    let res = c.post("/events").json(&body).send().await;
    // pydantic's JSON: microseconds written out, a zero offset as `Z`.
    assert_eq!(
        res.json::<Value>(),
        json!({"at": "2024-01-01T00:00:00.500000Z", "local": "2023-11-14T22:13:20Z",
               "naive": "2024-01-01T12:00:00", "times": ["12:00:00.123000"]})
    );
    let res = c
        .post("/events")
        .json(&json!({"at": "2024-01-01T00:00:00", "local": "x", "naive": "2024-01-01T00:00Z"}))
        .send()
        .await;
    let d = res.json::<Value>()["detail"].clone();
    assert_eq!(
        d[0],
        json!({"type": "timezone_aware", "loc": ["body", "at"], "msg": "Input should have timezone info", "input": "2024-01-01T00:00:00"})
    );
    assert_eq!(d[1]["type"], "datetime_from_date_parsing");
    assert_eq!(d[2]["type"], "timezone_naive");
    let mut g = SchemaGenerator::new();
    assert_eq!(<chrono::DateTime<Utc>>::json_schema(&mut g), json!({"type": "string", "format": "date-time"}));
}

#[derive(Model, Debug, PartialEq)]
struct Item {
    name: String,
}

/// A page of results.
#[derive(Model, Debug, PartialEq)]
struct Page<T> {
    items: Vec<T>,
    #[field(ge = 0)]
    total: i64,
}

#[derive(Model, Debug, PartialEq)]
#[model(rename_all = "camelCase")]
struct Pair<A, B> {
    first_value: A,
    second_value: Option<B>,
}

#[get("/items")]
async fn list_items() -> Page<Item> {
    Page { items: vec![Item { name: "a".into() }], total: 1 }
}

#[post("/pages")]
async fn nested(p: Page<Page<i64>>) -> Pair<Page<Item>, Vec<String>> {
    Pair { first_value: Page { items: vec![], total: p.total }, second_value: Some(vec!["x".into()]) }
}

#[test]
fn generic_models_validate_each_instantiation() {
    let p: Page<Item> = validate(&json!({"items": [{"name": "a"}], "total": 1})).unwrap();
    assert_eq!(p.items[0].name, "a");
    let e = errors(validate::<Page<i64>>(&json!({"items": ["x"], "total": -1})).err().unwrap());
    assert_eq!(e[0]["loc"], json!(["items", 0]));
    assert_eq!(e[1]["type"], "greater_than_equal");
    assert_eq!(Page::<i64>::from_json_bytes(br#"{"items": [1], "total": 2}"#), Some(Page { items: vec![1], total: 2 }));
    assert_eq!(Page::<i64>::from_json_bytes(br#"{"items": [1], "total": -2}"#), None);
    let pair: Pair<i64, String> = validate(&json!({"firstValue": 1})).unwrap();
    assert_eq!(serde_json::to_value(&pair).unwrap(), json!({"firstValue": 1, "secondValue": null}));
}

#[test]
fn generic_models_are_named_as_pydantic_names_them() {
    let mut g = SchemaGenerator::new();
    assert_eq!(Page::<Item>::json_schema(&mut g), json!({"$ref": "#/components/schemas/Page_Item_"}));
    Page::<Page<Item>>::json_schema(&mut g);
    Pair::<Option<i64>, Vec<String>>::json_schema(&mut g);
    Page::<std::collections::HashMap<String, DateTime>>::json_schema(&mut g);
    let c = g.into_components();
    let names: Vec<&str> = c.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Item", "Page_Item_", "Page_Page_Item__", "Page_dict_str__datetime__", "Pair_Union_int__NoneType__list_str__"]
    );
    // pydantic 2.14's schema of Page[Page[Item]]: no description on a parametrized model.
    assert_eq!(
        c["Page_Page_Item__"],
        json!({
            "properties": {
                "items": {"items": {"$ref": "#/components/schemas/Page_Item_"}, "title": "Items", "type": "array"},
                "total": {"minimum": 0, "title": "Total", "type": "integer"}
            },
            "required": ["items", "total"],
            "title": "Page[Page[Item]]",
            "type": "object"
        })
    );
    assert_eq!(c["Pair_Union_int__NoneType__list_str__"]["title"], "Pair[Union[int, NoneType], list[str]]");
}

#[tokio::test]
async fn generic_models_in_routes_and_openapi() {
    let c = TestClient::new(App::new().routes(routes![list_items, nested]));
    assert_eq!(c.get("/items").send().await.json::<Value>(), json!({"items": [{"name": "a"}], "total": 1}));
    let res = c.post("/pages").json(&json!({"items": [{"items": [1], "total": 1}], "total": 5})).send().await;
    assert_eq!(res.json::<Value>(), json!({"firstValue": {"items": [], "total": 5}, "secondValue": ["x"]}));
    let doc: Value = c.get("/openapi.json").send().await.json();
    let ok = &doc["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(ok, &json!({"$ref": "#/components/schemas/Page_Item_"}));
    let body = &doc["paths"]["/pages"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body, &json!({"$ref": "#/components/schemas/Page_Page_int__"}));
    assert!(doc["components"]["schemas"]["Pair_Page_Item__list_str__"].is_object());
}

/// Only serializes and describes itself: not a request type.
struct Opaque(u32);

impl serde::Serialize for Opaque {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("#{}", self.0))
    }
}

impl JsonSchema for Opaque {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string"})
    }
}

#[derive(Model)]
struct Report {
    id: Opaque,
    tags: Vec<Opaque>,
}

#[get("/report")]
async fn report() -> Report {
    Report { id: Opaque(1), tags: vec![Opaque(2)] }
}

#[tokio::test]
async fn output_only_models_need_only_output_traits() {
    let c = TestClient::new(App::new().routes(routes![report]));
    assert_eq!(c.get("/report").send().await.json::<Value>(), json!({"id": "#1", "tags": ["#2"]}));
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(doc["components"]["schemas"]["Report"]["properties"]["id"], json!({"type": "string", "title": "Id"}));
}

/// Bounds declared on a generic model are kept on every impl.
#[derive(Model, Debug)]
struct Tagged<T: Clone, U>
where
    U: Clone,
{
    value: T,
    extra: Vec<U>,
}

#[test]
fn generic_models_keep_their_bounds() {
    let t: Tagged<i64, String> = validate(&json!({"value": 1, "extra": ["a"]})).unwrap();
    assert_eq!((t.value, t.extra.clone()), (1, vec!["a".to_owned()]));
    assert_eq!(Tagged::<i64, String>::type_name(), "Tagged[int, str]");
}

#[test]
fn output_only_models_are_event_data() {
    use brisk::response::EventData;
    let json = Report { id: Opaque(3), tags: vec![] }.event_json().unwrap();
    assert_eq!(json, r##"{"id":"#3","tags":[]}"##);
}

/// The components of `tests/snapshots/models_fastapi_app.py` (the FastAPI app these routes
/// port), as FastAPI 0.165 with pydantic 2.14 writes them.
#[tokio::test]
async fn components_match_fastapis() {
    let c = TestClient::new(App::new().routes(routes![create_user, list_items, nested, create_event, report]));
    let doc: Value = c.get("/openapi.json").send().await.json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/models_fastapi_components.json");
    let want: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let got = &doc["components"]["schemas"];
    for (name, schema) in want.as_object().unwrap() {
        // Known difference, outside models: FastAPI writes a bound of a model used only in
        // a response as a float (`"minimum": 0.0` in `Page_Item_`), brisk as written.
        assert_eq!(floats(&got[name]), floats(schema), "component {name}");
    }
    assert_eq!(got.as_object().unwrap().len(), want.as_object().unwrap().len());
}

/// Every number as a float.
fn floats(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.iter().map(floats).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), floats(v))).collect()),
        other => other.clone(),
    }
}
