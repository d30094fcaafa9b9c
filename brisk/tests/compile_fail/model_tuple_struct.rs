use brisk::prelude::*;

#[derive(Model)]
struct Item(String);

fn main() {}
