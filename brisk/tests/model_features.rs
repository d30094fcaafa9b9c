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
    #[field(default = None)]
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
    // pydantic 2.14's schema of the same model.
    assert_eq!(
        doc["components"]["schemas"]["UserIn"],
        json!({
            "properties": {
                "firstName": {"title": "Firstname", "type": "string"},
                "LN": {"title": "Ln", "type": "string"},
                "httpUrl2": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Httpurl2"}
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
    #[field(default = None)]
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
