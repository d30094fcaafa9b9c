//! `response_model = UserOut` filters the password out of the returned input.
use brisk::prelude::*;
use brisk::types::EmailStr;

#[derive(Model)]
pub struct UserIn {
    username: String,
    password: String,
    email: EmailStr,
    full_name: Option<String>,
}

#[derive(Model)]
pub struct UserOut {
    username: String,
    email: EmailStr,
    full_name: Option<String>,
}

#[post("/user/", response_model = UserOut)]
async fn create_user(user: UserIn) -> UserIn {
    user
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_user])
}
