//! The smallest app: `GET /` answers a greeting.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn root() -> Value {
    json!({"message": "Hello World"})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![root])
}
