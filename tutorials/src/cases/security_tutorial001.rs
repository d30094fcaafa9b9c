//! OAuth2 password bearer: the token as given, or FastAPI's 401.
use brisk::prelude::*;
use brisk::security::OAuth2PasswordBearer;
use serde_json::{Value, json};

static OAUTH2_SCHEME: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token");

#[get("/items/")]
async fn read_items(#[security(OAUTH2_SCHEME)] token: String) -> Value {
    json!({"token": token})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
