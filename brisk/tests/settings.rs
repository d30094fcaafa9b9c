//! `#[derive(Settings)]`: pydantic-settings' sources, precedence, parsing and errors, and
//! the ways an app reads its settings (state, a cached dependency) and tests replace them.

use std::collections::HashMap;
use std::path::Path;

use brisk::prelude::*;
use brisk::settings::SettingsError;
use serde_json::json;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// The text of pydantic's line for one error.
fn line(loc: &str, msg: &str, kind: &str, input: &str, input_type: &str) -> String {
    format!(
        "{loc}\n  {msg} [type={kind}, input_value={input}, input_type={input_type}]\n    \
         For further information visit https://errors.pydantic.dev/2.14/v/{kind}"
    )
}

#[derive(Settings, Clone, Debug, PartialEq)]
struct Basic {
    #[field(default = "Awesome API")]
    app_name: String,
    admin_email: String,
    #[field(default = 50)]
    items_per_user: i64,
    debug: Option<bool>,
}

#[test]
fn names_are_case_insensitive_by_default() {
    let s = Basic::load_from(env(&[("Admin_EMAIL", "a@example.com"), ("APP_NAME", "Shouty")]), None).unwrap();
    assert_eq!((s.app_name.as_str(), s.admin_email.as_str()), ("Shouty", "a@example.com"));
}

#[derive(Settings, Debug)]
#[settings(case_sensitive)]
struct Exact {
    #[field(default = "unset")]
    mode: String,
}

#[test]
fn case_sensitive_names_must_match_exactly() {
    assert_eq!(Exact::load_from(env(&[("MODE", "loud")]), None).unwrap().mode, "unset");
    assert_eq!(Exact::load_from(env(&[("mode", "quiet")]), None).unwrap().mode, "quiet");
}

#[test]
fn defaults_fill_what_no_source_gives() {
    let s = Basic::load_from(env(&[("admin_email", "a@example.com")]), None).unwrap();
    assert_eq!(
        s,
        Basic { app_name: "Awesome API".into(), admin_email: "a@example.com".into(), items_per_user: 50, debug: None }
    );
}

#[derive(Settings, Debug)]
#[settings(env_prefix = "MY_APP_")]
struct Prefixed {
    name: String,
    #[field(default = 8000)]
    port: u16,
    /// An alias names the variable itself: no prefix.
    #[field(alias = "REDIS_URL")]
    redis: String,
}

#[test]
fn a_prefix_goes_before_every_name_but_aliases() {
    let vars =
        env(&[("NAME", "unprefixed"), ("my_app_name", "svc"), ("MY_APP_PORT", "9000"), ("REDIS_URL", "redis://")]);
    let s = Prefixed::load_from(vars, None).unwrap();
    assert_eq!((s.name.as_str(), s.port, s.redis.as_str()), ("svc", 9000, "redis://"));
    let err = Prefixed::load_from(env(&[("NAME", "x"), ("MY_APP_REDIS_URL", "y")]), None).unwrap_err();
    let missing: Vec<String> =
        err.validation_errors().unwrap().errors().iter().map(|e| format!("{:?}", e.loc)).collect();
    assert_eq!(missing, ["[Key(\"name\")]", "[Key(\"REDIS_URL\")]"]);
}

#[test]
fn bools_are_read_the_pydantic_way() {
    for (raw, want) in [("true", true), ("1", true), ("yes", true), ("on", true), ("Y", true), ("off", false)] {
        let s = Basic::load_from(env(&[("admin_email", "a"), ("debug", raw)]), None).unwrap();
        assert_eq!(s.debug, Some(want), "{raw}");
    }
    for raw in ["0", "no", "f", "FALSE"] {
        assert_eq!(Basic::load_from(env(&[("admin_email", "a"), ("debug", raw)]), None).unwrap().debug, Some(false));
    }
    let err = Basic::load_from(env(&[("admin_email", "a"), ("debug", "maybe")]), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "1 validation error for Basic\n{}",
            line(
                "debug",
                "Input should be a valid boolean, unable to interpret input",
                "bool_parsing",
                "'maybe'",
                "str"
            )
        )
    );
}

#[test]
fn every_missing_or_invalid_variable_is_reported_at_once() {
    let err = Basic::load_from(env(&[("items_per_user", "lots"), ("debug", "perhaps"), ("HOME", "/root")]), None)
        .unwrap_err();
    let input = "{'items_per_user': 'lots', 'debug': 'perhaps'}";
    assert_eq!(
        err.to_string(),
        [
            "3 validation errors for Basic".to_owned(),
            line("admin_email", "Field required", "missing", input, "dict"),
            line(
                "items_per_user",
                "Input should be a valid integer, unable to parse string as an integer",
                "int_parsing",
                "'lots'",
                "str"
            ),
            line(
                "debug",
                "Input should be a valid boolean, unable to interpret input",
                "bool_parsing",
                "'perhaps'",
                "str"
            ),
        ]
        .join("\n")
    );
    // `Debug` is the same text, for `fn main() -> Result<(), SettingsError>`.
    assert_eq!(format!("{err:?}"), err.to_string());
    assert_eq!(err.validation_errors().map(|e| e.len()), Some(3));
}

#[derive(Settings, Debug)]
struct Constrained {
    #[field(gt = 0, le = 100)]
    workers: i32,
    #[field(min_length = 3, pattern = "^[a-z]+$")]
    region: String,
}

#[test]
fn constraints_are_checked() {
    let err = Constrained::load_from(env(&[("WORKERS", "0"), ("REGION", "e1")]), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        [
            "2 validation errors for Constrained".to_owned(),
            line("workers", "Input should be greater than 0", "greater_than", "'0'", "str"),
            line("region", "String should have at least 3 characters", "string_too_short", "'e1'", "str"),
        ]
        .join("\n")
    );
    let ok = Constrained::load_from(env(&[("WORKERS", "100"), ("REGION", "eu")]), None).unwrap_err();
    assert_eq!(ok.validation_errors().unwrap().errors()[0].kind, "string_too_short");
    let ok = Constrained::load_from(env(&[("WORKERS", "100"), ("REGION", "eur")]), None).unwrap();
    assert_eq!((ok.workers, ok.region.as_str()), (100, "eur"));
}

/// A nested model.
#[derive(Model, Clone, Debug, PartialEq)]
struct Database {
    host: String,
    #[field(default = 5432)]
    port: u16,
}

/// A string enum: its variable is a plain string, not JSON.
#[derive(Model, Clone, Copy, Debug, PartialEq)]
enum Level {
    #[value = "debug"]
    Debug,
    #[value = "info"]
    Info,
}

#[derive(Settings, Debug)]
#[settings(env_nested_delimiter = "__")]
struct Nested {
    database: Database,
    #[field(default = Vec::new())]
    hosts: Vec<String>,
    #[field(default = HashMap::new())]
    limits: HashMap<String, u32>,
    #[field(default = Level::Info)]
    level: Level,
    ports: Option<Vec<u16>>,
}

#[test]
fn nested_models_come_through_the_delimiter() {
    let s = Nested::load_from(env(&[("DATABASE__HOST", "db.local"), ("database__PORT", "6543")]), None).unwrap();
    assert_eq!(s.database, Database { host: "db.local".into(), port: 6543 });
    // JSON for the whole model, a delimited variable over one of its fields.
    let vars = env(&[("DATABASE", r#"{"host": "json", "port": 1}"#), ("DATABASE__PORT", "2")]);
    assert_eq!(Nested::load_from(vars, None).unwrap().database, Database { host: "json".into(), port: 2 });
    // A map takes any key through the delimiter.
    let s = Nested::load_from(env(&[("DATABASE__HOST", "h"), ("LIMITS__READS", "5")]), None).unwrap();
    assert_eq!(s.limits, HashMap::from([("reads".to_owned(), 5)]));
    // Errors inside are located through the model.
    let err = Nested::load_from(env(&[("DATABASE__PORT", "x")]), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        [
            "2 validation errors for Nested".to_owned(),
            line("database.host", "Field required", "missing", "{'port': 'x'}", "dict"),
            line(
                "database.port",
                "Input should be a valid integer, unable to parse string as an integer",
                "int_parsing",
                "'x'",
                "str"
            ),
        ]
        .join("\n")
    );
}

#[test]
fn complex_values_are_json() {
    let vars = env(&[
        ("database", r#"{"HOST": "h"}"#),
        ("hosts", r#"["a", "b"]"#),
        ("limits", r#"{"x": 1}"#),
        ("level", "debug"),
        ("ports", "[80, 443]"),
    ]);
    let s = Nested::load_from(vars, None).unwrap();
    assert_eq!(s.database.host, "h", "keys of a model are matched case-insensitively");
    assert_eq!(s.hosts, ["a", "b"]);
    assert_eq!(s.limits["x"], 1);
    assert_eq!(s.level, Level::Debug);
    assert_eq!(s.ports, Some(vec![80, 443]));

    // A list that is not JSON is pydantic-settings' SettingsError, not a validation error.
    let err = Nested::load_from(env(&[("DATABASE__HOST", "h"), ("HOSTS", "a,b")]), None).unwrap_err();
    assert!(matches!(err, SettingsError::Parse { field: "hosts", .. }));
    assert_eq!(err.to_string(), "error parsing value for field \"hosts\" from source \"EnvSettingsSource\"");
    assert!(std::error::Error::source(&err).is_some());
    // In a union (`Option<Vec<_>>`) a value that is not JSON is kept, and fails validation.
    let err = Nested::load_from(env(&[("DATABASE__HOST", "h"), ("PORTS", "80")]), None).unwrap_err();
    let kinds: Vec<_> = err.validation_errors().unwrap().errors().iter().map(|e| e.kind.to_string()).collect();
    assert_eq!(kinds, ["list_type"]);
}

fn write_env(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join(".env");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_dotenv_file_is_read_under_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path =
        write_env(dir.path(), "# settings\nADMIN_EMAIL=file@example.com\nAPP_NAME='From file'\nitems_per_user=7\n");
    let s = Basic::load_from(env(&[("ITEMS_PER_USER", "9")]), Some(&path)).unwrap();
    assert_eq!((s.app_name.as_str(), s.admin_email.as_str(), s.items_per_user), ("From file", "file@example.com", 9));
}

#[test]
fn a_missing_dotenv_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let s = Basic::load_from(env(&[("admin_email", "a")]), Some(&dir.path().join("absent.env"))).unwrap();
    assert_eq!(s.admin_email, "a");
}

#[derive(Settings, Debug)]
#[settings(env_prefix = "APP_", extra = "ignore")]
struct Lenient {
    #[field(default = "x")]
    name: String,
}

#[test]
fn unknown_names_in_a_dotenv_file_are_extra_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_env(dir.path(), "ADMIN_EMAIL=a\nOTHER_TOOL_TOKEN=secret\nEMPTY=\n");
    let err = Basic::load_from(Vec::new(), Some(&path)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "1 validation error for Basic\n{}",
            line("other_tool_token", "Extra inputs are not permitted", "extra_forbidden", "'secret'", "str")
        )
    );
    // The environment's other variables are never extra; `extra = "ignore"` skips the file's.
    assert!(Basic::load_from(env(&[("admin_email", "a"), ("OTHER", "1")]), None).is_ok());
    let path = write_env(dir.path(), "APP_NAME=n\nAPP_OTHER=1\nUNRELATED=2\n");
    assert_eq!(Lenient::load_from(Vec::new(), Some(&path)).unwrap().name, "n");
}

#[derive(Settings, Debug)]
#[settings(
    env_file = ["tests/settings/base.env", "tests/settings/override.env"],
    env_nested_delimiter = "__",
    env_ignore_empty
)]
struct Layered {
    database: Database,
    #[field(default = "default")]
    name: String,
    #[field(default = "default")]
    region: String,
    #[field(default = "default")]
    zone: String,
}

#[test]
fn precedence_is_explicit_then_environment_then_dotenv_then_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_env(dir.path(), "NAME=dotenv\nREGION=dotenv\nDATABASE__HOST=file-host\nDATABASE__PORT=1\n");
    let s = Layered::sources()
        .env_vars(env(&[("NAME", "env"), ("REGION", "env"), ("DATABASE__PORT", "2"), ("ZONE", "")]))
        .env_file(&path)
        .init("name", "explicit")
        .load()
        .unwrap();
    assert_eq!((s.name.as_str(), s.region.as_str(), s.zone.as_str()), ("explicit", "env", "default"));
    // Nested values merge across sources.
    assert_eq!(s.database, Database { host: "file-host".into(), port: 2 });
    let values = Layered::sources()
        .env_vars(env(&[("NAME", "env"), ("DATABASE__PORT", "2")]))
        .env_file(&path)
        .init("Zone", "explicit")
        .values()
        .unwrap();
    assert_eq!(
        serde_json::Value::Object(values),
        json!({"database": {"host": "file-host", "port": "2"}, "name": "env", "region": "dotenv", "zone": "explicit"})
    );
}

#[test]
fn configured_dotenv_files_are_read_in_order() {
    // Relative to the working directory: the package's, under `cargo test`.
    let s = Layered::sources().env_vars(env(&[("database__host", "h")])).load().unwrap();
    assert_eq!((s.name.as_str(), s.region.as_str()), ("base", "override"));
    // `load_from(.., None)` reads no file.
    let s = Layered::load_from(env(&[("database__host", "h")]), None).unwrap();
    assert_eq!((s.name.as_str(), s.region.as_str()), ("default", "default"));
}

#[derive(Settings, Debug)]
struct FromProcess {
    path: String,
}

#[test]
fn load_reads_the_process_environment() {
    let want = std::env::var("PATH").unwrap_or_default();
    match FromProcess::load() {
        Ok(s) => assert_eq!(s.path, want),
        Err(e) => assert!(want.is_empty(), "{e}"),
    }
}

// ---- reading settings in an app, and replacing them in tests ----

#[get("/info/state")]
async fn info_from_state(settings: State<Basic>) -> serde_json::Value {
    json!({"app_name": settings.app_name, "admin_email": settings.admin_email})
}

static CACHED: std::sync::OnceLock<Result<Basic, SettingsError>> = std::sync::OnceLock::new();

/// `@lru_cache def get_settings()`: loaded once; here from fixed variables so the test
/// does not depend on the machine.
#[dependency]
fn get_settings() -> brisk::Result<Basic> {
    let loaded = CACHED.get_or_init(|| Basic::load_from(env(&[("ADMIN_EMAIL", "cached@example.com")]), None));
    match loaded {
        Ok(s) => Ok(s.clone()),
        Err(e) => Err(e.clone().into()),
    }
}

#[dependency]
fn test_settings() -> Basic {
    Basic::sources().env_vars(Vec::new()).no_env_file().init("admin_email", "test@example.com").load().unwrap()
}

#[get("/info/dep")]
async fn info_from_dependency(#[depends(get_settings)] settings: Basic) -> serde_json::Value {
    json!({"app_name": settings.app_name, "admin_email": settings.admin_email})
}

#[tokio::test]
async fn settings_as_app_state() {
    let settings = Basic::load_from(env(&[("ADMIN_EMAIL", "state@example.com")]), None).unwrap();
    let client = TestClient::new(App::new().routes(routes![info_from_state]).state(settings));
    let res = client.get("/info/state").send().await;
    assert_eq!(res.json::<serde_json::Value>(), json!({"app_name": "Awesome API", "admin_email": "state@example.com"}));

    // From a lifespan: a settings error stops the start-up with every error listed.
    let app = App::new().routes(routes![info_from_state]).lifespan(|| async {
        let settings = Basic::load_from(env(&[("APP_NAME", "lifespan"), ("ADMIN_EMAIL", "l@example.com")]), None)?;
        Ok(Lifespan::new().state(settings))
    });
    let res = TestClient::new(app).get("/info/state").send().await;
    assert_eq!(res.json::<serde_json::Value>()["app_name"], "lifespan");
    let failing = App::new()
        .routes(routes![info_from_state])
        .lifespan(|| async { Ok(Lifespan::new().state(Basic::load_from(Vec::new(), None)?)) });
    let err = TestClient::new(failing).start().await.unwrap_err();
    assert!(err.to_string().contains("1 validation error for Basic\nadmin_email\n  Field required"), "{err}");
}

#[tokio::test]
async fn settings_as_a_cached_dependency_overridden_in_tests() {
    let app = || App::new().routes(routes![info_from_dependency]);
    let res = TestClient::new(app()).get("/info/dep").send().await;
    assert_eq!(res.json::<serde_json::Value>()["admin_email"], "cached@example.com");
    assert!(std::ptr::eq(CACHED.get().unwrap(), CACHED.get_or_init(|| unreachable!())), "loaded once");
    let client = TestClient::new(app().override_dependency::<get_settings, test_settings>());
    let res = client.get("/info/dep").send().await;
    assert_eq!(res.json::<serde_json::Value>(), json!({"app_name": "Awesome API", "admin_email": "test@example.com"}));
}
