//! OAuth2 scopes on top of the JWT example: each route requires scopes, checked against
//! the token's `scope` claim through `SecurityScopes`.
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use brisk::prelude::*;
use brisk::security::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, password_request_form};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

const SECRET_KEY: &str = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7";
const JOHNDOE_HASH: &str = "$argon2id$v=19$m=65536,t=3,p=4$wagCPXjifgvUFBzq4hqe3w$CYaIb8sB+wtD+Vu/P4uod1+Qof8h+1g7bbDlBID48Rc";

// ANCHOR: scheme
static OAUTH2_SCHEME: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token")
    .scopes(&[("me", "Read information about the current user."), ("items", "Read items.")]);
// ANCHOR_END: scheme

#[derive(Model)]
pub struct Token {
    access_token: String,
    token_type: String,
}

#[derive(Model, Clone)]
pub struct User {
    username: String,
    email: Option<String>,
    full_name: Option<String>,
    disabled: Option<bool>,
}

#[derive(Serialize, Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    scope: String,
    exp: i64,
}

fn get_user(username: &str) -> Option<User> {
    let user = |name: &str, full: &str, email: &str, disabled: bool| User {
        username: name.into(),
        full_name: Some(full.into()),
        email: Some(email.into()),
        disabled: Some(disabled),
    };
    match username {
        "johndoe" => Some(user("johndoe", "John Doe", "johndoe@example.com", false)),
        "alice" => Some(user("alice", "Alice Chains", "alicechains@example.com", true)),
        _ => None,
    }
}

fn authenticate(username: &str, password: &str) -> Option<User> {
    // Only johndoe's hash is known; alice logs in only through pre-made tokens.
    let hash = (username == "johndoe").then_some(JOHNDOE_HASH)?;
    let ok = PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok());
    ok.then(|| get_user(username)).flatten()
}

// ANCHOR: dependencies
#[dependency]
async fn get_current_user(scopes: SecurityScopes, #[security(OAUTH2_SCHEME)] token: String) -> Result<User, HttpException> {
    let authenticate_value =
        if scopes.scopes().is_empty() { "Bearer".to_owned() } else { format!("Bearer scope=\"{}\"", scopes.scope_str()) };
    let fail = |detail: &str| HttpException::new(401, detail).header("WWW-Authenticate", &authenticate_value);
    let data = jsonwebtoken::decode::<Claims>(&token, &DecodingKey::from_secret(SECRET_KEY.as_bytes()), &Validation::default())
        .map_err(|_| fail("Could not validate credentials"))?;
    let user = get_user(&data.claims.sub).ok_or_else(|| fail("Could not validate credentials"))?;
    let granted: Vec<&str> = data.claims.scope.split_whitespace().collect();
    for scope in scopes.scopes() {
        if !granted.contains(&scope.as_str()) {
            return Err(fail("Not enough permissions"));
        }
    }
    Ok(user)
}

#[dependency]
async fn get_current_active_user(#[depends(get_current_user, scopes = ["me"])] user: User) -> Result<User, HttpException> {
    if user.disabled == Some(true) {
        return Err(HttpException::new(400, "Inactive user"));
    }
    Ok(user)
}
// ANCHOR_END: dependencies

#[post("/token")]
async fn login_for_access_token(
    #[depends(password_request_form)] form_data: OAuth2PasswordRequestForm,
) -> Result<Token, HttpException> {
    let user = authenticate(&form_data.username, &form_data.password)
        .ok_or_else(|| HttpException::new(400, "Incorrect username or password"))?;
    let exp = chrono::Utc::now().timestamp() + 30 * 60;
    let claims = Claims { sub: user.username, scope: form_data.scopes.join(" "), exp };
    let access_token = jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(SECRET_KEY.as_bytes()))
        .map_err(|_| HttpException::new(500, "Could not create a token"))?;
    Ok(Token { access_token, token_type: "bearer".into() })
}

// ANCHOR: routes
#[get("/users/me/")]
async fn read_users_me(#[depends(get_current_active_user)] current_user: User) -> User {
    current_user
}

#[get("/users/me/items/")]
async fn read_own_items(#[depends(get_current_active_user, scopes = ["items"])] current_user: User) -> Value {
    json!([{"item_id": "Foo", "owner": current_user.username}])
}

#[get("/status/")]
async fn read_system_status(#[depends(get_current_user)] _current_user: User) -> Value {
    json!({"status": "ok"})
}
// ANCHOR_END: routes

pub fn app() -> App {
    crate::fastapi_app().routes(routes![login_for_access_token, read_users_me, read_own_items, read_system_status])
}
