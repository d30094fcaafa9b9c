use brisk::prelude::*;

struct NotFound;

#[get("/items/")]
async fn read_items() -> Result<Json<i64>, NotFound> {
    Err(NotFound)
}

fn main() {}
