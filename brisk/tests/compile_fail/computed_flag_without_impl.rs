use brisk::prelude::*;

/// `#[model(computed)]` but no `#[computed_fields]` impl block.
#[derive(Model)]
#[model(computed)]
struct Rect {
    width: f64,
}

fn main() {}
