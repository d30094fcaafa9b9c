use brisk::prelude::*;

#[derive(Model)]
struct Page<'a, T> {
    name: &'a str,
    items: Vec<T>,
}

fn main() {}
