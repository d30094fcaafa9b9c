//! The benchmark app of `../shared/bench/SPEC.md`, written as a brisk user would write it.
//!
//! Seven endpoints: plaintext, JSON, typed path and query parameters with constraints, a
//! validated body with a response model, the 422 of an invalid body, dependencies, and
//! routing among fifty other routes. Serves on `$HOST:$PORT` with one worker thread.

use brisk::prelude::*;
use serde::Serialize;

#[get("/plaintext", response_class = PlainText)]
async fn plaintext() -> &'static str {
    "Hello, World!"
}

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

#[get("/json")]
async fn json() -> Json<Message> {
    Json(Message { message: "Hello, World!" })
}

#[derive(Serialize)]
struct ItemParams {
    item_id: i64,
    q: Option<String>,
    limit: i64,
}

#[get("/items/{item_id}")]
async fn read_item(
    #[path(ge = 1)] item_id: i64,
    #[query(max_length = 50)] q: Option<String>,
    #[query(ge = 1, le = 100, default = 10)] limit: i64,
) -> Json<ItemParams> {
    Json(ItemParams { item_id, q, limit })
}

/// Physical dimensions.
#[derive(Model)]
struct Dimensions {
    #[field(gt = 0)]
    width: f64,
    #[field(gt = 0)]
    height: f64,
    #[field(gt = 0)]
    depth: Option<f64>,
}

/// An item as clients send it.
#[derive(Model)]
struct ItemIn {
    #[field(min_length = 1, max_length = 100)]
    name: String,
    #[field(max_length = 500)]
    description: Option<String>,
    #[field(gt = 0)]
    price: f64,
    #[field(ge = 0)]
    tax: Option<f64>,
    #[field(ge = 1, le = 10000, default = 1)]
    quantity: i64,
    #[field(max_length = 10, default = Vec::new())]
    tags: Vec<String>,
    dimensions: Dimensions,
    #[field(default = true)]
    in_stock: bool,
    #[field(pattern = "^[A-Z]{3}-[0-9]{4}$")]
    sku: String,
    #[field(max_length = 200)]
    secret_note: Option<String>,
}

/// An item as the API returns it: without the secret note.
#[derive(Model)]
struct ItemOut {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    quantity: i64,
    tags: Vec<String>,
    dimensions: Dimensions,
    in_stock: bool,
    sku: String,
}

impl From<ItemIn> for ItemOut {
    fn from(i: ItemIn) -> Self {
        ItemOut {
            name: i.name,
            description: i.description,
            price: i.price,
            tax: i.tax,
            quantity: i.quantity,
            tags: i.tags,
            dimensions: i.dimensions,
            in_stock: i.in_stock,
            sku: i.sku,
        }
    }
}

#[post("/items", status_code = 201)]
async fn create_item(item: ItemIn) -> ItemOut {
    item.into()
}

#[derive(Serialize, Clone)]
struct Commons {
    skip: i64,
    limit: i64,
}

#[dependency]
async fn common_params(#[query(default = 0)] skip: i64, #[query(default = 100)] limit: i64) -> Commons {
    Commons { skip, limit }
}

/// The app's shared database handle.
struct Database {
    name: &'static str,
}

static DATABASE: Database = Database { name: "bench-db" };

#[dependency]
async fn get_db() -> &'static Database {
    &DATABASE
}

#[derive(Serialize, Clone)]
struct Repo {
    db: &'static str,
    table: &'static str,
}

#[dependency]
async fn get_repo(#[depends(get_db)] db: &'static Database) -> Repo {
    Repo { db: db.name, table: "items" }
}

#[dependency]
async fn verify_token(#[header] x_token: String) -> Result<String, HttpException> {
    if x_token != "bench-token" {
        return Err(HttpException::new(401, "Invalid X-Token"));
    }
    Ok(x_token)
}

#[derive(Serialize)]
struct DepsOut {
    commons: Commons,
    repo: Repo,
    token: String,
}

#[get("/deps")]
async fn deps(
    #[depends(common_params)] commons: Commons,
    #[depends(get_repo)] repo: Repo,
    #[depends(verify_token)] token: String,
) -> Json<DepsOut> {
    Json(DepsOut { commons, repo, token })
}

#[derive(Serialize)]
struct Order {
    user_id: i64,
    order_id: i64,
}

#[get("/users/{user_id}/orders/{order_id}")]
async fn read_order(user_id: i64, order_id: i64) -> Json<Order> {
    Json(Order { user_id, order_id })
}

#[derive(Serialize)]
struct Filler {
    filler: u32,
}

/// Five filler routes for one resource, numbered from `$base`.
macro_rules! fillers {
    ($module:ident, $base:expr, $p0:literal, $p1:literal, $p2:literal, $p3:literal, $p4:literal) => {
        mod $module {
            use super::*;
            #[get($p0)]
            pub async fn list() -> Json<Filler> {
                Json(Filler { filler: $base })
            }
            #[get($p1)]
            pub async fn one(_id: String) -> Json<Filler> {
                Json(Filler { filler: $base + 1 })
            }
            #[get($p2)]
            pub async fn history(_id: String) -> Json<Filler> {
                Json(Filler { filler: $base + 2 })
            }
            #[get($p3)]
            pub async fn note(_id: String, _note_id: String) -> Json<Filler> {
                Json(Filler { filler: $base + 3 })
            }
            #[get($p4)]
            pub async fn settings(_id: String) -> Json<Filler> {
                Json(Filler { filler: $base + 4 })
            }
            pub fn routes() -> Vec<brisk::Route> {
                routes![list, one, history, note, settings]
            }
        }
    };
}

fillers!(
    accounts,
    0,
    "/accounts",
    "/accounts/{id}",
    "/accounts/{id}/history",
    "/accounts/{id}/notes/{note_id}",
    "/accounts/{id}/settings"
);
fillers!(
    products,
    5,
    "/products",
    "/products/{id}",
    "/products/{id}/history",
    "/products/{id}/notes/{note_id}",
    "/products/{id}/settings"
);
fillers!(
    invoices,
    10,
    "/invoices",
    "/invoices/{id}",
    "/invoices/{id}/history",
    "/invoices/{id}/notes/{note_id}",
    "/invoices/{id}/settings"
);
fillers!(
    payments,
    15,
    "/payments",
    "/payments/{id}",
    "/payments/{id}/history",
    "/payments/{id}/notes/{note_id}",
    "/payments/{id}/settings"
);
fillers!(
    shipments,
    20,
    "/shipments",
    "/shipments/{id}",
    "/shipments/{id}/history",
    "/shipments/{id}/notes/{note_id}",
    "/shipments/{id}/settings"
);
fillers!(
    customers,
    25,
    "/customers",
    "/customers/{id}",
    "/customers/{id}/history",
    "/customers/{id}/notes/{note_id}",
    "/customers/{id}/settings"
);
fillers!(
    suppliers,
    30,
    "/suppliers",
    "/suppliers/{id}",
    "/suppliers/{id}/history",
    "/suppliers/{id}/notes/{note_id}",
    "/suppliers/{id}/settings"
);
fillers!(
    warehouses,
    35,
    "/warehouses",
    "/warehouses/{id}",
    "/warehouses/{id}/history",
    "/warehouses/{id}/notes/{note_id}",
    "/warehouses/{id}/settings"
);
fillers!(
    reports,
    40,
    "/reports",
    "/reports/{id}",
    "/reports/{id}/history",
    "/reports/{id}/notes/{note_id}",
    "/reports/{id}/settings"
);
fillers!(
    sessions,
    45,
    "/sessions",
    "/sessions/{id}",
    "/sessions/{id}/history",
    "/sessions/{id}/notes/{note_id}",
    "/sessions/{id}/settings"
);

fn app() -> App {
    let mut app = App::new().title("brisk bench").routes(routes![plaintext, json, read_item, create_item, deps]);
    for fillers in [
        accounts::routes(),
        products::routes(),
        invoices::routes(),
        payments::routes(),
        shipments::routes(),
        customers::routes(),
        suppliers::routes(),
        warehouses::routes(),
        reports::routes(),
        sessions::routes(),
    ] {
        app = app.routes(fillers);
    }
    app.routes(routes![read_order])
}

/// One worker thread unless `BRISK_WORKERS` says otherwise; `BRISK_THREADING=per-core`
/// serves with one single-threaded runtime per worker instead of the work-stealing one.
fn main() {
    // The spec: nothing logged per request (uvicorn's `--no-access-log`).
    let mut config = match brisk::server::ServerConfig::from_env() {
        Ok(config) => config.access_log(false),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    config.workers = config.workers.or(Some(1));
    if let Err(e) = config.run(app()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk::model::Validate;

    #[test]
    fn valid_body_takes_the_fast_path() {
        // ../shared/bench/bodies/item_valid.json
        let body = br#"{"name":"Widget Pro","description":"A professional-grade widget for benchmarks.","price":35.4,"tax":3.2,"quantity":120,"tags":["tools","hardware","bench"],"dimensions":{"width":10.5,"height":4.25},"sku":"WID-0042","secret_note":"internal: supplier margin 40%"}"#;
        let r = serde_json::from_slice::<ItemIn>(body);
        assert!(r.is_ok(), "{:?}", r.err());
        assert!(ItemIn::from_json_bytes(body).is_some());
        // A lax value (a numeric string) leaves the fast path; validation still accepts it.
        let lax = br#"{"name":"W","price":"35.4","dimensions":{"width":1,"height":2},"sku":"WID-0042"}"#;
        assert!(ItemIn::from_json_bytes(lax).is_none());
    }
}

#[cfg(test)]
mod endpoint_tests {
    use super::*;
    use serde_json::{Value, json};

    #[tokio::test]
    async fn spec_exchanges() {
        let client = TestClient::new(app());
        let res = client.get("/items/0?limit=500").send().await;
        assert_eq!(res.status(), 422);
        let kinds: Vec<Value> =
            res.json::<Value>()["detail"].as_array().unwrap().iter().map(|d| d["type"].clone()).collect();
        assert_eq!(kinds, vec![json!("greater_than_equal"), json!("less_than_equal")]);
        let res = client.get("/deps?skip=5&limit=20").header("x-token", "bench-token").send().await;
        assert_eq!(
            res.json::<Value>(),
            json!({"commons": {"skip": 5, "limit": 20}, "repo": {"db": "bench-db", "table": "items"}, "token": "bench-token"})
        );
        let res = client.get("/deps").header("x-token", "nope").send().await;
        assert_eq!((res.status(), res.json::<Value>()), (401, json!({"detail": "Invalid X-Token"})));
        let res = client.get("/deps").send().await;
        assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["header", "x-token"]));
        let res = client.get("/warehouses/3/history").send().await;
        assert_eq!(res.json::<Value>(), json!({"filler": 37}));
        let res = client.get("/plaintext").send().await;
        assert_eq!(
            (res.header("content-type"), res.text().as_str()),
            (Some("text/plain; charset=utf-8"), "Hello, World!")
        );
        let res = client
            .post("/items")
            .json(&json!({"name": "", "price": -3.5, "dimensions": {"width": 0, "height": 1}, "sku": "ABC-0001"}))
            .send()
            .await;
        assert_eq!(res.status(), 422);
        let locs: Vec<Value> =
            res.json::<Value>()["detail"].as_array().unwrap().iter().map(|d| d["loc"].clone()).collect();
        assert_eq!(
            locs,
            vec![json!(["body", "name"]), json!(["body", "price"]), json!(["body", "dimensions", "width"])]
        );
    }
}
