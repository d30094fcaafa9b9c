use brisk::prelude::*;

#[dependency]
const LIMIT: i64 = 10;

fn main() {
    let _ = LIMIT;
}
