//! A custom validator on a query parameter (FastAPI's `AfterValidator`).
use brisk::prelude::*;
use serde_json::{Value, json};

const DATA: [(&str, &str); 3] = [
    ("isbn-9781529046137", "The Hitchhiker's Guide to the Galaxy"),
    ("imdb-tt0371724", "The Hitchhiker's Guide to the Galaxy"),
    ("isbn-9781439512982", "Isaac Asimov: The Complete Stories, Vol. 2"),
];

fn check_valid_id(id: &Option<String>) -> Result<(), &'static str> {
    match id {
        Some(id) if !(id.starts_with("isbn-") || id.starts_with("imdb-")) => {
            Err("Invalid ID format, it must start with \"isbn-\" or \"imdb-\"")
        }
        _ => Ok(()),
    }
}

#[get("/items/")]
async fn read_items(#[query(validator = check_valid_id)] id: Option<String>) -> Value {
    match id {
        Some(id) => {
            let name = DATA.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
            json!({"id": id, "name": name})
        }
        None => {
            // A random entry, as the tutorial's `random.choice`.
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos());
            let (id, name) = DATA[nanos.unwrap_or(0) as usize % DATA.len()];
            json!({"id": id, "name": name})
        }
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
