use brisk::prelude::*;

#[get("/items/")]
async fn read_items(#[query(gt = "zero")] q: i64) -> Json<i64> {
    Json(q)
}

fn main() {}
