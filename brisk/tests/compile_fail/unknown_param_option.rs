use brisk::prelude::*;

#[get("/items/")]
async fn read_items(#[query(maximum = 3)] q: i64) -> Json<i64> {
    Json(q)
}

fn main() {}
