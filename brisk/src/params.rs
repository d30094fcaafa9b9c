//! Extracting parameters (FastAPI's `Path`, `Query`, `Header`, `Cookie`, `Body`, `Form`,
//! `File`) from a request, as their [`ParamSpec`] declares.
//!
//! What a parameter's type does is decided by its [`Extract`] impl: every validated type
//! (`Validate`) is request data read from its source; `Request` is the request itself;
//! `SecurityScopes` are the scopes the dependants require.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/items/{item_id}")]
//! async fn read_item(
//!     #[path(ge = 1)] item_id: i64,
//!     #[query(max_length = 10)] q: Option<String>,
//!     #[header] user_agent: Option<String>,
//!     #[cookie] session: Option<String>,
//! ) -> serde_json::Value {
//!     serde_json::json!({"item_id": item_id, "q": q, "agent": user_agent, "session": session})
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![read_item]));
//! let res = client.get("/items/3?q=x").header("cookie", "session=abc").send().await;
//! assert_eq!(res.json::<serde_json::Value>()["session"], "abc");
//! let res = client.get("/items/0?q=far-too-long-a-query").send().await;
//! let types: Vec<String> = res.json::<serde_json::Value>()["detail"].as_array().unwrap().iter().map(|e| e["type"].to_string()).collect();
//! assert_eq!(types, [r#""greater_than_equal""#, r#""string_too_long""#]);
//! # }
//! ```

use std::borrow::Cow;

use serde_json::Value;

use crate::background::BackgroundTasks;
use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::model::{JsonSchema, SchemaGenerator, Validate};
use crate::operation::{ParamDoc, ParamSpec, Source};
use crate::request::{Request, query_values};
use crate::state::{State, StateNeed};

/// The scopes required by the dependants of the current dependency, outermost first
/// (FastAPI's `SecurityScopes`): take it as a parameter of a dependency.
///
/// ```
/// use brisk::prelude::*;
///
/// #[dependency]
/// async fn required(scopes: SecurityScopes) -> String {
///     scopes.scope_str()
/// }
///
/// #[get("/items/")]
/// async fn items(#[depends(required, scopes = ["items", "me"])] scopes: String) -> String {
///     scopes
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![items]));
/// assert_eq!(client.get("/items/").send().await.json::<String>(), "items me");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/security/oauth2-scopes.md`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityScopes {
    scopes: Vec<String>,
}

impl SecurityScopes {
    /// The scopes, in the order they were required.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The scopes separated by spaces, as in `WWW-Authenticate: Bearer scope="..."`.
    pub fn scope_str(&self) -> String {
        self.scopes.join(" ")
    }

    /// The scopes on the stack of the dependency being resolved.
    pub fn from_stack(stack: &[&'static str]) -> Self {
        SecurityScopes { scopes: stack.iter().map(|s| s.to_string()).collect() }
    }
}

/// A type a handler or dependency parameter can have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a request",
    label = "not a parameter type",
    note = "a parameter is request data: derive `Model` for it (`#[derive(Model)]`, read from the body, or with \
            #[query] / #[header] / #[cookie] / #[form] from those), or use a supported type (numbers, `String`, `bool`, \
            `uuid::Uuid`, `DateTime`, `chrono::NaiveDate`, `serde_json::Value`, `UploadFile`, or `Option`/`Vec`/maps of \
            them); or take it from a dependency with #[depends(f)], or a security scheme with #[security(SCHEME)]; the app's state is \
            `State<T>`, the request's background tasks `BackgroundTasks`"
)]
#[doc(hidden)]
pub trait Extract: Sized + Send {
    /// Reads the parameter declared by `spec`, recording errors; `default` is used when it
    /// is absent.
    fn extract(
        req: &mut Request,
        spec: &'static ParamSpec,
        errors: &mut ValidationErrors,
        default: Option<fn() -> Self>,
    ) -> Option<Self>;

    /// Its documentation (and where it is read from).
    fn doc(spec: &ParamSpec, schemas: &mut SchemaGenerator) -> ParamDoc;
}

// Unmet, the error names `Extract` (its message lists where parameters come from), not
// each of this impl's bounds.
#[diagnostic::do_not_recommend]
impl<T: Validate + JsonSchema + Send> Extract for T {
    fn extract(
        req: &mut Request,
        spec: &'static ParamSpec,
        errors: &mut ValidationErrors,
        default: Option<fn() -> Self>,
    ) -> Option<Self> {
        extract(req, spec, errors, default)
    }
    fn doc(spec: &ParamSpec, schemas: &mut SchemaGenerator) -> ParamDoc {
        ParamDoc::of::<T>(spec, schemas)
    }
}

impl Extract for Request {
    fn extract(
        req: &mut Request,
        _: &'static ParamSpec,
        _: &mut ValidationErrors,
        _: Option<fn() -> Self>,
    ) -> Option<Self> {
        Some(req.clone())
    }
    fn doc(_: &ParamSpec, _: &mut SchemaGenerator) -> ParamDoc {
        ParamDoc::raw_request()
    }
}

impl Extract for SecurityScopes {
    fn extract(
        req: &mut Request,
        _: &'static ParamSpec,
        _: &mut ValidationErrors,
        _: Option<fn() -> Self>,
    ) -> Option<Self> {
        Some(SecurityScopes::from_stack(&req.scopes))
    }
    fn doc(_: &ParamSpec, _: &mut SchemaGenerator) -> ParamDoc {
        ParamDoc::hidden()
    }
}

impl<T: Send + Sync + 'static> Extract for State<T> {
    fn extract(
        req: &mut Request,
        _: &'static ParamSpec,
        _: &mut ValidationErrors,
        _: Option<fn() -> Self>,
    ) -> Option<Self> {
        // The app checks when it starts that its state has every type its routes read:
        // missing here, the app was called without being started (a 500, logged).
        match req.state::<T>() {
            Some(state) => Some(state),
            None => panic!(
                "State<{}> read, but the app's state has none: start the app (serve, TestClient, \
                 AppService::startup) before calling it",
                std::any::type_name::<T>()
            ),
        }
    }
    fn doc(_: &ParamSpec, _: &mut SchemaGenerator) -> ParamDoc {
        ParamDoc { state: Some(StateNeed::of::<T>()), ..ParamDoc::hidden() }
    }
}

impl Extract for BackgroundTasks {
    fn extract(
        req: &mut Request,
        _: &'static ParamSpec,
        _: &mut ValidationErrors,
        _: Option<fn() -> Self>,
    ) -> Option<Self> {
        Some(req.background_tasks())
    }
    fn doc(_: &ParamSpec, _: &mut SchemaGenerator) -> ParamDoc {
        ParamDoc::hidden()
    }
}

/// Extracts a parameter of type `T` as its spec says, recording errors. `default` is
/// used when the parameter is absent.
#[doc(hidden)]
pub fn extract<T: Validate>(
    ctx: &mut Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    let source = spec.source.resolve::<T>();
    if crate::operation::is_params_model::<T>(source) {
        return crate::params_model::extract_model(ctx, spec, source, errors);
    }
    match source {
        Source::Path => path(ctx, spec, errors),
        Source::Query | Source::Inferred => query(ctx, spec, errors, default),
        Source::Header => header(ctx, spec, errors, default),
        Source::Cookie => cookie(ctx, spec, errors, default),
        Source::Body => body(ctx, spec, errors, default),
        Source::Form => form(ctx, spec, errors, default),
        Source::File => file(ctx, spec, errors, default),
    }
}

fn absent<T: Validate>(
    spec: &ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
    loc: impl FnOnce() -> Vec<LocItem>,
) -> Option<T> {
    if let Some(d) = default {
        return Some(d());
    }
    if !spec.required
        && let Some(v) = T::when_absent()
    {
        return Some(v);
    }
    errors.push(Invalid::missing().at(loc(), Value::Null));
    None
}

fn loc2(source: &'static str, name: &'static str) -> Vec<LocItem> {
    vec![LocItem::Key(source.into()), LocItem::Key(name.into())]
}

/// Validates a parameter's text with an empty location, placed at `(source, name)` only
/// when it fails: a valid value costs no allocation for its location.
fn validate_located<T: Validate>(
    source: &'static str,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    validate: impl FnOnce(&mut Vec<LocItem>, &mut ValidationErrors) -> Option<T>,
) -> Option<T> {
    let (found, kept) = (errors.len(), errors.errors().len());
    let value = validate(&mut Vec::new(), errors);
    if errors.len() > found {
        errors.prefix_locs_from(kept, [LocItem::Key(source.into()), LocItem::Key(spec.wire.into())]);
    }
    value
}

fn path<T: Validate>(ctx: &Request, spec: &'static ParamSpec, errors: &mut ValidationErrors) -> Option<T> {
    match ctx.path_value(spec.path_index) {
        Some(s) => {
            validate_located("path", spec, errors, |loc, errors| T::validate_str(s, &spec.constraints, loc, errors))
        }
        None => {
            errors.push(Invalid::missing().at(loc2("path", spec.wire), Value::Null));
            None
        }
    }
}

/// The values found for one parameter: one for scalars (no allocation), all for lists.
enum Found<'a> {
    One(Option<Cow<'a, str>>),
    Many(Vec<Cow<'a, str>>),
}

impl<'a> Found<'a> {
    fn new<T: Validate>() -> Self {
        if T::collects_all() { Found::Many(Vec::new()) } else { Found::One(None) }
    }

    /// Records a value; `last_wins` picks the last of repeated scalars (query), else the
    /// first (headers, as Starlette's `headers.get`).
    fn push(&mut self, v: Cow<'a, str>, last_wins: bool) {
        match self {
            Found::One(slot) if slot.is_none() || last_wins => *slot = Some(v),
            Found::One(_) => {}
            Found::Many(all) => all.push(v),
        }
    }

    fn finish<T: Validate>(
        self,
        source: &'static str,
        spec: &'static ParamSpec,
        errors: &mut ValidationErrors,
        default: Option<fn() -> T>,
    ) -> Option<T> {
        let loc = || loc2(source, spec.wire);
        match self {
            Found::One(Some(v)) => validate_located(source, spec, errors, |loc, errors| {
                T::validate_str(&v, &spec.constraints, loc, errors)
            }),
            Found::Many(all) if !all.is_empty() => validate_located(source, spec, errors, |loc, errors| {
                T::validate_strs(&all, &spec.constraints, loc, errors)
            }),
            _ => absent(spec, errors, default, loc),
        }
    }
}

fn query<T: Validate>(
    ctx: &Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    let mut found = Found::new::<T>();
    query_values(ctx.query_str(), spec.wire, |v| found.push(v, true));
    found.finish("query", spec, errors, default)
}

fn header<T: Validate>(
    ctx: &Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    let mut found = Found::new::<T>();
    let values = match &spec.header {
        Some(name) => ctx.headers().get_all(name),
        None => ctx.headers().get_all(spec.wire),
    };
    for v in values {
        if matches!(found, Found::One(Some(_))) {
            break; // the first value is the one read
        }
        match crate::header_text::text(v.as_bytes()) {
            Ok(s) => found.push(Cow::Borrowed(s), false),
            Err((e, input)) => {
                errors.push(e.at(loc2("header", spec.wire), input));
                return None;
            }
        }
    }
    found.finish("header", spec, errors, default)
}

fn cookie<T: Validate>(
    ctx: &Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    let mut found = Found::new::<T>();
    let mut bad = None;
    for h in ctx.headers().get_all(http::header::COOKIE) {
        for (k, v) in crate::header_text::cookie_pairs(h.as_bytes()) {
            if k == spec.wire.as_bytes() {
                // The last one wins, as in Starlette's cookie dict: so does its error.
                match crate::header_text::cookie_value(v) {
                    Ok(v) => {
                        bad = None;
                        found.push(v, true);
                    }
                    Err(e) => bad = Some(e),
                }
            }
        }
    }
    if let Some((e, input)) = bad {
        errors.push(e.at(loc2("cookie", spec.wire), input));
        return None;
    }
    found.finish("cookie", spec, errors, default)
}

fn form<T: Validate>(
    ctx: &mut Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    if T::body_by_default() {
        return crate::forms::extract_model(ctx.form.as_deref(), errors);
    }
    form_texts::<T>(ctx, spec).finish("body", spec, errors, default)
}

/// The text values of a form field; a single empty value counts as absent, as FastAPI
/// reads an empty form field (`username=`) as not sent.
fn form_texts<'a, T: Validate>(ctx: &'a Request, spec: &'static ParamSpec) -> Found<'a> {
    let mut found = Found::new::<T>();
    if let Some(form) = &ctx.form {
        for v in form.texts(spec.wire) {
            found.push(Cow::Borrowed(v), true);
        }
    }
    match found {
        Found::One(Some(v)) if v.is_empty() => Found::One(None),
        found => found,
    }
}

fn file<T: Validate>(
    ctx: &mut Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    let files = ctx.form.as_mut().map(|f| f.take_files(spec.wire)).unwrap_or_default();
    if files.is_empty() {
        // A text field under the file's name: bytes take it, `UploadFile` reports it.
        return form_texts::<T>(ctx, spec).finish("body", spec, errors, default);
    }
    let mut loc = loc2("body", spec.wire);
    T::validate_files(files, &spec.constraints, &mut loc, errors)
}

fn body<T: Validate>(
    ctx: &mut Request,
    spec: &'static ParamSpec,
    errors: &mut ValidationErrors,
    default: Option<fn() -> T>,
) -> Option<T> {
    let embedded = ctx.embed_body;
    if ctx.body_bytes().is_empty() {
        let loc = if embedded { loc2("body", spec.wire) } else { vec![LocItem::Key("body".into())] };
        return absent(spec, errors, default, || loc);
    }
    if !ctx.is_json_content() {
        // FastAPI hands the raw bytes to validation, which rejects them as not an object.
        let text = String::from_utf8_lossy(ctx.body_bytes()).into_owned();
        let mut loc = vec![LocItem::Key("body".into())];
        if embedded {
            errors.push(
                Invalid::new(
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                )
                .at(loc, Value::String(text)),
            );
            return None;
        }
        return T::validate_json(&Value::String(text), &spec.constraints, &mut loc, errors);
    }
    if !embedded && let Some(v) = T::from_json_bytes(ctx.body_bytes()) {
        return Some(v);
    }
    let json =
        match ctx.body_json() {
            Ok(v) => v,
            Err(e) => {
                if !errors.errors().iter().any(|e| e.kind == "json_invalid") {
                    let detail = Invalid::new("json_invalid", "JSON decode error").with_ctx("error", e.msg.clone());
                    errors.push(detail.at(
                        vec![LocItem::Key("body".into()), LocItem::Index(e.pos)],
                        Value::Object(Default::default()),
                    ));
                }
                return None;
            }
        };
    if embedded {
        let mut loc = loc2("body", spec.wire);
        match json {
            Value::Object(obj) => match obj.get(spec.wire) {
                Some(v) => T::validate_json(v, &spec.constraints, &mut loc, errors),
                None => absent(spec, errors, default, || loc),
            },
            other => {
                let e = Invalid::new(
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                );
                let _ = other;
                errors.push(e.at(loc, Value::Null));
                None
            }
        }
    } else {
        let mut loc = vec![LocItem::Key("body".into())];
        T::validate_json(json, &spec.constraints, &mut loc, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::query_pairs;

    #[test]
    fn query_pairs_decode_only_when_needed() {
        let pairs: Vec<_> = query_pairs("a=1&b=x+y&c=%E2%98%83&&d&e=").collect();
        let expect = [("a", "1"), ("b", "x y"), ("c", "\u{2603}"), ("d", ""), ("e", "")];
        assert_eq!(pairs.len(), expect.len());
        for ((k, v), (ek, ev)) in pairs.iter().zip(expect) {
            assert_eq!((k.as_ref(), v.as_ref()), (ek, ev));
        }
        assert!(matches!(pairs[0].1, Cow::Borrowed(_)));
        let enc: Vec<_> = query_pairs("item%2Dquery=a%26b").collect();
        assert_eq!((enc[0].0.as_ref(), enc[0].1.as_ref()), ("item-query", "a&b"));
    }

    #[test]
    fn query_values_are_query_pairs_of_one_name() {
        let queries = [
            "a=1&b=x+y&c=%E2%98%83&&d&e=&a=2",
            "=&=x&a&a=&a==b&%61=3&a+=4&a%20=5&b=a&a=%2B+",
            "&&a=1&",
            "",
            "a",
            "%zz=1&a=%zz&a=%E2",
        ];
        for q in queries {
            for name in ["a", "b", "c", "d", "e", "", "a ", "%61"] {
                let mut ours = Vec::new();
                query_values(q, name, |v| ours.push(v.into_owned()));
                let theirs: Vec<_> = query_pairs(q).filter(|(k, _)| k == name).map(|(_, v)| v.into_owned()).collect();
                assert_eq!(ours, theirs, "{q:?} {name:?}");
            }
        }
        let mut borrowed = true;
        query_values("x=1&a=plain&y=%41", "a", |v| borrowed &= matches!(v, Cow::Borrowed(_)));
        assert!(borrowed);
    }
}
