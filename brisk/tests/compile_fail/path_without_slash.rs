use brisk::prelude::*;

#[get("items")]
async fn read_items() -> Json<()> {
    Json(())
}

fn main() {}
