//! Replacing the HttpException and validation-error handlers with plain-text ones.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: i64) -> Result<Value, HttpException> {
    if item_id == 3 {
        return Err(HttpException::new(418, "Nope! I don't like 3."));
    }
    Ok(json!({"item_id": item_id}))
}

/// Python's `repr` of a location tuple: `('path', 'item_id')`.
fn loc_tuple(loc: &[brisk::error::LocItem]) -> String {
    let items: Vec<String> = loc
        .iter()
        .map(|l| match l {
            brisk::error::LocItem::Key(k) => format!("'{k}'"),
            brisk::error::LocItem::Index(i) => i.to_string(),
        })
        .collect();
    if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
}

pub fn app() -> App {
    crate::fastapi_app()
        .http_exception_handler(|_req, exc| {
            let detail = match exc.detail() {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            PlainTextResponse::new(detail).status(exc.status().as_u16()).into_response()
        })
        .validation_exception_handler(|_req, errors| {
            let mut message = String::from("Validation errors:");
            for e in errors.errors() {
                message.push_str(&format!("\nField: {}, Error: {}", loc_tuple(&e.loc), e.msg));
            }
            PlainTextResponse::new(message).status(400).into_response()
        })
        .routes(routes![read_item])
}

