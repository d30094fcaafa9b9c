//! The input extends the output model with a password; the route answers the base
//! model, so the password is dropped.
use brisk::prelude::*;
use brisk::types::EmailStr;

#[derive(Model)]
pub struct BaseUser {
    username: String,
    email: EmailStr,
    full_name: Option<String>,
}

#[derive(Model)]
pub struct UserIn {
    username: String,
    email: EmailStr,
    full_name: Option<String>,
    password: String,
}

#[post("/user/", response_model = BaseUser)]
async fn create_user(user: UserIn) -> UserIn {
    user
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_user])
}
