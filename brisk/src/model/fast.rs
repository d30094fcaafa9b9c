//! The fast path of a JSON body: each value read straight from the bytes by serde, through
//! [`Validate::fast_deserialize`], never through the type's own `Deserialize`.
//!
//! The rule is one validation path: the fast path may decline anything (the body then goes
//! to [`Validate::validate_json`], which applies pydantic's lax coercions and locates every
//! error), but it never accepts what validation rejects and, when it accepts, it gives the
//! value validation gives. A type that says nothing gets [`via_validation`]: its value is
//! read as JSON and validated, so it holds by construction. Types whose serde reading is
//! known to be a subset of their validation (numbers, strings, models...) opt in to
//! [`via_serde`]; [`fast_path_agrees`] is the check their property tests run.
//!
//! ```
//! use brisk::model::fast::fast_path_agrees;
//!
//! // The property the types' tests check: the fast path and validation agree.
//! assert!(fast_path_agrees::<Vec<u8>>("[1, 2, 300]").is_ok());
//! assert!(fast_path_agrees::<Option<String>>("null").is_ok());
//! ```

use std::fmt::Debug;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Constrained, Constraints, Validate, fast_error};
use crate::error::ValidationErrors;

/// A [`DeserializeSeed`] reading a `T` on the fast path, with the constraints of its field.
#[doc(hidden)]
pub struct FastSeed<'c, T>(pub &'c Constraints, pub PhantomData<T>);

impl<'c, T> FastSeed<'c, T> {
    /// The seed of a value under `c`.
    pub fn new(c: &'c Constraints) -> Self {
        FastSeed(c, PhantomData)
    }
}

impl<'de, T: Validate> DeserializeSeed<'de> for FastSeed<'_, T> {
    type Value = T;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::fast_deserialize(d, self.0)
    }
}

/// The default fast path: the value read as JSON, then validated. Accepts exactly what
/// validation accepts, whatever the type's `Deserialize` would do.
///
/// ```
/// use brisk::model::{Constraints, fast};
///
/// // A JSON string `"42"` read as an `i64`: serde would refuse it, pydantic's lax mode does not.
/// let mut json = serde_json::Deserializer::from_str(r#""42""#);
/// let n: i64 = fast::via_validation(&mut json, &Constraints::NONE).unwrap();
/// assert_eq!(n, 42);
/// ```
pub fn via_validation<'de, T: Validate, D: Deserializer<'de>>(d: D, c: &Constraints) -> Result<T, D::Error> {
    let value = Value::deserialize(d)?;
    let mut errors = ValidationErrors::new();
    match T::validate_json(&value, c, &mut Vec::new(), &mut errors) {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(fast_error()),
    }
}

/// The fast path of a type whose `Deserialize` accepts only values its validation accepts
/// and gives the same value: serde's reading, then the constraints. A type implementing
/// [`Validate`] opts in with it when that holds:
///
/// ```
/// use brisk::error::{LocItem, ValidationErrors};
/// use brisk::model::{Constrained, Constraints, Validate, fast};
/// use serde_json::Value;
///
/// #[derive(Debug, PartialEq, serde::Deserialize)]
/// struct Port(u16);
///
/// impl Validate for Port {
///     fn validate_json(v: &Value, c: &Constraints, loc: &mut Vec<LocItem>, errors: &mut ValidationErrors) -> Option<Self> {
///         u16::validate_json(v, c, loc, errors).map(Port)
///     }
///     // serde reads a `Port` from a JSON integer in range only; validation accepts it too.
///     fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, c: &Constraints) -> Result<Self, D::Error> {
///         fast::via_serde(d, c)
///     }
/// }
///
/// impl Constrained for Port {}
///
/// for json in ["8080", "\"8080\"", "70000", "-1", "8080.0"] {
///     fast::fast_path_agrees::<Port>(json).unwrap();
/// }
/// ```
#[inline]
pub fn via_serde<'de, T: Deserialize<'de> + Constrained, D: Deserializer<'de>>(
    d: D,
    c: &Constraints,
) -> Result<T, D::Error> {
    let v = T::deserialize(d)?;
    if c.is_empty() || v.satisfies(c) { Ok(v) } else { Err(fast_error()) }
}

/// A whole JSON document read on the fast path; `None` sends it to validation.
#[doc(hidden)]
pub fn from_slice<T: Validate>(bytes: &[u8], c: &Constraints) -> Option<T> {
    // Checked as UTF-8 once, in bulk: read as a `str`, serde_json checks no string again.
    // A body that is not UTF-8 is not valid JSON, and validation words the error.
    let mut d = serde_json::Deserializer::from_str(std::str::from_utf8(bytes).ok()?);
    let v = T::fast_deserialize(&mut d, c).ok()?;
    d.end().ok()?;
    Some(v)
}

/// Checks the one-validation-path rule on one JSON document: when the fast path accepts
/// it, validation accepts it too and gives an equal value. For property tests of a type
/// that opts in to a serde fast path (see [`Validate::fast_deserialize`]).
///
/// ```
/// use brisk::model::fast::fast_path_agrees;
///
/// assert!(fast_path_agrees::<Vec<i64>>("[1, 2]").is_ok());
/// assert!(fast_path_agrees::<Option<u8>>("300").is_ok()); // both reject
/// ```
pub fn fast_path_agrees<T: Validate + PartialEq + Debug>(json: &str) -> Result<(), String> {
    let Some(fast) = from_slice::<T>(json.as_bytes(), &Constraints::NONE) else {
        return Ok(());
    };
    let value: Value = serde_json::from_str(json).map_err(|e| format!("the fast path accepted invalid JSON: {e}"))?;
    match super::validate::<T>(&value) {
        Ok(slow) if slow == fast => Ok(()),
        Ok(slow) => Err(format!("fast path gave {fast:?}, validation {slow:?} for {json}")),
        Err(e) => Err(format!("fast path accepted {json} as {fast:?}; validation rejects it: {e:?}")),
    }
}

/// The fast path of `Option<T>`: `null` is `None`, anything else a `T` under `c`.
#[doc(hidden)]
pub fn option<'de, T: Validate, D: Deserializer<'de>>(d: D, c: &Constraints) -> Result<Option<T>, D::Error> {
    struct V<'c, T>(&'c Constraints, PhantomData<T>);
    impl<'de, T: Validate> Visitor<'de> for V<'_, T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a value or null")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            T::fast_deserialize(d, self.0).map(Some)
        }
    }
    d.deserialize_option(V(c, PhantomData))
}

/// The fast path of a sequence: every item a `T` (no constraints on items), collected
/// into `C`, then `check` (the length constraints of the whole).
#[doc(hidden)]
pub fn seq<'de, T, C, D>(d: D, check: impl FnOnce(&C) -> bool) -> Result<C, D::Error>
where
    T: Validate,
    C: Default + Extend<T>,
    D: Deserializer<'de>,
{
    struct V<T, C>(PhantomData<(T, C)>);
    impl<'de, T: Validate, C: Default + Extend<T>> Visitor<'de> for V<T, C> {
        type Value = C;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<C, A::Error> {
            let mut out = C::default();
            while let Some(item) = seq.next_element_seed(FastSeed::<T>::new(&Constraints::NONE))? {
                out.extend(std::iter::once(item));
            }
            Ok(out)
        }
    }
    let out = d.deserialize_seq(V::<T, C>(PhantomData))?;
    if check(&out) { Ok(out) } else { Err(fast_error()) }
}

/// The fast path of a map: each key validated as a string parameter is (`K::validate_str`),
/// each value a `V`.
///
/// `check` gets the map and how many entries the object had: fewer entries in the map
/// means two keys were one (a repeated key, or `"1"` and `"01"` for an integer key), and
/// which value wins then follows Python's dict of the parsed object, not the stream: the
/// validating path decides.
#[doc(hidden)]
pub fn map<'de, K, V, M, D>(d: D, check: impl FnOnce(&M, usize) -> bool) -> Result<M, D::Error>
where
    K: Validate,
    V: Validate,
    M: Default + Extend<(K, V)>,
    D: Deserializer<'de>,
{
    struct MapVisitor<K, V, M>(PhantomData<(K, V, M)>);
    impl<'de, K: Validate, V: Validate, M: Default + Extend<(K, V)>> Visitor<'de> for MapVisitor<K, V, M> {
        type Value = (M, usize);
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(M, usize), A::Error> {
            let mut out = M::default();
            let mut entries = 0;
            while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                entries += 1;
                let mut errors = ValidationErrors::new();
                let key = K::validate_str(&k, &Constraints::NONE, &mut Vec::new(), &mut errors)
                    .filter(|_| errors.is_empty())
                    .ok_or_else(fast_error::<A::Error>)?;
                let value = map.next_value_seed(FastSeed::<V>::new(&Constraints::NONE))?;
                out.extend(std::iter::once((key, value)));
            }
            Ok((out, entries))
        }
    }
    let (out, entries) = d.deserialize_map(MapVisitor::<K, V, M>(PhantomData))?;
    if check(&out, entries) { Ok(out) } else { Err(fast_error()) }
}

/// The fast path of a string-shaped type: the JSON string, then `parse` (which must be
/// what validation does with a string).
#[doc(hidden)]
pub fn string<'de, T, D: Deserializer<'de>>(d: D, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    parse(&s).ok_or_else(fast_error)
}

/// A value the fast path skips (a key no field reads, under `extra = "ignore"`): read in
/// full, as validation's `serde_json::Value` reads it, so that a body validation refuses
/// (a number out of range, `1E400`) is refused here too; nothing is kept. serde's
/// `IgnoredAny` skips numbers without reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub struct SkippedValue;

impl<'de> serde::Deserialize<'de> for SkippedValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> serde::de::Visitor<'de> for SkipVisitor {
    type Value = SkippedValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_i64<E>(self, _: i64) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_u64<E>(self, _: u64) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_f64<E>(self, _: f64) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_str<E>(self, _: &str) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_unit<E>(self) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_none<E>(self) -> Result<SkippedValue, E> {
        Ok(SkippedValue)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<SkippedValue, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<SkippedValue, A::Error> {
        while seq.next_element::<SkippedValue>()?.is_some() {}
        Ok(SkippedValue)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SkippedValue, A::Error> {
        while map.next_entry::<SkippedValue, SkippedValue>()?.is_some() {}
        Ok(SkippedValue)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// A type whose serde reading is laxer than its validation: it never opts in, so the
    /// fast path validates it.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Lax(String);

    impl Validate for Lax {
        fn validate_json(
            v: &Value,
            _: &Constraints,
            loc: &mut Vec<crate::error::LocItem>,
            errors: &mut ValidationErrors,
        ) -> Option<Self> {
            match v.as_str() {
                Some(s) if s.starts_with("ok") => Some(Lax(s.to_owned())),
                _ => super::super::record(crate::error::Invalid::new("value_error", "no"), v.clone(), loc, errors),
            }
        }
    }

    #[test]
    fn types_that_do_not_opt_in_are_validated() {
        assert_eq!(from_slice::<Lax>(b"\"ok\"", &Constraints::NONE), Some(Lax("ok".into())));
        assert_eq!(from_slice::<Lax>(b"\"bad\"", &Constraints::NONE), None);
        assert_eq!(from_slice::<Vec<Lax>>(b"[\"ok1\", \"bad\"]", &Constraints::NONE), None);
        assert!(fast_path_agrees::<Option<Lax>>("\"bad\"").is_ok());
    }

    #[test]
    fn containers_read_their_items_on_the_fast_path() {
        assert_eq!(from_slice::<Option<i64>>(b"null", &Constraints::NONE), Some(None));
        assert_eq!(from_slice::<Vec<u8>>(b"[1, 2]", &Constraints::NONE), Some(vec![1, 2]));
        assert_eq!(from_slice::<Vec<u8>>(b"[1, 256]", &Constraints::NONE), None);
        let m = from_slice::<HashMap<i64, bool>>(b"{\"1\": true, \"2\": false}", &Constraints::NONE).unwrap();
        assert!(m[&1] && !m[&2]);
        // A repeated key is left to validation, which reads the object as Python does.
        assert_eq!(from_slice::<HashMap<i64, bool>>(b"{\"1\": true, \"1\": false}", &Constraints::NONE), None);
        assert_eq!(from_slice::<HashMap<i64, bool>>(b"{\"x\": true}", &Constraints::NONE), None);
        assert_eq!(from_slice::<i64>(b"1 2", &Constraints::NONE), None);
    }

    #[test]
    fn the_body_is_read_as_text_once_checked_as_utf8() {
        let text = "[\"café\", \"\\u00e9\"]";
        assert_eq!(
            from_slice::<Vec<String>>(text.as_bytes(), &Constraints::NONE),
            Some(vec!["café".into(), "é".into()])
        );
        // Bytes that are not UTF-8 are no JSON: validation words that error.
        assert_eq!(from_slice::<String>(b"\"\xff\"", &Constraints::NONE), None);
        assert_eq!(from_slice::<Value>(b"[1, \"\xc3\"]", &Constraints::NONE), None);
    }
}
