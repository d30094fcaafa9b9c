//! Exit code that sees the handler's `InternalError` and raises it again: a 500.
use brisk::depends::{Exit, Yield};
use brisk::prelude::*;

/// The handler's errors.
pub enum ItemError {
    Http(HttpException),
    Internal(String),
}

impl IntoResponse for ItemError {
    fn into_response(self) -> brisk::response::HttpResponse {
        match self {
            ItemError::Http(e) => e.into_response(),
            ItemError::Internal(msg) => brisk::raise(msg),
        }
    }
}

#[dependency]
async fn get_username() -> Yield<String> {
    // The exit code sees the internal error and lets it through (re-raises it).
    Yield::new("Rick".to_owned()).on_exit(|exit: Exit| async move { exit })
}

#[get("/items/{item_id}")]
async fn get_item(item_id: String, #[depends(get_username)] username: String) -> Result<Json<String>, ItemError> {
    if item_id == "portal-gun" {
        return Err(ItemError::Internal(format!("The portal gun is too dangerous to be owned by {username}")));
    }
    if item_id != "plumbus" {
        return Err(ItemError::Http(HttpException::new(404, "Item not found, there's only a plumbus here")));
    }
    Ok(Json(item_id))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_item])
}
