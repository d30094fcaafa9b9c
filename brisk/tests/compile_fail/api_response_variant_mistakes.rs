use brisk::prelude::*;

#[derive(Model)]
struct Item {
    name: String,
}

#[derive(ApiResponse)]
enum Answer {
    #[response(status = 200)]
    Found(Item),
    Missing,
    #[response(status = 409, colour = "red")]
    Conflict,
}

#[get("/items/")]
async fn read_item() -> Answer {
    Answer::Found(Item { name: "a".into() })
}

fn main() {}
