use brisk::prelude::*;

/// A `#[computed_fields]` impl block, but the derive lacks `#[model(computed)]`.
#[derive(Model)]
struct Rect {
    width: f64,
}

#[computed_fields]
impl Rect {
    #[model(computed)]
    fn double(&self) -> f64 {
        self.width * 2.0
    }
}

fn main() {}
