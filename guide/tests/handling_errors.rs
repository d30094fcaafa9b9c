//! "Handling Errors": `?` in a handler returning `brisk::Result`, beside `HttpException`.

use brisk::prelude::*;

// ANCHOR: result
use brisk::result::Context as _;

/// Reads an item's stock from a file named after it: a plain `fn`, it does blocking I/O.
#[get("/stock/{name}")]
fn read_stock(name: String) -> brisk::Result<Json<u32>> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        // An HttpException through `?` is answered by the HttpException handler.
        Err(HttpException::new(400, "Invalid item name"))?;
    }
    let dir = std::env::temp_dir().join("brisk-guide-stock");
    let text = std::fs::read_to_string(dir.join(&name)).context("reading the stock file")?; // a logged 500
    let count: u32 = text.trim().parse().context("parsing the stock file")?; // a logged 500
    Ok(Json(count))
}
// ANCHOR_END: result

fn app() -> App {
    App::new().routes(routes![read_stock])
}

#[tokio::test]
async fn answers_the_value_a_400_or_a_500() {
    let dir = std::env::temp_dir().join("brisk-guide-stock");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    std::fs::write(dir.join("apples"), "12\n").expect("a temporary file");
    std::fs::write(dir.join("pears"), "a dozen").expect("a temporary file");
    let client = TestClient::new(app());

    let res = client.get("/stock/apples").send().await;
    assert_eq!((res.status(), res.text()), (200, "12".to_owned()));

    let res = client.get("/stock/a.b").send().await;
    assert_eq!((res.status(), res.text()), (400, r#"{"detail":"Invalid item name"}"#.to_owned()));

    for name in ["pears", "plums"] {
        let res = client.get(&format!("/stock/{name}")).send().await;
        assert_eq!(res.status(), 500, "{name}");
        assert_eq!(res.text(), "Internal Server Error");
        assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    }
}
