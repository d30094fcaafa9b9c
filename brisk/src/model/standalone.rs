//! Validating data by hand, outside a request (pydantic's `Model.model_validate` and
//! `Model.model_validate_json`): for a body read in another format (YAML, MessagePack)
//! or data from elsewhere, with the same errors a request body gets, located from the
//! root.

use serde_json::Value;

use super::{JsonSchema, SchemaGenerator, Validate, validate};
use crate::error::{Invalid, ValidationErrors};

/// `T::model_validate(&value)` and `T::model_validate_json(text)` for every type brisk
/// validates (models, lists, scalars), and `T::model_json_schema()`.
///
/// ```
/// use brisk::prelude::*;
/// use serde_json::json;
///
/// #[derive(Model, Debug)]
/// struct Item {
///     name: String,
///     tags: Vec<String>,
/// }
///
/// let item = Item::model_validate(&json!({"name": "a", "tags": ["x"]})).unwrap();
/// assert_eq!(item.tags, ["x"]);
/// let errors = Item::model_validate_json(r#"{"name": "a"}"#).unwrap_err();
/// assert_eq!(serde_json::to_value(&errors).unwrap()[0]["loc"], json!(["tags"]));
/// let errors = Item::model_validate_json("{[").unwrap_err();
/// assert_eq!(errors.errors()[0].kind, "json_invalid");
/// assert_eq!(Item::model_json_schema()["required"], json!(["name", "tags"]));
/// ```
pub trait ModelValidate: Validate {
    /// Validates a JSON value (pydantic's lax mode, as request bodies).
    fn model_validate(value: &Value) -> Result<Self, ValidationErrors> {
        validate(value)
    }

    /// Parses JSON text and validates it; text that is not JSON is pydantic's
    /// `json_invalid` error (`Invalid JSON: ...`).
    fn model_validate_json(text: &str) -> Result<Self, ValidationErrors> {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => validate(&value),
            Err(e) => {
                let mut errors = ValidationErrors::new();
                let error = e.to_string();
                let invalid = Invalid::new("json_invalid", format!("Invalid JSON: {error}")).with_ctx("error", error);
                errors.push(invalid.at(Vec::new(), Value::String(text.to_owned())));
                Err(errors)
            }
        }
    }

    /// The type's JSON Schema on its own (pydantic's `model_json_schema()`): the model
    /// inline, the models it uses under `$defs`. For a body documented by hand
    /// (`openapi_extra`).
    fn model_json_schema() -> Value
    where
        Self: JsonSchema,
    {
        let mut schemas = SchemaGenerator::new();
        let root = Self::json_schema(&mut schemas);
        let mut defs = schemas.into_components();
        let own = root.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()).map(str::to_owned);
        let mut root = own.and_then(|name| defs.remove(&name)).unwrap_or(root);
        to_defs(&mut root);
        if !defs.is_empty() {
            let mut defs: serde_json::Map<String, Value> = defs.into_iter().collect();
            defs.values_mut().for_each(to_defs);
            root["$defs"] = Value::Object(defs);
        }
        root
    }
}

/// Points OpenAPI component references at `$defs`.
fn to_defs(schema: &mut Value) {
    match schema {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/components/schemas/")
            {
                *r = format!("#/$defs/{name}");
            }
            m.values_mut().for_each(to_defs);
        }
        Value::Array(items) => items.iter_mut().for_each(to_defs),
        _ => {}
    }
}

impl<T: Validate> ModelValidate for T {}
