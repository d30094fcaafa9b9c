use brisk::prelude::*;

#[derive(Model)]
#[model(computed)]
struct Rect {
    width: f64,
}

#[computed_fields]
impl Rect {
    /// Takes an argument.
    #[model(computed)]
    fn scaled(&self, by: f64) -> f64 {
        self.width * by
    }

    /// Takes `self` by value.
    #[model(computed)]
    fn owned(self) -> f64 {
        self.width
    }

    /// Takes `&mut self`.
    #[model(computed)]
    fn mutating(&mut self) -> f64 {
        self.width
    }

    /// Has no receiver.
    #[model(computed)]
    fn unit() -> f64 {
        1.0
    }

    /// Returns nothing.
    #[model(computed)]
    fn nothing(&self) {}

    /// An unknown option.
    #[model(computed, readonly)]
    fn area(&self) -> f64 {
        self.width
    }
}

fn main() {}
