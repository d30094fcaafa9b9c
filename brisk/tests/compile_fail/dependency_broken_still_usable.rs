use brisk::prelude::*;

#[dependency]
async fn get_db(#[query(maximum = 3)] limit: i64) -> i64 {
    limit
}

// Uses of the dependency add no error of their own.
#[get("/items/")]
async fn read_items(#[depends(get_db)] db: i64) -> Json<i64> {
    Json(db)
}

fn main() {
    let _ = routes![read_items];
}
