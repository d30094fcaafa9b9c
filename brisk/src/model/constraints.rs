//! Field and parameter constraints (`gt ge lt le multiple_of min_length max_length
//! pattern`): checked with pydantic's error types and messages, and written into the
//! JSON Schema with the same keywords pydantic uses.

use std::cmp::Ordering;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::coerce::WideInt;
use crate::error::Invalid;

/// A numeric bound as the user wrote it: its value, whether it was an integer literal,
/// and its source text (pydantic's messages print the bound as written).
///
/// ```
/// use brisk::model::Bound;
/// assert_eq!(Bound::int(10, "10").schema_value(false), serde_json::json!(10));
/// assert_eq!(Bound::int(10, "10").schema_value(true), serde_json::json!(10.0));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// The bound as a float.
    pub value: f64,
    /// The bound, when it was written as an integer.
    pub int: Option<i64>,
    /// The literal as written, e.g. `"10.5"`.
    pub repr: &'static str,
}

impl Bound {
    /// An integer bound.
    pub const fn int(v: i64, repr: &'static str) -> Self {
        Bound { value: v as f64, int: Some(v), repr }
    }

    /// A float bound.
    pub const fn float(v: f64, repr: &'static str) -> Self {
        Bound { value: v, int: None, repr }
    }

    /// The bound for the JSON Schema: as written, or as a float (`float`).
    pub fn schema_value(&self, float: bool) -> Value {
        match self.int {
            Some(i) if !float => Value::from(i),
            _ => Value::from(self.value),
        }
    }
}

/// A regular expression constraint, compiled on first use and kept.
///
/// ```
/// use brisk::model::Pattern;
/// static CODE: Pattern = Pattern::new("^[A-Z]{3}$");
/// assert!(CODE.is_match("EUR") && !CODE.is_match("euro"));
/// ```
#[derive(Debug)]
pub struct Pattern {
    src: &'static str,
    re: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A pattern from its source (Rust `regex` syntax, which is also what pydantic uses).
    pub const fn new(src: &'static str) -> Self {
        Pattern { src, re: OnceLock::new() }
    }

    /// The source text.
    pub fn as_str(&self) -> &'static str {
        self.src
    }

    /// True when the pattern is found in `s` (pydantic searches; anchors are explicit).
    /// An invalid pattern matches nothing; `Constraints::validate` reports it at start-up.
    pub fn is_match(&self, s: &str) -> bool {
        self.re.get_or_init(|| Regex::new(self.src).ok()).as_ref().is_some_and(|re| re.is_match(s))
    }

    fn compile_error(&self) -> Option<String> {
        Regex::new(self.src).err().map(|e| e.to_string())
    }
}

/// The constraints of one field or parameter. Build it with struct update syntax from
/// [`Constraints::NONE`]; the macros generate these as statics.
///
/// The macros write them from `#[field(gt = 0, le = 100)]`, `#[query(pattern = "..")]`;
/// by hand:
///
/// ```
/// use brisk::model::{Bound, Constraints, Pattern, Validate};
/// use brisk::error::ValidationErrors;
///
/// static LIMIT: Constraints = Constraints { gt: Some(Bound::int(0, "0")), le: Some(Bound::int(100, "100")), ..Constraints::NONE };
/// static CODE: Constraints = Constraints { pattern: Some(Pattern::new("^[A-Z]{3}$")), ..Constraints::NONE };
///
/// let mut errors = ValidationErrors::new();
/// assert_eq!(u32::validate_str("50", &LIMIT, &mut vec!["query".into()], &mut errors), Some(50));
/// assert_eq!(u32::validate_str("500", &LIMIT, &mut vec!["query".into()], &mut errors), None);
/// assert_eq!(String::validate_str("eur", &CODE, &mut vec!["query".into()], &mut errors), None);
/// let kinds: Vec<&str> = errors.errors().iter().map(|e| e.kind.as_ref()).collect();
/// assert_eq!(kinds, ["less_than_equal", "string_pattern_mismatch"]);
/// ```
#[derive(Debug)]
pub struct Constraints {
    /// `gt`: exclusive minimum.
    pub gt: Option<Bound>,
    /// `ge`: inclusive minimum.
    pub ge: Option<Bound>,
    /// `lt`: exclusive maximum.
    pub lt: Option<Bound>,
    /// `le`: inclusive maximum.
    pub le: Option<Bound>,
    /// `multiple_of`.
    pub multiple_of: Option<Bound>,
    /// Minimum length of a string (in characters) or a list (in items).
    pub min_length: Option<usize>,
    /// Maximum length of a string (in characters) or a list (in items).
    pub max_length: Option<usize>,
    /// A regular expression a string must match.
    pub pattern: Option<Pattern>,
    /// `allow_inf_nan`: whether a float may be NaN or infinite (pydantic's default: yes;
    /// `false` makes them `finite_number`).
    pub allow_inf_nan: bool,
    /// `max_digits` of a `Decimal`: digits in total.
    pub max_digits: Option<u32>,
    /// `decimal_places` of a `Decimal`: digits after the point.
    pub decimal_places: Option<u32>,
}

impl Constraints {
    /// No constraint at all.
    pub const NONE: Constraints = Constraints {
        gt: None,
        ge: None,
        lt: None,
        le: None,
        multiple_of: None,
        min_length: None,
        max_length: None,
        pattern: None,
        allow_inf_nan: true,
        max_digits: None,
        decimal_places: None,
    };

    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.gt.is_none()
            && self.ge.is_none()
            && self.lt.is_none()
            && self.le.is_none()
            && self.multiple_of.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.allow_inf_nan
            && self.max_digits.is_none()
            && self.decimal_places.is_none()
    }

    /// A configuration error (an invalid regular expression), found at start-up.
    pub fn config_error(&self) -> Option<String> {
        self.pattern.as_ref().and_then(|p| p.compile_error().map(|e| format!("invalid pattern {:?}: {e}", p.src)))
    }

    /// Checks a float as pydantic's constrained float does: `allow_inf_nan`, `multiple_of`
    /// (within 1e-9 of a whole multiple), then `le`, `lt`, `ge`, `gt`; NaN fails every
    /// bound, as pydantic compares with `partial_cmp`. `int_ctx` writes the bounds given
    /// as integers as integers in `ctx` (decimals; integers use [`Self::check_int`]).
    pub fn check_number(&self, v: f64, int_ctx: bool) -> Result<(), Invalid> {
        self.check_number_with(v, int_ctx, |m| float_multiple(v, m.value))
    }

    /// [`check_number`](Self::check_number) with `multiple_of` decided by `is_multiple`
    /// (a `Decimal` checks it exactly, as Python's `Decimal` remainder does).
    pub fn check_number_with(
        &self,
        v: f64,
        int_ctx: bool,
        is_multiple: impl Fn(&Bound) -> bool,
    ) -> Result<(), Invalid> {
        let ctx = |b: &Bound| -> Value {
            match (int_ctx, b.int) {
                (true, Some(i)) => Value::from(i),
                _ => Value::from(b.value),
            }
        };
        if !self.allow_inf_nan && !v.is_finite() {
            return Err(Invalid::new("finite_number", "Input should be a finite number"));
        }
        if let Some(m) = &self.multiple_of
            && !is_multiple(m)
        {
            return Err(multiple_of_error(ctx(m)));
        }
        let cmp = |b: &Bound| v.partial_cmp(&b.value);
        self.check_bounds(cmp, ctx)
    }

    /// Checks an integer of any size exactly, as pydantic's constrained int does:
    /// `multiple_of`, then `le`, `lt`, `ge`, `gt`, with the bounds written as integers
    /// in `ctx`.
    pub fn check_int(&self, v: &WideInt) -> Result<(), Invalid> {
        let ctx = |b: &Bound| -> Value { b.int.map_or(Value::from(b.value), Value::from) };
        if let Some(m) = &self.multiple_of {
            let divides = match m.int {
                Some(0) => true,
                Some(d) => v.rem(d.unsigned_abs()) == 0,
                None => {
                    let f = v.to_f64();
                    (f - (f / m.value).round() * m.value).abs() <= 1e-9
                }
            };
            if !divides {
                return Err(multiple_of_error(ctx(m)));
            }
        }
        let cmp = |b: &Bound| match (v, b.int) {
            (WideInt::Int(i), Some(bound)) => Some(i.cmp(&i128::from(bound))),
            (WideInt::Huge { negative, .. }, _) => Some(if *negative { Ordering::Less } else { Ordering::Greater }),
            (WideInt::Int(i), None) => (*i as f64).partial_cmp(&b.value),
        };
        self.check_bounds(cmp, ctx)
    }

    /// `le`, `lt`, `ge`, `gt` in pydantic's order; `cmp` compares the value with a bound
    /// (`None`: unordered, a failure), `ctx` writes a bound in the error.
    fn check_bounds(
        &self,
        cmp: impl Fn(&Bound) -> Option<Ordering>,
        ctx: impl Fn(&Bound) -> Value,
    ) -> Result<(), Invalid> {
        use Ordering::{Equal, Greater, Less};
        if let Some(b) = &self.le
            && !matches!(cmp(b), Some(Less | Equal))
        {
            let c = ctx(b);
            return Err(Invalid::new(
                "less_than_equal",
                format!("Input should be less than or equal to {}", shown(&c)),
            )
            .with_ctx("le", c));
        }
        if let Some(b) = &self.lt
            && cmp(b) != Some(Less)
        {
            let c = ctx(b);
            return Err(Invalid::new("less_than", format!("Input should be less than {}", shown(&c))).with_ctx("lt", c));
        }
        if let Some(b) = &self.ge
            && !matches!(cmp(b), Some(Greater | Equal))
        {
            let c = ctx(b);
            return Err(Invalid::new(
                "greater_than_equal",
                format!("Input should be greater than or equal to {}", shown(&c)),
            )
            .with_ctx("ge", c));
        }
        if let Some(b) = &self.gt
            && cmp(b) != Some(Greater)
        {
            let c = ctx(b);
            return Err(
                Invalid::new("greater_than", format!("Input should be greater than {}", shown(&c))).with_ctx("gt", c)
            );
        }
        Ok(())
    }

    /// Checks a string: length in characters, then the pattern.
    pub fn check_str(&self, s: &str) -> Result<(), Invalid> {
        match self.str_failure(s) {
            None => Ok(()),
            Some(StrFailure::TooShort(min)) => Err(Invalid::new(
                "string_too_short",
                format!("String should have at least {min} character{}", plural(min)),
            )
            .with_ctx("min_length", min)),
            Some(StrFailure::TooLong(max)) => Err(Invalid::new(
                "string_too_long",
                format!("String should have at most {max} character{}", plural(max)),
            )
            .with_ctx("max_length", max)),
            Some(StrFailure::Pattern(p)) => {
                Err(Invalid::new("string_pattern_mismatch", format!("String should match pattern '{}'", p.src))
                    .with_ctx("pattern", p.src))
            }
        }
    }

    /// Whether a string passes [`check_str`](Self::check_str), without making its error
    /// (the fast path only needs to know).
    pub(crate) fn str_ok(&self, s: &str) -> bool {
        self.str_failure(s).is_none()
    }

    fn str_failure(&self, s: &str) -> Option<StrFailure<'_>> {
        if self.min_length.is_some() || self.max_length.is_some() {
            let n = s.chars().count();
            if let Some(min) = self.min_length
                && n < min
            {
                return Some(StrFailure::TooShort(min));
            }
            if let Some(max) = self.max_length
                && n > max
            {
                return Some(StrFailure::TooLong(max));
            }
        }
        match &self.pattern {
            Some(p) if !p.is_match(s) => Some(StrFailure::Pattern(p)),
            _ => None,
        }
    }

    /// Checks only `max_length` of a collection (see [`check_len`](Self::check_len)).
    pub fn check_max_len(&self, n: usize, field_type: &str) -> Result<(), Invalid> {
        Constraints { max_length: self.max_length, ..Constraints::NONE }.check_len(n, field_type)
    }

    /// Checks the length of a collection (`field_type` is pydantic's name: `List`, `Set`,
    /// `Dictionary`).
    pub fn check_len(&self, n: usize, field_type: &str) -> Result<(), Invalid> {
        if let Some(min) = self.min_length
            && n < min
        {
            return Err(Invalid::new(
                "too_short",
                format!("{field_type} should have at least {min} item{} after validation, not {n}", plural(min)),
            )
            .with_ctx("field_type", field_type)
            .with_ctx("min_length", min)
            .with_ctx("actual_length", n));
        }
        if let Some(max) = self.max_length
            && n > max
        {
            return Err(Invalid::new(
                "too_long",
                format!("{field_type} should have at most {max} item{} after validation, not {n}", plural(max)),
            )
            .with_ctx("field_type", field_type)
            .with_ctx("max_length", max)
            .with_ctx("actual_length", n));
        }
        Ok(())
    }

    /// Writes these constraints into a JSON Schema object as pydantic does. `kind` picks
    /// the keywords: numbers, strings or arrays.
    pub fn apply_to_schema(&self, schema: &mut Map<String, Value>, kind: SchemaKind, float_bounds: bool) {
        match kind {
            SchemaKind::Number => {
                // pydantic's order (`ValidationsMapping.numeric`).
                let pairs = [
                    ("multipleOf", &self.multiple_of),
                    ("maximum", &self.le),
                    ("minimum", &self.ge),
                    ("exclusiveMaximum", &self.lt),
                    ("exclusiveMinimum", &self.gt),
                ];
                for (key, b) in pairs {
                    if let Some(b) = b {
                        schema.insert(key.to_owned(), b.schema_value(float_bounds));
                    }
                }
            }
            SchemaKind::String => {
                if let Some(n) = self.min_length {
                    schema.insert("minLength".to_owned(), n.into());
                }
                if let Some(n) = self.max_length {
                    schema.insert("maxLength".to_owned(), n.into());
                }
                if let Some(p) = &self.pattern {
                    schema.insert("pattern".to_owned(), p.src.into());
                }
            }
            SchemaKind::Array => {
                if let Some(n) = self.min_length {
                    schema.insert("minItems".to_owned(), n.into());
                }
                if let Some(n) = self.max_length {
                    schema.insert("maxItems".to_owned(), n.into());
                }
            }
            SchemaKind::Other => {}
        }
    }
}

/// Which family of JSON Schema keywords a type's constraints map to.
///
/// ```
/// use brisk::model::{JsonSchema, SchemaKind};
/// assert_eq!(<String as JsonSchema>::schema_kind(), SchemaKind::String);
/// assert_eq!(<Vec<u8> as JsonSchema>::schema_kind(), SchemaKind::Array);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `minimum`, `exclusiveMinimum`, ...
    Number,
    /// `minLength`, `maxLength`, `pattern`.
    String,
    /// `minItems`, `maxItems`.
    Array,
    /// No constraint keywords.
    Other,
}

/// pydantic's float `multiple_of`: within 1e-9 of a whole multiple; an infinite value
/// (whose remainder is NaN) passes.
pub(crate) fn float_multiple(v: f64, step: f64) -> bool {
    let r = (v - (v / step).round() * step).abs();
    r.is_nan() || r <= 1e-9
}

/// The `multiple_of` error, its bound in `ctx` as `c`.
fn multiple_of_error(c: Value) -> Invalid {
    Invalid::new("multiple_of", format!("Input should be a multiple of {}", shown(&c))).with_ctx("multiple_of", c)
}

/// A bound as pydantic's messages print it: Rust's `Display` of the integer or the float
/// (`1000` for `1e3`, `0.0000001` for `1e-7`), not the literal as written.
fn shown(bound: &Value) -> Shown<'_> {
    Shown(bound)
}

/// Written straight into the message: no string of its own.
struct Shown<'a>(&'a Value);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => std::fmt::Display::fmt(&i, f),
                (None, Some(x)) => std::fmt::Display::fmt(&x, f),
                _ => std::fmt::Display::fmt(n, f),
            },
            other => std::fmt::Display::fmt(other, f),
        }
    }
}

/// Which check a string failed, its bound or pattern.
enum StrFailure<'a> {
    TooShort(usize),
    TooLong(usize),
    Pattern(&'a Pattern),
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static SIZE: Constraints =
        Constraints { gt: Some(Bound::int(0, "0")), lt: Some(Bound::float(10.5, "10.5")), ..Constraints::NONE };

    #[test]
    fn numbers_follow_pydantic_messages_and_ctx() {
        let e = SIZE.check_number(0.0, false).unwrap_err();
        assert_eq!((e.kind.as_ref(), e.msg.as_ref()), ("greater_than", "Input should be greater than 0"));
        assert_eq!(e.ctx.unwrap()["gt"], json!(0.0));
        let e = SIZE.check_number(10.5, false).unwrap_err();
        assert_eq!(e.msg, "Input should be less than 10.5");
        assert!(SIZE.check_number(2.5, false).is_ok());
        let ge = Constraints { ge: Some(Bound::int(0, "0")), ..Constraints::NONE };
        assert_eq!(ge.check_number(-1.0, true).unwrap_err().ctx.unwrap()["ge"], json!(0));
    }

    #[test]
    fn floats_as_pydantic_compares_them() {
        let le = Constraints { le: Some(Bound::float(1.5, "1.5")), ..Constraints::NONE };
        assert_eq!(le.check_number(f64::NAN, false).unwrap_err().kind, "less_than_equal");
        let half = Constraints { multiple_of: Some(Bound::float(0.5, "0.5")), ..Constraints::NONE };
        assert_eq!(half.check_number(1e308, false).unwrap_err().kind, "multiple_of");
        assert!(half.check_number(2.5, false).is_ok());
        let tenth = Constraints { multiple_of: Some(Bound::float(0.1, "0.1")), ..Constraints::NONE };
        assert!(tenth.check_number(0.3, false).is_ok());
        // The bound is printed as pydantic prints a float: `1000`, not the literal `1e3`.
        let lt = Constraints { lt: Some(Bound::float(1e3, "1e3")), ..Constraints::NONE };
        let e = lt.check_number(2e3, false).unwrap_err();
        assert_eq!((e.msg.as_ref(), &e.ctx.unwrap()["lt"]), ("Input should be less than 1000", &json!(1000.0)));
    }

    #[test]
    fn allow_inf_nan_false_refuses_them_first() {
        let finite = Constraints { allow_inf_nan: false, le: Some(Bound::float(1.5, "1.5")), ..Constraints::NONE };
        assert!(!finite.is_empty());
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(finite.check_number(v, false).unwrap_err().kind, "finite_number");
        }
        assert!(finite.check_number(1.0, false).is_ok());
    }

    #[test]
    fn integers_exactly_whatever_their_size() {
        let ge = Constraints { ge: Some(Bound::int(-5, "-5")), ..Constraints::NONE };
        let huge = WideInt::Huge { negative: true, digits: "9".repeat(50) };
        let e = ge.check_int(&huge).unwrap_err();
        assert_eq!((e.kind.as_ref(), &e.ctx.unwrap()["ge"]), ("greater_than_equal", &json!(-5)));
        let three = Constraints { multiple_of: Some(Bound::int(3, "3")), ..Constraints::NONE };
        assert!(three.check_int(&WideInt::Int(i128::from(i64::MAX))).is_err());
        assert!(three.check_int(&WideInt::Huge { negative: false, digits: "9".repeat(50) }).is_ok());
    }

    #[test]
    fn strings_check_length_in_chars_then_pattern() {
        let c = Constraints {
            min_length: Some(3),
            max_length: Some(5),
            pattern: Some(Pattern::new("^a")),
            ..Constraints::NONE
        };
        assert_eq!(c.check_str("ab").unwrap_err().msg, "String should have at least 3 characters");
        assert_eq!(c.check_str("abcdef").unwrap_err().kind, "string_too_long");
        assert_eq!(c.check_str("ééé").unwrap_err().kind, "string_pattern_mismatch");
        assert!(c.check_str("aéé").is_ok());
        let one = Constraints { min_length: Some(1), ..Constraints::NONE };
        assert_eq!(one.check_str("").unwrap_err().msg, "String should have at least 1 character");
    }

    #[test]
    fn lists_and_schema_keywords() {
        let c = Constraints { max_length: Some(2), ..Constraints::NONE };
        let e = c.check_len(3, "List").unwrap_err();
        assert_eq!(e.msg, "List should have at most 2 items after validation, not 3");
        let mut m = Map::new();
        SIZE.apply_to_schema(&mut m, SchemaKind::Number, false);
        assert_eq!(Value::Object(m), json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10.5}));
        let bad = Constraints { pattern: Some(Pattern::new("(")), ..Constraints::NONE };
        assert!(bad.config_error().is_some());
        assert!(!bad.pattern.as_ref().unwrap().is_match("("));
    }
}
