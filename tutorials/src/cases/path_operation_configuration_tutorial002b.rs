//! Tags taken from an enum, as FastAPI accepts `Enum` members: any constant `&str`
//! expression (here a `const fn`) names a tag.
use brisk::prelude::*;
use serde_json::{Value, json};

/// The tags of the app's operations.
pub enum Tags {
    Items,
    Users,
}

impl Tags {
    /// The tag's name in OpenAPI.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Tags::Items => "items",
            Tags::Users => "users",
        }
    }
}

#[get("/items/", tags = [Tags::Items.as_str()])]
async fn get_items() -> Value {
    json!(["Portal gun", "Plumbus"])
}

#[get("/users/", tags = [Tags::Users.as_str()])]
async fn read_users() -> Value {
    json!(["Rick", "Morty"])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_items, read_users])
}
