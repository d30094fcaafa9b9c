use brisk::prelude::*;

async fn read_items() -> Json<()> {
    Json(())
}

fn main() {
    let _ = read_items;
    let _ = routes![read_items];
}
