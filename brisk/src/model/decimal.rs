//! `Decimal` (`rust_decimal`), pydantic's `Decimal`: exact numbers, read from JSON numbers
//! or numeric strings, written as strings (pydantic's JSON for a `Decimal`).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Constrained, Constraints, JsonSchema, SchemaGenerator, SchemaKind, Validate, record};
use crate::error::{Invalid, LocItem, ValidationErrors};

/// How a text reads as Python's `Decimal`.
enum Parsed {
    /// Within `rust_decimal`'s range and precision.
    Exact(Decimal),
    /// A valid finite number beyond them (more than 28 digits, or above 7.9e28): pydantic
    /// takes it, brisk cannot hold it; the constraints are still checked on its float.
    Beyond(f64),
}

fn parsing() -> Invalid {
    Invalid::new("decimal_parsing", "Input should be a valid decimal")
}

/// Python's `Decimal(text)`: surrounding whitespace ignored, `_` between digits; `nan`,
/// `snan` and `inf(inity)` in any case are numbers that are not finite (pydantic's
/// `finite_number`, as `allow_inf_nan` is off for decimals).
fn parse(s: &str) -> Result<Parsed, Invalid> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    let nan_payload = unsigned.strip_prefix("nan").or_else(|| unsigned.strip_prefix("snan"));
    if unsigned == "inf" || unsigned == "infinity" || nan_payload.is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Invalid::new("finite_number", "Input should be a finite number"));
    }
    let valid_underscores = !t.starts_with('_') && !t.ends_with('_') && !t.contains("__");
    let digits_only = t.replace('_', "");
    if !valid_underscores || digits_only.contains(['_', ' ']) {
        return Err(parsing());
    }
    let looks_decimal = |x: &str| {
        let x = x.strip_prefix(['+', '-']).unwrap_or(x);
        let (mantissa, exponent) = match x.find(['e', 'E']) {
            Some(i) => (&x[..i], Some(&x[i + 1..])),
            None => (x, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let exponent_ok = exponent.is_none_or(|e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        });
        (!whole.is_empty() || !fraction.is_empty())
            && whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
            && exponent_ok
    };
    if !looks_decimal(&digits_only) {
        return Err(parsing());
    }
    if let Ok(mut d) = Decimal::from_str(&digits_only).or_else(|_| Decimal::from_scientific(&digits_only)) {
        // Python keeps the sign of a negative zero (`Decimal("-0.0")`).
        d.set_sign_negative(digits_only.starts_with('-'));
        return Ok(Parsed::Exact(d));
    }
    match digits_only.parse::<f64>() {
        Ok(f) => Ok(Parsed::Beyond(f)),
        Err(_) => Err(parsing()),
    }
}

/// The nearest float, as Python's `float(Decimal)` (through the text: `rust_decimal`'s own
/// conversion can be one unit off in the last place).
fn to_f64(d: &Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

impl Validate for Decimal {
    /// `rust_decimal`'s serde reading of JSON numbers is not Python's `Decimal(str(x))`
    /// (`-0.0` loses its sign): decimal fields take the validating path.
    fn serde_is_exact() -> bool {
        false
    }
    fn validate_json(
        v: &Value,
        c: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let parsed = match v {
            Value::Number(n) => parse(&n.to_string()),
            Value::String(s) => parse(s),
            _ => {
                Err(Invalid::new("decimal_type", "Decimal input should be an integer, float, string or Decimal object"))
            }
        };
        let checked = parsed.and_then(|p| match p {
            Parsed::Exact(d) => c.check_number(to_f64(&d), true).map(|_| d),
            Parsed::Beyond(f) => c.check_number(f, true).and(Err(parsing())),
        });
        match checked {
            Ok(d) => Some(d),
            Err(e) => record(e, v.clone(), loc, errors),
        }
    }
}

impl JsonSchema for Decimal {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"anyOf": [{"type": "number"}, {"type": "string", "pattern": "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$"}]})
    }
    fn schema_kind() -> SchemaKind {
        SchemaKind::Number
    }
}

impl Constrained for Decimal {
    fn satisfies(&self, c: &Constraints) -> bool {
        c.check_number(to_f64(self), true).is_ok()
    }
}

#[cfg(test)]
mod constraint_tests {
    use super::*;
    use crate::model::Bound;

    #[test]
    fn a_decimal_beyond_28_digits_still_meets_its_bounds_first() {
        static LT: Constraints = Constraints { lt: Some(Bound::int(100, "100")), ..Constraints::NONE };
        let mut errors = ValidationErrors::new();
        let r = Decimal::validate_json(&json!("599000000000000000000000000000000"), &LT, &mut vec![], &mut errors);
        assert!(r.is_none());
        assert_eq!(errors.errors()[0].kind, "less_than");
        assert_eq!(serde_json::to_value(&errors.errors()[0].ctx).ok(), Some(json!({"lt": 100})));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(v: Value) -> Result<Decimal, String> {
        let mut errors = ValidationErrors::new();
        Decimal::validate_json(&v, &Constraints::NONE, &mut vec![], &mut errors)
            .ok_or_else(|| errors.errors()[0].kind.to_string())
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(run(json!("1.50")).unwrap().to_string(), "1.50");
        assert_eq!(run(json!(2.5)).unwrap().to_string(), "2.5");
        assert_eq!(run(json!("1e3")).unwrap(), Decimal::from(1000));
        assert_eq!(run(json!("abc")).unwrap_err(), "decimal_parsing");
        assert_eq!(run(json!([1])).unwrap_err(), "decimal_type");
        assert_eq!(run(json!(" 1_000.5 ")).unwrap().to_string(), "1000.5");
        assert!(run(json!(-0.0)).unwrap().is_sign_negative());
        assert!(!run(json!("0.0")).unwrap().is_sign_negative());
        assert_eq!(to_f64(&run(json!("85e-25")).unwrap()), 8.5e-24);
        for s in ["nan", "-NaN", "sNaN12", "inf", "-Infinity"] {
            assert_eq!(run(json!(s)).unwrap_err(), "finite_number", "{s:?}");
        }
        for s in ["1__0", "_1", "1_", "1e", "0x10", "1.2.3", ""] {
            assert_eq!(run(json!(s)).unwrap_err(), "decimal_parsing", "{s:?}");
        }
        assert_eq!(serde_json::to_string(&Decimal::new(150, 2)).unwrap(), "\"1.50\"");
    }
}
