use brisk::prelude::*;

#[get("/items/{item_id}", colour = "blue")]
async fn read_item(#[query(maximum = 3)] q: i64, #[query] #[header] item_id: String) -> Json<String> {
    Json(format!("{q}{item_id}"))
}

fn main() {
    // The function and its route still exist: no error here.
    let _ = read_item;
    let _ = routes![read_item];
}
