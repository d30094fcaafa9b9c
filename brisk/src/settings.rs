//! Settings read from the environment, as pydantic-settings' `BaseSettings` reads them.
//!
//! `#[derive(Settings)]` on a struct makes it a model (validation, schema, serialization,
//! exactly as `#[derive(Model)]`) that loads itself from environment variables and `.env`
//! files. Loading follows pydantic-settings step by step:
//!
//! 1. Each source gives a dict of values. The environment and each `.env` file give the
//!    value of every field found under its variable name: the field's name after
//!    `env_prefix`, or its `alias` (no prefix), compared case-insensitively unless
//!    `case_sensitive`. Values stay strings, except for complex fields (lists, maps,
//!    models, tuples, and unions with one of them), whose values are JSON decoded; with
//!    `env_nested_delimiter`, `DATABASE__HOST` fills the field `database`'s `host`.
//!    Unknown names of a `.env` file are kept, so that `extra = "forbid"` (the default)
//!    reports them.
//! 2. The dicts are merged, deeply: explicit values ([`Sources::init`]) over the
//!    environment over `.env` files.
//! 3. The merged dict is validated as the model, with pydantic's lax rules (`"50"` is an
//!    integer, `"yes"` a boolean) and the fields' defaults and constraints; every error is
//!    reported at once, in [`SettingsError`], whose `Display` is pydantic's
//!    `ValidationError` text.
//!
//! ```
//! use brisk::Settings;
//!
//! #[derive(Settings, Clone, Debug)]
//! #[settings(env_prefix = "APP_")]
//! struct Config {
//!     app_name: String,
//!     #[field(default = 50, gt = 0)]
//!     items_per_user: u32,
//!     debug: bool,
//! }
//!
//! let env = [("APP_APP_NAME", "Awesome API"), ("app_debug", "yes")];
//! let config = Config::load_from(env.map(|(k, v)| (k.to_owned(), v.to_owned())), None).unwrap();
//! assert_eq!((config.app_name.as_str(), config.items_per_user, config.debug), ("Awesome API", 50, true));
//!
//! let err = Config::load_from([("APP_ITEMS_PER_USER".to_owned(), "0".to_owned())], None).unwrap_err();
//! assert!(err.to_string().starts_with("3 validation errors for Config\napp_name\n  Field required [type=missing"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{LocItem, ValidationErrors};
use crate::model::{Constraints, JsonSchema, SchemaGenerator, Validate};

/// The pydantic version whose error pages a [`SettingsError`]'s text links to, as
/// pydantic's own `ValidationError` text does.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Debug, Settings)]
/// struct Config {
///     port: u16,
/// }
///
/// let err = Config::load_from([("PORT".to_owned(), "eighty".to_owned())], None).unwrap_err();
/// assert!(err.to_string().contains(brisk::settings::PYDANTIC_ERRORS_URL));
/// ```
pub const PYDANTIC_ERRORS_URL: &str = "https://errors.pydantic.dev/2.14/v/";

/// A struct that loads itself from the environment: implemented by `#[derive(Settings)]`,
/// which also adds the inherent `load`, `load_from` and `sources` functions calling the
/// ones here (so they work without this trait in scope).
///
/// Load once, then hand the value to handlers as state (or from a cached dependency):
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Settings)]
/// struct Config {
///     #[field(default = "Awesome API")]
///     app_name: String,
/// }
///
/// #[get("/info")]
/// async fn info(config: State<Config>) -> String {
///     config.app_name.clone()
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), SettingsError> {
/// let config = Config::load_from([("APP_NAME".to_owned(), "Mine".to_owned())], None)?;
/// let client = TestClient::new(App::new().routes(routes![info]).state(config));
/// assert_eq!(client.get("/info").send().await.text(), "\"Mine\"");
/// # Ok(()) }
/// ```
pub trait Settings: Validate {
    /// The struct's description: its fields and `#[settings(..)]` options.
    fn settings_info() -> &'static SettingsInfo;

    /// Loads the settings from the process environment and the `env_file`s of
    /// `#[settings(..)]` (pydantic-settings' `Settings()`).
    fn load() -> Result<Self, SettingsError> {
        Sources::<Self>::new().load()
    }

    /// Loads the settings from the given variables instead of the process environment,
    /// and from the `.env` file `dotenv` instead of the configured ones (`None`: no file,
    /// pydantic-settings' `_env_file=None`). For tests: nothing global is read.
    fn load_from(
        env: impl IntoIterator<Item = (String, String)>,
        dotenv: Option<&Path>,
    ) -> Result<Self, SettingsError> {
        let sources = Sources::<Self>::new().env_vars(env);
        match dotenv {
            Some(path) => sources.env_file(path),
            None => sources.no_env_file(),
        }
        .load()
    }

    /// The sources to load from, to choose them one by one (explicit values, another
    /// `.env` file, given variables): `Settings::sources().init("debug", true).load()`.
    fn sources() -> Sources<Self> {
        Sources::new()
    }
}

/// What `#[derive(Settings)]` records about a struct.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Settings)]
/// #[settings(env_prefix = "APP_")]
/// struct Config {
///     #[field(alias = "DATABASE_URL")]
///     database_url: String,
///     debug: bool,
/// }
///
/// let info = <Config as brisk::settings::Settings>::settings_info();
/// assert_eq!((info.title, info.config.env_prefix), ("Config", "APP_"));
/// let names: Vec<(&str, &str, bool)> = info.fields.iter().map(|f| (f.name, f.key, f.aliased)).collect();
/// assert_eq!(names, [("database_url", "DATABASE_URL", true), ("debug", "debug", false)]);
/// ```
#[derive(Debug)]
pub struct SettingsInfo {
    /// The struct's name, the title of its errors (`2 validation errors for Settings`).
    pub title: &'static str,
    /// Its fields, in declaration order.
    pub fields: &'static [SettingsField],
    /// Its `#[settings(..)]` options.
    pub config: SettingsConfig,
}

/// pydantic-settings' `SettingsConfigDict`: the options of `#[settings(..)]`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Settings)]
/// #[settings(env_prefix = "APP_")]
/// struct Config {
///     #[field(alias = "DATABASE_URL")]
///     database_url: String,
///     debug: bool,
/// }
///
/// let info = <Config as brisk::settings::Settings>::settings_info();
/// assert_eq!((info.title, info.config.env_prefix), ("Config", "APP_"));
/// let names: Vec<(&str, &str, bool)> = info.fields.iter().map(|f| (f.name, f.key, f.aliased)).collect();
/// assert_eq!(names, [("database_url", "DATABASE_URL", true), ("debug", "debug", false)]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SettingsConfig {
    /// `env_prefix`: put before each field's name to make its variable's name (not before
    /// an `alias`). Default: none.
    pub env_prefix: &'static str,
    /// `env_file`: the `.env` files read, later ones overriding earlier ones; a missing
    /// file is skipped. Default: none.
    pub env_files: &'static [&'static str],
    /// `env_nested_delimiter`: splits `DATABASE__HOST` into the field `database`'s `host`.
    /// Default: none (nested values come as JSON only).
    pub env_nested_delimiter: Option<&'static str>,
    /// `case_sensitive`: compare variable names exactly. Default: `false`.
    pub case_sensitive: bool,
    /// `extra = "forbid"` (the default, as in pydantic-settings): names of a `.env` file
    /// that are no field's are errors. `"ignore"` skips them.
    pub forbid_extra: bool,
    /// `env_ignore_empty`: an empty variable counts as unset. Default: `false`.
    pub env_ignore_empty: bool,
}

impl SettingsConfig {
    /// pydantic-settings' defaults.
    pub const DEFAULT: SettingsConfig = SettingsConfig {
        env_prefix: "",
        env_files: &[],
        env_nested_delimiter: None,
        case_sensitive: false,
        forbid_extra: true,
        env_ignore_empty: false,
    };

    fn normalize(&self, name: &str) -> String {
        if self.case_sensitive { name.to_owned() } else { name.to_lowercase() }
    }
}

/// One field of a settings struct.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Settings)]
/// #[settings(env_prefix = "APP_")]
/// struct Config {
///     #[field(alias = "DATABASE_URL")]
///     database_url: String,
///     debug: bool,
/// }
///
/// let info = <Config as brisk::settings::Settings>::settings_info();
/// assert_eq!((info.title, info.config.env_prefix), ("Config", "APP_"));
/// let names: Vec<(&str, &str, bool)> = info.fields.iter().map(|f| (f.name, f.key, f.aliased)).collect();
/// assert_eq!(names, [("database_url", "DATABASE_URL", true), ("debug", "debug", false)]);
/// ```
#[derive(Debug)]
pub struct SettingsField {
    /// The Rust field's name.
    pub name: &'static str,
    /// Its key in the model (its `alias`, or its name).
    pub key: &'static str,
    /// True when `key` is an alias: the variable is named by it, without the prefix.
    pub aliased: bool,
    /// The schema of its type: tells complex values (decoded as JSON) and the fields of
    /// nested models.
    pub schema: fn(&mut SchemaGenerator) -> Value,
}

impl SettingsField {
    /// A field of type `T`.
    pub const fn new<T: JsonSchema>(name: &'static str, key: &'static str, aliased: bool) -> Self {
        SettingsField { name, key, aliased, schema: T::json_schema }
    }
}

/// Why settings could not be loaded.
///
/// `Display` writes what pydantic-settings raises: for invalid values pydantic's
/// `ValidationError` text, every error at once; `Debug` writes the same, so that
/// `fn main() -> Result<(), SettingsError>` prints it readably.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Debug, Settings)]
/// struct Config {
///     app_name: String,
///     items_per_user: u32,
/// }
///
/// let vars = [("APP_NAME", "shop"), ("ITEMS_PER_USER", "many")].map(|(k, v)| (k.to_owned(), v.to_owned()));
/// let err = Config::load_from(vars, None).unwrap_err();
/// let errors = err.validation_errors().expect("an invalid value");
/// assert_eq!(errors.errors()[0].loc, vec!["items_per_user".into()]);
/// assert!(err.to_string().starts_with("1 validation error for Config"), "{err}");
/// ```
///
/// Guide: `guide/src/advanced/settings.md`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum SettingsError {
    /// Missing or invalid values (pydantic's `ValidationError`).
    Invalid {
        /// The struct's name.
        title: &'static str,
        /// Every error, located by field.
        errors: ValidationErrors,
    },
    /// The value of a complex field is not JSON (pydantic-settings' `SettingsError`
    /// `error parsing value for field "x" from source "EnvSettingsSource"`).
    Parse {
        /// The field.
        field: &'static str,
        /// The source: `EnvSettingsSource` or `DotEnvSettingsSource`.
        source: &'static str,
        /// The JSON error.
        cause: JsonError,
    },
    /// A `.env` file exists but could not be read.
    EnvFile {
        /// The file.
        path: PathBuf,
        /// The I/O error's text.
        message: String,
    },
}

/// The JSON error behind [`SettingsError::Parse`].
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Debug, Settings)]
/// struct Config {
///     admins: Vec<String>,
/// }
///
/// let err = Config::load_from([("ADMINS".to_owned(), "[not json".to_owned())], None).unwrap_err();
/// assert!(matches!(err, SettingsError::Parse { field: "admins", .. }), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError(pub String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

impl SettingsError {
    /// The validation errors, when values were missing or invalid.
    pub fn validation_errors(&self) -> Option<&ValidationErrors> {
        match self {
            SettingsError::Invalid { errors, .. } => Some(errors),
            _ => None,
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Invalid { title, errors } => write_validation_error(f, title, errors),
            SettingsError::Parse { field, source, .. } => {
                write!(f, "error parsing value for field \"{field}\" from source \"{source}\"")
            }
            SettingsError::EnvFile { path, message } => {
                write!(f, "error reading env file \"{}\": {message}", path.display())
            }
        }
    }
}

impl fmt::Debug for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for SettingsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SettingsError::Invalid { errors, .. } => Some(errors),
            SettingsError::Parse { cause, .. } => Some(cause),
            SettingsError::EnvFile { .. } => None,
        }
    }
}

/// pydantic's `ValidationError.__str__`: a title line, then per error its location (keys
/// joined by `.`), its message, type, input (Python's `repr`, cut to 50 bytes) and input
/// type, and the link to the error's page.
fn write_validation_error(f: &mut fmt::Formatter<'_>, title: &str, errors: &ValidationErrors) -> fmt::Result {
    let n = errors.len();
    write!(f, "{n} validation error{} for {title}", if n == 1 { "" } else { "s" })?;
    for e in errors.errors() {
        f.write_str("\n")?;
        if !e.loc.is_empty() {
            let parts: Vec<String> = e
                .loc
                .iter()
                .map(|l| match l {
                    LocItem::Key(k) if k.contains('.') => format!("`{k}`"),
                    LocItem::Key(k) => k.to_string(),
                    LocItem::Index(i) => i.to_string(),
                })
                .collect();
            writeln!(f, "{}", parts.join("."))?;
        }
        write!(f, "  {} [type={}, input_value=", e.msg, e.kind)?;
        f.write_str(&truncate(&py_repr(&e.input), 50))?;
        write!(f, ", input_type={}]", py_type(&e.input))?;
        write!(f, "\n    For further information visit {PYDANTIC_ERRORS_URL}{}", e.kind)?;
    }
    Ok(())
}

/// pydantic-core's cut of a long input: the first 25 bytes, `...`, the last 24.
fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mid = max.div_ceil(2);
    let mut head = mid;
    while !s.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = s.len() - (mid - 1);
    while !s.is_char_boundary(tail) {
        tail += 1;
    }
    format!("{}...{}", &s[..head], &s[tail..])
}

/// The name of the Python type a JSON value is read as.
fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `repr` of a JSON value read as Python data.
fn py_repr(v: &Value) -> String {
    let mut out = String::new();
    write_repr(&mut out, v);
    out
}

fn write_repr(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => out.push_str(&py_float(x)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => out.push_str(&crate::pyrepr::py_repr(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, item);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&crate::pyrepr::py_repr(k));
                out.push_str(": ");
                write_repr(out, item);
            }
            out.push('}');
        }
    }
}

/// Python's `repr` of a float: the shortest round-trip digits, `1.0` for whole numbers,
/// exponent notation from `1e+16` and below `1e-4`.
fn py_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let s = format!("{x:e}");
        return match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        };
    }
    let s = format!("{x}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// Where the environment comes from.
enum Environment {
    /// The process's variables (those whose name and value are Unicode).
    Process,
    /// Given variables.
    Given(Vec<(String, String)>),
}

/// The sources a settings struct loads from, chosen one by one; pydantic-settings'
/// `Settings(_env_file=.., **values)`.
///
/// ```
/// use brisk::Settings;
///
/// #[derive(Settings)]
/// struct Config {
///     name: String,
///     #[field(default = 1)]
///     workers: u16,
/// }
///
/// let config = Config::sources()
///     .env_vars([("NAME".to_owned(), "from env".to_owned()), ("WORKERS".to_owned(), "4".to_owned())])
///     .init("name", "explicit")       // explicit values win over the environment
///     .no_env_file()
///     .load()
///     .unwrap();
/// assert_eq!((config.name.as_str(), config.workers), ("explicit", 4));
/// ```
pub struct Sources<T> {
    env: Environment,
    env_files: Option<Vec<PathBuf>>,
    init: Map<String, Value>,
    _t: PhantomData<fn() -> T>,
}

impl<T: Settings> Default for Sources<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Settings> Sources<T> {
    /// The process environment and the configured `.env` files.
    pub fn new() -> Self {
        Sources { env: Environment::Process, env_files: None, init: Map::new(), _t: PhantomData }
    }

    /// Reads these variables instead of the process environment.
    pub fn env_vars(mut self, vars: impl IntoIterator<Item = (String, String)>) -> Self {
        self.env = Environment::Given(vars.into_iter().collect());
        self
    }

    /// Reads this `.env` file instead of the configured ones (`_env_file=`); a missing
    /// file is skipped, as pydantic-settings skips it.
    pub fn env_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.env_files = Some(vec![path.into()]);
        self
    }

    /// Reads no `.env` file (`_env_file=None`).
    pub fn no_env_file(mut self) -> Self {
        self.env_files = Some(Vec::new());
        self
    }

    /// An explicit value, over every other source (`Settings(key=value)`): `key` is the
    /// field's name or alias (compared as variable names are), `value` any JSON value,
    /// validated as the field's type.
    pub fn init(mut self, key: &str, value: impl Into<Value>) -> Self {
        let info = T::settings_info();
        let cfg = &info.config;
        let wanted = cfg.normalize(key);
        let key = info
            .fields
            .iter()
            .find(|f| cfg.normalize(f.key) == wanted || cfg.normalize(f.name) == wanted)
            .map_or_else(|| key.to_owned(), |f| f.key.to_owned());
        self.init.insert(key, value.into());
        self
    }

    /// The values gathered from every source and merged, before validation: the input
    /// that [`load`](Self::load) validates (and that a `missing` error shows).
    pub fn values(&self) -> Result<Map<String, Value>, SettingsError> {
        let info = T::settings_info();
        let plan = Plan::new(info);
        let env = match &self.env {
            Environment::Process => {
                let vars =
                    std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
                plan.vars(vars)
            }
            Environment::Given(vars) => plan.vars(vars.iter().cloned()),
        };
        let files: Vec<PathBuf> = match &self.env_files {
            Some(files) => files.clone(),
            None => info.config.env_files.iter().map(PathBuf::from).collect(),
        };
        let mut dotenv = Vars::default();
        for path in &files {
            plan.read_env_file(path, &mut dotenv)?;
        }
        let dotenv_values = plan.dotenv_values(&dotenv)?;
        let env_values = plan.values(&env, "EnvSettingsSource")?;
        // pydantic-settings merges from the highest source down, each lower one under it.
        let mut state = deep_update(env_values, self.init.clone());
        state = deep_update(dotenv_values, state);
        Ok(state)
    }

    /// Gathers the values and validates them: the settings, or every error at once.
    pub fn load(self) -> Result<T, SettingsError> {
        let values = Value::Object(self.values()?);
        let mut errors = ValidationErrors::new();
        let settings = T::validate_json(&values, &Constraints::NONE, &mut Vec::new(), &mut errors);
        match settings {
            Some(s) if errors.is_empty() => Ok(s),
            _ => Err(SettingsError::Invalid { title: T::settings_info().title, errors }),
        }
    }
}

/// pydantic's `deep_update(base, update)`: `update`'s values over `base`'s, maps merged
/// key by key; a key keeps its place in `base`.
fn deep_update(mut base: Map<String, Value>, update: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in update {
        match (base.get_mut(&k), v) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                let merged = deep_update(std::mem::take(old), new);
                *old = merged;
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
    base
}

/// Variables by (normalized) name, in the order first seen; a later value replaces an
/// earlier one in place, as in a Python dict.
#[derive(Default)]
struct Vars(Vec<(String, String)>);

impl Vars {
    fn set(&mut self, name: String, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// How a value of some type is read from a string variable.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Complexity {
    /// Decoded as JSON (lists, maps, models, tuples, and unions with one).
    complex: bool,
    /// A value that is not JSON is kept as the string (unions), not an error.
    allow_failure: bool,
}

/// One struct's fields with their variable names and type schemas.
struct Plan<'a> {
    info: &'a SettingsInfo,
    fields: Vec<(&'a SettingsField, String, Value)>,
    components: BTreeMap<String, Value>,
}

impl<'a> Plan<'a> {
    fn new(info: &'a SettingsInfo) -> Self {
        let mut schemas = SchemaGenerator::new();
        let cfg = &info.config;
        let fields = info
            .fields
            .iter()
            .map(|f| {
                let env_name = if f.aliased { f.key.to_owned() } else { format!("{}{}", cfg.env_prefix, f.name) };
                (f, cfg.normalize(&env_name), (f.schema)(&mut schemas))
            })
            .collect();
        Plan { info, fields, components: schemas.into_components() }
    }

    fn cfg(&self) -> &SettingsConfig {
        &self.info.config
    }

    /// Normalized variables, empty ones dropped with `env_ignore_empty`.
    fn vars(&self, vars: impl Iterator<Item = (String, String)>) -> Vars {
        let mut out = Vars::default();
        for (k, v) in vars {
            if !(self.cfg().env_ignore_empty && v.is_empty()) {
                out.set(self.cfg().normalize(&k), v);
            }
        }
        out
    }

    /// Adds a `.env` file's variables (skipped when it is no file). A line that cannot be
    /// parsed is skipped with a warning, as python-dotenv skips it.
    fn read_env_file(&self, path: &Path, into: &mut Vars) -> Result<(), SettingsError> {
        if !path.is_file() {
            return Ok(());
        }
        let io_error = |message: String| SettingsError::EnvFile { path: path.to_owned(), message };
        let iter = dotenvy::from_path_iter(path).map_err(|e| io_error(e.to_string()))?;
        let mut vars = Vec::new();
        for item in iter {
            match item {
                Ok(pair) => vars.push(pair),
                Err(dotenvy::Error::LineParse(line, _)) => {
                    tracing::warn!("could not parse the line {line:?} of {}: skipped", path.display());
                }
                Err(e) => return Err(io_error(e.to_string())),
            }
        }
        for (k, v) in self.vars(vars.into_iter()).0 {
            into.set(k, v);
        }
        Ok(())
    }

    /// The schema behind a `$ref`, or the schema itself.
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        let mut s = schema;
        for _ in 0..32 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.rsplit('/').next().and_then(|name| self.components.get(name)) {
                    Some(target) => s = target,
                    None => break,
                },
                None => break,
            }
        }
        s
    }

    /// pydantic-settings' `_annotation_is_complex` for a (resolved) schema.
    fn is_complex(&self, schema: &Value) -> bool {
        let s = self.resolve(schema);
        matches!(s.get("type").and_then(Value::as_str), Some("array" | "object"))
    }

    /// pydantic-settings' `_field_is_complex`.
    fn complexity(&self, schema: &Value) -> Complexity {
        let s = self.resolve(schema);
        if self.is_complex(s) {
            return Complexity { complex: true, allow_failure: false };
        }
        if let Some(branches) = s.get("anyOf").and_then(Value::as_array)
            && branches.iter().any(|b| self.is_complex(b))
        {
            return Complexity { complex: true, allow_failure: true };
        }
        Complexity { complex: false, allow_failure: false }
    }

    /// pydantic-settings' `next_field`: the type of `key` inside `schema`'s type (a union's
    /// members and a list's items searched first, then a map's values or a model's
    /// fields). The flag tells a map's value type (whose JSON may fail).
    fn next_field(&self, schema: &Value, key: &str) -> Option<(Value, bool)> {
        let s = self.resolve(schema);
        let mut inner: Vec<&Value> = Vec::new();
        if let Some(branches) = s.get("anyOf").and_then(Value::as_array) {
            inner.extend(branches);
        }
        if let Some(items) = s.get("items") {
            inner.push(items);
        }
        if let Some(values) = s.get("additionalProperties").filter(|v| v.is_object()) {
            inner.push(values);
        }
        for t in inner {
            if let Some(found) = self.next_field(t, key) {
                return Some(found);
            }
        }
        if let Some(values) = s.get("additionalProperties").filter(|v| v.is_object()) {
            return Some((values.clone(), true));
        }
        let props = s.get("properties").and_then(Value::as_object)?;
        let key = self.cfg().normalize(key);
        props.iter().find(|(name, _)| self.cfg().normalize(name) == key).map(|(_, t)| (t.clone(), false))
    }

    /// True for a map type (`dict`), whose unknown nested keys are still taken.
    fn is_dict(&self, schema: &Value) -> bool {
        let s = self.resolve(schema);
        s.get("type").and_then(Value::as_str) == Some("object") && s.get("properties").is_none()
    }

    /// pydantic-settings' `explode_env_vars`: the nested values of one field from
    /// `FIELD<delimiter>KEY<delimiter>...` variables.
    fn explode(
        &self,
        field: &'static str,
        env_name: &str,
        schema: &Value,
        vars: &Vars,
        source: &'static str,
    ) -> Result<Map<String, Value>, SettingsError> {
        let mut result = Map::new();
        let Some(delim) = self.cfg().env_nested_delimiter.filter(|d| !d.is_empty()) else {
            return Ok(result);
        };
        let prefix = format!("{env_name}{delim}");
        let is_dict = self.is_dict(schema);
        for (name, value) in &vars.0 {
            let Some(rest) = name.strip_prefix(&prefix) else { continue };
            let mut keys: Vec<&str> = rest.split(delim).collect();
            let Some(last) = keys.pop() else { continue };
            let mut target = Some((schema.clone(), false));
            let mut slot: Option<&mut Map<String, Value>> = Some(&mut result);
            for key in keys {
                target = target.and_then(|(t, _)| self.next_field(&t, key));
                slot = match slot {
                    Some(m) => m.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new())).as_object_mut(),
                    None => None,
                };
            }
            let target = target.and_then(|(t, _)| self.next_field(&t, last));
            let mut v = Value::String(value.clone());
            if (target.is_some() || is_dict) && !value.is_empty() {
                let c = match &target {
                    Some((t, false)) => self.complexity(t),
                    Some((t, true)) => Complexity { complex: self.is_complex(t), allow_failure: true },
                    None => Complexity { complex: true, allow_failure: true },
                };
                if c.complex {
                    match serde_json::from_str::<Value>(value) {
                        Ok(decoded) => v = decoded,
                        Err(e) if !c.allow_failure => {
                            return Err(SettingsError::Parse { field, source, cause: JsonError(e.to_string()) });
                        }
                        Err(_) => {}
                    }
                }
            }
            if let Some(m) = slot {
                m.insert(last.to_owned(), v);
            }
        }
        Ok(result)
    }

    /// pydantic-settings' `_replace_field_names_case_insensitively`: the keys of a model's
    /// value renamed to its fields' keys, at every depth.
    fn rename_keys(&self, schema: &Value, values: Map<String, Value>) -> Map<String, Value> {
        let s = self.unwrap_optional(schema);
        let Some(props) = s.get("properties").and_then(Value::as_object) else { return values };
        let mut out = Map::new();
        for (name, value) in values {
            let lower = name.to_lowercase();
            match props.iter().find(|(k, _)| k.to_lowercase() == lower) {
                Some((key, t)) => {
                    let value = match value {
                        Value::Object(m) if self.unwrap_optional(t).get("properties").is_some() => {
                            Value::Object(self.rename_keys(t, m))
                        }
                        v => v,
                    };
                    out.insert(key.clone(), value);
                }
                None => {
                    out.insert(name, value);
                }
            }
        }
        out
    }

    /// `Optional[T]`'s `T` (resolved).
    fn unwrap_optional<'s>(&'s self, schema: &'s Value) -> &'s Value {
        let s = self.resolve(schema);
        if let Some([a, b]) = s.get("anyOf").and_then(Value::as_array).map(Vec::as_slice) {
            let null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
            if null(b) {
                return self.resolve(a);
            }
            if null(a) {
                return self.resolve(b);
            }
        }
        s
    }

    /// pydantic-settings' `PydanticBaseEnvSettingsSource.__call__`: each field's value
    /// from the variables.
    fn values(&self, vars: &Vars, source: &'static str) -> Result<Map<String, Value>, SettingsError> {
        let mut data = Map::new();
        for (field, env_name, schema) in &self.fields {
            let raw = vars.get(env_name);
            let c = self.complexity(schema);
            let value = if c.complex {
                match raw {
                    None => {
                        let built = self.explode(field.name, env_name, schema, vars, source)?;
                        (!built.is_empty()).then_some(Value::Object(built))
                    }
                    Some(raw) => match serde_json::from_str::<Value>(raw) {
                        Ok(Value::Object(m)) => {
                            let nested = self.explode(field.name, env_name, schema, vars, source)?;
                            Some(Value::Object(deep_update(m, nested)))
                        }
                        Ok(v) => Some(v),
                        Err(_) if c.allow_failure => Some(Value::String(raw.to_owned())),
                        Err(e) => {
                            return Err(SettingsError::Parse {
                                field: field.name,
                                source,
                                cause: JsonError(e.to_string()),
                            });
                        }
                    },
                }
            } else {
                raw.map(|s| Value::String(s.to_owned()))
            };
            if let Some(value) = value {
                let value = match value {
                    Value::Object(m) if !self.cfg().case_sensitive => Value::Object(self.rename_keys(schema, m)),
                    v => v,
                };
                data.insert(field.key.to_owned(), value);
            }
        }
        Ok(data)
    }

    /// `DotEnvSettingsSource.__call__`: the fields' values, then the file's other names,
    /// kept so that `extra = "forbid"` reports them (under the whole name; with `"ignore"`
    /// under the name without the prefix).
    fn dotenv_values(&self, vars: &Vars) -> Result<Map<String, Value>, SettingsError> {
        let mut data = self.values(vars, "DotEnvSettingsSource")?;
        let cfg = self.cfg();
        let delim = cfg.env_nested_delimiter.filter(|d| !d.is_empty());
        for (name, value) in &vars.0 {
            if value.is_empty()
                || data.contains_key(name)
                || (!cfg.env_prefix.is_empty() && self.info.fields.iter().any(|f| f.name == name))
            {
                continue;
            }
            let used = self.fields.iter().any(|(_, env_name, schema)| {
                name == env_name
                    || (self.complexity(schema).complex
                        && delim.is_some_and(|d| name.starts_with(&format!("{env_name}{d}"))))
            });
            if used {
                continue;
            }
            let key = match name.strip_prefix(cfg.env_prefix) {
                Some(rest) if !cfg.forbid_extra => rest.to_owned(),
                _ => name.clone(),
            };
            data.insert(key, Value::String(value.clone()));
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::Invalid;

    #[test]
    fn python_reprs() {
        assert_eq!(
            py_repr(&json!({"a": [1, 2.5, null, true], "b": "it's"})),
            r#"{'a': [1, 2.5, None, True], 'b': "it's"}"#
        );
        assert_eq!(py_repr(&json!("a'b\"c\n")), r#"'a\'b"c\n'"#);
        assert_eq!(py_float(1.0), "1.0");
        assert_eq!(py_float(1e16), "1e+16");
        assert_eq!(py_float(1.5e-5), "1.5e-05");
        assert_eq!(py_float(0.0001), "0.0001");
        assert_eq!(py_type(&json!(1.0)), "float");
        assert_eq!(py_type(&json!({})), "dict");
    }

    #[test]
    fn long_inputs_are_cut_as_pydantic_cuts_them() {
        let s = "x".repeat(30) + &"y".repeat(30);
        let cut = truncate(&s, 50);
        assert_eq!(cut, format!("{}...{}", "x".repeat(25), "y".repeat(24)));
        assert_eq!(truncate("short", 50), "short");
        assert_eq!(truncate(&"é".repeat(40), 50).len(), 24 + 3 + 24);
    }

    #[test]
    fn the_error_text_is_pydantics() {
        let mut errors = ValidationErrors::new();
        errors.push(Invalid::missing().at(vec!["a.b".into(), "x".into(), 0.into()], json!({"k": "v"})));
        let e = SettingsError::Invalid { title: "S", errors };
        assert_eq!(
            e.to_string(),
            "1 validation error for S\n`a.b`.x.0\n  Field required [type=missing, input_value={'k': 'v'}, \
             input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/missing"
        );
        assert_eq!(format!("{e:?}"), e.to_string());
        let parse = SettingsError::Parse { field: "f", source: "EnvSettingsSource", cause: JsonError("bad".into()) };
        assert_eq!(parse.to_string(), "error parsing value for field \"f\" from source \"EnvSettingsSource\"");
        assert_eq!(std::error::Error::source(&parse).map(|c| c.to_string()), Some("bad".into()));
    }

    #[test]
    fn deep_update_keeps_places_and_merges_maps() {
        let base = json!({"a": 1, "db": {"host": "h", "port": 1}}).as_object().cloned().unwrap_or_default();
        let update = json!({"db": {"port": 2}, "b": 3}).as_object().cloned().unwrap_or_default();
        assert_eq!(Value::Object(deep_update(base, update)), json!({"a": 1, "db": {"host": "h", "port": 2}, "b": 3}));
    }
}
