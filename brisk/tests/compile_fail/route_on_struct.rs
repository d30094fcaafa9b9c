use brisk::prelude::*;

#[get("/items/")]
struct Items;

fn main() {
    let _ = Items;
}
