//! The heroes app against FastAPI's own: the OpenAPI document and a sequence of
//! exchanges recorded from FastAPI's tutorial002 app (`tests/fastapi_openapi.json`,
//! `tests/fastapi_exchanges.json`; where they came from is written in them).

mod common;

use brisk::TestClient;
use serde_json::Value;
use sql_heroes::{Config, app};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("the fixture")).expect("JSON")
}

#[tokio::test]
async fn the_openapi_document_is_fastapis() {
    let db = common::TestDb::new().await;
    let client = TestClient::new(app(Config::with_url(&db.url)));
    let mut expected = fixture("fastapi_openapi.json");
    // The app's title is brisk's default, "brisk", where FastAPI's is "FastAPI".
    expected["info"]["title"] = "brisk".into();
    let mut doc: Value = client.get("/openapi.json").send().await.json();
    // The one deliberate difference: `offset` and `limit` may not be negative (`ge=0`).
    for param in doc["paths"]["/heroes/"]["get"]["parameters"].as_array_mut().expect("parameters") {
        let minimum = param["schema"].as_object_mut().and_then(|s| s.shift_remove("minimum"));
        assert_eq!(minimum, Some(0.into()), "{param}");
    }
    assert_eq!(serde_json::to_string(&doc).ok(), serde_json::to_string(&expected).ok());
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn the_exchanges_are_fastapis() {
    let db = common::TestDb::new().await;
    let client = TestClient::new(app(Config::with_url(&db.url)));
    let recorded = fixture("fastapi_exchanges.json");
    let exchanges = recorded["exchanges"].as_array().expect("exchanges");
    assert_eq!(exchanges.len(), 27);
    for x in exchanges {
        let (method, path) = (x["method"].as_str().expect("method"), x["path"].as_str().expect("path"));
        let mut req = client.request(method.parse().expect("a method"), path);
        if !x["json"].is_null() {
            req = req.json(&x["json"]);
        }
        let res = req.send().await;
        let what = format!("{method} {path}");
        assert_eq!(Some(u64::from(res.status())), x["status"].as_u64(), "{what}: {}", res.text());
        assert_eq!(res.header("content-type"), x["content_type"].as_str(), "{what}");
        assert_eq!(Some(res.text().as_str()), x["body"].as_str(), "{what}");
    }
    client.close().await;
    db.drop().await;
}
