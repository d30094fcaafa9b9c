use brisk::prelude::*;

struct Public {
    name: String,
}

#[get("/items/", response_model = Public)]
async fn read_item() -> Json<String> {
    Json(Public { name: "a".into() }.name)
}

fn main() {}
