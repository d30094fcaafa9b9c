use brisk::prelude::*;

#[get("/items/")]
async fn read_items(#[query] #[header] q: String) -> Json<String> {
    Json(q)
}

fn main() {}
