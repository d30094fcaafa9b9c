//! The root path set on the app itself: reported, listed as OpenAPI server, and removed
//! from paths that still carry it.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/app")]
fn read_main(request: Request) -> Value {
    json!({"message": "Hello World", "root_path": request.root_path()})
}

pub fn app() -> App {
    crate::fastapi_app().root_path("/api/v1").routes(routes![read_main])
}
