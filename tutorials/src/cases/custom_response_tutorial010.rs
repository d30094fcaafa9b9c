//! The app's default response class is HTML.
use brisk::prelude::*;

#[get("/items/")]
async fn read_items() -> &'static str {
    "<h1>Items</h1><p>This is a list of items.</p>"
}

pub fn app() -> App {
    crate::fastapi_app().default_response_class(ResponseClass::Html).routes(routes![read_items])
}
