//! More OpenAPI servers, without the root path's (`root_path_in_servers = false`).
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/app")]
fn read_main(request: Request) -> Value {
    json!({"message": "Hello World", "root_path": request.root_path()})
}

pub fn app() -> App {
    crate::fastapi_app()
        .server(json!({"url": "https://stag.example.com", "description": "Staging environment"}))
        .server(json!({"url": "https://prod.example.com", "description": "Production environment"}))
        .root_path_in_servers(false)
        .routes(routes![read_main])
}
