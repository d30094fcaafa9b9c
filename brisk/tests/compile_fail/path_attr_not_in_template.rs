use brisk::prelude::*;

#[get("/items/")]
async fn read_item(#[path] item_id: i64) -> Json<i64> {
    Json(item_id)
}

fn main() {}
