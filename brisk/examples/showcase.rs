//! The showcase: a small store API using the main features of brisk.
//!
//! Run it with `cargo run -p brisk --example showcase` and open http://127.0.0.1:8000/docs.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};

use brisk::prelude::*;
use serde_json::{Value, json};

/// An item in the store.
#[derive(Model, Clone)]
struct Item {
    /// What the item is called.
    #[field(min_length = 1, max_length = 100)]
    title: String,
    /// When it was last changed.
    timestamp: DateTime,
    /// A longer description.
    #[field(max_length = 300)]
    description: Option<String>,
    /// The price, in euros.
    #[field(gt = 0)]
    price: f64,
    /// Labels for search.
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

/// Kinds of reports the store can produce.
#[derive(Model, Clone, Copy)]
enum Report {
    #[value("daily")]
    Daily,
    #[value("weekly")]
    Weekly,
}

static DB: LazyLock<Mutex<BTreeMap<String, Value>>> = LazyLock::new(Default::default);

/// Replace an item.
///
/// The item is converted with `jsonable_encoder` and returned directly in a
/// `JsonResponse`, exactly as FastAPI's "Return a Response Directly" page does.
#[put("/items/{id}", tags = ["items"])]
async fn update_item(id: String, item: Item) -> JsonResponse {
    let data = jsonable_encoder(&item);
    if let Ok(mut db) = DB.lock() {
        db.insert(id, data.clone());
    }
    JsonResponse::new(data)
}

/// Read an item.
#[get("/items/{id}", tags = ["items"])]
async fn read_item(
    #[path(min_length = 1, max_length = 20)] id: String,
    #[header] user_agent: Option<String>,
) -> Result<Value, HttpException> {
    let item = DB.lock().ok().and_then(|db| db.get(&id).cloned());
    match item {
        Some(item) => Ok(json!({"id": id, "item": item, "user_agent": user_agent})),
        None => Err(HttpException::new(404, "Item not found").header("x-error", "missing item")),
    }
}

/// List items, paginated.
#[get("/items/", tags = ["items"])]
async fn list_items(
    #[query(ge = 0, default = 0)] skip: usize,
    #[query(ge = 1, le = 100, default = 10)] limit: usize,
    #[query(max_length = 50)] q: Option<String>,
) -> Value {
    let db = DB.lock().map(|db| db.clone()).unwrap_or_default();
    let items: Vec<&Value> = db
        .values()
        .filter(|v| q.as_ref().is_none_or(|q| v["title"].as_str().is_some_and(|t| t.contains(q.as_str()))))
        .skip(skip)
        .take(limit)
        .collect();
    json!({"items": items, "skip": skip, "limit": limit})
}

/// A typed JSON response returned directly: its status is chosen here, and the OpenAPI
/// document still describes the body with `Item`'s schema.
#[post("/items/", tags = ["items"], status_code = 201)]
async fn create_item(item: Item) -> JsonResponse<Item> {
    let data = jsonable_encoder(&item);
    let key = item.title.clone();
    if let Ok(mut db) = DB.lock() {
        db.insert(key.clone(), data);
    }
    JsonResponse::new(item).status(201).header("location", &format!("/items/{key}"))
}

/// Legacy data, as XML.
#[get("/legacy/", tags = ["legacy"])]
async fn get_legacy_data() -> Response {
    let data = r#"<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    "#;
    Response::new(data).media_type("application/xml")
}

/// A report page, as HTML.
#[get("/reports/{kind}", tags = ["reports"], response_class = Html)]
async fn report(kind: Report) -> String {
    let count = DB.lock().map(|db| db.len()).unwrap_or(0);
    format!("<h1>{kind} report</h1><p>{count} item(s) in the store.</p>")
}

fn app() -> App {
    App::new()
        .title("brisk showcase")
        .description("A small store API: typed parameters, validation, JSON, responses returned directly.")
        .version("0.1.0")
        .routes(routes![update_item, read_item, list_items, create_item, get_legacy_data, report])
}

#[tokio::main]
async fn main() {
    if let Err(e) = brisk::serve(app()).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn create_then_read() {
        let client = TestClient::new(app());
        let res = client
            .post("/items/")
            .json(&json!({"title": "Lamp", "timestamp": "2024-01-01T10:00:00Z", "price": 20}))
            .send()
            .await;
        assert_eq!(res.status(), 201);
        assert_eq!(res.header("location"), Some("/items/Lamp"));
        assert_eq!(res.json::<Value>()["price"], json!(20.0));
        let res = client.get("/items/Lamp").header("user-agent", "tests").send().await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>()["user_agent"], "tests");
        let res = client.get("/reports/daily").send().await;
        assert!(res.text().starts_with("<h1>daily report</h1>"));
        let res = client.get("/reports/yearly").send().await;
        assert_eq!(res.status(), 422);
    }
}
