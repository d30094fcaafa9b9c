use brisk::prelude::*;

async fn plain() -> i64 {
    1
}

#[get("/items/")]
async fn read_items(#[depends(plain)] n: i64) -> Json<i64> {
    Json(n)
}

fn main() {}
