//! Served behind a proxy that strips `/api/v1` (the server's root path, uvicorn's
//! `--root-path`): the app reports it and lists it as its OpenAPI server.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/app")]
fn read_main(request: Request) -> Value {
    json!({"message": "Hello World", "root_path": request.root_path()})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_main])
}
