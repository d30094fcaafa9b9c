//! Every endpoint and error of the heroes app through `TestClient`, each test on a fresh
//! database (in-memory SQLite, or a new Postgres database when `DATABASE_URL` names a
//! server: `e2e/postgres.sh`).

mod common;

use brisk::TestClient;
use brisk::depends::Yield;
use brisk::prelude::*;
use brisk::state::State;
use common::TestDb;
use serde_json::{Value, json};
use sql_heroes::{Config, Session, app, get_session};

/// The app on `db`, started.
async fn client(db: &TestDb) -> TestClient {
    let client = TestClient::new(app(Config::with_url(&db.url)));
    client.start().await.expect("the app starts");
    client
}

async fn create(client: &TestClient, hero: Value) -> Value {
    let res = client.post("/heroes/").json(&hero).send().await;
    assert_eq!(res.status(), 200, "{}", res.text());
    res.json()
}

#[tokio::test]
async fn create_answers_the_public_hero_without_its_secret_name() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    let hero = create(&client, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
    assert_eq!(hero, json!({"name": "Deadpond", "age": null, "id": 1}));
    assert_eq!(
        hero.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["name".into(), "age".into(), "id".into()])
    );
    let res = client.get("/heroes/1").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), r#"{"name":"Deadpond","age":null,"id":1}"#);
    let aged = create(&client, json!({"name": "Rusty-Man", "age": 48, "secret_name": "Tommy Sharp"})).await;
    assert_eq!(aged, json!({"name": "Rusty-Man", "age": 48, "id": 2}));
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn create_validates_the_body_as_fastapi_does() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    let res = client.post("/heroes/").json(&json!({"name": "Deadpond", "age": "old"})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>(),
        json!({"detail": [
            {"type": "int_parsing", "loc": ["body", "age"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "old"},
            {"type": "missing", "loc": ["body", "secret_name"], "msg": "Field required", "input": {"name": "Deadpond", "age": "old"}},
        ]})
    );
    assert_eq!(client.get("/heroes/").send().await.json::<Value>(), json!([]));
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_name_taken_is_a_409_and_nothing_is_written() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    create(&client, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
    let res = client.post("/heroes/").json(&json!({"name": "Deadpond", "secret_name": "Someone Else"})).send().await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>(), json!({"detail": "A hero with this name already exists"}));
    // The session was rolled back and its connection given back: the app goes on.
    let next = create(&client, json!({"name": "Spider-Boy", "secret_name": "Pedro Parqueador"})).await;
    let heroes = client.get("/heroes/").send().await.json::<Value>();
    assert_eq!(heroes.as_array().map(Vec::len), Some(2));
    assert_eq!(heroes[1], next);
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn read_heroes_pages_with_offset_and_limit() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    for n in 1..=5 {
        create(&client, json!({"name": format!("Hero {n}"), "age": n, "secret_name": "s"})).await;
    }
    let ids = |v: Value| v.as_array().map(|a| a.iter().map(|h| h["id"].as_i64().unwrap_or(-1)).collect::<Vec<_>>());
    assert_eq!(ids(client.get("/heroes/").send().await.json()), Some(vec![1, 2, 3, 4, 5]));
    assert_eq!(ids(client.get("/heroes/?offset=1&limit=2").send().await.json()), Some(vec![2, 3]));
    assert_eq!(ids(client.get("/heroes/?offset=4&limit=100").send().await.json()), Some(vec![5]));
    assert_eq!(ids(client.get("/heroes/?offset=9").send().await.json()), Some(vec![]));
    let listed = client.get("/heroes/?limit=1").send().await;
    assert_eq!(listed.text(), r#"[{"name":"Hero 1","age":1,"id":1}]"#);

    let res = client.get("/heroes/?limit=101").send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>()["detail"][0],
        json!({"type": "less_than_equal", "loc": ["query", "limit"], "msg": "Input should be less than or equal to 100", "input": "101", "ctx": {"le": 100}})
    );
    let res = client.get("/heroes/?offset=-1").send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["query", "offset"]));
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_missing_hero_is_a_404_for_every_method() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    let not_found = json!({"detail": "Hero not found"});
    for res in [
        client.get("/heroes/7").send().await,
        client.patch("/heroes/7").json(&json!({"age": 1})).send().await,
        client.delete("/heroes/7").send().await,
    ] {
        assert_eq!(res.status(), 404);
        assert_eq!(res.json::<Value>(), not_found);
    }
    let res = client.get("/heroes/seven").send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["path", "hero_id"]));
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn update_writes_only_the_fields_sent() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    create(&client, json!({"name": "Deadpond", "age": 30, "secret_name": "Dive Wilson"})).await;
    create(&client, json!({"name": "Rusty-Man", "secret_name": "Tommy Sharp"})).await;

    let res = client.patch("/heroes/1").json(&json!({"name": "Deadpool"})).send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"name": "Deadpool", "age": 30, "id": 1}));
    let res = client.patch("/heroes/1").json(&json!({"age": null})).send().await;
    assert_eq!(res.json::<Value>(), json!({"name": "Deadpool", "age": null, "id": 1}));
    let res = client.patch("/heroes/1").json(&json!({})).send().await;
    assert_eq!(res.json::<Value>(), json!({"name": "Deadpool", "age": null, "id": 1}));

    // Renaming into a name taken: 409, and the hero is as it was.
    let res = client.patch("/heroes/1").json(&json!({"name": "Rusty-Man", "age": 99})).send().await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>(), json!({"detail": "A hero with this name already exists"}));
    // A column that may not be null: 422.
    let res = client.patch("/heroes/1").json(&json!({"secret_name": null})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>(), json!({"detail": "A hero's name and secret name may not be null"}));
    let res = client.patch("/heroes/1").json(&json!({"age": "x"})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["body", "age"]));

    assert_eq!(client.get("/heroes/1").send().await.json::<Value>(), json!({"name": "Deadpool", "age": null, "id": 1}));
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn delete_removes_the_hero() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    create(&client, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
    create(&client, json!({"name": "Rusty-Man", "secret_name": "Tommy Sharp"})).await;
    let res = client.delete("/heroes/1").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"ok": true}));
    assert_eq!(client.get("/heroes/1").send().await.status(), 404);
    assert_eq!(client.delete("/heroes/1").send().await.status(), 404);
    assert_eq!(
        client.get("/heroes/").send().await.json::<Value>(),
        json!([{"name": "Rusty-Man", "age": null, "id": 2}])
    );
    // The name is free again.
    create(&client, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn the_openapi_document_has_the_tutorials_models() {
    let db = TestDb::new().await;
    let client = client(&db).await;
    let doc = client.get("/openapi.json").send().await.json::<Value>();
    let schemas = &doc["components"]["schemas"];
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert_eq!(keys(&schemas["HeroPublic"]["properties"]), ["name", "age", "id"]);
    assert_eq!(schemas["HeroPublic"]["required"], json!(["name", "id"]));
    assert_eq!(keys(&schemas["HeroCreate"]["properties"]), ["name", "age", "secret_name"]);
    assert_eq!(schemas["HeroCreate"]["required"], json!(["name", "secret_name"]));
    assert_eq!(keys(&schemas["HeroUpdate"]["properties"]), ["name", "age", "secret_name"]);
    assert_eq!(schemas["HeroUpdate"].get("required"), None);
    let list = &doc["paths"]["/heroes/"]["get"];
    assert_eq!(list["parameters"][1]["name"], "limit");
    assert_eq!(list["parameters"][1]["schema"]["maximum"], 100);
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"],
        "#/components/schemas/HeroPublic"
    );
    assert_eq!(keys(&doc["paths"]["/heroes/{hero_id}"]), ["get", "patch", "delete"]);
    assert_eq!(client.get("/docs").send().await.status(), 200);
    client.close().await;
    db.drop().await;
}

#[tokio::test]
async fn the_schema_survives_a_restart() {
    let db = TestDb::persistent().await;
    let first = client(&db).await;
    create(&first, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
    first.close().await;
    // The migrations already ran: running them again changes nothing, the hero is there.
    let second = client(&db).await;
    assert_eq!(second.get("/heroes/1").send().await.json::<Value>(), json!({"name": "Deadpond", "age": null, "id": 1}));
    second.close().await;
    db.drop().await;
}

#[tokio::test]
async fn an_unsupported_database_url_stops_the_app_at_startup() {
    let client = TestClient::new(app(Config::with_url("mysql://localhost/heroes")));
    let err = client.start().await.expect_err("mysql is not supported");
    assert!(err.to_string().contains(r#"unsupported scheme "mysql""#), "{err}");
}

// ANCHOR: override
/// The test's own database, beside the one the app opened.
struct TestPool(sqlx::AnyPool);

/// FastAPI's `get_session_override`: sessions on the test's database.
#[dependency]
async fn get_test_session(pool: State<TestPool>) -> Yield<Session> {
    let session = Session::new(pool.0.clone());
    let closing = session.clone();
    Yield::new(session).on_exit(|exit| async move {
        let _ = closing.rollback().await;
        exit
    })
}

#[tokio::test]
async fn the_session_can_be_overridden_as_in_fastapi() {
    let (db, other) = (TestDb::persistent().await, TestDb::new().await);
    let pool = other.pool().await;
    let app = app(Config::with_url(&db.url))
        .state(TestPool(pool.clone()))
        .override_dependency::<get_session, get_test_session>(); // app.dependency_overrides[get_session] = ...
    let client = TestClient::new(app);
    create(&client, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
    // The hero went to the test's database, secret name and all.
    let row: (i64, String, String) =
        sqlx::query_as("SELECT id, name, secret_name FROM hero").fetch_one(&pool).await.expect("one hero");
    assert_eq!(row, (1, "Deadpond".to_owned(), "Dive Wilson".to_owned()));
    client.close().await;
    pool.close().await;
    // And not to the app's own (a file, opened again).
    let client = self::client(&db).await;
    assert_eq!(client.get("/heroes/").send().await.json::<Value>(), json!([]));
    client.close().await;
    db.drop().await;
    other.drop().await;
}
// ANCHOR_END: override

/// A client dropped without `close()` (a test that panicked) runs the shutdown on a
/// thread of its own while the test's runtime waits: the session whose exit code is still
/// queued on that runtime keeps its connection, and closing the pool must give up rather
/// than wait for it forever (it waits `CLOSE_TIMEOUT`, 5 s).
#[test]
fn a_client_dropped_without_close_does_not_hang() {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        rt.block_on(async {
            let db = TestDb::new().await;
            let client = client(&db).await;
            create(&client, json!({"name": "Deadpond", "secret_name": "Dive Wilson"})).await;
            drop(client);
            db.drop().await;
        });
        let _ = done.send(());
    });
    finished.recv_timeout(std::time::Duration::from_secs(60)).expect("dropping the client returned");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_all_succeed() {
    let db = TestDb::persistent().await;
    let client = client(&db).await;
    create(&client, json!({"name": "Deadpond", "age": 0, "secret_name": "Dive Wilson"})).await;
    let updates: Vec<_> = (1..=40)
        .map(|age| {
            let client = client.clone();
            tokio::spawn(async move {
                let res = client.patch("/heroes/1").json(&json!({ "age": age })).send().await;
                (res.status(), res.text())
            })
        })
        .collect();
    for update in updates {
        let (status, body) = update.await.expect("the request's task");
        assert_eq!(status, 200, "{body}");
    }
    client.close().await;
    db.drop().await;
}
