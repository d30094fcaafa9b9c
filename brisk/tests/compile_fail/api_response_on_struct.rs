use brisk::prelude::*;

#[derive(ApiResponse)]
struct Answer {
    body: String,
}

fn main() {}
