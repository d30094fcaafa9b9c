//! The bench app itself (`app()`), shared by the `bench` example, the allocation test and
//! `cargo bench` (`benches/hot_paths.rs`), which include this file.

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
pub(crate) struct ItemIn {
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

/// The bench app: the seven endpoints of the spec among fifty filler routes.
pub fn app() -> App {
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
