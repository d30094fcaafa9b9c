use brisk::prelude::*;

#[derive(Model)]
struct Page<T> {
    items: Vec<T>,
}

fn main() {}
