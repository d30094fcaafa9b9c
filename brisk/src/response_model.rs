//! Response models (FastAPI's `response_model=` and its `response_model_*` options).
//!
//! The data a handler returns is encoded, validated as the response model — which drops
//! fields the model does not declare, such as a password — and serialized from the
//! model, then filtered by `exclude_unset`, `exclude_defaults`, `exclude_none`, `include`
//! and `exclude`. Invalid returned data is the server's fault: a 500, logged.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[derive(Model)]
//! struct UserOut {
//!     username: String,
//! }
//!
//! #[get("/me", response_model = UserOut)]
//! async fn me() -> serde_json::Value {
//!     serde_json::json!({"username": "alice", "password": "secret"})
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![me]));
//! // Fields the model does not declare are dropped.
//! assert_eq!(client.get("/me").send().await.text(), r#"{"username":"alice"}"#);
//! # }
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::error::{LocItem, ValidationErrors};
use crate::model::SchemaGenerator;
use crate::model::{Constraints, JsonSchema, Validate};
use crate::response::{HttpResponse, ModelRender, RouteRender, internal_error};

/// A route's response model and its `response_model_*` options. Generated as a static.
///
/// Written by `response_model = M` and the `response_model_*` options of a path
/// operation:
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
///     #[field(default = 10.5)]
///     tax: f64,
/// }
///
/// #[get("/items/{item_id}", response_model = Item, response_model_exclude_unset)]
/// async fn read_item(item_id: String) -> serde_json::Value {
///     serde_json::json!({"name": item_id, "secret": "dropped"})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]));
/// let res = client.get("/items/foo").send().await;
/// assert_eq!(res.json::<serde_json::Value>(), serde_json::json!({"name": "foo"}));
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/response-model.md`.
#[derive(Debug)]
pub struct ResponseModel {
    /// Leave out fields the returned data did not set.
    pub exclude_unset: bool,
    /// Leave out fields equal to their default.
    pub exclude_defaults: bool,
    /// Leave out fields that are `null`.
    pub exclude_none: bool,
    /// Only these top-level fields (when not empty).
    pub include: &'static [&'static str],
    /// Never these top-level fields.
    pub exclude: &'static [&'static str],
    /// The model's output schema, read once by the filters.
    pub schema: OnceLock<OutputSchema>,
    /// Validates encoded data as the model and renders it: [`render_as`] for the model type.
    pub render_value: fn(Value, &ResponseModel, &RouteRender<'_>) -> HttpResponse,
}

impl ResponseModel {
    fn filters(&self) -> bool {
        self.exclude_unset
            || self.exclude_defaults
            || self.exclude_none
            || !self.include.is_empty()
            || !self.exclude.is_empty()
    }
}

impl ModelRender for ResponseModel {
    fn render_value(&self, data: Value, route: &RouteRender<'_>) -> HttpResponse {
        (self.render_value)(data, self, route)
    }
}

/// A type that can be a response model (`response_model = M`): a `Model` (used by the
/// macros).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model, so it cannot be a response model",
    label = "not a model",
    note = "derive `Model` for it (`#[derive(Model)]`): the response is validated and documented as this type"
)]
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
///     #[field(default = 10.5)]
///     tax: f64,
/// }
///
/// #[get("/items/{item_id}", response_model = Item, response_model_exclude_unset)]
/// async fn read_item(item_id: String) -> serde_json::Value {
///     serde_json::json!({"name": item_id, "secret": "dropped"})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]));
/// let res = client.get("/items/foo").send().await;
/// assert_eq!(res.json::<serde_json::Value>(), serde_json::json!({"name": "foo"}));
/// # }
/// ```
pub trait ResponseModelType {
    /// Its schema.
    fn schema(schemas: &mut SchemaGenerator) -> Value;
    /// Validates and renders encoded data as this model.
    fn render(input: Value, opts: &ResponseModel, route: &RouteRender<'_>) -> HttpResponse;
}

#[diagnostic::do_not_recommend]
impl<M: Validate + JsonSchema + Serialize> ResponseModelType for M {
    fn schema(schemas: &mut SchemaGenerator) -> Value {
        schemas.serializing(M::json_schema)
    }
    fn render(input: Value, opts: &ResponseModel, route: &RouteRender<'_>) -> HttpResponse {
        render_as::<M>(input, opts, route)
    }
}

/// Validates encoded data as model `M`, filters it by the options and renders it.
#[doc(hidden)]
pub fn render_as<M>(input: Value, opts: &ResponseModel, d: &RouteRender<'_>) -> HttpResponse
where
    M: Validate + JsonSchema + Serialize,
{
    // The errors go to the log: as many as a 422 lists by default.
    let mut errors = ValidationErrors::with_limit(Some(crate::limits::DEFAULT_VALIDATION_ERRORS));
    let mut loc = vec![LocItem::Key("response".into())];
    let Some(model) = M::validate_json(&input, &Constraints::NONE, &mut loc, &mut errors) else {
        let body = String::from_utf8_lossy(&errors.to_body()).into_owned();
        return internal_error(&format!("the response does not match its model: {body}"));
    };
    if !opts.filters() {
        return d.render(&model);
    }
    let mut out = match serde_json::to_value(&model) {
        Ok(v) => v,
        Err(e) => return internal_error(&e.to_string()),
    };
    let schema = opts.schema.get_or_init(OutputSchema::of::<M>);
    filter(&mut out, &input, opts, schema);
    d.render(&out)
}

/// A response model's output schema (serialization mode: computed fields are there,
/// `readOnly`), with the components it refers to.
#[derive(Debug, Default)]
#[doc(hidden)]
pub struct OutputSchema {
    root: Value,
    components: BTreeMap<String, Value>,
}

impl OutputSchema {
    fn of<M: JsonSchema>() -> Self {
        let mut schemas = SchemaGenerator::new();
        let mut root = schemas.serializing(M::json_schema);
        let (components, names) = schemas.finish();
        names.rewrite(&mut root);
        OutputSchema { root, components }
    }

    /// `schema` itself, or what its `$ref` names; for `anyOf` (an `Option`), its first
    /// branch that is not `null`.
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
            return self.components.get(name).unwrap_or(&Value::Null);
        }
        if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
            let not_null = branches.iter().find(|b| b.get("type").and_then(Value::as_str) != Some("null"));
            return not_null.map_or(&Value::Null, |b| self.resolve(b));
        }
        schema
    }

    /// The schema of property `key` of an object schema.
    fn property<'a>(&'a self, object: &'a Value, key: &str) -> &'a Value {
        object.get("properties").and_then(|p| p.get(key)).unwrap_or(&Value::Null)
    }

    /// The default of property `key`: the one written, or `null` for an optional field
    /// that writes none (an `Option` field, whose default is `None`).
    fn default<'a>(&'a self, object: &'a Value, key: &str) -> Option<&'a Value> {
        let p = self.property(object, key);
        let required = object.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|n| n == key));
        match p.get("default") {
            Some(d) => Some(d),
            None if !required && p.is_object() && !self.computed(object, key) => Some(&Value::Null),
            None => None,
        }
    }

    /// True for a computed field of the object schema (pydantic writes them whatever was set).
    fn computed(&self, object: &Value, key: &str) -> bool {
        self.property(object, key).get("readOnly") == Some(&Value::Bool(true))
    }
}

/// Filters the top level of the output (`schema` describes `out`) by every option.
fn filter(out: &mut Value, input: &Value, opts: &ResponseModel, schema: &OutputSchema) {
    filter_at(out, input, opts, schema, &schema.root);
}

fn filter_at(out: &mut Value, input: &Value, opts: &ResponseModel, s: &OutputSchema, at: &Value) {
    let at = s.resolve(at);
    match out {
        Value::Array(items) => {
            let item_schema = at.get("items").unwrap_or(&Value::Null);
            for (i, item) in items.iter_mut().enumerate() {
                filter_at(item, input.get(i).unwrap_or(&Value::Null), opts, s, item_schema);
            }
        }
        Value::Object(fields) => {
            let default = |k: &str| s.default(at, k);
            fields.retain(|k, v| {
                (opts.include.is_empty() || opts.include.contains(&k.as_str()))
                    && !opts.exclude.contains(&k.as_str())
                    && (!opts.exclude_unset || set(input, k, s, at))
                    && !(opts.exclude_none && v.is_null())
                    && !(opts.exclude_defaults && default(k) == Some(v))
            });
            if opts.exclude_unset {
                for (k, v) in fields.iter_mut() {
                    if let Some(sub) = input.get(k) {
                        unset_nested(v, sub, s, s.property(at, k));
                    }
                }
            }
        }
        _ => {}
    }
}

/// Whether `exclude_unset` keeps key `k`: the input set it, or it is computed.
fn set(input: &Value, k: &str, s: &OutputSchema, object: &Value) -> bool {
    input.as_object().is_none_or(|i| i.contains_key(k)) || s.computed(object, k)
}

/// `exclude_unset` inside nested objects: keep what the input set, and computed fields.
fn unset_nested(out: &mut Value, input: &Value, s: &OutputSchema, at: &Value) {
    let at = s.resolve(at);
    match (out, input) {
        (Value::Object(o), Value::Object(i)) => {
            o.retain(|k, _| i.contains_key(k) || s.computed(at, k));
            for (k, v) in o.iter_mut() {
                if let Some(sub) = i.get(k) {
                    unset_nested(v, sub, s, s.property(at, k));
                }
            }
        }
        (Value::Array(o), Value::Array(i)) => {
            let item_schema = at.get("items").unwrap_or(&Value::Null);
            for (v, sub) in o.iter_mut().zip(i) {
                unset_nested(v, sub, s, item_schema);
            }
        }
        _ => {}
    }
}
