//! A large OpenAPI document compared with a committed snapshot, so any change to the
//! generated document is seen in review. Regenerate with `BRISK_UPDATE_SNAPSHOTS=1`.

use brisk::prelude::*;
use brisk::types::HttpUrl;
use serde_json::{Value, json};

/// Physical size.
#[derive(Model, Clone)]
struct Dimensions {
    #[field(gt = 0)]
    width: f64,
    #[field(gt = 0, description = "Height in cm")]
    height: f64,
}

/// A product for sale.
#[derive(Model, Clone)]
struct Product {
    #[field(min_length = 1, max_length = 100, examples = ["Lamp"])]
    name: String,
    description: Option<String>,
    #[field(gt = 0)]
    price: f64,
    #[field(default = Vec::new())]
    tags: Vec<String>,
    dimensions: Option<Dimensions>,
    homepage: Option<HttpUrl>,
    #[field(default = Category::Home)]
    category: Category,
}

/// Where a product is shelved.
#[derive(Model, Clone, Copy)]
enum Category {
    #[value("home")]
    Home,
    #[value("garden")]
    Garden,
}

#[derive(Model)]
struct Message {
    message: String,
}

#[derive(ApiResponse)]
enum Created {
    /// The product was created.
    #[response(status = 201)]
    Done(Product),
    /// A product with this name exists.
    #[response(status = 409)]
    Conflict(Message),
}

#[dependency]
async fn pagination(
    #[query(ge = 0, default = 0)] skip: i64,
    #[query(ge = 1, le = 100, default = 10)] limit: i64,
) -> (i64, i64) {
    (skip, limit)
}

/// List products.
#[get("/products/", tags = ["products"], response_model = Vec<Product>)]
async fn list_products(
    #[depends(pagination)] page: (i64, i64),
    #[query(alias = "q", max_length = 50, description = "Search text", deprecated)] search: Option<String>,
    #[header] x_request_id: Option<String>,
    #[cookie] session: Option<String>,
) -> Value {
    let _ = (page, search, x_request_id, session);
    json!([])
}

/// Create a product.
#[post("/products/", tags = ["products"], responses(404 = Message))]
async fn create_product(product: Product, #[query(default = false)] dry_run: bool) -> Created {
    let _ = dry_run;
    if product.name == "taken" {
        return Created::Conflict(Message { message: "A product with this name exists".into() });
    }
    Created::Done(product)
}

#[put("/products/{product_id}/size", tags = ["products"], operation_id = "resize", deprecated)]
async fn resize(
    #[path(ge = 1)] product_id: i64,
    dimensions: Dimensions,
    #[body(ge = 1, le = 10)] priority: i32,
) -> Value {
    json!({"product_id": product_id, "dimensions": dimensions, "priority": priority})
}

#[get("/files/{file_path:path}", response_class = PlainText, include_in_schema = true)]
async fn read_file(file_path: String) -> String {
    file_path
}

#[get("/hidden", include_in_schema = false)]
async fn hidden() -> Value {
    json!(null)
}

fn app() -> App {
    App::new()
        .title("Store")
        .version("2.0.0")
        .description("A store, to keep the OpenAPI output under review.")
        .contact(json!({"name": "Store team", "email": "store@example.com"}))
        .openapi_tags(json!([{"name": "products", "description": "Things we sell."}]))
        .routes(routes![list_products, create_product, resize, read_file, hidden])
}

#[tokio::test]
async fn openapi_document_matches_snapshot() {
    let client = TestClient::new(app());
    let got: Value = client.get("/openapi.json").send().await.json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/store_openapi.json");
    let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
    if std::env::var_os("BRISK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("snapshot missing: run with BRISK_UPDATE_SNAPSHOTS=1");
    assert_eq!(pretty, want, "the OpenAPI document changed; review it and update the snapshot");
}

#[tokio::test]
async fn typed_responses_answer_with_their_status() {
    let client = TestClient::new(app());
    let res = client.post("/products/").json(&json!({"name": "Lamp", "price": 3})).send().await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>()["category"], "home");
    let res = client.post("/products/").json(&json!({"name": "taken", "price": 3})).send().await;
    assert_eq!((res.status(), res.json::<Value>()), (409, json!({"message": "A product with this name exists"})));
    let res = client.get("/products/?limit=0").send().await;
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["query", "limit"]));
}
