//! "Testing": FastAPI's extended testing example — items behind an `X-Token` header —
//! and its tests, through `TestClient`.

// ANCHOR: app
use std::collections::HashMap;
use std::sync::Mutex;

use brisk::prelude::*;

const FAKE_SECRET_TOKEN: &str = "coneofsilence";

#[derive(Model, Clone)]
struct Item {
    id: String,
    title: String,
    description: Option<String>,
}

/// The items, shared by the requests (FastAPI's module-level `fake_db`).
struct FakeDb(Mutex<HashMap<String, Item>>);

fn check_token(x_token: &str) -> Result<(), HttpException> {
    if x_token != FAKE_SECRET_TOKEN {
        return Err(HttpException::new(400, "Invalid X-Token header"));
    }
    Ok(())
}

#[get("/items/{item_id}")]
async fn read_main(item_id: String, #[header] x_token: String, db: State<FakeDb>) -> Result<Item, HttpException> {
    check_token(&x_token)?;
    let items = db.0.lock().unwrap_or_else(|e| e.into_inner());
    items.get(&item_id).cloned().ok_or_else(|| HttpException::new(404, "Item not found"))
}

#[post("/items/")]
async fn create_item(item: Item, #[header] x_token: String, db: State<FakeDb>) -> Result<Item, HttpException> {
    check_token(&x_token)?;
    let mut items = db.0.lock().unwrap_or_else(|e| e.into_inner());
    if items.contains_key(&item.id) {
        return Err(HttpException::new(409, "Item already exists"));
    }
    items.insert(item.id.clone(), item.clone());
    Ok(item)
}

fn app() -> App {
    let item = |id: &str, title: &str, description: &str| {
        (id.to_owned(), Item { id: id.into(), title: title.into(), description: Some(description.into()) })
    };
    let db = HashMap::from([item("foo", "Foo", "There goes my hero"), item("bar", "Bar", "The bartenders")]);
    App::new().state(FakeDb(Mutex::new(db))).routes(routes![read_main, create_item])
}
// ANCHOR_END: app

// ANCHOR: tests
use serde_json::{Value, json};

#[tokio::test]
async fn test_read_item() {
    let client = TestClient::new(app());
    let response = client.get("/items/foo").header("X-Token", "coneofsilence").send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"id": "foo", "title": "Foo", "description": "There goes my hero"}));
}

#[tokio::test]
async fn test_read_item_bad_token() {
    let client = TestClient::new(app());
    let response = client.get("/items/foo").header("X-Token", "hailhydra").send().await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>(), json!({"detail": "Invalid X-Token header"}));
}

#[tokio::test]
async fn test_read_nonexistent_item() {
    let client = TestClient::new(app());
    let response = client.get("/items/baz").header("X-Token", "coneofsilence").send().await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.json::<Value>(), json!({"detail": "Item not found"}));
}

#[tokio::test]
async fn test_create_item() {
    let client = TestClient::new(app());
    let item = json!({"id": "foobar", "title": "Foo Bar", "description": "The Foo Barters"});
    let response = client.post("/items/").header("X-Token", "coneofsilence").json(&item).send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), item);
    // The state lives as long as the client's app: the new item can be read back.
    let response = client.get("/items/foobar").header("X-Token", "coneofsilence").send().await;
    assert_eq!(response.json::<Value>(), item);
}

#[tokio::test]
async fn test_create_item_bad_token() {
    let client = TestClient::new(app());
    let item = json!({"id": "bazz", "title": "Bazz", "description": "Drop the bazz"});
    let response = client.post("/items/").header("X-Token", "hailhydra").json(&item).send().await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>(), json!({"detail": "Invalid X-Token header"}));
}

#[tokio::test]
async fn test_create_existing_item() {
    let client = TestClient::new(app());
    let item = json!({"id": "foo", "title": "The Foo ID Stealers", "description": "There goes my stealer"});
    let response = client.post("/items/").header("X-Token", "coneofsilence").json(&item).send().await;
    assert_eq!(response.status(), 409);
    assert_eq!(response.json::<Value>(), json!({"detail": "Item already exists"}));
}

#[tokio::test]
async fn test_missing_token_is_a_422() {
    let client = TestClient::new(app());
    let response = client.get("/items/foo").send().await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.json::<Value>()["detail"][0]["loc"], json!(["header", "x-token"]));
}
// ANCHOR_END: tests
