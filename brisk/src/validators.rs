//! Custom validators on parameters (FastAPI's `AfterValidator`): a function run on the
//! validated value of a parameter that was sent; its error message becomes pydantic's
//! `value_error` (`"Value error, <message>"`) at the parameter's location.
//!
//! ```
//! use brisk::prelude::*;
//!
//! fn even(n: &i64) -> Result<(), &'static str> {
//!     if n % 2 == 0 { Ok(()) } else { Err("must be even") }
//! }
//!
//! #[get("/half")]
//! async fn half(#[query(validator = even)] n: i64) -> String {
//!     (n / 2).to_string()
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![half]));
//! assert_eq!(client.get("/half?n=4").send().await.json::<String>(), "2");
//! let res = client.get("/half?n=3").send().await.json::<serde_json::Value>();
//! assert_eq!(res["detail"][0]["msg"], "Value error, must be even");
//! # }
//! ```

use std::fmt::Display;

use serde_json::{Value, json};

use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::model::Validate;
use crate::operation::{ParamSpec, Source};
use crate::request::{Request, query_pairs};

/// The raw value a parameter arrived with, if it was sent.
fn raw_input(ctx: &Request, spec: &ParamSpec, source: Source) -> Option<Value> {
    match source {
        Source::Path => ctx.path_value(spec.path_index).map(|s| Value::String(s.to_owned())),
        Source::Header => {
            ctx.headers().get(spec.wire).and_then(|v| v.to_str().ok()).map(|s| Value::String(s.to_owned()))
        }
        Source::Cookie => ctx
            .headers()
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .flat_map(|h| h.split(';'))
            .filter_map(|p| p.split_once('='))
            .filter(|(k, _)| k.trim() == spec.wire)
            .last()
            .map(|(_, v)| Value::String(v.trim().to_owned())),
        Source::Form => ctx.form.as_ref().and_then(|f| f.texts(spec.wire).last()).map(|s| Value::String(s.to_owned())),
        Source::Body | Source::File => None,
        Source::Query | Source::Inferred => query_pairs(ctx.query_str())
            .filter(|(k, _)| k == spec.wire)
            .last()
            .map(|(_, v)| Value::String(v.into_owned())),
    }
}

/// Runs `check` on a parameter's value when the parameter was sent (defaults are not
/// validated, as in pydantic), recording its error.
///
/// ```
/// use brisk::prelude::*;
///
/// fn check_valid_id(id: &Option<String>) -> Result<(), &'static str> {
///     match id {
///         Some(id) if !id.starts_with("isbn-") => Err("Invalid ID format, it must start with \"isbn-\""),
///         _ => Ok(()),
///     }
/// }
///
/// #[get("/items/")]
/// async fn read_items(#[query(validator = check_valid_id)] id: Option<String>) -> Option<String> {
///     id
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_items]));
/// assert_eq!(client.get("/items/?id=isbn-1").send().await.status(), 200);
/// let res = client.get("/items/?id=imdb-1").send().await;
/// assert_eq!(res.status(), 422);
/// assert_eq!(res.json::<serde_json::Value>()["detail"][0]["type"], "value_error");
/// # }
/// ```
pub fn after<T: Validate, E: Display>(
    req: &Request,
    spec: &'static ParamSpec,
    value: Option<T>,
    check: fn(&T) -> Result<(), E>,
    errors: &mut ValidationErrors,
) -> Option<T> {
    let value = value?;
    let source = spec.source.resolve::<T>();
    let Some(input) = raw_input(req, spec, source) else { return Some(value) };
    match check(&value) {
        Ok(()) => Some(value),
        Err(e) => {
            let loc = vec![LocItem::Key(source.as_str().into()), LocItem::Key(spec.wire.into())];
            errors.push(
                Invalid::new("value_error", format!("Value error, {e}")).with_ctx("error", json!({})).at(loc, input),
            );
            None
        }
    }
}
