//! The guide's front page: a first app, served by `main`, exercised through `TestClient`.

// ANCHOR: app
use brisk::prelude::*;

#[get("/items/{item_id}")]
async fn read_item(item_id: i64, q: Option<String>) -> serde_json::Value {
    serde_json::json!({"item_id": item_id, "q": q})
}

fn app() -> App {
    App::new().routes(routes![read_item])
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    brisk::serve(app()).await // HOST and PORT choose where: 127.0.0.1:8000 by default
}
// ANCHOR_END: app

#[tokio::test]
async fn reads_the_path_and_the_query() {
    let client = TestClient::new(app());
    let res = client.get("/items/5?q=somequery").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), r#"{"item_id":5,"q":"somequery"}"#);
}

#[tokio::test]
async fn refuses_an_item_id_that_is_not_an_integer() {
    let client = TestClient::new(app());
    let res = client.get("/items/foo").send().await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json();
    assert_eq!(body["detail"][0]["type"], "int_parsing");
    assert_eq!(body["detail"][0]["loc"], serde_json::json!(["path", "item_id"]));
}
