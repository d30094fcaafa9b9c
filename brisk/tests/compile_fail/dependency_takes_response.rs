use brisk::prelude::*;

#[dependency]
async fn set_header(response: &mut Response) -> i64 {
    let _ = response;
    1
}

fn main() {}
