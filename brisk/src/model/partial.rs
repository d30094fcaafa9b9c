//! `Partial<T>`: a model together with the fields the client actually sent, for partial
//! updates (FastAPI's `model_dump(exclude_unset=True)` on a request body).

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Constraints, JsonSchema, SchemaKind, Validate};
use crate::error::{LocItem, ValidationErrors};
use crate::model::SchemaGenerator;

/// A validated model plus the names of the fields present in the input, so a PATCH can
/// apply only what was sent.
///
/// ```
/// use brisk::model::{Partial, validate};
/// use brisk::Model;
/// use serde_json::json;
///
/// #[derive(Model)]
/// struct Item { name: Option<String>, price: Option<f64> }
///
/// let patch: Partial<Item> = validate(&json!({"price": 3})).unwrap();
/// let mut stored = json!({"name": "Bar", "price": 62.0});
/// patch.apply_to(&mut stored);
/// assert_eq!(stored, json!({"name": "Bar", "price": 3.0}));
/// ```
#[derive(Debug, Clone)]
pub struct Partial<T> {
    value: T,
    fields_set: Vec<String>,
}

impl<T> Partial<T> {
    /// The validated model (unset fields hold their defaults).
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The model.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The names of the fields the input set, in input order.
    pub fn fields_set(&self) -> &[String] {
        &self.fields_set
    }
}

impl<T: Serialize> Partial<T> {
    /// The set fields only, as JSON (`model_dump(exclude_unset=True)`).
    pub fn to_update(&self) -> Map<String, Value> {
        let mut out = Map::new();
        if let Ok(Value::Object(all)) = serde_json::to_value(&self.value) {
            for k in &self.fields_set {
                if let Some(v) = all.get(k) {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }

    /// Writes the set fields over `target` (an object), leaving the others as they are
    /// (`model_copy(update=...)`).
    pub fn apply_to(&self, target: &mut Value) {
        if let Value::Object(t) = target {
            for (k, v) in self.to_update() {
                t.insert(k, v);
            }
        }
    }
}

impl<T: Validate> Validate for Partial<T> {
    fn validate_json(
        value: &Value,
        c: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let fields_set = value.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        T::validate_json(value, c, loc, errors).map(|value| Partial { value, fields_set })
    }

    fn body_by_default() -> bool {
        T::body_by_default()
    }
}

impl<T: JsonSchema> JsonSchema for Partial<T> {
    fn json_schema(schemas: &mut SchemaGenerator) -> Value {
        T::json_schema(schemas)
    }
    fn schema_kind() -> SchemaKind {
        T::schema_kind()
    }
}

/// Validates a JSON value as `T` outside a request, with every error located from the
/// root (FastAPI's `Model(**data)` / `TypeAdapter(T).validate_python`).
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
///     price: f64,
/// }
///
/// let item: Item = brisk::model::validate(&serde_json::json!({"name": "Foo", "price": 3.5})).ok().unwrap();
/// assert_eq!(item.price, 3.5);
/// let errors = brisk::model::validate::<Item>(&serde_json::json!({"name": "Foo"})).err().unwrap();
/// assert_eq!(errors.errors()[0].loc, vec!["price".into()]);
/// ```
pub fn validate<T: Validate>(value: &Value) -> Result<T, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut loc = Vec::new();
    match T::validate_json(value, &Constraints::NONE, &mut loc, &mut errors) {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}
