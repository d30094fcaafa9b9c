//! FastAPI's "Settings and Environment Variables" tutorial, in brisk: settings read from
//! the environment and a `.env` file once, handed to handlers by a cached dependency
//! (FastAPI's `@lru_cache def get_settings()` with `Depends(get_settings)`), and replaced
//! in tests.
//!
//! ```sh
//! ADMIN_EMAIL=admin@example.com cargo run -p brisk --example settings   # GET /info
//! cargo run -p brisk --example settings    # no ADMIN_EMAIL: the error, then exit 1
//! ```

use std::sync::OnceLock;

use brisk::prelude::*;

/// The app's settings: `ADMIN_EMAIL` is required; the others have defaults. Variable
/// names are case-insensitive; a `.env` file in the working directory is read if present.
#[derive(Settings, Clone, Debug)]
#[settings(env_file = ".env")]
pub struct Settings {
    #[field(default = "Awesome API")]
    app_name: String,
    admin_email: String,
    #[field(default = 50)]
    items_per_user: i64,
}

/// The settings, loaded the first time they are asked for (an error included, so it is
/// not retried on every request).
static SETTINGS: OnceLock<Result<Settings, SettingsError>> = OnceLock::new();

/// FastAPI's `@lru_cache def get_settings()`: a dependency giving a copy of the settings
/// loaded once. Invalid settings answer 500 (and are logged with every error).
#[dependency]
fn get_settings() -> brisk::Result<Settings> {
    match SETTINGS.get_or_init(Settings::load) {
        Ok(settings) => Ok(settings.clone()),
        Err(e) => Err(e.clone().into()),
    }
}

#[get("/info")]
async fn info(#[depends(get_settings)] settings: Settings) -> serde_json::Value {
    serde_json::json!({
        "app_name": settings.app_name,
        "admin_email": settings.admin_email,
        "items_per_user": settings.items_per_user,
    })
}

fn app() -> App {
    App::new().routes(routes![info])
}

#[tokio::main]
async fn main() {
    // Fail at start-up, listing every missing or invalid variable, rather than at the
    // first request.
    if let Err(e) = SETTINGS.get_or_init(Settings::load) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    if let Err(e) = brisk::serve(app()).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings of the tests (FastAPI's `get_settings_override`): built from explicit
    /// values only, whatever the machine's environment holds.
    #[dependency]
    fn get_settings_override() -> Settings {
        Settings::sources()
            .env_vars([])
            .no_env_file()
            .init("admin_email", "testing_admin@example.com")
            .load()
            .expect("the test settings are valid")
    }

    #[tokio::test]
    async fn info_reads_the_overridden_settings() {
        let client = TestClient::new(app().override_dependency::<get_settings, get_settings_override>());
        let res = client.get("/info").send().await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<serde_json::Value>(),
            serde_json::json!({
                "app_name": "Awesome API",
                "admin_email": "testing_admin@example.com",
                "items_per_user": 50,
            })
        );
    }

    #[test]
    fn a_missing_admin_email_is_reported() {
        let err = Settings::load_from([("ITEMS_PER_USER".to_owned(), "many".to_owned())], None)
            .expect_err("admin_email is required");
        assert_eq!(
            err.to_string(),
            "2 validation errors for Settings\n\
             admin_email\n  Field required [type=missing, input_value={'items_per_user': 'many'}, input_type=dict]\n    \
             For further information visit https://errors.pydantic.dev/2.14/v/missing\n\
             items_per_user\n  Input should be a valid integer, unable to parse string as an integer \
             [type=int_parsing, input_value='many', input_type=str]\n    \
             For further information visit https://errors.pydantic.dev/2.14/v/int_parsing"
        );
    }
}
