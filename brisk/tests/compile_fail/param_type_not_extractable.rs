use brisk::prelude::*;

struct NotAParam;

#[get("/items/")]
async fn read_items(#[query] q: NotAParam) -> Json<()> {
    let _ = q;
    Json(())
}

fn main() {}
