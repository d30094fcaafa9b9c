//! "Dependencies with yield": a session opened per request, committed or rolled back and
//! closed by the dependency's exit code, which sees the error the handler raised.

use std::sync::Mutex;

use serde_json::{Value, json};

/// What happened to the sessions, in order (a stand-in for a real database).
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn log(line: String) {
    LOG.lock().unwrap_or_else(|e| e.into_inner()).push(line);
}

// ANCHOR: get_db
use brisk::depends::{Exit, Yield};
use brisk::prelude::*;

/// A database session.
#[derive(Clone)]
struct DbSession;

impl DbSession {
    fn open() -> Self {
        log("open".into());
        DbSession
    }
    fn execute(&self, sql: &str) {
        log(sql.into());
    }
}

/// FastAPI's `db = SessionLocal(); try: yield db ... finally: db.close()`.
#[dependency]
async fn get_db() -> Yield<DbSession> {
    let db = DbSession::open();
    let session = db.clone();
    Yield::new(db).on_exit(|exit: Exit| async move {
        // Runs once the response is sent; or, when the handler failed, before the error
        // is answered, seeing it.
        session.execute(if exit.is_ok() { "commit" } else { "rollback" });
        session.execute("close");
        exit // returned unchanged: the handler's error (if any) is the answer
    })
}

#[get("/items/{item_id}")]
async fn read_item(item_id: String, #[depends(get_db)] db: DbSession) -> Result<Value, HttpException> {
    db.execute(&format!("select {item_id}"));
    if item_id != "foo" {
        return Err(HttpException::new(404, "Item not found"));
    }
    Ok(json!({"item_id": item_id}))
}
// ANCHOR_END: get_db

#[tokio::test]
async fn commits_or_rolls_back_then_closes() {
    let client = TestClient::new(App::new().routes(routes![read_item]));

    let res = client.get("/items/foo").send().await;
    assert_eq!((res.status(), res.text()), (200, r#"{"item_id":"foo"}"#.to_owned()));
    // A success's exit code runs on its own task once the body is sent: wait for it.
    for _ in 0..200 {
        if LOG.lock().unwrap_or_else(|e| e.into_inner()).len() == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let res = client.get("/items/bar").send().await;
    assert_eq!((res.status(), res.text()), (404, r#"{"detail":"Item not found"}"#.to_owned()));

    let log = LOG.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let expected = ["open", "select foo", "commit", "close", "open", "select bar", "rollback", "close"];
    assert_eq!(log, expected);
}
