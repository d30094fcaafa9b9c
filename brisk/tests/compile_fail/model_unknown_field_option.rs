use brisk::prelude::*;

#[derive(Model)]
struct Item {
    #[field(maximum = 3)]
    price: f64,
}

fn main() {}
