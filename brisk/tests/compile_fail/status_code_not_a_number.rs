use brisk::prelude::*;

#[post("/items/", status_code = "created")]
async fn create_item() -> Json<()> {
    Json(())
}

fn main() {}
