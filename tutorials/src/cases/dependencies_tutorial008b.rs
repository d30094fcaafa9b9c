//! A dependency with exit code (FastAPI's `yield`) that turns the handler's `OwnerError`
//! into an `HttpException`.
use brisk::depends::{Exit, Yield};
use brisk::prelude::*;
use serde_json::{Value, json};

/// The handler's errors: FastAPI's `HTTPException` or the tutorial's `OwnerError`.
pub enum ItemError {
    Http(HttpException),
    Owner(String),
}

impl IntoResponse for ItemError {
    fn into_response(self) -> brisk::response::HttpResponse {
        match self {
            ItemError::Http(e) => e.into_response(),
            ItemError::Owner(name) => brisk::raise(name),
        }
    }
}

#[dependency]
async fn get_username() -> Yield<String> {
    Yield::new("Rick".to_owned()).on_exit(|mut exit: Exit| async move {
        if let Some(ItemError::Owner(name)) = exit.error::<ItemError>() {
            let detail = format!("Owner error: {name}");
            exit.raise(HttpException::new(400, detail));
        }
        exit
    })
}

#[get("/items/{item_id}")]
async fn get_item(item_id: String, #[depends(get_username)] username: String) -> Result<Value, ItemError> {
    let data = json!({
        "plumbus": {"description": "Freshly pickled plumbus", "owner": "Morty"},
        "portal-gun": {"description": "Gun to create portals", "owner": "Rick"},
    });
    let Some(item) = data.get(&item_id) else {
        return Err(ItemError::Http(HttpException::new(404, "Item not found")));
    };
    if item["owner"] != username.as_str() {
        return Err(ItemError::Owner(username));
    }
    Ok(item.clone())
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_item])
}
