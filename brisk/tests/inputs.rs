//! Ways of taking input: parameter models, custom validators, lists, strict content type,
//! base64 bytes, partial updates.

use brisk::prelude::*; // `Partial` included
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

#[get("/untyped")]
async fn untyped(#[query(default = Vec::new())] q: Vec<Value>) -> Value {
    json!({"q": q})
}

#[tokio::test]
async fn an_untyped_list_query_parameter_is_one_parameter() {
    // FastAPI's `q: list = Query(default=[])`: every value, as strings; not a query model.
    let c = TestClient::new(App::new().routes(routes![untyped]));
    assert_eq!(c.get("/untyped?q=foo&q=1").send().await.json::<Value>(), json!({"q": ["foo", "1"]}));
    assert_eq!(c.get("/untyped").send().await.json::<Value>(), json!({"q": []}));
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(
        doc["paths"]["/untyped"]["get"]["parameters"][0]["schema"],
        json!({"type": "array", "items": {}, "default": [], "title": "Q"})
    );
}

#[derive(Model)]
struct Client {
    x_client_name: String,
    x_client_version: String,
}

#[derive(Model)]
struct Range {
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
}

#[derive(Model)]
struct Literal {
    save_data: bool,
}

#[get("/optional")]
async fn optional_models(
    #[header] client: Option<Client>,
    #[query] range: Option<Range>,
    #[cookie] prefs: Option<Literal>,
) -> Value {
    json!({"client": client, "range": range, "prefs": prefs})
}

#[get("/literal")]
async fn literal_headers(#[header(convert_underscores = false)] h: Literal) -> Json<Literal> {
    Json(h)
}

#[tokio::test]
async fn optional_parameter_models_are_none_when_none_of_their_fields_is_sent() {
    let c = TestClient::new(App::new().routes(routes![optional_models]));
    let res = c.get("/optional").send().await;
    assert_eq!(res.json::<Value>(), json!({"client": null, "range": null, "prefs": null}));
    let res = c
        .get("/optional?start=2024-01-01&end=2024-12-31")
        .header("x-client-name", "cli")
        .header("x-client-version", "1.2")
        .header("cookie", "save_data=true")
        .send()
        .await;
    assert_eq!(
        res.json::<Value>(),
        json!({
            "client": {"x_client_name": "cli", "x_client_version": "1.2"},
            "range": {"start": "2024-01-01", "end": "2024-12-31"},
            "prefs": {"save_data": true},
        })
    );
    // One field sent: the model is validated, and its other fields are missing.
    let res = c.get("/optional?start=2024-01-01").header("x-client-name", "cli").send().await;
    assert_eq!(res.status(), 422);
    let locs: Vec<Value> = res.json::<Value>()["detail"].as_array().unwrap().iter().map(|e| e["loc"].clone()).collect();
    assert_eq!(locs, [json!(["query", "end"]), json!(["header", "x-client-version"])]);
    // Documented one parameter per field, none required.
    let doc: Value = c.get("/openapi.json").send().await.json();
    let params = doc["paths"]["/optional"]["get"]["parameters"].as_array().unwrap().clone();
    let named: Vec<(Value, Value)> = params.iter().map(|p| (p["name"].clone(), p["required"].clone())).collect();
    assert_eq!(
        named,
        [
            (json!("start"), json!(false)),
            (json!("end"), json!(false)),
            (json!("x-client-name"), json!(false)),
            (json!("x-client-version"), json!(false)),
            (json!("save_data"), json!(false)),
        ]
    );
}

#[tokio::test]
async fn header_models_without_converted_underscores_read_literal_names() {
    let c = TestClient::new(App::new().routes(routes![literal_headers]));
    let res = c.get("/literal").header("save_data", "true").send().await;
    assert_eq!(res.json::<Value>(), json!({"save_data": true}));
    // A hyphenated header is another name: the field is missing, reported by its own name.
    let res = c.get("/literal").header("save-data", "true").send().await;
    assert_eq!(res.status(), 422);
    let detail = &res.json::<Value>()["detail"][0];
    assert_eq!((&detail["type"], &detail["loc"]), (&json!("missing"), &json!(["header", "save_data"])));
    assert_eq!(detail["input"]["save-data"], "true");
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(doc["paths"]["/literal"]["get"]["parameters"][0]["name"], "save_data");
}

#[derive(Model)]
struct Signup {
    email: brisk::types::EmailStr,
}

#[post("/signup")]
async fn signup(user: Signup) -> Json<Signup> {
    Json(user)
}

#[tokio::test]
async fn email_addresses_are_validated_and_normalized() {
    let c = TestClient::new(App::new().routes(routes![signup]));
    let res = c.post("/signup").json(&json!({"email": "Jane@Example.COM"})).send().await;
    assert_eq!(res.json::<Value>(), json!({"email": "Jane@example.com"}));
    let res = c.post("/signup").json(&json!({"email": "not-an-email"})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>(),
        json!({"detail": [{
            "type": "value_error",
            "loc": ["body", "email"],
            "msg": "value is not a valid email address: An email address must have an @-sign.",
            "input": "not-an-email",
            "ctx": {"reason": "An email address must have an @-sign."},
        }]})
    );
    let res = c.post("/signup").json(&json!({"email": 5})).send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["type"], "string_type");
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(
        doc["components"]["schemas"]["Signup"]["properties"]["email"],
        json!({"type": "string", "format": "email", "title": "Email"})
    );
}

#[derive(Model, Debug)]
struct Tag {
    label: String,
}

#[derive(Model, Debug)]
struct Tagged {
    name: String,
    tags: Vec<Tag>,
}

#[tokio::test]
async fn values_validated_by_hand_get_request_errors_located_from_the_root() {
    let ok = Tagged::model_validate(&json!({"name": "a", "tags": [{"label": "x"}]})).unwrap();
    assert_eq!((ok.name.as_str(), ok.tags[0].label.as_str()), ("a", "x"));
    let errors = Tagged::model_validate(&json!({"name": 1, "tags": [{}]})).unwrap_err();
    assert_eq!(
        serde_json::to_value(&errors).unwrap(),
        json!([
            {"type": "string_type", "loc": ["name"], "msg": "Input should be a valid string", "input": 1},
            {"type": "missing", "loc": ["tags", 0, "label"], "msg": "Field required", "input": {}},
        ])
    );
    let errors = Tagged::model_validate_json("{[: bad").unwrap_err();
    assert_eq!(
        serde_json::to_value(&errors).unwrap(),
        json!([{
            "type": "json_invalid", "loc": [], "msg": "Invalid JSON: key must be a string at line 1 column 2",
            "input": "{[: bad", "ctx": {"error": "key must be a string at line 1 column 2"},
        }])
    );
    // pydantic's `model_json_schema()`: the model inline, what it uses under `$defs`.
    let schema = Tagged::model_json_schema();
    assert_eq!(schema["title"], "Tagged");
    assert_eq!(schema["properties"]["tags"]["items"], json!({"$ref": "#/$defs/Tag"}));
    assert_eq!(schema["$defs"]["Tag"]["required"], json!(["label"]));
}

#[derive(Model, Clone, Copy)]
#[model(literal)]
enum CatTag {
    #[value("cat")]
    Cat,
}

#[derive(Model, Clone, Copy)]
#[model(literal)]
enum DogTag {
    #[value("dog")]
    Dog,
}

#[derive(Model)]
struct Cat {
    pet_type: CatTag,
    meows: i64,
}

#[derive(Model)]
struct Dog {
    pet_type: DogTag,
    barks: f64,
}

#[derive(Model)]
#[model(discriminator = "pet_type")]
enum Pet {
    #[value("cat")]
    Cat(Cat),
    #[value("dog")]
    Dog(Dog),
}

#[post("/pets")]
async fn add_pet(pet: Pet) -> Json<Pet> {
    Json(pet)
}

#[post("/pets/form")]
async fn add_pet_form(#[form] pet: Option<Pet>) -> Json<Option<Pet>> {
    Json(pet)
}

#[tokio::test]
async fn tagged_unions_pick_their_member_by_the_tag() {
    let c = TestClient::new(App::new().routes(routes![add_pet, add_pet_form]));
    let res = c.post("/pets").json(&json!({"pet_type": "dog", "barks": 3})).send().await;
    assert_eq!(res.json::<Value>(), json!({"pet_type": "dog", "barks": 3.0}));
    // Errors are located under the tag; only the tagged member is tried.
    let res = c.post("/pets").json(&json!({"pet_type": "cat", "barks": 3})).send().await;
    assert_eq!(
        res.json::<Value>()["detail"],
        json!([{"type": "missing", "loc": ["body", "cat", "meows"], "msg": "Field required", "input": {"pet_type": "cat", "barks": 3}}])
    );
    let res = c.post("/pets").json(&json!({"pet_type": "fish"})).send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["type"], "union_tag_invalid");
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["body"]));
    let res = c.post("/pets").json(&json!({"meows": 1})).send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["type"], "union_tag_not_found");
    // From a form: none of its fields sent is `None`.
    let res = c.post("/pets/form").form(&[("pet_type", "cat"), ("meows", "2")]).send().await;
    assert_eq!(res.json::<Value>(), json!({"pet_type": "cat", "meows": 2}));
    assert_eq!(c.post("/pets/form").form(&[("other", "x")]).send().await.json::<Value>(), Value::Null);
    // `oneOf` with the discriminator mapping; one-value literals are `const`.
    let doc: Value = c.get("/openapi.json").send().await.json();
    assert_eq!(
        doc["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"],
        json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "pet_type", "mapping": {
                "cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"
            }},
            "title": "Pet",
        })
    );
    assert_eq!(
        doc["components"]["schemas"]["Cat"]["properties"]["pet_type"],
        json!({"type": "string", "const": "cat", "title": "Pet Type"})
    );
}
