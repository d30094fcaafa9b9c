//! HTTP Basic with a constant-time credential check.
use brisk::prelude::*;
use brisk::security::{HttpBasic, HttpBasicCredentials};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

static SECURITY: HttpBasic = HttpBasic::new();

#[dependency]
async fn get_current_username(#[security(SECURITY)] credentials: HttpBasicCredentials) -> Result<String, HttpException> {
    let user_ok: bool = credentials.username.as_bytes().ct_eq(b"stanleyjobson").into();
    let pass_ok: bool = credentials.password.as_bytes().ct_eq(b"swordfish").into();
    if !(user_ok && pass_ok) {
        return Err(HttpException::new(401, "Incorrect username or password").header("WWW-Authenticate", "Basic"));
    }
    Ok(credentials.username)
}

#[get("/users/me")]
async fn read_current_user(#[depends(get_current_username)] username: String) -> Value {
    json!({"username": username})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_current_user])
}
