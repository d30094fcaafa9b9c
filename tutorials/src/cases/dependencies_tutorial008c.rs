//! Exit code that catches the handler's `InternalError` and does not re-raise it: the
//! request still ends as a 500.
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
    Yield::new("Rick".to_owned()).on_exit(|mut exit: Exit| async move {
        if let Some(ItemError::Internal(_)) = exit.error::<ItemError>() {
            // "We don't swallow the internal error here, we raise again": not in this one.
            exit.take_error();
        }
        exit
    })
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
