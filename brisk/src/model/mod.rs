//! Models: lax validation with every error collected, and pydantic's JSON Schema.
//!
//! [`Validate`] turns a JSON value or a string parameter into a typed value the way
//! pydantic 2 does in lax mode, recording each failure with its location; [`JsonSchema`]
//! describes the type the way pydantic's schema generator does. `#[derive(Model)]`
//! implements both for structs (objects) and unit enums (string enums).
//!
//! ```
//! use brisk::Model;
//! use brisk::model::{JsonSchema, SchemaGenerator, validate};
//! use serde_json::json;
//!
//! /// pydantic's `alias_generator=to_camel, populate_by_name=True`.
//! #[derive(Model)]
//! #[model(rename_all = "camelCase", populate_by_name)]
//! struct Event {
//!     event_name: String,
//!     starts_at: chrono::DateTime<chrono::Utc>,
//! }
//!
//! /// A generic model: `Page<Event>` is the component `Page_Event_`, titled `Page[Event]`.
//! #[derive(Model)]
//! struct Page<T> {
//!     items: Vec<T>,
//! }
//!
//! let page: Page<Event> = validate(&json!({"items": [
//!     {"eventName": "launch", "startsAt": "2024-05-01T10:00:00+02:00"},
//!     {"event_name": "party", "starts_at": 1714557600},
//! ]})).unwrap();
//! assert_eq!(
//!     serde_json::to_value(&page).unwrap(),
//!     json!({"items": [
//!         {"eventName": "launch", "startsAt": "2024-05-01T08:00:00Z"},
//!         {"eventName": "party", "startsAt": "2024-05-01T10:00:00Z"},
//!     ]})
//! );
//! let mut schemas = SchemaGenerator::new();
//! assert_eq!(Page::<Event>::json_schema(&mut schemas), json!({"$ref": "#/components/schemas/Page_Event_"}));
//! ```

mod chrono_fields;
pub mod coerce;
mod computed;
mod constraints;
mod de;
mod decimal;
mod derive;
pub mod fast;
pub(crate) mod field_names;
mod impls;
mod partial;
mod schema;
#[doc(hidden)]
pub mod ser;
mod standalone;
mod tagged;
mod types;
mod upload;

pub use computed::{ComputedField, ComputedFields, ComputedModel, RENAME_RULES};
pub use constraints::{Bound, Constraints, Pattern, SchemaKind};
pub use derive::{
    EnumInfo, FastModel, FieldKey, ModelField, ModelInfo, ObjectModel, ObjectValidator, any_of, default_json,
    deserialize_model, deserialize_str_enum, fast_by_name, fast_check, fast_take, fast_take_present, fast_value,
    generic_model, union_exact, union_member, union_tag,
};
pub use impls::fast_error;
pub use partial::{Partial, validate};
pub use schema::{Resolved, SchemaGenerator, SchemaMode};
pub use standalone::ModelValidate;
pub use tagged::TaggedUnion;

use serde_json::Value;

use crate::error::{Invalid, LocItem, ValidationErrors};

/// A type that can be validated from request data, pydantic-style.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a request",
    label = "not a parameter or body type",
    note = "derive `Model` for it (`#[derive(Model)]`), or use a supported type: numbers, `String`, `bool`, \
            `uuid::Uuid`, `DateTime`, `chrono::NaiveDate`, `serde_json::Value`, or `Option`/`Vec`/maps of them"
)]
///
/// Implementations record every problem in `errors` (at `loc`, with the received input)
/// and return `None` if there was any; they never stop at the first error of a model.
///
/// Derive [`Model`](crate::Model) for structs; implement it (with [`JsonSchema`]) for a
/// scalar type of your own, recording errors with [`record`]:
///
/// ```
/// use brisk::prelude::*;
/// use brisk::error::{Invalid, LocItem, ValidationErrors};
/// use brisk::model::{Constraints, JsonSchema, SchemaGenerator, Validate, record};
/// use serde_json::{Value, json};
///
/// /// A lowercase tag.
/// #[derive(Debug, serde::Serialize)]
/// struct Lower(String);
///
/// impl Validate for Lower {
///     fn validate_json(v: &Value, _: &Constraints, loc: &mut Vec<LocItem>, errors: &mut ValidationErrors) -> Option<Self> {
///         match v.as_str() {
///             Some(s) if !s.chars().any(char::is_uppercase) => Some(Lower(s.to_owned())),
///             _ => record(Invalid::new("value_error", "Value error, not lowercase"), v.clone(), loc, errors),
///         }
///     }
/// }
///
/// impl JsonSchema for Lower {
///     fn json_schema(_: &mut SchemaGenerator) -> Value {
///         json!({"type": "string"})
///     }
/// }
///
/// #[derive(Model)]
/// struct Item {
///     tag: Lower,
/// }
///
/// #[post("/items/")]
/// async fn create(item: Item) -> String {
///     item.tag.0
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![create]));
/// assert_eq!(client.post("/items/").json(&json!({"tag": "red"})).send().await.json::<String>(), "red");
/// let res = client.post("/items/").json(&json!({"tag": "Red"})).send().await;
/// assert_eq!(res.status(), 422);
/// assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["body", "tag"]));
/// # }
/// ```
pub trait Validate: Sized {
    /// Validates a JSON value (a body, or a part of one).
    fn validate_json(
        value: &Value,
        c: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self>;

    /// Validates one string received in a path, query, header, cookie or form field.
    fn validate_str(s: &str, c: &Constraints, loc: &mut Vec<LocItem>, errors: &mut ValidationErrors) -> Option<Self> {
        Self::validate_json(&Value::String(s.to_owned()), c, loc, errors)
    }

    /// The value of an absent field that needs no default (`None` for `Option`); `None`
    /// here means absence is the `missing` error.
    fn when_absent() -> Option<Self> {
        None
    }

    /// True for lists: a repeated query or header parameter gives every value.
    fn collects_all() -> bool {
        false
    }

    /// Validates the values of a parameter that may repeat (`?q=a&q=b`). Scalars take the
    /// last value, as FastAPI does; lists take them all. `values` is never empty.
    fn validate_strs(
        values: &[std::borrow::Cow<'_, str>],
        c: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let last = values.last().map(|s| s.as_ref()).unwrap_or("");
        Self::validate_str(last, c, loc, errors)
    }

    /// True when a parameter of this type, declared without a source, is read from the
    /// body (models, lists of models, dicts) rather than the query string (scalars).
    fn body_by_default() -> bool {
        false
    }

    /// Validates uploaded files (a `#[file]` parameter): only file types accept them.
    fn validate_files(
        files: Vec<crate::upload::UploadFile>,
        _c: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let _ = files;
        errors.push(
            Invalid::new("value_error", "Value error, Expected a text value, received a file")
                .at(loc.clone(), Value::Null),
        );
        None
    }

    /// For models: their fields' keys, and whether each takes every value of a repeated
    /// parameter (lists), so a model can be read from the query, headers or cookies.
    fn model_fields() -> Vec<(&'static str, bool)> {
        Vec::new()
    }

    /// For models that populate by name: `(key, Rust name)` of each field also accepted
    /// under its Rust name (pydantic's `populate_by_name`), so a parameter model reads both.
    fn model_names() -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }

    /// The fast path for a whole JSON body: models parse straight from the bytes with
    /// serde when every value already has the right JSON type and meets its constraints.
    /// `None` sends the body to [`validate_json`](Self::validate_json), which applies
    /// pydantic's lax coercions and locates every error; both paths accept the same
    /// bodies and produce the same values.
    fn from_json_bytes(_bytes: &[u8]) -> Option<Self> {
        None
    }

    /// Reads the value on the fast path, straight from a serde deserializer (a JSON body's
    /// bytes), under the field's constraints. It may decline anything (an error sends the
    /// body to [`validate_json`](Self::validate_json)) but must never accept what
    /// validation rejects, and must give the value validation gives.
    ///
    /// The default reads the value as JSON and validates it ([`fast::via_validation`]), so
    /// a custom type is safe whatever its `Deserialize` accepts. A type whose serde reading
    /// is a subset of its validation opts in to the faster route by overriding this with
    /// [`fast::via_serde`] (its `Deserialize`, then its [`Constrained`] check), and proves
    /// it with a property test of [`fast::fast_path_agrees`]:
    ///
    /// ```
    /// use brisk::error::{Invalid, LocItem, ValidationErrors};
    /// use brisk::model::{Constrained, Constraints, Validate, fast, record};
    /// use serde_json::Value;
    ///
    /// /// An even number: serde reads any `u32`, validation only even ones.
    /// #[derive(Debug, PartialEq, serde::Deserialize)]
    /// #[serde(try_from = "u32")]
    /// struct Even(u32);
    ///
    /// impl TryFrom<u32> for Even {
    ///     type Error = &'static str;
    ///     fn try_from(n: u32) -> Result<Self, Self::Error> {
    ///         if n % 2 == 0 { Ok(Even(n)) } else { Err("odd") }
    ///     }
    /// }
    ///
    /// impl Validate for Even {
    ///     fn validate_json(v: &Value, _: &Constraints, loc: &mut Vec<LocItem>, errors: &mut ValidationErrors) -> Option<Self> {
    ///         match v.as_u64().and_then(|n| u32::try_from(n).ok()).map(Even::try_from) {
    ///             Some(Ok(e)) => Some(e),
    ///             _ => record(Invalid::new("value_error", "Value error, not even"), v.clone(), loc, errors),
    ///         }
    ///     }
    ///     // serde's reading of `Even` accepts nothing validation rejects: opt in.
    ///     fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
    ///         fast::via_serde(d, c)
    ///     }
    /// }
    ///
    /// impl Constrained for Even {}
    ///
    /// for json in ["2", "3", "-2", "2.0", "\"2\"", "4294967296"] {
    ///     fast::fast_path_agrees::<Even>(json).unwrap();
    /// }
    /// ```
    fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
        fast::via_validation(d, c)
    }

    /// True when `value` is an exact input for this type in pydantic's strict sense (an
    /// integer for an integer type, a string for `String`): the first pass of a smart
    /// union ([`union_exact`]). Types that pydantic never takes strictly from
    /// decoded JSON (models, dates, UUIDs) keep `false`.
    fn is_exact_json(_value: &Value) -> bool {
        false
    }
}

/// A typed value checked against constraints without building an error, for the fast
/// path: numbers, strings, lists and maps check; other types have no constraints.
///
/// ```
/// use brisk::model::{Bound, Constrained, Constraints};
///
/// static SMALL: Constraints = Constraints { le: Some(Bound::int(10, "10")), ..Constraints::NONE };
/// assert!(5i64.satisfies(&SMALL));
/// assert!(!50i64.satisfies(&SMALL));
/// ```
pub trait Constrained {
    /// True when the value meets the constraints.
    fn satisfies(&self, _c: &Constraints) -> bool {
        true
    }
}

/// A type with a JSON Schema, as pydantic 2 writes it: as input, or as output when the
/// generator is in [`SchemaMode::Serialization`].
///
/// Derived with [`Model`](crate::Model); every supported type has one:
///
/// ```
/// use brisk::prelude::*;
/// use brisk::model::{JsonSchema, SchemaGenerator};
///
/// let mut schemas = SchemaGenerator::default();
/// assert_eq!(<Vec<u8> as JsonSchema>::json_schema(&mut schemas)["type"], "array");
/// assert_eq!(<Option<String> as JsonSchema>::is_optional(), true);
/// assert_eq!(<Vec<i64> as JsonSchema>::type_name(), "list[int]");
/// ```
pub trait JsonSchema {
    /// The schema of the type; models register themselves in the generator's components
    /// and return a `$ref`.
    fn json_schema(schemas: &mut SchemaGenerator) -> Value;

    /// The type's name as Python spells it in a generic model's name (`Page[Item]`,
    /// `Page[list[int]]`): a model's name, `int`, `str`, `list[..]`... The default is the
    /// Rust type's name without its path.
    fn type_name() -> std::borrow::Cow<'static, str> {
        let full = std::any::type_name::<Self>();
        let base = full.split('<').next().unwrap_or(full);
        std::borrow::Cow::Borrowed(base.rsplit("::").next().unwrap_or(base))
    }

    /// Which constraint keywords apply to this type.
    fn schema_kind() -> SchemaKind {
        SchemaKind::Other
    }

    /// The schema with a field's constraints written in.
    fn constrained_schema(schemas: &mut SchemaGenerator, c: &Constraints) -> Value {
        let mut s = Self::json_schema(schemas);
        if let Value::Object(m) = &mut s {
            c.apply_to_schema(m, Self::schema_kind(), schemas.float_bounds);
        }
        s
    }

    /// True for types whose absence is allowed (`Option`): such fields are not `required`.
    fn is_optional() -> bool {
        false
    }

    /// For models: each field's documentation, so a model read from the query, headers or
    /// cookies is documented as one parameter per field.
    fn fields(_schemas: &mut SchemaGenerator) -> Option<Vec<FieldDoc>> {
        None
    }
}

/// One field of a model, documented as a parameter.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub struct FieldDoc {
    /// The key (the alias, if any).
    pub name: &'static str,
    /// Its schema, with title and default.
    pub schema: Value,
    /// True when it must be given.
    pub required: bool,
}

/// Records `e` at the current location with `input`, returning `None` for chaining.
///
/// ```
/// use brisk::error::{Invalid, ValidationErrors};
/// use brisk::model::{at, record};
///
/// let mut errors = ValidationErrors::new();
/// let mut loc = vec!["body".into()];
/// let none: Option<u8> = at(&mut loc, "tags".into(), |loc| {
///     record(Invalid::new("value_error", "Value error, no tags"), serde_json::json!([]), loc, &mut errors)
/// });
/// assert!(none.is_none());
/// assert_eq!(errors.errors()[0].loc, vec!["body".into(), "tags".into()]);
/// ```
pub fn record<T>(e: Invalid, input: Value, loc: &[LocItem], errors: &mut ValidationErrors) -> Option<T> {
    errors.push(e.at(loc.to_vec(), input));
    None
}

/// Runs `f` with `item` pushed on the location.
///
/// ```
/// use brisk::model::at;
///
/// let mut loc = vec!["body".into()];
/// let depth = at(&mut loc, 0.into(), |loc| loc.len());
/// assert_eq!((depth, loc.len()), (2, 1));
/// ```
pub fn at<R>(loc: &mut Vec<LocItem>, item: LocItem, f: impl FnOnce(&mut Vec<LocItem>) -> R) -> R {
    loc.push(item);
    let r = f(loc);
    loc.pop();
    r
}

/// Validates the field `name` of a JSON object (absent is `missing`, with the whole
/// object as input as pydantic reports it). Used by `#[derive(Model)]`.
///
/// ```
/// use brisk::error::ValidationErrors;
/// use brisk::model::{Constraints, field, field_or};
///
/// let obj = serde_json::json!({"name": "Foo"});
/// let obj = obj.as_object().unwrap();
/// let mut errors = ValidationErrors::new();
/// let mut loc = vec!["body".into()];
/// let name: Option<String> = field(obj, "name", &Constraints::NONE, &mut loc, &mut errors);
/// let tax: Option<f64> = field_or(obj, "tax", &Constraints::NONE, &mut loc, &mut errors, || 10.5);
/// let price: Option<f64> = field(obj, "price", &Constraints::NONE, &mut loc, &mut errors);
/// assert_eq!((name.as_deref(), tax, price), (Some("Foo"), Some(10.5), None));
/// assert_eq!(errors.errors()[0].kind, "missing");
/// assert_eq!(errors.errors()[0].loc, vec!["body".into(), "price".into()]);
/// ```
pub fn field<T: Validate>(
    obj: &serde_json::Map<String, Value>,
    name: &'static str,
    c: &Constraints,
    loc: &mut Vec<LocItem>,
    errors: &mut ValidationErrors,
) -> Option<T> {
    match obj.get(name) {
        Some(v) => at(loc, LocItem::Key(name.into()), |loc| T::validate_json(v, c, loc, errors)),
        None => match T::when_absent() {
            Some(v) => Some(v),
            None => {
                loc.push(LocItem::Key(name.into()));
                errors.push(Invalid::missing().at(loc.clone(), Value::Object(obj.clone())));
                loc.pop();
                None
            }
        },
    }
}

/// Like [`field`], with a default used when the field is absent.
///
/// ```
/// use brisk::error::ValidationErrors;
/// use brisk::model::{Constraints, field, field_or};
///
/// let obj = serde_json::json!({"name": "Foo"});
/// let obj = obj.as_object().unwrap();
/// let mut errors = ValidationErrors::new();
/// let mut loc = vec!["body".into()];
/// let name: Option<String> = field(obj, "name", &Constraints::NONE, &mut loc, &mut errors);
/// let tax: Option<f64> = field_or(obj, "tax", &Constraints::NONE, &mut loc, &mut errors, || 10.5);
/// let price: Option<f64> = field(obj, "price", &Constraints::NONE, &mut loc, &mut errors);
/// assert_eq!((name.as_deref(), tax, price), (Some("Foo"), Some(10.5), None));
/// assert_eq!(errors.errors()[0].kind, "missing");
/// assert_eq!(errors.errors()[0].loc, vec!["body".into(), "price".into()]);
/// ```
pub fn field_or<T: Validate>(
    obj: &serde_json::Map<String, Value>,
    name: &'static str,
    c: &Constraints,
    loc: &mut Vec<LocItem>,
    errors: &mut ValidationErrors,
    default: impl FnOnce() -> T,
) -> Option<T> {
    match obj.get(name) {
        Some(v) => at(loc, LocItem::Key(name.into()), |loc| T::validate_json(v, c, loc, errors)),
        None => Some(default()),
    }
}

/// The error pydantic gives when a model receives something that is not an object.
///
/// ```
/// let e = brisk::model::model_type_error("Item");
/// assert_eq!(e.kind, "model_attributes_type");
/// ```
pub fn model_type_error(class: &str) -> Invalid {
    let _ = class;
    Invalid::new("model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
}

/// Whether pydantic gives this field schema a title: not to a `$ref`, nor to an optional
/// `$ref` (`anyOf: [{$ref}, {type: null}]`).
///
/// ```
/// use brisk::model::wants_title;
/// let plain = serde_json::json!({"type": "string"});
/// let reference = serde_json::json!({"$ref": "#/components/schemas/Item"});
/// assert!(wants_title(plain.as_object().unwrap()));
/// assert!(!wants_title(reference.as_object().unwrap()));
/// ```
pub fn wants_title(schema: &serde_json::Map<String, Value>) -> bool {
    if schema.contains_key("$ref") {
        return false;
    }
    match schema.get("anyOf").and_then(Value::as_array) {
        Some(branches) => {
            !(branches.len() == 2
                && branches.iter().any(|b| b.get("$ref").is_some() && b.as_object().is_some_and(|o| o.len() == 1))
                && branches.iter().any(|b| b.get("type") == Some(&Value::from("null"))))
        }
        None => true,
    }
}

/// The default title pydantic gives a field: Python's `name.title().replace("_", " ")`
/// (`item_id` -> `Item Id`, `startDatetime` -> `Startdatetime`).
///
/// ```
/// use brisk::model::default_title;
/// assert_eq!(default_title("item_id"), "Item Id");
/// assert_eq!(default_title("startDatetime"), "Startdatetime");
/// ```
pub fn default_title(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut prev_cased = false;
    for ch in name.chars() {
        if ch.is_alphabetic() {
            if prev_cased {
                out.extend(ch.to_lowercase());
            } else {
                out.extend(ch.to_uppercase());
            }
            prev_cased = true;
        } else {
            out.push(if ch == '_' { ' ' } else { ch });
            prev_cased = false;
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_pydantic() {
        assert_eq!(default_title("item_id"), "Item Id");
        assert_eq!(default_title("q"), "Q");
        assert_eq!(default_title("x_token"), "X Token");
        assert_eq!(default_title("startDatetime"), "Startdatetime");
        assert_eq!(default_title("item2name"), "Item2Name");
    }
}
