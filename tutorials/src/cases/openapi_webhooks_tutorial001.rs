//! An OpenAPI webhook: a request the API sends to its users, only documented.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Subscription {
    username: String,
    monthly_fee: f64,
    start_date: DateTime,
}

/// When a new user subscribes to your service we'll send you a POST request with this
/// data to the URL that you register for the event `new-subscription` in the dashboard.
#[post("new-subscription", webhook)]
async fn new_subscription(body: Subscription) -> Json<Value> {
    let _ = body;
    Json(Value::Null)
}

#[get("/users/")]
async fn read_users() -> Value {
    json!(["Rick", "Morty"])
}

pub fn app() -> App {
    crate::fastapi_app().webhooks(routes![new_subscription]).routes(routes![read_users])
}
