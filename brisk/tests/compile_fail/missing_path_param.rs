use brisk::prelude::*;

#[get("/items/{item_id}")]
async fn read_item() -> Json<()> {
    Json(())
}

fn main() {}
