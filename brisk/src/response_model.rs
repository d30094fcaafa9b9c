//! Response models (FastAPI's `response_model=` and its `response_model_*` options).
//!
//! The data a handler returns is encoded, validated as the response model — which drops
//! fields the model does not declare, such as a password — and serialized from the
//! model, then filtered by `exclude_unset`, `exclude_defaults`, `exclude_none`, `include`
//! and `exclude`. Invalid returned data is the server's fault: a 500, logged.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{LocItem, ValidationErrors};
use crate::model::SchemaGenerator;
use crate::model::{Constraints, JsonSchema, Validate};
use crate::response::{HttpResponse, ModelRender, RouteRender, internal_error};

/// A route's response model and its `response_model_*` options. Generated as a static.
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
    /// The model's top-level defaults, read once from its schema.
    pub defaults: OnceLock<Map<String, Value>>,
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
pub trait ResponseModelType {
    /// Its schema.
    fn schema(schemas: &mut SchemaGenerator) -> Value;
    /// Validates and renders encoded data as this model.
    fn render(input: Value, opts: &ResponseModel, route: &RouteRender<'_>) -> HttpResponse;
}

#[diagnostic::do_not_recommend]
impl<M: Validate + JsonSchema + Serialize> ResponseModelType for M {
    fn schema(schemas: &mut SchemaGenerator) -> Value {
        M::json_schema(schemas)
    }
    fn render(input: Value, opts: &ResponseModel, route: &RouteRender<'_>) -> HttpResponse {
        render_as::<M>(input, opts, route)
    }
}

/// Validates encoded data as model `M`, filters it by the options and renders it.
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
    let defaults = if opts.exclude_defaults { Some(model_defaults::<M>(opts)) } else { None };
    filter(&mut out, &input, opts, defaults);
    d.render(&out)
}

fn model_defaults<M: JsonSchema>(opts: &ResponseModel) -> &Map<String, Value> {
    opts.defaults.get_or_init(|| {
        let mut schemas = SchemaGenerator::new();
        let root = M::json_schema(&mut schemas);
        let name = root.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()).map(str::to_owned);
        let components = schemas.into_components();
        let schema = name.and_then(|n| components.get(&n).cloned()).unwrap_or(root);
        let mut defaults = Map::new();
        if let Some(Value::Object(props)) = schema.get("properties") {
            for (k, p) in props {
                if let Some(d) = p.get("default") {
                    defaults.insert(k.clone(), d.clone());
                }
            }
        }
        defaults
    })
}

fn filter(out: &mut Value, input: &Value, opts: &ResponseModel, defaults: Option<&Map<String, Value>>) {
    match out {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                filter(item, input.get(i).unwrap_or(&Value::Null), opts, defaults);
            }
        }
        Value::Object(fields) => {
            fields.retain(|k, v| {
                (opts.include.is_empty() || opts.include.contains(&k.as_str()))
                    && !opts.exclude.contains(&k.as_str())
                    && !(opts.exclude_unset && input.as_object().is_some_and(|i| !i.contains_key(k)))
                    && !(opts.exclude_none && v.is_null())
                    && !defaults.is_some_and(|d| d.get(k) == Some(v))
            });
            if opts.exclude_unset {
                for (k, v) in fields.iter_mut() {
                    if let Some(sub) = input.get(k) {
                        unset_nested(v, sub);
                    }
                }
            }
        }
        _ => {}
    }
}

/// `exclude_unset` inside nested objects: keep what the input set.
fn unset_nested(out: &mut Value, input: &Value) {
    match (out, input) {
        (Value::Object(o), Value::Object(i)) => {
            o.retain(|k, _| i.contains_key(k));
            for (k, v) in o.iter_mut() {
                if let Some(sub) = i.get(k) {
                    unset_nested(v, sub);
                }
            }
        }
        (Value::Array(o), Value::Array(i)) => {
            for (v, sub) in o.iter_mut().zip(i) {
                unset_nested(v, sub);
            }
        }
        _ => {}
    }
}
