use brisk::prelude::*;

static TOKEN: &str = "secret";

#[get("/items/")]
async fn read_items(#[security(TOKEN)] token: String) -> Json<String> {
    Json(token)
}

fn main() {}
