use brisk::prelude::*;

#[dependency]
async fn get_db() -> i64 {
    1
}

#[get("/items/")]
async fn read_items(#[depends(get_db, cache = false)] db: i64) -> Json<i64> {
    Json(db)
}

fn main() {}
