//! "Generating Clients": FastAPI's `generate_clients` tutorial003 — tags group the
//! operations, and a custom unique-id function makes operation ids that read well as
//! method names in a generated client.
use brisk::prelude::*;
use serde_json::{Value, json};

// ANCHOR: app
#[derive(Model)]
struct Item {
    name: String,
    price: f64,
}

#[derive(Model)]
struct ResponseMessage {
    message: String,
}

#[derive(Model)]
struct User {
    username: String,
    email: String,
}

#[post("/items/", tags = ["items"])]
async fn create_item(item: Item) -> ResponseMessage {
    let _ = item;
    ResponseMessage { message: "Item received".into() }
}

#[get("/items/", tags = ["items"], response_model = Vec<Item>)]
async fn get_items() -> Value {
    json!([{"name": "Plumbus", "price": 3}, {"name": "Portal Gun", "price": 9001}])
}

#[post("/users/", tags = ["users"])]
async fn create_user(user: User) -> ResponseMessage {
    let _ = user;
    ResponseMessage { message: "User received".into() }
}

/// The operation id: the route's first tag, then its handler's name (`items-get_items`).
fn custom_generate_unique_id(route: &Route) -> String {
    match route.tags().first() {
        Some(tag) => format!("{tag}-{}", route.name()),
        None => route.name().to_owned(),
    }
}

fn app() -> App {
    App::new().generate_unique_id(custom_generate_unique_id).routes(routes![create_item, get_items, create_user])
}
// ANCHOR_END: app

#[tokio::test]
async fn operation_ids_are_tag_then_name() {
    let client = TestClient::new(app());
    let doc: Value = client.get("/openapi.json").send().await.json();
    let id = |path: &str, method: &str| doc["paths"][path][method]["operationId"].clone();
    assert_eq!(id("/items/", "post"), "items-create_item");
    assert_eq!(id("/items/", "get"), "items-get_items");
    assert_eq!(id("/users/", "post"), "users-create_user");
    // Names derived from the operation id follow it, as in FastAPI.
    let schema = &doc["paths"]["/items/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["title"], "Response Items-Get Items");
}

#[tokio::test]
async fn the_app_answers() {
    let client = TestClient::new(app());
    let res = client.post("/items/").json(&json!({"name": "Plumbus", "price": 3})).send().await;
    assert_eq!(res.json::<Value>(), json!({"message": "Item received"}));
    let res = client.get("/items/").send().await;
    assert_eq!(res.json::<Value>()[1]["name"], "Portal Gun");
}
