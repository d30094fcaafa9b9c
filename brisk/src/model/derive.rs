//! The runtime half of `#[derive(Model)]`.
//!
//! The derive describes each model once, as a static [`ModelInfo`] with one
//! [`ModelField`] per field (key, constraints, documentation and the type-dependent
//! functions it needs), and the generic code here walks that table: field validation,
//! unknown-key checks, `model_fields`, the field documentation and the JSON Schema.
//! Only what needs the concrete field types stays in the generated code: building the
//! struct, and the serde visitor of the fast path.

use std::any::TypeId;
use std::borrow::Cow;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{OnceLock, PoisonError, RwLock};

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{ComputedField, SchemaGenerator, SchemaMode};
use super::{Constrained, Constraints, FieldDoc, JsonSchema, Validate, at, default_title, fast_error, wants_title};
use crate::error::{Invalid, LocItem, ValidationErrors};

/// One field of a derived model, described statically.
#[doc(hidden)]
pub struct ModelField {
    /// The key in JSON (the alias, if any).
    pub key: &'static str,
    /// The Rust name, also accepted when the model populates by name and the key is an
    /// alias (pydantic's `populate_by_name`); the key wins when both are sent.
    pub by_name: Option<&'static str>,
    /// The field's constraints.
    pub constraints: Constraints,
    /// An explicit title (default: [`default_title`] of the key).
    pub title: Option<&'static str>,
    /// The description (the `description` option, or the doc comment).
    pub description: Option<&'static str>,
    /// `deprecated`: written in the schema.
    pub deprecated: bool,
    /// A JSON Schema `format` (e.g. `password`).
    pub format: Option<&'static str>,
    /// True when the field has a default (declared or computed).
    pub has_default: bool,
    /// True when the field must be present even though its type allows absence
    /// (`#[field(required)]` on an `Option`: pydantic's `x: str | None` with no default).
    pub no_default: bool,
    /// The declared default as JSON, written in the schema (not for `default_factory`).
    pub default: Option<fn() -> Value>,
    /// JSON Schema `examples`.
    pub examples: Option<fn() -> Value>,
    /// The type's schema with the constraints written in.
    pub schema: fn(&mut SchemaGenerator, &Constraints) -> Value,
    /// Whether the type allows absence (`Option`).
    pub is_optional: fn() -> bool,
}

impl ModelField {
    /// A field of type `T` under `key`, with nothing else declared. Only the schema is
    /// needed here: a model used only for output has no validation.
    pub const fn of<T: JsonSchema>(key: &'static str) -> Self {
        Self::constrained::<T>(key, Constraints::NONE)
    }

    /// A field of type `T` under `key`, with constraints.
    pub const fn constrained<T: JsonSchema>(key: &'static str, constraints: Constraints) -> Self {
        ModelField {
            key,
            by_name: None,
            constraints,
            title: None,
            description: None,
            deprecated: false,
            format: None,
            has_default: false,
            no_default: false,
            default: None,
            examples: None,
            schema: T::constrained_schema,
            is_optional: T::is_optional,
        }
    }

    /// Also accepted under `name` (`populate_by_name`).
    pub const fn populated_by(mut self, name: &'static str) -> Self {
        self.by_name = Some(name);
        self
    }

    /// An explicit title.
    pub const fn title(mut self, title: &'static str) -> Self {
        self.title = Some(title);
        self
    }

    /// A description.
    pub const fn description(mut self, description: &'static str) -> Self {
        self.description = Some(description);
        self
    }

    /// Marked deprecated in the schema.
    pub const fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }

    /// A JSON Schema `format`.
    pub const fn format(mut self, format: &'static str) -> Self {
        self.format = Some(format);
        self
    }

    /// A default computed when absent (`default_factory`): not written in the schema.
    pub const fn defaulted(mut self) -> Self {
        self.has_default = true;
        self
    }

    /// A declared default, written in the schema as `default`.
    pub const fn default(mut self, json: fn() -> Value) -> Self {
        self.has_default = true;
        self.default = Some(json);
        self
    }

    /// JSON Schema `examples`.
    pub const fn examples(mut self, examples: fn() -> Value) -> Self {
        self.examples = Some(examples);
        self
    }

    /// Required although its type allows absence (`#[field(required)]`).
    pub const fn no_default(mut self) -> Self {
        self.no_default = true;
        self
    }

    /// True when the field is `required` in the schema.
    pub fn required(&self) -> bool {
        !self.has_default && (self.no_default || !(self.is_optional)())
    }

    /// The field's schema, as pydantic writes it for a field (before sorting): the type's
    /// constrained schema, format, an explicit title, description, deprecated, examples,
    /// the default, then a title made from the name.
    pub fn field_schema(&self, schemas: &mut SchemaGenerator) -> Value {
        let mut s = (self.schema)(schemas, &self.constraints);
        if let Value::Object(m) = &mut s {
            let titled = wants_title(m);
            if let Some(f) = self.format {
                m.insert("format".into(), f.into());
            }
            if let (true, Some(title)) = (titled, self.title) {
                m.insert("title".into(), title.into());
            }
            if let Some(d) = self.description {
                m.insert("description".into(), d.into());
            }
            if self.deprecated {
                m.insert("deprecated".into(), true.into());
            }
            if let Some(examples) = self.examples {
                m.insert("examples".into(), examples());
            }
            if let Some(default) = self.default {
                m.insert("default".into(), default());
            }
            if titled && self.title.is_none() {
                m.insert("title".into(), default_title(self.key).into());
            }
        }
        s
    }
}

/// A derived model (struct), described statically.
#[doc(hidden)]
pub struct ModelInfo {
    /// The schema name (the component's key), and title unless `title` is set.
    pub name: &'static str,
    /// The title, when it differs from the name: a generic model's `Page[Item]`, whose
    /// component is `Page_Item_`.
    pub title: Option<&'static str>,
    /// The description (the doc comment).
    pub description: Option<&'static str>,
    /// `extra = "forbid"`: unknown keys are errors.
    pub forbid_extra: bool,
    /// Model-level JSON Schema `examples`.
    pub examples: Option<fn() -> Value>,
    /// The fields, in declaration order.
    pub fields: &'static [ModelField],
    /// The computed fields (`#[model(computed)]`), written after the fields.
    pub computed: &'static [ComputedField],
    /// The index of the `rename_all` rule, for the computed fields' keys.
    pub rename: Option<usize>,
}

impl ModelInfo {
    /// A model named `name` with these fields, nothing else declared.
    pub const fn new(name: &'static str, fields: &'static [ModelField]) -> Self {
        ModelInfo {
            name,
            title: None,
            description: None,
            forbid_extra: false,
            examples: None,
            fields,
            computed: &[],
            rename: None,
        }
    }

    /// A generic model `base` with type arguments named by `args` (their
    /// [`JsonSchema::type_name`]): titled as pydantic titles `Page[Item]`, registered as
    /// `Page_Item_`. Built once per type (see [`generic_model`]), so its strings are leaked.
    pub fn generic(base: &'static str, args: &[fn() -> Cow<'static, str>], fields: Vec<ModelField>) -> Self {
        let args: Vec<Cow<'static, str>> = args.iter().map(|f| f()).collect();
        let title = format!("{base}[{}]", args.join(", "));
        // pydantic's reference name: the arguments joined by `,` (their own names keep
        // their spaces), then anything but `[a-zA-Z0-9.\-_]` becomes `_`:
        // `Pair[Dict[str, datetime], int]` is `Pair_Dict_str__datetime__int_`.
        let name: String = format!("{base}[{}]", args.join(","))
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
            .collect();
        let mut info = ModelInfo::new(Box::leak(name.into_boxed_str()), Box::leak(fields.into_boxed_slice()));
        info.title = Some(Box::leak(title.into_boxed_str()));
        info
    }

    /// The title: the name, or a generic model's `Page[Item]`.
    pub fn title(&self) -> &'static str {
        self.title.unwrap_or(self.name)
    }

    /// A description.
    pub const fn description(mut self, description: &'static str) -> Self {
        self.description = Some(description);
        self
    }

    /// `extra = "forbid"`.
    pub const fn forbid_extra(mut self) -> Self {
        self.forbid_extra = true;
        self
    }

    /// Model-level JSON Schema `examples`.
    pub const fn examples(mut self, examples: fn() -> Value) -> Self {
        self.examples = Some(examples);
        self
    }

    /// Computed fields, keyed under the `rename_all` rule `rename` (its index).
    pub const fn computed(mut self, computed: &'static [ComputedField], rename: Option<usize>) -> Self {
        self.computed = computed;
        self.rename = rename;
        self
    }

    /// Starts validating `value` as this model: `None`, with the model type error recorded,
    /// when it is not an object.
    pub fn validator<'a>(
        &'static self,
        value: &'a Value,
        loc: &'a mut Vec<LocItem>,
        errors: &'a mut ValidationErrors,
    ) -> Option<ObjectValidator<'a>> {
        match value {
            Value::Object(obj) => Some(ObjectValidator { model: self, obj, before: errors.len(), loc, errors }),
            _ => super::record(super::model_type_error(self.name), value.clone(), loc, errors),
        }
    }

    /// [`JsonSchema::fields`]: each field documented as a parameter.
    pub fn field_docs(&self, schemas: &mut SchemaGenerator) -> Vec<FieldDoc> {
        self.fields
            .iter()
            .map(|f| FieldDoc { name: f.key, schema: f.field_schema(schemas), required: f.required() })
            .collect()
    }

    /// [`JsonSchema::json_schema`]: the model registered as a component, and its `$ref`.
    pub fn json_schema(&self, schemas: &mut SchemaGenerator) -> Value {
        schemas.component(self.name, |schemas| self.object_schema(schemas))
    }

    /// The model's object schema, as pydantic writes it.
    pub fn object_schema(&self, schemas: &mut SchemaGenerator) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        for f in self.fields {
            let s = f.field_schema(schemas);
            props.insert(f.key.into(), s);
            if f.required() {
                required.push(Value::from(f.key));
            }
        }
        // Computed fields describe output only: after the fields, `readOnly` and required.
        if schemas.mode() == SchemaMode::Serialization && !self.computed.is_empty() {
            schemas.note_computed();
            for c in self.computed {
                let key = c.key(self.rename);
                let s = c.field_schema(key, schemas);
                props.insert(key.into(), s);
                required.push(Value::from(key));
            }
        }
        let mut schema = Map::new();
        schema.insert("properties".into(), props.into());
        schema.insert("type".into(), "object".into());
        if !required.is_empty() {
            schema.insert("required".into(), required.into());
        }
        schema.insert("title".into(), self.title().into());
        if let Some(d) = self.description {
            schema.insert("description".into(), d.into());
        }
        if self.forbid_extra {
            schema.insert("additionalProperties".into(), false.into());
        }
        if let Some(examples) = self.examples {
            schema.insert("examples".into(), examples());
        }
        Value::Object(schema)
    }
}

/// The [`ModelInfo`] of the generic model `T`, built by `build` the first time it is asked
/// for and kept for the life of the process (one per instantiation: `Page<Item>`,
/// `Page<User>`...).
#[doc(hidden)]
pub fn generic_model<T: 'static>(build: impl FnOnce() -> ModelInfo) -> &'static ModelInfo {
    static MODELS: OnceLock<RwLock<HashMap<TypeId, &'static ModelInfo>>> = OnceLock::new();
    let models = MODELS.get_or_init(Default::default);
    if let Some(m) = models.read().unwrap_or_else(PoisonError::into_inner).get(&TypeId::of::<T>()) {
        return m;
    }
    let built = build();
    let mut models = models.write().unwrap_or_else(PoisonError::into_inner);
    models.entry(TypeId::of::<T>()).or_insert_with(|| Box::leak(Box::new(built)))
}

/// `obj[key]`: a small object is scanned, which costs less than hashing the key (the
/// keys are unique, so the first match is the only one).
#[inline]
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if obj.len() <= 16 { obj.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v) } else { obj.get(key) }
}

/// The validation of one object as a model: each field in turn, every error recorded.
#[doc(hidden)]
pub struct ObjectValidator<'a> {
    model: &'static ModelInfo,
    obj: &'a Map<String, Value>,
    loc: &'a mut Vec<LocItem>,
    errors: &'a mut ValidationErrors,
    before: usize,
}

impl<'a> ObjectValidator<'a> {
    /// The value of field `f` and the key it was found under: its key, else its Rust name
    /// when the model populates by name.
    fn lookup(&self, f: &ModelField) -> Option<(&'static str, &'a Value)> {
        let obj: &'a Map<String, Value> = self.obj;
        match get(obj, f.key) {
            Some(v) => Some((f.key, v)),
            None => f.by_name.and_then(|n| get(obj, n).map(|v| (n, v))),
        }
    }

    fn validate_at<T: Validate>(&mut self, f: &ModelField, key: &'static str, v: &Value) -> Option<T> {
        at(self.loc, LocItem::Key(key.into()), |loc| T::validate_json(v, &f.constraints, loc, self.errors))
    }

    fn missing<T>(&mut self, f: &ModelField) -> Option<T> {
        self.loc.push(LocItem::Key(f.key.into()));
        self.errors.push(Invalid::missing().at(self.loc.clone(), Value::Object(self.obj.clone())));
        self.loc.pop();
        None
    }

    /// Validates field `i`; absence is `missing` (with the whole object as input, as
    /// pydantic reports it) unless the type allows it.
    pub fn field<T: Validate>(&mut self, i: usize) -> Option<T> {
        let f = &self.model.fields[i];
        match self.lookup(f) {
            Some((key, v)) => self.validate_at(f, key, v),
            None => match T::when_absent() {
                Some(v) => Some(v),
                None => self.missing(f),
            },
        }
    }

    /// Like [`field`](Self::field), with absence `missing` whatever the type
    /// (`#[field(required)]`).
    pub fn field_present<T: Validate>(&mut self, i: usize) -> Option<T> {
        let f = &self.model.fields[i];
        match self.lookup(f) {
            Some((key, v)) => self.validate_at(f, key, v),
            None => self.missing(f),
        }
    }

    /// Like [`field`](Self::field), with a default used when the field is absent.
    pub fn field_or<T: Validate>(&mut self, i: usize, default: impl FnOnce() -> T) -> Option<T> {
        let f = &self.model.fields[i];
        match self.lookup(f) {
            Some((key, v)) => self.validate_at(f, key, v),
            None => Some(default()),
        }
    }

    /// After the fields: with `extra = "forbid"`, records `extra_forbidden` for every key
    /// that is no field's; then `None` if anything failed.
    pub fn finish(self) -> Option<()> {
        if self.model.forbid_extra {
            for (k, v) in self.obj {
                if self.errors.is_full() {
                    return None;
                }
                // A Rust name counts only when the key itself was not sent (pydantic).
                let known =
                    self.model.fields.iter().any(|f| {
                        f.key == k.as_str() || (f.by_name == Some(k.as_str()) && !self.obj.contains_key(f.key))
                    });
                if !known {
                    self.loc.push(LocItem::Key(k.clone().into()));
                    self.errors.push(
                        Invalid::new("extra_forbidden", "Extra inputs are not permitted")
                            .at(self.loc.clone(), v.clone()),
                    );
                    self.loc.pop();
                }
            }
        }
        if self.errors.len() == self.before { Some(()) } else { None }
    }
}

/// A declared default as JSON, for the schema.
#[doc(hidden)]
pub fn default_json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(&value).unwrap_or_default()
}

/// The fast path's value of a field: as parsed, or the type's value when absent
/// (`None` for `Option`); otherwise the error that sends the body to the validating path.
#[inline(always)]
#[doc(hidden)]
pub fn fast_take<T: Validate, E: serde::de::Error>(v: Option<T>) -> Result<T, E> {
    match v {
        Some(v) => Ok(v),
        None => match T::when_absent() {
            Some(v) => Ok(v),
            None => Err(fast_error()),
        },
    }
}

/// The fast path's read of a `#[field(required)]` field: absence is an error whatever
/// the type.
#[inline(always)]
#[doc(hidden)]
pub fn fast_take_present<T, E: serde::de::Error>(v: Option<T>) -> Result<T, E> {
    v.ok_or_else(fast_error)
}

/// The fast path's value of a field sent under its key or its Rust name
/// (`populate_by_name`): the key wins, as in validation; with `extra = "forbid"` both
/// together are an error (the name is then an extra key).
#[inline(always)]
#[doc(hidden)]
pub fn fast_by_name<T, E: serde::de::Error>(key: Option<T>, name: Option<T>, forbid: bool) -> Result<Option<T>, E> {
    match (key, name) {
        (Some(_), Some(_)) if forbid => Err(fast_error()),
        (Some(v), _) | (None, Some(v)) => Ok(Some(v)),
        (None, None) => Ok(None),
    }
}

/// The fast path's check of a field's constraints.
#[inline(always)]
#[doc(hidden)]
pub fn fast_check<T: Constrained, E: serde::de::Error>(v: T, c: &Constraints) -> Result<T, E> {
    if v.satisfies(c) { Ok(v) } else { Err(fast_error()) }
}

/// The fast path's read of a field's value under its constraints, through
/// [`Validate::fast_deserialize`] (a later duplicate key replaces it).
#[inline(always)]
#[doc(hidden)]
pub fn fast_value<'de, A: MapAccess<'de>, T: Validate>(
    map: &mut A,
    slot: &mut Option<T>,
    c: &Constraints,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value_seed(super::fast::FastSeed::<T>::new(c))?);
    Ok(())
}

/// A `#[derive(Model)]` struct, whatever its fields support: written as an object (a
/// server-sent event's data is then its compact JSON, as pydantic's `model_dump_json`).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::model::ObjectModel;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
/// }
///
/// fn is_object_model<T: ObjectModel>() {}
/// is_object_model::<Item>();
/// ```
pub trait ObjectModel {}

/// The fast path of a derived model: the generated visitor reads the map into the struct.
#[doc(hidden)]
pub trait FastModel: Sized {
    /// Reads the model from a map (a JSON object).
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a derived model: a map, read by [`FastModel::visit_map`].
#[inline(always)]
#[doc(hidden)]
pub fn deserialize_model<'de, T: FastModel, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct ModelVisitor<T>(PhantomData<T>);
    impl<'de, T: FastModel> Visitor<'de> for ModelVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::visit_map(map)
        }
    }
    d.deserialize_map(ModelVisitor(PhantomData))
}

/// A map key of the fast path, turned into the index of its field by the generated
/// `match` (`u16::MAX` for unknown keys). A `u16` keeps the parsed key in registers.
#[doc(hidden)]
pub struct FieldKey<F>(pub F);

impl<'de, F: FnOnce(&str) -> u16> DeserializeSeed<'de> for FieldKey<F> {
    type Value = u16;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u16, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, F: FnOnce(&str) -> u16> Visitor<'de> for FieldKey<F> {
    type Value = u16;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }
    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u16, E> {
        Ok((self.0)(v))
    }
}

/// Tries one member of a union (an enum of one-field variants): its errors are kept in
/// `all`, located under the member's name as pydantic names it (a model's class name,
/// `int`, `str`, `list[int]`... see [`union_tag`]), unless it validates cleanly. `name`
/// (the variant's) is the tag for a type pydantic has no name for.
#[doc(hidden)]
pub fn union_member<T: Validate + JsonSchema>(
    value: &Value,
    name: &'static str,
    loc: &mut Vec<LocItem>,
    all: &mut ValidationErrors,
) -> Option<T> {
    let mut errs = all.nested();
    let r = T::validate_json(value, &Constraints::NONE, loc, &mut errs);
    if let Some(v) = r
        && errs.is_empty()
    {
        return Some(v);
    }
    // Errors are rare: the member's tag is worked out only for them.
    let tag = union_tag(&T::json_schema(&mut SchemaGenerator::new())).unwrap_or_else(|| name.to_owned());
    let depth = loc.len();
    for e in errs.errors() {
        let mut e = e.clone();
        e.loc.insert(depth.min(e.loc.len()), LocItem::Key(tag.clone().into()));
        all.push(e);
    }
    None
}

/// The first pass of pydantic's smart union: the member for which `value` is an exact
/// input (an integer for `int`, a string for `str`: [`Validate::is_exact_json`]), when it
/// validates. The lax pass ([`union_member`] in declaration order) runs only when no
/// member matches exactly, so `"44"` is the `str` of `int | str`, and `1` the `int` of
/// `float | int`.
#[doc(hidden)]
pub fn union_exact<T: Validate>(value: &Value, loc: &mut Vec<LocItem>) -> Option<T> {
    if !T::is_exact_json(value) {
        return None;
    }
    let mut errs = ValidationErrors::new();
    T::validate_json(value, &Constraints::NONE, loc, &mut errs).filter(|_| errs.is_empty())
}

/// How pydantic names a union member in error locations, from its JSON Schema: a model's
/// class name, `int`, `float`, `str`, `bool`, `list[..]`, `set[..]`, `dict[str,..]`,
/// `nullable[..]`; `None` when the schema says too little.
#[doc(hidden)]
pub fn union_tag(schema: &Value) -> Option<String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().map(str::to_owned);
    }
    if let Some([inner, null]) = schema.get("anyOf").and_then(Value::as_array).map(Vec::as_slice)
        && null.get("type").and_then(Value::as_str) == Some("null")
    {
        return union_tag(inner).map(|t| format!("nullable[{t}]"));
    }
    let format = schema.get("format").and_then(Value::as_str);
    let tag = match (schema.get("type").and_then(Value::as_str)?, format) {
        ("integer", _) => "int".to_owned(),
        ("number", _) => "float".to_owned(),
        ("boolean", _) => "bool".to_owned(),
        ("string", Some("date-time")) => "datetime".to_owned(),
        ("string", Some("date")) => "date".to_owned(),
        ("string", Some("time")) => "time".to_owned(),
        ("string", Some("duration")) => "timedelta".to_owned(),
        ("string", Some("uuid")) => "uuid".to_owned(),
        ("string", Some("uri")) => "url".to_owned(),
        ("string", None) if schema.get("enum").is_none() => "str".to_owned(),
        ("array", _) => {
            let item = union_tag(schema.get("items")?)?;
            let kind = if schema.get("uniqueItems") == Some(&Value::Bool(true)) { "set" } else { "list" };
            format!("{kind}[{item}]")
        }
        ("object", _) => format!("dict[str,{}]", union_tag(schema.get("additionalProperties")?)?),
        _ => return None,
    };
    Some(tag)
}

/// The schema of a union: `anyOf` its members' schemas.
#[doc(hidden)]
pub fn any_of(members: impl IntoIterator<Item = Value>) -> Value {
    let mut m = Map::new();
    m.insert("anyOf".into(), Value::Array(members.into_iter().collect()));
    Value::Object(m)
}

/// `Deserialize::deserialize` of a string enum: a string, read by `parse`.
#[inline]
#[doc(hidden)]
pub fn deserialize_str_enum<'de, T, D: Deserializer<'de>>(
    d: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, D::Error> {
    struct StrVisitor<F>(&'static str, F);
    impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for StrVisitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            match (self.1)(v) {
                Some(v) => Ok(v),
                None => Err(fast_error()),
            }
        }
    }
    d.deserialize_str(StrVisitor(expecting, parse))
}

/// A string enum, described statically.
#[doc(hidden)]
pub struct EnumInfo {
    /// The schema name and title.
    pub name: &'static str,
    /// The description (the doc comment).
    pub description: Option<&'static str>,
    /// `literal`: written inline, with `literal_error`.
    pub literal: bool,
    /// The values, in declaration order.
    pub values: &'static [&'static str],
    /// pydantic's message: `Input should be 'a', 'b' or 'c'`.
    pub msg: &'static str,
    /// The `expected` context: `'a', 'b' or 'c'`.
    pub expected: &'static str,
}

impl EnumInfo {
    /// Records the error of a value that is none of the variants.
    pub fn invalid<T>(&self, value: &Value, loc: &[LocItem], errors: &mut ValidationErrors) -> Option<T> {
        let kind = if self.literal { "literal_error" } else { "enum" };
        super::record(Invalid::new(kind, self.msg).with_ctx("expected", self.expected), value.clone(), loc, errors)
    }

    /// The JSON Schema: inline for literals, otherwise a component and its `$ref`.
    pub fn json_schema(&self, schemas: &mut SchemaGenerator) -> Value {
        let values = || Value::Array(self.values.iter().map(|v| Value::from(*v)).collect());
        if self.literal {
            let mut m = Map::new();
            // pydantic writes a one-value `Literal` as `const`.
            if let [one] = self.values {
                m.insert("const".into(), (*one).into());
                m.insert("type".into(), "string".into());
                return Value::Object(m);
            }
            m.insert("enum".into(), values());
            m.insert("type".into(), "string".into());
            return Value::Object(m);
        }
        schemas.component(self.name, |_| {
            let mut schema = Map::new();
            schema.insert("type".into(), "string".into());
            schema.insert("enum".into(), values());
            schema.insert("title".into(), self.name.into());
            if let Some(d) = self.description {
                schema.insert("description".into(), d.into());
            }
            Value::Object(schema)
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::Bound;

    static FIELDS: [ModelField; 4] = [
        ModelField::of::<String>("name").description("The name"),
        ModelField::constrained::<Option<i64>>(
            "size",
            Constraints { gt: Some(Bound::int(0, "0")), ..Constraints::NONE },
        )
        .title("Size!")
        .deprecated(),
        ModelField::of::<Vec<String>>("tags").default(|| default_json::<Vec<String>>(Vec::new())),
        ModelField::of::<String>("secret").format("password").defaulted(),
    ];
    static MODEL: ModelInfo = ModelInfo::new("Thing", &FIELDS).description("A thing.").forbid_extra();

    #[test]
    fn field_rows_write_pydantic_schemas() {
        let mut schemas = SchemaGenerator::new();
        assert_eq!(
            FIELDS[0].field_schema(&mut schemas),
            json!({"type": "string", "title": "Name", "description": "The name"})
        );
        assert_eq!(
            FIELDS[1].field_schema(&mut schemas),
            json!({"anyOf": [{"type": "integer", "exclusiveMinimum": 0}, {"type": "null"}], "title": "Size!", "deprecated": true})
        );
        assert_eq!(
            FIELDS[2].field_schema(&mut schemas),
            json!({"type": "array", "items": {"type": "string"}, "title": "Tags", "default": []})
        );
        assert_eq!(
            FIELDS[3].field_schema(&mut schemas),
            json!({"type": "string", "title": "Secret", "format": "password"})
        );
        let required: Vec<bool> = FIELDS.iter().map(ModelField::required).collect();
        assert_eq!(required, [true, false, false, false]);
    }

    #[test]
    fn models_register_an_object_schema() {
        let mut schemas = SchemaGenerator::new();
        assert_eq!(MODEL.json_schema(&mut schemas), json!({"$ref": "#/components/schemas/Thing"}));
        let schema = MODEL.object_schema(&mut schemas);
        let keys: Vec<&String> = schema.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["properties", "type", "required", "title", "description", "additionalProperties"]);
        assert_eq!(schema["required"], json!(["name"]));
        let docs = MODEL.field_docs(&mut schemas);
        assert_eq!(
            docs.iter().map(|d| (d.name, d.required)).collect::<Vec<_>>()[..2],
            [("name", true), ("size", false)]
        );
    }

    #[test]
    fn validation_locates_errors_and_extra_keys() {
        let body = json!({"size": 0, "other": 1});
        let (mut loc, mut errors) = (vec![LocItem::Key("body".into())], ValidationErrors::new());
        let mut v = MODEL.validator(&body, &mut loc, &mut errors).unwrap();
        assert_eq!(v.field::<String>(0), None);
        assert_eq!(v.field::<Option<i64>>(1), None);
        assert_eq!(v.field_or::<Vec<String>>(2, Vec::new), Some(vec![]));
        assert_eq!(v.finish(), None);
        let kinds: Vec<&str> = errors.errors().iter().map(|e| e.kind.as_ref()).collect();
        assert_eq!(kinds, ["missing", "greater_than", "extra_forbidden"]);
        assert_eq!(loc.len(), 1);
        assert!(MODEL.validator(&json!([1]), &mut loc, &mut errors).is_none());
        assert_eq!(errors.errors()[3].kind, "model_attributes_type");
        let ok = json!({"name": "x"});
        let mut v = MODEL.validator(&ok, &mut loc, &mut errors).unwrap();
        assert_eq!(v.field::<String>(0), Some("x".to_owned()));
        assert_eq!(v.finish(), Some(()));
    }

    #[test]
    fn fast_path_helpers() {
        type E = serde_json::Error;
        assert_eq!(fast_take::<Option<i64>, E>(None).unwrap(), None);
        assert!(fast_take::<i64, E>(None).is_err());
        assert!(fast_check::<_, E>(0i64, &FIELDS[1].constraints).is_err());
        assert_eq!(fast_check::<_, E>(1i64, &FIELDS[1].constraints).unwrap(), 1);
        let mut key = serde_json::Deserializer::from_str("\"size\"");
        assert_eq!(FieldKey(|k: &str| if k == "size" { 1 } else { u16::MAX }).deserialize(&mut key).unwrap(), 1);
    }

    #[test]
    fn enums_and_unions() {
        static E: EnumInfo = EnumInfo {
            name: "Kind",
            description: None,
            literal: true,
            values: &["a", "b"],
            msg: "Input should be 'a' or 'b'",
            expected: "'a' or 'b'",
        };
        let mut schemas = SchemaGenerator::new();
        assert_eq!(E.json_schema(&mut schemas), json!({"enum": ["a", "b"], "type": "string"}));
        let mut errors = ValidationErrors::new();
        assert_eq!(E.invalid::<()>(&json!("c"), &[], &mut errors), None);
        assert_eq!(errors.errors()[0].kind, "literal_error");
        let parsed: Result<u8, serde_json::Error> =
            deserialize_str_enum(&mut serde_json::Deserializer::from_str("\"b\""), "", |v| (v == "b").then_some(2));
        assert_eq!(parsed.unwrap(), 2);
        let mut all = ValidationErrors::new();
        assert_eq!(union_member::<i64>(&json!("x"), "Int", &mut vec![], &mut all), None);
        assert_eq!(all.errors()[0].loc, vec![LocItem::Key("int".into())]);
        assert_eq!(union_exact::<i64>(&json!("44"), &mut vec![]), None);
        assert_eq!(union_exact::<String>(&json!("44"), &mut vec![]), Some("44".to_owned()));
        assert_eq!(union_exact::<f64>(&json!(1), &mut vec![]), None);
        for (schema, tag) in [
            (json!({"$ref": "#/components/schemas/PlaneItem"}), Some("PlaneItem")),
            (json!({"type": "array", "items": {"type": "integer"}}), Some("list[int]")),
            (json!({"anyOf": [{"type": "string"}, {"type": "null"}]}), Some("nullable[str]")),
            (json!({"type": "string", "format": "date-time"}), Some("datetime")),
            (json!({}), None),
        ] {
            assert_eq!(union_tag(&schema).as_deref(), tag);
        }
        assert_eq!(union_member::<String>(&json!("x"), "Str", &mut vec![], &mut all), Some("x".to_owned()));
        assert_eq!(all.len(), 1);
        assert_eq!(any_of([json!(1)]), json!({"anyOf": [1]}));
    }
}
