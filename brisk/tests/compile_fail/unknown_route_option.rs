use brisk::prelude::*;

#[get("/items/", colour = "blue")]
async fn read_items() -> Json<()> {
    Json(())
}

fn main() {}
