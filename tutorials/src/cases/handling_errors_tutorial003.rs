//! A custom error type with a registered exception handler.
use brisk::prelude::*;
use serde_json::{Value, json};

pub struct UnicornException {
    name: String,
}

impl IntoResponse for UnicornException {
    fn into_response(self) -> brisk::response::HttpResponse {
        brisk::raise(self)
    }
}

#[get("/unicorns/{name}")]
async fn read_unicorn(name: String) -> Result<Value, UnicornException> {
    if name == "yolo" {
        return Err(UnicornException { name });
    }
    Ok(json!({"unicorn_name": name}))
}

pub fn app() -> App {
    crate::fastapi_app()
        .exception_handler(|_req: &Request, exc: UnicornException| {
            JsonResponse::new(json!({"message": format!("Oops! {} did something. There goes a rainbow...", exc.name)}))
                .status(418)
                .into_response()
        })
        .routes(routes![read_unicorn])
}
