//! CORS: four origins allowed with credentials, all methods and all headers.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn main() -> Value {
    json!({"message": "Hello World"})
}

pub fn app() -> App {
    let origins =
        ["http://localhost.tiangolo.com", "https://localhost.tiangolo.com", "http://localhost", "http://localhost:8080"];
    crate::fastapi_app()
        .layer(
            CorsMiddleware::new()
                .allow_origins(origins)
                .allow_credentials(true)
                .allow_methods(["*"])
                .allow_headers(["*"]),
        )
        .routes(routes![main])
}
