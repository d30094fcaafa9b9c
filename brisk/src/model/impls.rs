//! [`Validate`] and [`JsonSchema`] for the standard types: numbers, strings, booleans,
//! UUIDs, dates and times, `Option`, `Vec`, maps and `serde_json::Value`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Value, json};

use super::coerce::{self, WideInt};
use super::fast;
use super::{Constrained, Constraints, JsonSchema, SchemaKind, Validate, at, record};
use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::model::SchemaGenerator;

type Loc = Vec<LocItem>;

fn finish<T>(
    r: Result<T, Invalid>,
    check: impl FnOnce(&T) -> Result<(), Invalid>,
    input: impl FnOnce() -> Value,
    loc: &Loc,
    errors: &mut ValidationErrors,
) -> Option<T> {
    match r.and_then(|v| check(&v).map(|_| v)) {
        Ok(v) => Some(v),
        Err(e) => record(e, input(), loc, errors),
    }
}

macro_rules! int_impl {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn is_exact_json(v: &Value) -> bool {
                v.is_i64() || v.is_u64()
            }
            fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                finish(coerce::wide_int_from_json(v).and_then(|w| constrained_int::<$t>(w, c)), |_| Ok(()), || v.clone(), loc, errors)
            }
            fn validate_str(s: &str, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                let w = match coerce::plain_i64(s) {
                    Some(i) => Ok(WideInt::Int(i128::from(i))),
                    None => coerce::wide_int_from_str(s),
                };
                finish(w.and_then(|w| constrained_int::<$t>(w, c)), |_| Ok(()), || Value::String(s.to_owned()), loc, errors)
            }
            /// serde's integer, within what validation reads (an `i64`, as pydantic-core).
            #[inline]
            fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
                let v: $t = fast::via_serde(d, c)?;
                if (v as i128) <= i64::MAX as i128 { Ok(v) } else { Err(fast_error()) }
            }
        }
        impl JsonSchema for $t {
            fn json_schema(_: &mut SchemaGenerator) -> Value { json!({"type": "integer"}) }
            fn type_name() -> Cow<'static, str> { Cow::Borrowed("int") }
            fn schema_kind() -> SchemaKind { SchemaKind::Number }
        }
    )*};
}

/// Checks the declared constraints on the exact integer (as pydantic, whatever its size),
/// then narrows it to the Rust type.
fn constrained_int<T: TryFrom<i128> + Bounded>(w: WideInt, c: &Constraints) -> Result<T, Invalid> {
    c.check_int(&w)?;
    narrow(&w)
}

/// Narrows an integer to its Rust type, with pydantic's bound errors for the implicit
/// range of a smaller type (`u8` is `Field(ge=0, le=255)`); a value beyond `i64` for
/// `i64` itself is `int_parsing_size` (pydantic's `int` has no bound: a known difference).
fn narrow<T: TryFrom<i128> + Bounded>(w: &WideInt) -> Result<T, Invalid> {
    if let Some(v) = w.narrow::<T>() {
        return Ok(v);
    }
    let below = match w {
        WideInt::Int(i) => *i < T::MIN,
        WideInt::Huge { negative, .. } => *negative,
    };
    if T::UNBOUNDED {
        Err(coerce::int_parsing_size())
    } else if below {
        Err(Invalid::new("greater_than_equal", format!("Input should be greater than or equal to {}", T::MIN))
            .with_ctx("ge", Value::from(T::MIN as i64)))
    } else {
        Err(Invalid::new("less_than_equal", format!("Input should be less than or equal to {}", T::MAX))
            .with_ctx("le", int_value(T::MAX)))
    }
}

fn int_value(i: i128) -> Value {
    match (i64::try_from(i), u64::try_from(i)) {
        (Ok(i), _) => Value::from(i),
        (_, Ok(u)) => Value::from(u),
        _ => Value::from(i as f64),
    }
}

trait Bounded {
    const MIN: i128;
    const MAX: i128;
    /// `i64` and `isize`: pydantic's plain `int`, which has no bound.
    const UNBOUNDED: bool;
}

macro_rules! bounded {
    ($($t:ty),*) => {$(
        impl Bounded for $t {
            const MIN: i128 = <$t>::MIN as i128;
            const MAX: i128 = <$t>::MAX as i128;
            const UNBOUNDED: bool = <$t>::MIN as i128 == i64::MIN as i128 && <$t>::MAX as i128 == i64::MAX as i128;
        }
    )*};
}
bounded!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
int_impl!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! float_impl {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn is_exact_json(v: &Value) -> bool {
                v.is_f64()
            }
            fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                finish(coerce::float_from_json(v).map(|x| x as $t), |x| c.check_number(*x as f64, false), || v.clone(), loc, errors)
            }
            fn validate_str(s: &str, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                finish(coerce::float_from_str(s).map(|x| x as $t), |x| c.check_number(*x as f64, false), || Value::String(s.to_owned()), loc, errors)
            }
            #[inline]
            fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
                fast::via_serde(d, c)
            }
        }
        impl JsonSchema for $t {
            fn json_schema(_: &mut SchemaGenerator) -> Value { json!({"type": "number"}) }
            fn type_name() -> Cow<'static, str> { Cow::Borrowed("float") }
            fn schema_kind() -> SchemaKind { SchemaKind::Number }
        }
    )*};
}
float_impl!(f32, f64);

impl Validate for bool {
    fn is_exact_json(v: &Value) -> bool {
        v.is_boolean()
    }
    fn validate_json(v: &Value, _: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        finish(coerce::bool_from_json(v), |_| Ok(()), || v.clone(), loc, errors)
    }
    fn validate_str(s: &str, _: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        finish(coerce::bool_from_str(s), |_| Ok(()), || Value::String(s.to_owned()), loc, errors)
    }
    #[inline]
    fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
        fast::via_serde(d, c)
    }
}

impl JsonSchema for bool {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "boolean"})
    }
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("bool")
    }
}

impl Validate for String {
    fn is_exact_json(v: &Value) -> bool {
        v.is_string()
    }
    fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        finish(coerce::str_from_json(v), |s| c.check_str(s), || v.clone(), loc, errors)
    }
    fn validate_str(s: &str, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        match c.check_str(s) {
            Ok(()) => Some(s.to_owned()),
            Err(e) => record(e, Value::String(s.to_owned()), loc, errors),
        }
    }
    #[inline]
    fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
        fast::via_serde(d, c)
    }
}

impl JsonSchema for String {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string"})
    }
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("str")
    }
    fn schema_kind() -> SchemaKind {
        SchemaKind::String
    }
}

macro_rules! parsed_impl {
    ($t:ty, $py:literal, $from_json:path, $from_str:path, $schema:expr, fast = $fast:expr) => {
        impl Validate for $t {
            fn validate_json(v: &Value, _: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                finish($from_json(v), |_| Ok(()), || v.clone(), loc, errors)
            }
            fn validate_str(s: &str, _: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                finish($from_str(s), |_| Ok(()), || Value::String(s.to_owned()), loc, errors)
            }
            /// Strings only: what validation does with a JSON string.
            fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, _: &Constraints) -> Result<Self, D::Error> {
                fast::string(d, |s| $fast(s).ok())
            }
        }
        impl JsonSchema for $t {
            fn json_schema(_: &mut SchemaGenerator) -> Value {
                $schema
            }
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed($py)
            }
        }
    };
}

parsed_impl!(
    uuid::Uuid,
    "UUID",
    coerce::uuid_from_json,
    coerce::uuid_from_str,
    json!({"type": "string", "format": "uuid"}),
    fast = coerce::uuid_from_str
);
parsed_impl!(
    crate::types::DateTime,
    "datetime",
    coerce::datetime_from_json,
    coerce::datetime_from_str,
    json!({"type": "string", "format": "date-time"}),
    fast = coerce::datetime_from_str
);
parsed_impl!(
    chrono::NaiveDate,
    "date",
    coerce::date_from_json,
    coerce::date_from_str,
    json!({"type": "string", "format": "date"}),
    fast = |s: &str| coerce::date_from_json(&Value::String(s.to_owned()))
);
parsed_impl!(
    chrono::NaiveTime,
    "time",
    coerce::time_from_json,
    coerce::time_from_str,
    json!({"type": "string", "format": "time"}),
    fast = |s: &str| coerce::time_from_json(&Value::String(s.to_owned()))
);
parsed_impl!(
    crate::types::Time,
    "time",
    coerce::time_with_offset_from_json,
    coerce::time_with_offset_from_str,
    json!({"type": "string", "format": "time"}),
    fast = |s: &str| coerce::time_with_offset_from_json(&Value::String(s.to_owned()))
);
parsed_impl!(
    crate::types::TimeDelta,
    "timedelta",
    timedelta_from_json,
    timedelta_from_str,
    json!({"type": "string", "format": "duration"}),
    fast = |s: &str| timedelta_from_json(&Value::String(s.to_owned()))
);

fn timedelta_from_json(v: &Value) -> Result<crate::types::TimeDelta, Invalid> {
    coerce::timedelta_from_json(v).map(crate::types::TimeDelta)
}

fn timedelta_from_str(s: &str) -> Result<crate::types::TimeDelta, Invalid> {
    coerce::timedelta_from_str(s).map(crate::types::TimeDelta)
}

impl Validate for Value {
    fn validate_json(v: &Value, _: &Constraints, _: &mut Loc, _: &mut ValidationErrors) -> Option<Self> {
        Some(v.clone())
    }
    fn validate_str(s: &str, _: &Constraints, _: &mut Loc, _: &mut ValidationErrors) -> Option<Self> {
        Some(Value::String(s.to_owned()))
    }
    fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, _: &Constraints) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn body_by_default() -> bool {
        true
    }
}

impl JsonSchema for Value {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({})
    }
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Any")
    }
}

impl<T: Validate> Validate for Option<T> {
    fn is_exact_json(v: &Value) -> bool {
        v.is_null() || T::is_exact_json(v)
    }
    fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::validate_json(v, c, loc, errors).map(Some),
        }
    }
    fn validate_str(s: &str, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        T::validate_str(s, c, loc, errors).map(Some)
    }
    fn when_absent() -> Option<Self> {
        Some(None)
    }
    fn collects_all() -> bool {
        T::collects_all()
    }
    fn validate_strs(
        values: &[std::borrow::Cow<'_, str>],
        c: &Constraints,
        loc: &mut Loc,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        T::validate_strs(values, c, loc, errors).map(Some)
    }
    fn body_by_default() -> bool {
        T::body_by_default()
    }
    fn validate_files(
        files: Vec<crate::upload::UploadFile>,
        c: &Constraints,
        loc: &mut Loc,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        T::validate_files(files, c, loc, errors).map(Some)
    }
    fn model_fields() -> Vec<(&'static str, bool)> {
        T::model_fields()
    }
    fn model_names() -> Vec<(&'static str, &'static str)> {
        T::model_names()
    }
    #[inline]
    fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
        fast::option(d, c)
    }
}

impl<T: JsonSchema> JsonSchema for Option<T> {
    fn json_schema(schemas: &mut SchemaGenerator) -> Value {
        json!({"anyOf": [T::json_schema(schemas), {"type": "null"}]})
    }
    fn constrained_schema(schemas: &mut SchemaGenerator, c: &Constraints) -> Value {
        json!({"anyOf": [T::constrained_schema(schemas, c), {"type": "null"}]})
    }
    fn is_optional() -> bool {
        true
    }
    /// An optional model read from the query, headers or cookies: its fields.
    fn fields(schemas: &mut SchemaGenerator) -> Option<Vec<super::FieldDoc>> {
        T::fields(schemas)
    }

    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("Union[{}, NoneType]", T::type_name()))
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        let Value::Array(items) = v else {
            return record(Invalid::new("list_type", "Input should be a valid list"), v.clone(), loc, errors);
        };
        // pydantic counts items as it validates them: past `max_length` it stops with
        // `too_long` alone, whatever the items were.
        if let Err(e) = c.check_max_len(items.len(), "List") {
            return record(e, v.clone(), loc, errors);
        }
        let before = errors.len();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if errors.is_full() {
                return None; // the request fails: the rest is not worth validating
            }
            if let Some(x) = at(loc, LocItem::Index(i), |loc| T::validate_json(item, &Constraints::NONE, loc, errors)) {
                out.push(x);
            }
        }
        if errors.len() > before {
            return None;
        }
        match c.check_len(out.len(), "List") {
            Ok(()) => Some(out),
            Err(e) => record(e, v.clone(), loc, errors),
        }
    }
    fn validate_str(s: &str, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
        Self::validate_strs(&[std::borrow::Cow::Borrowed(s)], c, loc, errors)
    }
    fn collects_all() -> bool {
        true
    }
    fn validate_strs(
        values: &[std::borrow::Cow<'_, str>],
        c: &Constraints,
        loc: &mut Loc,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        if let Err(e) = c.check_max_len(values.len(), "List") {
            let input = Value::Array(values.iter().map(|s| Value::String(s.to_string())).collect());
            return record(e, input, loc, errors);
        }
        let before = errors.len();
        let mut out = Vec::with_capacity(values.len());
        for (i, s) in values.iter().enumerate() {
            if errors.is_full() {
                return None; // the request fails: the rest is not worth validating
            }
            if let Some(x) = at(loc, LocItem::Index(i), |loc| T::validate_str(s, &Constraints::NONE, loc, errors)) {
                out.push(x);
            }
        }
        if errors.len() > before {
            return None;
        }
        match c.check_len(out.len(), "List") {
            Ok(()) => Some(out),
            Err(e) => {
                record(e, Value::Array(values.iter().map(|s| Value::String(s.to_string())).collect()), loc, errors)
            }
        }
    }
    fn body_by_default() -> bool {
        T::body_by_default()
    }
    fn validate_files(
        files: Vec<crate::upload::UploadFile>,
        c: &Constraints,
        loc: &mut Loc,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let before = errors.len();
        let n = files.len();
        let mut out = Vec::with_capacity(n);
        for (i, f) in files.into_iter().enumerate() {
            if errors.is_full() {
                return None; // the request fails: the rest is not worth validating
            }
            if let Some(x) =
                at(loc, LocItem::Index(i), |loc| T::validate_files(vec![f], &Constraints::NONE, loc, errors))
            {
                out.push(x);
            }
        }
        if errors.len() > before {
            return None;
        }
        match c.check_len(n, "List") {
            Ok(()) => Some(out),
            Err(e) => record(e, Value::Null, loc, errors),
        }
    }
    fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
        fast::seq::<T, Self, D>(d, |v| c.check_len(v.len(), "List").is_ok())
    }
}

impl<T: JsonSchema> JsonSchema for Vec<T> {
    fn json_schema(schemas: &mut SchemaGenerator) -> Value {
        json!({"type": "array", "items": T::json_schema(schemas)})
    }
    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("list[{}]", T::type_name()))
    }
    fn schema_kind() -> SchemaKind {
        SchemaKind::Array
    }
}

macro_rules! set_impl {
    ($set:ident, $($bound:path),*) => {
        impl<T: Validate $(+ $bound)*> Validate for $set<T> {
            fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                let Value::Array(items) = v else {
                    return record(Invalid::new("set_type", "Input should be a valid set"), v.clone(), loc, errors);
                };
                let before = errors.len();
                let mut out = $set::new();
                for (i, item) in items.iter().enumerate() {
                    if errors.is_full() {
                        return None; // the request fails: the rest is not worth validating
                    }
                    if let Some(x) = at(loc, LocItem::Index(i), |loc| T::validate_json(item, &Constraints::NONE, loc, errors)) {
                        out.insert(x);
                    }
                }
                if errors.len() > before {
                    return None;
                }
                match c.check_len(out.len(), "Set") {
                    Ok(()) => Some(out),
                    Err(e) => record(e, v.clone(), loc, errors),
                }
            }
            fn collects_all() -> bool {
                true
            }
            fn validate_strs(
                values: &[std::borrow::Cow<'_, str>],
                c: &Constraints,
                loc: &mut Loc,
                errors: &mut ValidationErrors,
            ) -> Option<Self> {
                let as_json = Value::Array(values.iter().map(|s| Value::String(s.to_string())).collect());
                Self::validate_json(&as_json, c, loc, errors)
            }
            fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
                fast::seq::<T, Self, D>(d, |v| c.check_len(v.len(), "Set").is_ok())
            }
        }

        impl<T: JsonSchema> JsonSchema for $set<T> {
            fn json_schema(schemas: &mut SchemaGenerator) -> Value {
                json!({"type": "array", "items": T::json_schema(schemas), "uniqueItems": true})
            }
            fn type_name() -> Cow<'static, str> {
                Cow::Owned(format!("set[{}]", T::type_name()))
            }
            fn schema_kind() -> SchemaKind {
                SchemaKind::Array
            }
        }

        impl<T> Constrained for $set<T> {
            fn satisfies(&self, c: &Constraints) -> bool {
                c.check_len(self.len(), "Set").is_ok()
            }
        }
    };
}
set_impl!(HashSet, Eq, std::hash::Hash);
set_impl!(BTreeSet, Ord);

macro_rules! map_impl {
    ($map:ident $(, $bound:path)?) => {
        impl<K, V> Validate for $map<K, V>
        where
            K: Validate + Eq + Ord + std::hash::Hash,
            V: Validate,
        {
            fn validate_json(v: &Value, c: &Constraints, loc: &mut Loc, errors: &mut ValidationErrors) -> Option<Self> {
                let Value::Object(obj) = v else {
                    return record(Invalid::new("dict_type", "Input should be a valid dictionary"), v.clone(), loc, errors);
                };
                let before = errors.len();
                let mut out = $map::new();
                for (k, item) in obj {
                    if errors.is_full() {
                        return None; // the request fails: the rest is not worth validating
                    }
                    let key = at(loc, LocItem::Key(format!("{k}").into()), |loc| {
                        loc.push(LocItem::Key("[key]".into()));
                        let key = K::validate_str(k, &Constraints::NONE, loc, errors);
                        loc.pop();
                        key
                    });
                    let val = at(loc, LocItem::Key(k.clone().into()), |loc| V::validate_json(item, &Constraints::NONE, loc, errors));
                    if let (Some(key), Some(val)) = (key, val) {
                        out.insert(key, val);
                    }
                }
                if errors.len() > before {
                    return None;
                }
                match c.check_len(out.len(), "Dictionary") {
                    Ok(()) => Some(out),
                    Err(e) => record(e, v.clone(), loc, errors),
                }
            }
            fn body_by_default() -> bool {
                true
            }
            fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
                fast::map::<K, V, Self, D>(d, |m, entries| {
                    m.len() == entries && c.check_len(m.len(), "Dictionary").is_ok()
                })
            }
        }

        impl<K: JsonSchema, V: JsonSchema> JsonSchema for $map<K, V> {
            fn json_schema(schemas: &mut SchemaGenerator) -> Value {
                json!({"type": "object", "additionalProperties": V::json_schema(schemas)})
            }
            fn type_name() -> Cow<'static, str> {
                Cow::Owned(format!("dict[{}, {}]", K::type_name(), V::type_name()))
            }
        }
    };
}
map_impl!(HashMap);
map_impl!(BTreeMap);

/// The error a fast-path deserializer returns to hand the body to the slow path.
#[doc(hidden)]
pub fn fast_error<E: serde::de::Error>() -> E {
    E::custom("not valid on the fast path")
}

macro_rules! constrained_number {
    (int: $($t:ty),*) => {$(
        impl Constrained for $t {
            fn satisfies(&self, c: &Constraints) -> bool {
                c.check_int(&WideInt::Int(*self as i128)).is_ok()
            }
        }
    )*};
    (float: $($t:ty),*) => {$(
        impl Constrained for $t {
            fn satisfies(&self, c: &Constraints) -> bool {
                c.check_number(*self as f64, false).is_ok()
            }
        }
    )*};
}
constrained_number!(int: i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
constrained_number!(float: f32, f64);

impl Constrained for String {
    fn satisfies(&self, c: &Constraints) -> bool {
        c.str_ok(self)
    }
}

impl<T: Constrained> Constrained for Option<T> {
    fn satisfies(&self, c: &Constraints) -> bool {
        self.as_ref().is_none_or(|v| v.satisfies(c))
    }
}

impl<T> Constrained for Vec<T> {
    fn satisfies(&self, c: &Constraints) -> bool {
        c.check_len(self.len(), "List").is_ok()
    }
}

impl<K, V, S> Constrained for HashMap<K, V, S> {
    fn satisfies(&self, c: &Constraints) -> bool {
        c.check_len(self.len(), "Dictionary").is_ok()
    }
}

impl<K, V> Constrained for BTreeMap<K, V> {
    fn satisfies(&self, c: &Constraints) -> bool {
        c.check_len(self.len(), "Dictionary").is_ok()
    }
}

impl Constrained for bool {}
impl Constrained for Value {}
impl Constrained for uuid::Uuid {}
impl Constrained for crate::types::DateTime {}
impl Constrained for crate::types::TimeDelta {}
impl Constrained for chrono::NaiveDate {}
impl Constrained for chrono::NaiveTime {}
impl Constrained for crate::types::Time {}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T: Validate>(v: Value) -> Result<T, Value> {
        let mut errors = ValidationErrors::new();
        let mut loc = vec![LocItem::from("body")];
        T::validate_json(&v, &Constraints::NONE, &mut loc, &mut errors)
            .ok_or_else(|| serde_json::from_slice(&errors.to_body()).unwrap())
    }

    #[test]
    fn lists_collect_every_item_error() {
        let e = run::<Vec<i64>>(json!([1, "x", 3, "y"])).unwrap_err();
        let locs: Vec<_> = e["detail"].as_array().unwrap().iter().map(|d| d["loc"].clone()).collect();
        assert_eq!(locs, vec![json!(["body", 1]), json!(["body", 3])]);
        assert_eq!(run::<Vec<i64>>(json!([1, "2"])).unwrap(), vec![1, 2]);
        assert_eq!(run::<Vec<i64>>(json!(3)).unwrap_err()["detail"][0]["type"], "list_type");
    }

    fn run_with<T: Validate>(v: Value, c: &Constraints) -> Result<T, Value> {
        let mut errors = ValidationErrors::new();
        T::validate_json(&v, c, &mut vec![], &mut errors)
            .ok_or_else(|| serde_json::from_slice::<Value>(&errors.to_body()).unwrap()["detail"][0].clone())
    }

    #[test]
    fn integers_of_any_size_meet_their_bounds_first() {
        static LE: Constraints = Constraints { le: Some(crate::model::Bound::int(100, "100")), ..Constraints::NONE };
        let huge = "1".repeat(30);
        assert_eq!(run_with::<i64>(json!(huge), &LE).unwrap_err()["type"], "less_than_equal");
        // Within every bound but beyond i64: refused for its size (pydantic takes it).
        assert_eq!(run_with::<i64>(json!(format!("-{huge}")), &LE).unwrap_err()["type"], "int_parsing_size");
        assert_eq!(run_with::<u8>(json!(huge), &Constraints::NONE).unwrap_err()["ctx"], json!({"le": 255}));
        assert_eq!(run_with::<u8>(json!(format!("-{huge}")), &Constraints::NONE).unwrap_err()["ctx"], json!({"ge": 0}));
        assert_eq!(run_with::<i64>(json!(huge), &Constraints::NONE).unwrap_err()["type"], "int_parsing_size");
        assert_eq!(run_with::<u64>(json!("18446744073709551615"), &Constraints::NONE).unwrap(), u64::MAX);
        static THREE: Constraints =
            Constraints { multiple_of: Some(crate::model::Bound::int(3, "3")), ..Constraints::NONE };
        assert_eq!(run_with::<i64>(json!(i64::MAX), &THREE).unwrap_err()["type"], "multiple_of");
        assert_eq!(run_with::<i64>(json!(format!("{huge}1")), &THREE).unwrap_err()["type"], "multiple_of");
        static GE: Constraints = Constraints { ge: Some(crate::model::Bound::int(-5, "-5")), ..Constraints::NONE };
        // 4,300 digits (Python's limit counts digits, not the sign) still parse.
        assert_eq!(
            run_with::<i64>(json!(format!("-{}", "9".repeat(4300))), &GE).unwrap_err()["type"],
            "greater_than_equal"
        );
    }

    #[test]
    fn lists_past_max_length_report_only_too_long() {
        static MAX: Constraints = Constraints { max_length: Some(2), ..Constraints::NONE };
        let e = run_with::<Vec<i64>>(json!(["x", 1, "y"]), &MAX).unwrap_err();
        assert_eq!((e["type"].as_str(), e["ctx"]["actual_length"].as_u64()), (Some("too_long"), Some(3)));
        let mut errors = ValidationErrors::new();
        let values = [std::borrow::Cow::Borrowed("a"), "b".into(), "c".into()];
        assert!(Vec::<i64>::validate_strs(&values, &MAX, &mut vec![], &mut errors).is_none());
        assert_eq!((errors.len(), errors.errors()[0].kind.as_ref()), (1, "too_long"));
    }

    #[test]
    fn non_finite_floats_fail_bounds() {
        static LE: Constraints = Constraints { le: Some(crate::model::Bound::float(1.5, "1.5")), ..Constraints::NONE };
        assert_eq!(run_with::<f64>(json!("nan"), &LE).unwrap_err()["type"], "less_than_equal");
        assert_eq!(run_with::<f64>(json!("-inf"), &LE).unwrap(), f64::NEG_INFINITY);
    }

    #[test]
    fn times_keep_their_offset() {
        let t = run::<crate::types::Time>(json!("10:20+02:00")).unwrap();
        assert_eq!(t.isoformat(), "10:20:00+02:00");
        assert_eq!(run::<crate::types::Time>(json!(0)).unwrap().isoformat(), "00:00:00+00:00");
    }

    #[test]
    fn options_and_narrow_ints() {
        assert_eq!(run::<Option<i64>>(Value::Null).unwrap(), None);
        assert_eq!(run::<u8>(json!(300)).unwrap_err()["detail"][0]["type"], "less_than_equal");
        assert_eq!(run::<u32>(json!(-1)).unwrap_err()["detail"][0]["ctx"]["ge"], 0);
    }

    #[test]
    fn maps_validate_keys_and_values() {
        let m = run::<HashMap<i64, f64>>(json!({"1": 2.5})).unwrap();
        assert_eq!(m[&1], 2.5);
        let e = run::<HashMap<i64, f64>>(json!({"a": 1})).unwrap_err();
        assert_eq!(e["detail"][0]["loc"], json!(["body", "a", "[key]"]));
    }
}
