use brisk::prelude::*;

#[get("/items/")]
async fn read_items((a, b): (i64, i64)) -> Json<i64> {
    Json(a + b)
}

fn main() {}
