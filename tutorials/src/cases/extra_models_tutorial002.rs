//! The user models sharing their common fields (pydantic's `UserBase` parent): each model
//! lists the base's fields first, then its own.
use brisk::prelude::*;
use brisk::types::EmailStr;

#[derive(Model)]
pub struct UserIn {
    username: String,
    email: EmailStr,
    full_name: Option<String>,
    password: String,
}

#[derive(Model)]
pub struct UserOut {
    username: String,
    email: EmailStr,
    full_name: Option<String>,
}

#[derive(Model)]
pub struct UserInDB {
    username: String,
    email: EmailStr,
    full_name: Option<String>,
    hashed_password: String,
}

fn fake_password_hasher(raw_password: &str) -> String {
    format!("supersecret{raw_password}")
}

fn fake_save_user(user_in: UserIn) -> UserInDB {
    let hashed_password = fake_password_hasher(&user_in.password);
    println!("User saved! ..not really");
    UserInDB { username: user_in.username, email: user_in.email, full_name: user_in.full_name, hashed_password }
}

#[post("/user/", response_model = UserOut)]
async fn create_user(user_in: UserIn) -> UserInDB {
    fake_save_user(user_in)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_user])
}
