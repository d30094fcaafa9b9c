//! A current-user dependency built on the OAuth2 bearer token.
use brisk::prelude::*;
use brisk::security::OAuth2PasswordBearer;

static OAUTH2_SCHEME: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token");

#[derive(Model, Clone)]
pub struct User {
    username: String,
    email: Option<String>,
    full_name: Option<String>,
    disabled: Option<bool>,
}

fn fake_decode_token(token: &str) -> User {
    User {
        username: format!("{token}fakedecoded"),
        email: Some("john@example.com".into()),
        full_name: Some("John Doe".into()),
        disabled: None,
    }
}

#[dependency]
async fn get_current_user(#[security(OAUTH2_SCHEME)] token: String) -> User {
    fake_decode_token(&token)
}

#[get("/users/me")]
async fn read_users_me(#[depends(get_current_user)] current_user: User) -> Json<User> {
    Json(current_user)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_users_me])
}
