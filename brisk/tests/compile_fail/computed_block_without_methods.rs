use brisk::prelude::*;

#[derive(Model)]
#[model(computed)]
struct Rect {
    width: f64,
}

#[computed_fields]
impl Rect {
    fn double(&self) -> f64 {
        self.width * 2.0
    }
}

fn main() {}
