//! A dependency with exit code that runs before the response is sent.
use brisk::depends::{Exit, Yield};
use brisk::prelude::*;

#[dependency]
async fn get_username() -> Yield<String> {
    Yield::new("Rick".to_owned()).on_exit(|exit: Exit| async move { exit })
}

#[get("/users/me")]
async fn get_user_me(#[depends(get_username)] username: String) -> Json<String> {
    Json(username)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_user_me])
}
