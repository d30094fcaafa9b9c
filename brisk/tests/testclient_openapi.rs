//! The `/openapi.json` of small apps, compared with what FastAPI generates for the same
//! declarations (its tutorial apps, as recorded in the conformance cases): operation ids,
//! summaries, parameters with titles and constraints, request bodies, the 422 response
//! and the validation error schemas only where there are parameters.

use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[derive(Model, Clone, Copy)]
enum ModelName {
    #[value("alexnet")]
    Alexnet,
    #[value("resnet")]
    Resnet,
    #[value("lenet")]
    Lenet,
}

#[get("/")]
async fn root() -> Value {
    json!({"message": "Hello World"})
}

#[get("/items/{item_id}")]
async fn read_items(
    #[path(title = "The ID of the item to get", ge = 0, le = 1000)] item_id: i64,
    q: String,
    #[query(gt = 0, lt = 10.5)] size: f64,
) -> Value {
    json!({"item_id": item_id, "q": q, "size": size})
}

#[post("/items/")]
async fn create_item(item: Item) -> Item {
    item
}

#[get("/items/")]
async fn list_all() -> Vec<Item> {
    Vec::new()
}

#[get("/models/{model_name}")]
async fn get_model(model_name: ModelName) -> Value {
    json!({"model_name": model_name})
}

/// Declared cookie, header, query: documented query, header, cookie.
#[get("/mixed/")]
async fn mixed(
    #[cookie] ads_id: Option<String>,
    #[header] user_agent: Option<String>,
    q: Option<Vec<String>>,
) -> Value {
    json!([ads_id, user_agent, q])
}

#[get("/defaults/")]
async fn defaults(
    #[query(default = vec!["foo".to_owned(), "bar".to_owned()])] q: Vec<String>,
    #[query(default = 0)] skip: i64,
    #[query(default = 10)] limit: i64,
) -> Value {
    json!([q, skip, limit])
}

#[post("/status/", status_code = 201)]
async fn create_status(name: String) -> Value {
    json!({"name": name})
}

/// Create an item with all the information.
#[post("/described/", summary = "Create an item", response_description = "The created item", tags = ["items"])]
async fn described(item: Item) -> Item {
    item
}

fn doc_of(app: App) -> Value {
    let service = app.into_service().unwrap();
    serde_json::from_slice(service.openapi_json()).unwrap()
}

fn full_app() -> App {
    App::new().routes(routes![
        root,
        read_items,
        create_item,
        list_all,
        get_model,
        mixed,
        defaults,
        create_status,
        described
    ])
}

fn ok_any() -> Value {
    json!({"200": {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}})
}

fn with_422(mut responses: Value) -> Value {
    responses["422"] = json!({
        "description": "Validation Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
    });
    responses
}

#[tokio::test]
async fn the_document_is_served_as_json() {
    let c = TestClient::new(full_app());
    let res = c.get("/openapi.json").send().await;
    assert_eq!((res.status(), res.header("content-type")), (200, Some("application/json")));
    let doc: Value = res.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"], json!({"title": "brisk", "version": "0.1.0"}));
    assert_eq!(doc, doc_of(full_app()));
}

#[tokio::test]
async fn an_app_without_parameters_has_no_422_and_no_components() {
    let doc = doc_of(App::new().title("FastAPI").routes(routes![root]));
    assert_eq!(
        doc,
        json!({
            "openapi": "3.1.0",
            "info": {"title": "FastAPI", "version": "0.1.0"},
            "paths": {"/": {"get": {"summary": "Root", "operationId": "root__get", "responses": ok_any()}}}
        })
    );
}

#[tokio::test]
async fn path_and_query_parameters_with_constraints() {
    let doc = doc_of(full_app());
    assert_eq!(
        doc["paths"]["/items/{item_id}"],
        json!({"get": {
            "summary": "Read Items",
            "operationId": "read_items_items__item_id__get",
            "parameters": [
                {"name": "item_id", "in": "path", "required": true, "schema": {"type": "integer", "maximum": 1000, "minimum": 0, "title": "The ID of the item to get"}},
                {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "title": "Q"}},
                {"name": "size", "in": "query", "required": true, "schema": {"type": "number", "exclusiveMaximum": 10.5, "exclusiveMinimum": 0, "title": "Size"}}
            ],
            "responses": with_422(ok_any())
        }})
    );
}

#[tokio::test]
async fn parameters_are_listed_by_source_then_declaration() {
    let doc = doc_of(full_app());
    assert_eq!(
        doc["paths"]["/mixed/"]["get"]["parameters"],
        json!([
            {"name": "q", "in": "query", "required": false, "schema": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}], "title": "Q"}},
            {"name": "user-agent", "in": "header", "required": false, "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "User-Agent"}},
            {"name": "ads_id", "in": "cookie", "required": false, "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Ads Id"}}
        ])
    );
}

#[tokio::test]
async fn defaults_are_documented_and_make_parameters_optional() {
    let doc = doc_of(full_app());
    assert_eq!(
        doc["paths"]["/defaults/"]["get"]["parameters"],
        json!([
            {"name": "q", "in": "query", "required": false, "schema": {"type": "array", "items": {"type": "string"}, "default": ["foo", "bar"], "title": "Q"}},
            {"name": "skip", "in": "query", "required": false, "schema": {"type": "integer", "default": 0, "title": "Skip"}},
            {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "default": 10, "title": "Limit"}}
        ])
    );
}

#[tokio::test]
async fn bodies_and_typed_responses_refer_to_components() {
    let doc = doc_of(full_app());
    let item_ref = json!({"$ref": "#/components/schemas/Item"});
    let items = &doc["paths"]["/items/"];
    assert_eq!(
        items["post"],
        json!({
            "summary": "Create Item",
            "operationId": "create_item_items__post",
            "requestBody": {"content": {"application/json": {"schema": item_ref}}, "required": true},
            "responses": with_422(json!({"200": {"description": "Successful Response", "content": {"application/json": {"schema": item_ref}}}}))
        })
    );
    assert_eq!(
        items["get"],
        json!({
            "summary": "List All",
            "operationId": "list_all_items__get",
            "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {
                "items": item_ref, "type": "array", "title": "Response List All Items  Get"
            }}}}}
        })
    );
    let status = &doc["paths"]["/status/"]["post"];
    assert_eq!(status["responses"]["201"]["description"], "Successful Response");
    assert!(status["responses"].get("200").is_none());
    let described = &doc["paths"]["/described/"]["post"];
    assert_eq!(described["summary"], "Create an item");
    assert_eq!(described["description"], "Create an item with all the information.");
    assert_eq!(described["tags"], json!(["items"]));
    assert_eq!(described["responses"]["200"]["description"], "The created item");
}

#[tokio::test]
async fn string_enums_are_components() {
    let doc = doc_of(full_app());
    assert_eq!(
        doc["paths"]["/models/{model_name}"]["get"]["parameters"],
        json!([{"name": "model_name", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/ModelName"}}])
    );
    assert_eq!(
        doc["components"]["schemas"]["ModelName"],
        json!({"type": "string", "enum": ["alexnet", "resnet", "lenet"], "title": "ModelName"})
    );
}

#[tokio::test]
async fn components_are_sorted_and_match_fastapi() {
    let doc = doc_of(full_app());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    assert_eq!(names, ["HTTPValidationError", "Item", "ModelName", "ValidationError"]);
    assert_eq!(
        schemas["Item"],
        json!({
            "properties": {
                "name": {"type": "string", "title": "Name"},
                "description": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Description"},
                "price": {"type": "number", "title": "Price"},
                "tax": {"anyOf": [{"type": "number"}, {"type": "null"}], "title": "Tax"}
            },
            "type": "object",
            "required": ["name", "price"],
            "title": "Item"
        })
    );
    assert_eq!(
        schemas["HTTPValidationError"],
        json!({
            "properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"}},
            "type": "object",
            "title": "HTTPValidationError"
        })
    );
    assert_eq!(
        schemas["ValidationError"],
        json!({
            "properties": {
                "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"},
                "msg": {"type": "string", "title": "Message"},
                "type": {"type": "string", "title": "Error Type"},
                "input": {"title": "Input"},
                "ctx": {"type": "object", "title": "Context"}
            },
            "type": "object",
            "required": ["loc", "msg", "type"],
            "title": "ValidationError"
        })
    );
}

#[tokio::test]
async fn the_document_can_be_moved_or_disabled() {
    let c = TestClient::new(App::new().openapi_url(Some("/api/schema.json")).routes(routes![root]));
    assert_eq!(c.get("/api/schema.json").send().await.status(), 200);
    assert_eq!(c.get("/openapi.json").send().await.status(), 404);
    let c = TestClient::new(App::new().openapi_url(None).routes(routes![root]));
    assert_eq!(c.get("/openapi.json").send().await.status(), 404);
    assert_eq!(c.get("/docs").send().await.status(), 404);
    assert_eq!(c.get("/").send().await.status(), 200);
}

/// The tags of [`tagged`], as FastAPI takes `Enum` members.
enum Tags {
    Items,
}

impl Tags {
    const fn as_str(&self) -> &'static str {
        match self {
            Tags::Items => "items",
        }
    }
}

const USERS: &str = "users";

/// Read the items.
///
/// Shown in the docs.
#[doc = "\x0c"]
/// Not shown: what follows a form feed is for readers of the code.
#[get("/tagged/", tags = [Tags::Items.as_str(), USERS])]
async fn tagged() -> Value {
    json!([])
}

#[put("/maybe/")]
async fn maybe_item(item: Option<Item>) -> Value {
    json!({"item": item})
}

#[tokio::test]
async fn tags_are_constant_expressions_and_a_form_feed_ends_the_description() {
    let doc = doc_of(App::new().routes(routes![tagged]));
    let op = &doc["paths"]["/tagged/"]["get"];
    assert_eq!(op["tags"], json!(["items", "users"]));
    assert_eq!(op["description"], "Read the items.\n\nShown in the docs.");
}

#[tokio::test]
async fn an_optional_lone_body_is_titled_after_its_parameter() {
    // FastAPI: `item: Item | None = None` is `anyOf [ref, null]` titled "Item", not required.
    let doc = doc_of(App::new().routes(routes![maybe_item]));
    let body = &doc["paths"]["/maybe/"]["put"]["requestBody"];
    assert_eq!(
        *body,
        json!({"content": {"application/json": {"schema": {
            "anyOf": [{"$ref": "#/components/schemas/Item"}, {"type": "null"}], "title": "Item"
        }}}})
    );
    let c = TestClient::new(App::new().routes(routes![maybe_item]));
    assert_eq!(c.put("/maybe/").send().await.json::<Value>(), json!({"item": null}));
}

/// An operation id from the handler's name alone; `Route` comes with the prelude.
fn by_name(route: &Route) -> String {
    route.name().to_owned()
}

#[tokio::test]
async fn operation_ids_from_a_function_of_the_route() {
    let doc = doc_of(App::new().generate_unique_id(by_name).routes(routes![tagged]));
    assert_eq!(doc["paths"]["/tagged/"]["get"]["operationId"], "tagged");
}

/// The document is made on its first request and kept, as FastAPI's `app.openapi()`:
/// building the app makes none, and every request after the first gets the same bytes.
#[tokio::test]
async fn the_document_is_made_on_first_request_and_kept() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    let app = App::new().routes(routes![root]).openapi_modifier(move |doc| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        doc["info"]["x-made"] = json!(n);
    });
    let client = TestClient::new(app);
    assert_eq!(client.get("/").send().await.status(), 200);
    assert_eq!(made.load(Ordering::SeqCst), 0, "built before anyone asked for it");
    let first = client.get("/openapi.json").send().await.text();
    let second = client.get("/openapi.json").send().await.text();
    assert_eq!(made.load(Ordering::SeqCst), 1);
    assert_eq!(first, second);
    assert_eq!(serde_json::from_str::<Value>(&first).unwrap()["info"]["x-made"], 1);
}
