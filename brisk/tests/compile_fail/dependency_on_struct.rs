use brisk::prelude::*;

#[dependency]
struct Commons {
    q: Option<String>,
}

fn main() {
    let _ = Commons { q: None }.q;
}
