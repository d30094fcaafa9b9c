use brisk::prelude::*;

#[get("/items/", response_class = Xml)]
async fn read_items() -> &'static str {
    "<items/>"
}

fn main() {}
