//! The simple OAuth2 password flow: a token endpoint reading the password form, and the
//! current user from the bearer token.
use brisk::prelude::*;
use brisk::security::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, password_request_form};
use serde_json::{Value, json};

static OAUTH2_SCHEME: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token");

#[derive(Model, Clone)]
pub struct UserInDb {
    username: String,
    email: Option<String>,
    full_name: Option<String>,
    disabled: Option<bool>,
    hashed_password: String,
}

fn fake_users_db(username: &str) -> Option<UserInDb> {
    let user = |username: &str, full_name: &str, email: &str, hashed: &str, disabled: bool| UserInDb {
        username: username.into(),
        full_name: Some(full_name.into()),
        email: Some(email.into()),
        hashed_password: hashed.into(),
        disabled: Some(disabled),
    };
    match username {
        "johndoe" => Some(user("johndoe", "John Doe", "johndoe@example.com", "fakehashedsecret", false)),
        "alice" => Some(user("alice", "Alice Wonderson", "alice@example.com", "fakehashedsecret2", true)),
        _ => None,
    }
}

fn fake_hash_password(password: &str) -> String {
    format!("fakehashed{password}")
}

#[dependency]
async fn get_current_user(#[security(OAUTH2_SCHEME)] token: String) -> Result<UserInDb, HttpException> {
    // This doesn't provide any security at all: the token is the username.
    fake_users_db(&token).ok_or_else(|| {
        HttpException::new(401, "Not authenticated").header("WWW-Authenticate", "Bearer")
    })
}

#[dependency]
async fn get_current_active_user(#[depends(get_current_user)] user: UserInDb) -> Result<UserInDb, HttpException> {
    if user.disabled == Some(true) {
        return Err(HttpException::new(400, "Inactive user"));
    }
    Ok(user)
}

#[post("/token")]
async fn login(#[depends(password_request_form)] form_data: OAuth2PasswordRequestForm) -> Result<Value, HttpException> {
    let user = fake_users_db(&form_data.username).ok_or_else(|| HttpException::new(400, "Incorrect username or password"))?;
    if fake_hash_password(&form_data.password) != user.hashed_password {
        return Err(HttpException::new(400, "Incorrect username or password"));
    }
    Ok(json!({"access_token": user.username, "token_type": "bearer"}))
}

#[get("/users/me")]
async fn read_users_me(#[depends(get_current_active_user)] current_user: UserInDb) -> Json<UserInDb> {
    Json(current_user)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![login, read_users_me])
}
