//! Testing lifespan events (FastAPI's `docs_src/app_testing/tutorial003.py` and
//! `tutorial004.py`): the `TestClient` runs the startup before the first request and the
//! shutdown at `close()`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use brisk::prelude::*;
use serde_json::{Value, json};

// ANCHOR: lifespan
/// The items, loaded at startup.
struct Items(HashMap<String, Value>);

#[get("/items/{item_id}")]
async fn read_items(item_id: String, items: State<Items>) -> Result<Value, HttpException> {
    items.0.get(&item_id).cloned().ok_or_else(|| HttpException::new(404, "Item not found"))
}

/// The app; `shut_down` is set when the lifespan's shutdown runs.
fn app(shut_down: Arc<AtomicBool>) -> App {
    App::new().routes(routes![read_items]).lifespan(move || {
        let shut_down = shut_down.clone(); // the lifespan may run more than once (a test per client)
        async move {
            let items = HashMap::from([("foo".to_owned(), json!({"name": "Fighters"}))]);
            Ok(Lifespan::new().state(Items(items)).on_shutdown(async move {
                shut_down.store(true, Ordering::SeqCst);
            }))
        }
    })
}
// ANCHOR_END: lifespan

// ANCHOR: test
#[tokio::test]
async fn test_read_items() {
    let shut_down = Arc::new(AtomicBool::new(false));
    let client = TestClient::new(app(shut_down.clone()));
    // The startup runs before the first request: the items are there.
    let response = client.get("/items/foo").send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"name": "Fighters"}));
    assert!(!shut_down.load(Ordering::SeqCst));
    // `close` runs the shutdown, as leaving `with TestClient(app)` does.
    client.close().await;
    assert!(shut_down.load(Ordering::SeqCst));
}
// ANCHOR_END: test

// ANCHOR: start
#[tokio::test]
async fn test_startup_without_a_request() {
    let client = TestClient::new(app(Arc::new(AtomicBool::new(false))));
    client.start().await.expect("the startup succeeds");
    client.close().await;
}
// ANCHOR_END: start
