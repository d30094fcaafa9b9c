use brisk::prelude::*;

#[derive(Model)]
struct Item {
    #[field(gt = "zero")]
    price: f64,
}

fn main() {}
