use brisk::prelude::*;

#[derive(Model)]
#[model(rename_all = "camel")]
struct Item {
    unit_price: f64,
}

fn main() {}
