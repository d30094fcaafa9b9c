//! Computed fields (`#[model(computed)]` methods, pydantic's `@computed_field`) and the
//! `-Input`/`-Output` schema split: the port of `tests/snapshots/computed_fastapi_app.py`,
//! whose documents and responses (`computed_fastapi.json`, FastAPI 0.163.2 with pydantic
//! 2.14.3) are the oracle.

use brisk::model::{JsonSchema, Partial, SchemaGenerator, validate};
use brisk::prelude::*;
use serde_json::{Value, json};

/// A rectangle.
#[derive(Model, Clone, Debug)]
#[model(computed)]
struct Rect {
    width: f64,
    #[field(default = 1.0)]
    height: f64,
}

#[computed_fields]
impl Rect {
    /// The area.
    #[model(computed)]
    fn area(&self) -> f64 {
        self.width * self.height
    }

    #[model(computed, alias = "perim", title = "Perimeter", description = "Twice the sides.")]
    fn perimeter(&self) -> f64 {
        2.0 * (self.width + self.height)
    }
}

#[derive(Model)]
struct Shape {
    name: String,
    rect: Rect,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[derive(Model)]
struct Tag {
    name: String,
    #[field(default = "red")]
    color: String,
}

#[derive(Model)]
#[model(computed)]
struct Leaf {
    value: i64,
}

#[computed_fields]
impl Leaf {
    #[model(computed)]
    fn double(&self) -> i64 {
        self.value * 2
    }
}

#[derive(Model)]
struct Middle {
    leaf: Leaf,
    note: Option<String>,
}

#[derive(Model)]
struct Outer {
    middle: Middle,
    #[field(default = Vec::new())]
    middles: Vec<Middle>,
}

#[derive(Model)]
#[model(computed)]
struct Summary {
    count: i64,
    #[field(default = Vec::new())]
    rects: Vec<Rect>,
}

#[computed_fields]
impl Summary {
    #[model(computed)]
    fn largest(&self) -> Option<Rect> {
        self.rects.iter().max_by(|a, b| a.area().total_cmp(&b.area())).cloned()
    }

    #[model(computed)]
    fn labels(&self) -> Vec<String> {
        (0..self.rects.len()).map(|i| format!("rect{i}")).collect()
    }

    #[model(computed)]
    fn first(&self) -> Rect {
        self.rects.first().cloned().unwrap_or(Rect { width: 0.0, height: 1.0 })
    }
}

#[derive(Model)]
struct Batch {
    rects: Vec<Rect>,
}

#[derive(Model, Debug)]
#[model(rename_all = "camelCase", populate_by_name, computed)]
struct Person {
    first_name: String,
    last_name: String,
    nickname: Option<String>,
}

#[computed_fields]
impl Person {
    #[model(computed)]
    fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    #[model(computed)]
    fn nick_upper(&self) -> Option<String> {
        self.nickname.as_ref().map(|n| n.to_uppercase())
    }
}

#[derive(Model)]
#[model(extra = "forbid", computed)]
struct Strict {
    x: i64,
}

#[computed_fields]
impl Strict {
    #[model(computed)]
    fn y(&self) -> i64 {
        self.x + 1
    }
}

// Written as a string: its output schema differs, with no computed field.
#[derive(Model)]
struct Price {
    amount: brisk::types::Decimal,
}

#[post("/rects")]
async fn create_rect(rect: Rect) -> Rect {
    rect
}

#[post("/shapes")]
async fn create_shape(shape: Shape) -> Shape {
    shape
}

#[post("/tags")]
async fn create_tag(tag: Tag) -> Tag {
    tag
}

#[post("/outer")]
async fn create_outer(outer: Outer) -> Outer {
    outer
}

#[post("/summary")]
async fn summarize(batch: Batch) -> Summary {
    Summary { count: batch.rects.len() as i64, rects: batch.rects }
}

#[post("/people")]
async fn create_person(person: Person) -> Person {
    person
}

#[post("/people/none", response_model = Person, response_model_exclude_none)]
async fn person_none(person: Person) -> Person {
    person
}

// The fields the client set, as FastAPI's returned model remembers them.
#[post("/people/unset", response_model = Person, response_model_exclude_unset)]
async fn person_unset(person: Partial<Person>) -> Value {
    Value::Object(person.to_update())
}

#[post("/people/defaults", response_model = Person, response_model_exclude_defaults)]
async fn person_defaults(person: Person) -> Person {
    person
}

// brisk names output keys where FastAPI names Python fields (`first_name`, `full_name`).
#[post("/people/include", response_model = Person, response_model_include = ["firstName", "fullName"])]
async fn person_include(person: Person) -> Person {
    person
}

#[post("/people/exclude", response_model = Person, response_model_exclude = ["fullName"])]
async fn person_exclude(person: Person) -> Person {
    person
}

#[post("/strict")]
async fn strict(s: Strict) -> Strict {
    s
}

#[get("/leaf")]
async fn leaf() -> Leaf {
    Leaf { value: 21 }
}

// An additional response's model is output too.
#[get("/tags/first", responses(404 = Leaf))]
async fn first_tag() -> Tag {
    Tag { name: "first".into(), color: "red".into() }
}

#[post("/prices")]
async fn price(p: Price) -> Price {
    p
}

#[post("/rects/include", response_model = Rect, response_model_include = ["width", "area"])]
async fn rect_include(rect: Rect) -> Rect {
    rect
}

#[post("/rects/exclude", response_model = Rect, response_model_exclude = ["height", "perim"])]
async fn rect_exclude(rect: Rect) -> Rect {
    rect
}

fn app(separate: bool) -> App {
    App::new().title("FastAPI").separate_input_output_schemas(separate).routes(routes![
        create_rect,
        create_shape,
        create_tag,
        create_outer,
        summarize,
        create_person,
        person_none,
        person_unset,
        person_defaults,
        person_include,
        person_exclude,
        strict,
        leaf,
        rect_include,
        rect_exclude,
        first_tag,
        price,
    ])
}

fn oracle() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/computed_fastapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The served document, byte for byte FastAPI's (compact, as Starlette sends it).
async fn same_document(separate: bool, key: &str) {
    let c = TestClient::new(app(separate));
    let got = c.get("/openapi.json").send().await.text();
    let want = serde_json::to_string(&oracle()[key]).unwrap();
    if got != want {
        let got: Value = serde_json::from_str(&got).unwrap();
        let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
        let (got, want) = (pretty(&got), pretty(&oracle()[key]));
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "document differs from FastAPI's ({key}) at line {i}");
        }
        panic!("the documents differ in length or bytes ({key})");
    }
}

#[tokio::test]
async fn document_is_fastapis_byte_for_byte() {
    same_document(true, "openapi").await;
}

#[tokio::test]
async fn document_without_separate_schemas_is_fastapis() {
    same_document(false, "openapi_merged").await;
}

#[tokio::test]
async fn responses_are_fastapis() {
    let c = TestClient::new(app(true));
    let oracle = oracle();
    let calls = oracle["responses"].as_array().unwrap();
    assert_eq!(calls.len(), 20);
    for call in calls {
        let path = call["path"].as_str().unwrap();
        let res = match &call["body"] {
            Value::Null => c.get(path).send().await,
            body => c.post(path).json(body).send().await,
        };
        assert_eq!(res.status(), call["status"].as_u64().unwrap() as u16, "{path} {}", call["body"]);
        assert_eq!(res.json::<Value>(), call["response"], "{path} {}", call["body"]);
    }
}

#[test]
fn computed_fields_are_written_after_the_fields() {
    let r = Rect { width: 2.0, height: 3.0 };
    assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"width":2.0,"height":3.0,"area":6.0,"perim":10.0}"#);
    let p: Person = validate(&json!({"firstName": "Ada", "lastName": "L", "fullName": "ignored"})).unwrap();
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!({"firstName": "Ada", "lastName": "L", "nickname": null, "fullName": "Ada L", "nickUpper": null})
    );
    // A computed key is an extra key: rejected under `extra = "forbid"`.
    assert!(validate::<Strict>(&json!({"x": 1, "y": 2})).is_err());
}

#[test]
fn input_schemas_have_no_computed_fields() {
    let mut g = SchemaGenerator::new();
    assert_eq!(Rect::json_schema(&mut g), json!({"$ref": "#/components/schemas/Rect"}));
    let c = g.into_components();
    assert_eq!(c["Rect"]["required"], json!(["width"]));
    assert!(c["Rect"]["properties"].get("area").is_none());
}

#[test]
fn output_schemas_list_computed_fields_read_only_and_required() {
    let mut g = SchemaGenerator::new();
    g.serializing(Person::json_schema);
    let c = g.into_components();
    assert_eq!(c["Person"]["required"], json!(["firstName", "lastName", "fullName", "nickUpper"]));
    assert_eq!(c["Person"]["properties"]["fullName"], json!({"type": "string", "title": "Fullname", "readOnly": true}));
}

/// A generic model with a computed field: FastAPI names its halves `Page_int_-Input` and `-Output`.
#[derive(Model)]
#[model(computed)]
struct Page<T> {
    items: Vec<T>,
}

#[computed_fields]
impl<T> Page<T> {
    #[model(computed)]
    fn count(&self) -> usize {
        self.items.len()
    }
}

#[test]
fn generic_models_have_computed_fields() {
    let page: Page<i64> = validate(&json!({"items": [1, 2], "count": 9})).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), json!({"items": [1, 2], "count": 2}));
    let mut g = SchemaGenerator::new();
    Page::<i64>::json_schema(&mut g);
    g.serializing(Page::<i64>::json_schema);
    let c = g.into_components();
    assert_eq!(c["Page_int_-Output"]["required"], json!(["items", "count"]));
    assert_eq!(c["Page_int_-Input"]["required"], json!(["items"]));
}
