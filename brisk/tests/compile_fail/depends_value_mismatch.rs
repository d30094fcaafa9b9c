use brisk::prelude::*;

#[dependency]
async fn get_count() -> i64 {
    1
}

#[get("/items/")]
async fn read_items(#[depends(get_count)] count: String) -> Json<String> {
    Json(count)
}

fn main() {}
