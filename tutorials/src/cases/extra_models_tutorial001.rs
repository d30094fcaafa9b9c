//! Input, output and database models of a user: the password is hashed into the stored
//! model and filtered out of the response by `response_model = UserOut`.
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

#[derive(Model)]
pub struct UserInDB {
    username: String,
    hashed_password: String,
    email: EmailStr,
    full_name: Option<String>,
}

fn fake_password_hasher(raw_password: &str) -> String {
    format!("supersecret{raw_password}")
}

fn fake_save_user(user_in: UserIn) -> UserInDB {
    let hashed_password = fake_password_hasher(&user_in.password);
    let user_in_db =
        UserInDB { username: user_in.username, hashed_password, email: user_in.email, full_name: user_in.full_name };
    println!("User saved! ..not really");
    user_in_db
}

#[post("/user/", response_model = UserOut)]
async fn create_user(user_in: UserIn) -> UserInDB {
    fake_save_user(user_in)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_user])
}
