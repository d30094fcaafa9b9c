//! Sub-dependencies: a dependency that depends on another one.
use brisk::prelude::*;
use serde_json::{Value, json};

#[dependency]
fn query_extractor(q: Option<String>) -> Option<String> {
    q
}

#[dependency]
fn query_or_cookie_extractor(
    #[depends(query_extractor)] q: Option<String>,
    #[cookie] last_query: Option<String>,
) -> Option<String> {
    match q {
        Some(q) if !q.is_empty() => Some(q),
        _ => last_query,
    }
}

#[get("/items/")]
async fn read_query(#[depends(query_or_cookie_extractor)] query_or_default: Option<String>) -> Value {
    json!({"q_or_cookie": query_or_default})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_query])
}
