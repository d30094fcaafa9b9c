//! The input model returned as it is, password included (the anti-pattern the tutorial
//! warns about), with the e-mail address validated.
use brisk::prelude::*;
use brisk::types::EmailStr;

#[derive(Model)]
pub struct UserIn {
    username: String,
    password: String,
    email: EmailStr,
    full_name: Option<String>,
}

// Don't do this in production!
#[post("/user/")]
async fn create_user(user: UserIn) -> UserIn {
    user
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_user])
}
