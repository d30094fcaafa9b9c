use brisk::prelude::*;

#[derive(Model)]
enum Kind {
    Plain,
    WithData { size: i64 },
}

fn main() {}
