use brisk::prelude::*;

#[derive(Model)]
#[model(colour = "blue")]
struct Item {
    price: f64,
}

fn main() {}
