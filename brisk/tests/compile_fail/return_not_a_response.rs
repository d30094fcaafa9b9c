use brisk::prelude::*;

struct Plain;

#[get("/items/")]
async fn read_items() -> Plain {
    Plain
}

fn main() {}
