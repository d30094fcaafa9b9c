use brisk::prelude::*;

#[get("/items/{item_id}")]
async fn read_item(#[query] item_id: i64) -> Json<i64> {
    Json(item_id)
}

fn main() {}
