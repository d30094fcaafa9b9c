use brisk::prelude::*;

#[get(tags = ["items"])]
async fn read_items() -> Json<()> {
    Json(())
}

fn main() {}
