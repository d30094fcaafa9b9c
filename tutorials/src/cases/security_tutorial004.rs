//! OAuth2 with JWT bearer tokens (HS256, `jsonwebtoken`) and Argon2 password hashes.
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use brisk::prelude::*;
use brisk::security::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, password_request_form};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

const SECRET_KEY: &str = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7";
const ACCESS_TOKEN_EXPIRE_MINUTES: i64 = 30;
const JOHNDOE_HASH: &str = "$argon2id$v=19$m=65536,t=3,p=4$wagCPXjifgvUFBzq4hqe3w$CYaIb8sB+wtD+Vu/P4uod1+Qof8h+1g7bbDlBID48Rc";

static OAUTH2_SCHEME: OAuth2PasswordBearer = OAuth2PasswordBearer::new("token");

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
    exp: i64,
}

fn get_user(username: &str) -> Option<(User, &'static str)> {
    (username == "johndoe").then(|| {
        let user = User {
            username: "johndoe".into(),
            full_name: Some("John Doe".into()),
            email: Some("johndoe@example.com".into()),
            disabled: Some(false),
        };
        (user, JOHNDOE_HASH)
    })
}

fn verify_password(plain: &str, hashed: &str) -> bool {
    PasswordHash::new(hashed).is_ok_and(|h| Argon2::default().verify_password(plain.as_bytes(), &h).is_ok())
}

fn credentials_exception() -> HttpException {
    HttpException::new(401, "Could not validate credentials").header("WWW-Authenticate", "Bearer")
}

#[dependency]
async fn get_current_user(#[security(OAUTH2_SCHEME)] token: String) -> Result<User, HttpException> {
    let data = jsonwebtoken::decode::<Claims>(&token, &DecodingKey::from_secret(SECRET_KEY.as_bytes()), &Validation::default())
        .map_err(|_| credentials_exception())?;
    get_user(&data.claims.sub).map(|(u, _)| u).ok_or_else(credentials_exception)
}

#[dependency]
async fn get_current_active_user(#[depends(get_current_user)] user: User) -> Result<User, HttpException> {
    if user.disabled == Some(true) {
        return Err(HttpException::new(400, "Inactive user"));
    }
    Ok(user)
}

#[post("/token")]
async fn login_for_access_token(
    #[depends(password_request_form)] form_data: OAuth2PasswordRequestForm,
) -> Result<Token, HttpException> {
    let user = get_user(&form_data.username).filter(|(_, hash)| verify_password(&form_data.password, hash));
    let Some((user, _)) = user else {
        return Err(HttpException::new(401, "Incorrect username or password").header("WWW-Authenticate", "Bearer"));
    };
    let exp = chrono::Utc::now().timestamp() + ACCESS_TOKEN_EXPIRE_MINUTES * 60;
    let claims = Claims { sub: user.username, exp };
    let access_token = jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(SECRET_KEY.as_bytes()))
        .map_err(|_| HttpException::new(500, "Could not create a token"))?;
    Ok(Token { access_token, token_type: "bearer".into() })
}

#[get("/users/me/")]
async fn read_users_me(#[depends(get_current_active_user)] current_user: User) -> User {
    current_user
}

#[get("/users/me/items/")]
async fn read_own_items(#[depends(get_current_active_user)] current_user: User) -> Value {
    json!([{"item_id": "Foo", "owner": current_user.username}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![login_for_access_token, read_users_me, read_own_items])
}
