//! Settings from the environment (FastAPI's `docs_src/settings/app02`): pydantic-settings'
//! `BaseSettings` is `#[derive(Settings)]`; the app reads them as state, and tests give
//! their own values instead of the process environment.

// ANCHOR: settings
use brisk::prelude::*;
use serde_json::{Value, json};

/// The app's settings: each field from the environment variable of the same name
/// (case-insensitive), else its default.
#[derive(Settings)]
struct Config {
    #[field(default = "Awesome API")]
    app_name: String,
    admin_email: String,
    #[field(default = 50, gt = 0)]
    items_per_user: u32,
}
// ANCHOR_END: settings

// ANCHOR: app
#[get("/info")]
async fn info(settings: State<Config>) -> Value {
    json!({
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    })
}

fn app(settings: Config) -> App {
    App::new().routes(routes![info]).state(settings)
}

/// In `main`: load once, from the environment (and the `.env` files configured), then serve.
#[allow(dead_code)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Config::load()?; // every missing or invalid variable reported at once
    brisk::serve(app(settings)).await?;
    Ok(())
}
// ANCHOR_END: app

// ANCHOR: test
fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn test_app() {
    // Values of the test's own: nothing is read from the process environment or a file.
    let settings =
        Config::load_from(env(&[("ADMIN_EMAIL", "testing_admin@example.com")]), None).expect("valid settings");
    let client = TestClient::new(app(settings));
    let response = client.get("/info").send().await;
    assert_eq!(
        response.json::<Value>(),
        json!({"app_name": "Awesome API", "admin_email": "testing_admin@example.com", "items_per_user": 50})
    );
}

#[test]
fn test_invalid_settings_are_reported_as_pydantic_does() {
    let error = Config::load_from(env(&[("ITEMS_PER_USER", "0")]), None).err().expect("two errors");
    let text = error.to_string();
    assert!(text.starts_with("2 validation errors for Config\n"), "{text}");
    assert!(text.contains("admin_email\n  Field required [type=missing"), "{text}");
    assert!(text.contains("items_per_user\n  Input should be greater than 0 [type=greater_than"), "{text}");
}
// ANCHOR_END: test
