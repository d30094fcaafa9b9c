use brisk::prelude::*;

#[get]
async fn read_items() -> Json<()> {
    Json(())
}

fn main() {}
