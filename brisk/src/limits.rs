//! The app's limits on what one request may make it hold: the body size, the shape of a
//! form, and how many validation errors a 422 lists.
//!
//! Every limit has a default, can be set in code ([`App::limits`](crate::App::limits)) or
//! through the environment (`BRISK_MAX_BODY_SIZE`, `BRISK_MAX_FORM_FIELDS`,
//! `BRISK_MAX_FORM_FILES`, `BRISK_MAX_PART_SIZE`, `BRISK_MAX_VALIDATION_ERRORS`); a value
//! set in code wins over the environment, which wins over the default. A malformed
//! variable fails the app's build with an error naming it.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[post("/echo")]
//! async fn echo(#[body] text: String) -> String {
//!     text
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let app = App::new().limits(brisk::Limits::new().max_body_size(16)).routes(routes![echo]);
//! let client = TestClient::new(app);
//! assert_eq!(client.post("/echo").json(&"short").send().await.status(), 200);
//! assert_eq!(client.post("/echo").json(&"a body longer than sixteen bytes").send().await.status(), 413);
//! # }
//! ```

use std::ffi::OsString;
use std::fmt;

/// The default limit on a request body: 16 MiB.
///
/// ```
/// assert_eq!(brisk::Limits::new().body_size(), brisk::limits::DEFAULT_BODY_SIZE);
/// ```
pub const DEFAULT_BODY_SIZE: usize = 16 * 1024 * 1024;

/// The default number of validation errors a 422 lists.
///
/// ```
/// use brisk::limits::DEFAULT_VALIDATION_ERRORS;
/// assert_eq!(brisk::Limits::new().validation_errors(), Some(DEFAULT_VALIDATION_ERRORS));
/// ```
pub const DEFAULT_VALIDATION_ERRORS: usize = 1000;

/// The environment variable of the body size limit, in bytes.
///
/// ```
/// use brisk::limits::{ENV_BODY_SIZE, Limits};
/// assert!(Limits::from_vars([(ENV_BODY_SIZE, "1048576")]).is_ok());
/// assert!(Limits::from_vars([(ENV_BODY_SIZE, "-1")]).is_err());
/// ```
pub const ENV_BODY_SIZE: &str = "BRISK_MAX_BODY_SIZE";
/// The environment variable of the most fields in a form (urlencoded or multipart).
///
/// ```
/// use brisk::limits::{ENV_FORM_FIELDS, Limits};
/// assert!(Limits::from_vars([(ENV_FORM_FIELDS, "100")]).is_ok());
/// assert!(Limits::from_vars([(ENV_FORM_FIELDS, "-1")]).is_err());
/// ```
pub const ENV_FORM_FIELDS: &str = "BRISK_MAX_FORM_FIELDS";
/// The environment variable of the most files in a multipart form.
///
/// ```
/// use brisk::limits::{ENV_FORM_FILES, Limits};
/// assert!(Limits::from_vars([(ENV_FORM_FILES, "10")]).is_ok());
/// assert!(Limits::from_vars([(ENV_FORM_FILES, "-1")]).is_err());
/// ```
pub const ENV_FORM_FILES: &str = "BRISK_MAX_FORM_FILES";
/// The environment variable of the largest form field, in bytes.
///
/// ```
/// use brisk::limits::{ENV_PART_SIZE, Limits};
/// assert!(Limits::from_vars([(ENV_PART_SIZE, "65536")]).is_ok());
/// assert!(Limits::from_vars([(ENV_PART_SIZE, "-1")]).is_err());
/// ```
pub const ENV_PART_SIZE: &str = "BRISK_MAX_PART_SIZE";
/// The environment variable of the most validation errors listed (`none`: all of them).
///
/// ```
/// use brisk::limits::{ENV_VALIDATION_ERRORS, Limits};
/// assert!(Limits::from_vars([(ENV_VALIDATION_ERRORS, "none")]).is_ok());
/// assert!(Limits::from_vars([(ENV_VALIDATION_ERRORS, "-1")]).is_err());
/// ```
pub const ENV_VALIDATION_ERRORS: &str = "BRISK_MAX_VALIDATION_ERRORS";

/// Bounds on a form body, checked while it is parsed (Starlette's `max_files`,
/// `max_fields`, `max_part_size`). The whole body is also bounded by the body size limit.
///
/// ```
/// use brisk::forms::FormLimits;
/// let limits = FormLimits::new().max_files(10).max_file_size(50 * 1024 * 1024);
/// assert_eq!(limits, FormLimits::default().max_files(10).max_file_size(50 << 20));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormLimits {
    pub(crate) max_files: usize,
    pub(crate) max_fields: usize,
    pub(crate) max_part_size: usize,
    pub(crate) max_file_size: u64,
    pub(crate) spool_threshold: usize,
}

impl FormLimits {
    /// Starlette's defaults: 1000 files, 1000 fields, 1 MiB per text field, files kept in
    /// memory up to 1 MiB; a file is bounded only by the body limit.
    pub const fn new() -> Self {
        FormLimits {
            max_files: 1000,
            max_fields: 1000,
            max_part_size: 1024 * 1024,
            max_file_size: u64::MAX,
            spool_threshold: 1024 * 1024,
        }
    }

    /// The most file parts in one body (400 beyond).
    pub const fn max_files(mut self, n: usize) -> Self {
        self.max_files = n;
        self
    }

    /// The most text fields in one body, urlencoded or multipart (400 beyond).
    pub const fn max_fields(mut self, n: usize) -> Self {
        self.max_fields = n;
        self
    }

    /// The largest text field, in bytes (400 beyond).
    pub const fn max_part_size(mut self, bytes: usize) -> Self {
        self.max_part_size = bytes;
        self
    }

    /// The largest file part, in bytes (413 beyond).
    pub const fn max_file_size(mut self, bytes: u64) -> Self {
        self.max_file_size = bytes;
        self
    }

    /// The size past which a file is moved from memory to a temporary file.
    pub const fn spool_threshold(mut self, bytes: usize) -> Self {
        self.spool_threshold = bytes;
        self
    }
}

impl Default for FormLimits {
    fn default() -> Self {
        Self::new()
    }
}

/// All the limits of an app, each either set (in code, or from the environment) or left
/// to its default.
///
/// ```
/// use brisk::Limits;
/// let limits = Limits::new().max_body_size(1 << 20).max_validation_errors(Some(50));
/// assert_eq!(limits.body_size(), 1 << 20);
/// assert_eq!(limits.validation_errors(), Some(50));
/// assert_eq!(limits.form().fields(), 1000);                  // Starlette's default
///
/// // What is set in code wins over the environment.
/// let env = Limits::from_vars([("BRISK_MAX_BODY_SIZE", "10"), ("BRISK_MAX_FORM_FIELDS", "20")]).unwrap();
/// let resolved = limits.or(&env);
/// assert_eq!((resolved.body_size(), resolved.form().fields()), (1 << 20, 20));
/// assert_eq!(Limits::new().max_validation_errors(None).validation_errors(), None); // FastAPI's: all
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    body_size: Option<usize>,
    form_fields: Option<usize>,
    form_files: Option<usize>,
    part_size: Option<usize>,
    file_size: Option<u64>,
    spool_threshold: Option<usize>,
    validation_errors: Option<Option<usize>>,
}

/// What the limits are, to read them back.
impl FormLimits {
    /// The most text fields in one body.
    pub const fn fields(&self) -> usize {
        self.max_fields
    }

    /// The most file parts in one body.
    pub const fn files(&self) -> usize {
        self.max_files
    }

    /// The largest text field, in bytes.
    pub const fn part_size(&self) -> usize {
        self.max_part_size
    }

    /// The largest file part, in bytes.
    pub const fn file_size(&self) -> u64 {
        self.max_file_size
    }
}

impl Limits {
    /// Nothing set: every limit is the environment's, or its default.
    pub const fn new() -> Self {
        Limits {
            body_size: None,
            form_fields: None,
            form_files: None,
            part_size: None,
            file_size: None,
            spool_threshold: None,
            validation_errors: None,
        }
    }

    /// The largest request body, in bytes (413 beyond; default 16 MiB).
    pub const fn max_body_size(mut self, bytes: usize) -> Self {
        self.body_size = Some(bytes);
        self
    }

    /// The most fields in a form body, urlencoded or multipart (400 beyond; default 1000).
    pub const fn max_form_fields(mut self, n: usize) -> Self {
        self.form_fields = Some(n);
        self
    }

    /// The most file parts in a multipart body (400 beyond; default 1000).
    pub const fn max_form_files(mut self, n: usize) -> Self {
        self.form_files = Some(n);
        self
    }

    /// The largest text field of a form, in bytes (400 beyond; default 1 MiB).
    pub const fn max_part_size(mut self, bytes: usize) -> Self {
        self.part_size = Some(bytes);
        self
    }

    /// The largest uploaded file, in bytes (413 beyond; default: only the body limit).
    pub const fn max_file_size(mut self, bytes: u64) -> Self {
        self.file_size = Some(bytes);
        self
    }

    /// The size past which an uploaded file is spooled to disk (default 1 MiB).
    pub const fn spool_threshold(mut self, bytes: usize) -> Self {
        self.spool_threshold = Some(bytes);
        self
    }

    /// Sets every form limit at once.
    pub const fn form_limits(mut self, form: FormLimits) -> Self {
        self.form_fields = Some(form.max_fields);
        self.form_files = Some(form.max_files);
        self.part_size = Some(form.max_part_size);
        self.file_size = Some(form.max_file_size);
        self.spool_threshold = Some(form.spool_threshold);
        self
    }

    /// The most validation errors a 422 lists (default 1000): past them, one
    /// `too_many_errors` entry ends the list and validation stops. `None` lists them all,
    /// as FastAPI does.
    pub const fn max_validation_errors(mut self, n: Option<usize>) -> Self {
        self.validation_errors = Some(n);
        self
    }

    /// The body size limit in force.
    pub fn body_size(&self) -> usize {
        self.body_size.unwrap_or(DEFAULT_BODY_SIZE)
    }

    /// The form limits in force.
    pub fn form(&self) -> FormLimits {
        let d = FormLimits::new();
        FormLimits {
            max_files: self.form_files.unwrap_or(d.max_files),
            max_fields: self.form_fields.unwrap_or(d.max_fields),
            max_part_size: self.part_size.unwrap_or(d.max_part_size),
            max_file_size: self.file_size.unwrap_or(d.max_file_size),
            spool_threshold: self.spool_threshold.unwrap_or(d.spool_threshold),
        }
    }

    /// The validation error limit in force (`None`: unlimited).
    pub fn validation_errors(&self) -> Option<usize> {
        self.validation_errors.unwrap_or(Some(DEFAULT_VALIDATION_ERRORS))
    }

    /// These limits, with what they leave unset taken from `fallback` (the environment's,
    /// usually).
    pub fn or(&self, fallback: &Limits) -> Limits {
        Limits {
            body_size: self.body_size.or(fallback.body_size),
            form_fields: self.form_fields.or(fallback.form_fields),
            form_files: self.form_files.or(fallback.form_files),
            part_size: self.part_size.or(fallback.part_size),
            file_size: self.file_size.or(fallback.file_size),
            spool_threshold: self.spool_threshold.or(fallback.spool_threshold),
            validation_errors: self.validation_errors.or(fallback.validation_errors),
        }
    }

    /// The limits the process environment sets (`BRISK_MAX_*`); unset variables leave
    /// their limit unset.
    pub fn from_env() -> Result<Limits, LimitsError> {
        let names = [ENV_BODY_SIZE, ENV_FORM_FIELDS, ENV_FORM_FILES, ENV_PART_SIZE, ENV_VALIDATION_ERRORS];
        let vars: Vec<(&str, OsString)> = names.iter().filter_map(|n| std::env::var_os(n).map(|v| (*n, v))).collect();
        Self::from_os_vars(vars)
    }

    /// The limits given variables set, as [`from_env`](Self::from_env) reads them (for
    /// tests, or another source of configuration). Names other than `BRISK_MAX_*` are
    /// ignored.
    pub fn from_vars<K: AsRef<str>, V: AsRef<str>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Limits, LimitsError> {
        Self::from_os_vars(vars.into_iter().map(|(k, v)| (k, OsString::from(v.as_ref()))))
    }

    fn from_os_vars<K: AsRef<str>>(vars: impl IntoIterator<Item = (K, OsString)>) -> Result<Limits, LimitsError> {
        let mut limits = Limits::new();
        for (name, value) in vars {
            let name = name.as_ref();
            let known = [ENV_BODY_SIZE, ENV_FORM_FIELDS, ENV_FORM_FILES, ENV_PART_SIZE, ENV_VALIDATION_ERRORS];
            let Some(&name) = known.iter().find(|k| **k == name) else { continue };
            let bad = |value: &str| LimitsError { variable: name, value: value.to_owned() };
            let Some(text) = value.to_str() else { return Err(bad(&value.to_string_lossy())) };
            let trimmed = text.trim();
            if name == ENV_VALIDATION_ERRORS && trimmed.eq_ignore_ascii_case("none") {
                limits.validation_errors = Some(None);
                continue;
            }
            // Digits only: no sign, no unit, no empty value.
            if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(text));
            }
            let n: usize = trimmed.parse().map_err(|_| bad(text))?;
            match name {
                ENV_BODY_SIZE => limits.body_size = Some(n),
                ENV_FORM_FIELDS => limits.form_fields = Some(n),
                ENV_FORM_FILES => limits.form_files = Some(n),
                ENV_PART_SIZE => limits.part_size = Some(n),
                _ => limits.validation_errors = Some(Some(n)),
            }
        }
        Ok(limits)
    }
}

/// A `BRISK_MAX_*` environment variable whose value is not a limit.
///
/// ```
/// use brisk::Limits;
///
/// let err = Limits::from_vars([("BRISK_MAX_BODY_SIZE", "16MB")]).unwrap_err();
/// assert_eq!((err.variable, err.value.as_str()), ("BRISK_MAX_BODY_SIZE", "16MB"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitsError {
    /// The variable's name.
    pub variable: &'static str,
    /// Its value (lossily decoded when it is not UTF-8).
    pub value: String,
}

impl fmt::Display for LimitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = if self.variable == ENV_VALIDATION_ERRORS {
            "a non-negative integer, or `none`"
        } else {
            "a non-negative integer"
        };
        write!(f, "environment variable {}={:?}: expected {expected}", self.variable, self.value)
    }
}

impl std::error::Error for LimitsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let l = Limits::new();
        assert_eq!(l.body_size(), 16 * 1024 * 1024);
        assert_eq!(l.form(), FormLimits::new());
        assert_eq!(l.validation_errors(), Some(1000));
    }

    #[test]
    fn variables_are_read_and_checked() {
        let l = Limits::from_vars([
            ("BRISK_MAX_BODY_SIZE", "1024"),
            ("BRISK_MAX_FORM_FIELDS", " 5 "),
            ("BRISK_MAX_FORM_FILES", "6"),
            ("BRISK_MAX_PART_SIZE", "7"),
            ("BRISK_MAX_VALIDATION_ERRORS", "NONE"),
            ("PATH", "/bin"),
        ])
        .unwrap();
        assert_eq!(l.body_size(), 1024);
        let f = l.form();
        assert_eq!((f.max_fields, f.max_files, f.max_part_size), (5, 6, 7));
        assert_eq!(l.validation_errors(), None);
        let l = Limits::from_vars([("BRISK_MAX_VALIDATION_ERRORS", "0")]).unwrap();
        assert_eq!(l.validation_errors(), Some(0));
        for (name, value) in [
            ("BRISK_MAX_BODY_SIZE", "16MiB"),
            ("BRISK_MAX_BODY_SIZE", "-1"),
            ("BRISK_MAX_FORM_FIELDS", ""),
            ("BRISK_MAX_PART_SIZE", "none"),
            ("BRISK_MAX_VALIDATION_ERRORS", "lots"),
            ("BRISK_MAX_FORM_FILES", "99999999999999999999999"),
        ] {
            let e = Limits::from_vars([(name, value)]).unwrap_err();
            assert_eq!((e.variable, e.value.as_str()), (name, value));
            assert!(e.to_string().starts_with(&format!("environment variable {name}=")), "{e}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_value_that_is_not_text_is_an_error() {
        use std::os::unix::ffi::OsStringExt;
        let e = Limits::from_os_vars([("BRISK_MAX_BODY_SIZE", OsString::from_vec(vec![b'1', 0xff]))]).unwrap_err();
        assert_eq!(e.variable, "BRISK_MAX_BODY_SIZE");
    }

    #[test]
    fn code_wins_over_the_environment() {
        let env = Limits::from_vars([("BRISK_MAX_BODY_SIZE", "10"), ("BRISK_MAX_VALIDATION_ERRORS", "3")]).unwrap();
        let code = Limits::new().max_validation_errors(None).form_limits(FormLimits::new().max_fields(2));
        let l = code.or(&env);
        assert_eq!((l.body_size(), l.validation_errors(), l.form().max_fields), (10, None, 2));
        assert_eq!(Limits::new().or(&env).validation_errors(), Some(3));
    }
}
