//! `Decimal` (`rust_decimal`), pydantic's `Decimal`: exact numbers, read from JSON numbers
//! or numeric strings, written as strings (pydantic's JSON for a `Decimal`).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Constrained, Constraints, JsonSchema, SchemaGenerator, SchemaKind, SchemaMode, Validate, record};
use crate::error::{Invalid, LocItem, ValidationErrors};

/// How a text reads as Python's `Decimal`.
enum Parsed {
    /// Within `rust_decimal`'s range and precision.
    Exact(Decimal),
    /// A valid finite number beyond them (more than 28 digits, or above 7.9e28): pydantic
    /// takes it, brisk cannot hold it; the constraints are still checked on its float.
    Beyond(f64, Digits),
}

fn parsing() -> Invalid {
    Invalid::new("decimal_parsing", "Input should be a valid decimal")
}

/// Python's `Decimal(text)`: surrounding whitespace ignored, every `_` dropped; `nan`,
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
    // Python's `Decimal` drops every `_` once the text is stripped.
    let digits_only = t.replace('_', "");
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
    if !fits_rust_decimal(&digits_only) {
        let digits = Digits::of_text(&digits_only);
        return digits_only.parse::<f64>().map(|f| Parsed::Beyond(f, digits)).map_err(|_| parsing());
    }
    if let Ok(mut d) = Decimal::from_str(&digits_only).or_else(|_| Decimal::from_scientific(&digits_only)) {
        // Python keeps the sign of a negative zero (`Decimal("-0.0")`).
        d.set_sign_negative(digits_only.starts_with('-'));
        return Ok(Parsed::Exact(d));
    }
    match digits_only.parse::<f64>() {
        Ok(f) => Ok(Parsed::Beyond(f, Digits::of_text(&digits_only))),
        Err(_) => Err(parsing()),
    }
}

/// A finite decimal as Python's `Decimal.as_tuple()` sees it: its digits (leading zeros
/// dropped, at least one) and its exponent.
#[derive(Clone, Copy)]
struct Digits {
    count: u32,
    trailing_zeros: u32,
    exponent: i64,
    zero: bool,
}

impl Digits {
    fn of_decimal(d: &Decimal) -> Self {
        let mantissa = d.mantissa().unsigned_abs();
        let count = if mantissa == 0 { 1 } else { mantissa.ilog10() + 1 };
        let mut trailing_zeros = 0;
        let mut m = mantissa;
        while m != 0 && m.is_multiple_of(10) {
            m /= 10;
            trailing_zeros += 1;
        }
        Digits { count, trailing_zeros, exponent: -i64::from(d.scale()), zero: mantissa == 0 }
    }

    /// From checked decimal text (`[+-]digits[.digits][e[+-]digits]`).
    fn of_text(text: &str) -> Self {
        let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], unsigned[i + 1..].parse::<i64>().unwrap_or(i64::MAX / 2)),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{whole}{fraction}");
        let significant = digits.trim_start_matches('0');
        let trailing_zeros =
            if significant.is_empty() { 0 } else { significant.len() - significant.trim_end_matches('0').len() };
        Digits {
            count: significant.len().max(1) as u32,
            trailing_zeros: trailing_zeros as u32,
            exponent: exponent.saturating_sub(fraction.len() as i64),
            zero: significant.is_empty(),
        }
    }

    /// `Decimal.normalize()`: trailing zeros moved into the exponent (zero is `0`).
    fn normalized(self) -> Self {
        if self.zero {
            return Digits { count: 1, trailing_zeros: 0, exponent: 0, zero: true };
        }
        Digits {
            count: self.count - self.trailing_zeros,
            trailing_zeros: 0,
            exponent: self.exponent + i64::from(self.trailing_zeros),
            zero: false,
        }
    }

    /// (digits after the point, digits in total), pydantic's `extract_decimal_digits_info`.
    fn info(self) -> (u64, u64) {
        let digits = u64::from(self.count);
        if self.exponent >= 0 {
            (0, digits.saturating_add(self.exponent as u64))
        } else {
            let decimals = self.exponent.unsigned_abs();
            (decimals, digits.max(decimals))
        }
    }
}

/// `max_digits` and `decimal_places`, as pydantic checks them: an error only when both the
/// value as written and its normalized form break the limit.
fn check_digits(d: Digits, c: &Constraints) -> Result<(), Invalid> {
    if c.max_digits.is_none() && c.decimal_places.is_none() {
        return Ok(());
    }
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    let (decimals, digits) = d.info();
    let (n_decimals, n_digits) = d.normalized().info();
    if let Some(max) = c.max_digits.map(u64::from)
        && digits > max
        && n_digits > max
    {
        return Err(Invalid::new(
            "decimal_max_digits",
            format!("Decimal input should have no more than {max} digit{} in total", plural(max)),
        )
        .with_ctx("max_digits", max));
    }
    if let Some(places) = c.decimal_places.map(u64::from) {
        if decimals > places && n_decimals > places {
            return Err(Invalid::new(
                "decimal_max_places",
                format!("Decimal input should have no more than {places} decimal place{}", plural(places)),
            )
            .with_ctx("decimal_places", places));
        }
        if let Some(max) = c.max_digits.map(u64::from) {
            let whole = max.saturating_sub(places);
            if digits.saturating_sub(decimals) > whole && n_digits.saturating_sub(n_decimals) > whole {
                return Err(Invalid::new(
                    "decimal_whole_digits",
                    format!(
                        "Decimal input should have no more than {whole} digit{} before the decimal point",
                        plural(whole)
                    ),
                )
                .with_ctx("whole_digits", whole));
            }
        }
    }
    Ok(())
}

/// The nearest float, as Python's `float(Decimal)` (through the text: `rust_decimal`'s own
/// conversion can be one unit off in the last place).
fn to_f64(d: &Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// Whether decimal text (already checked) can be held exactly by `rust_decimal`: at most
/// 28 significant digits and 28 places (the parser then refuses what is above 7.9e28;
/// it would round more digits silently).
fn fits_rust_decimal(text: &str) -> bool {
    let d = Digits::of_text(text);
    d.count <= 28 && d.exponent >= -28
}

/// The bounds, and `multiple_of` on the exact value as pydantic checks it (`value %
/// multiple_of == 0` on Python's `Decimal`, whose remainder fails when the quotient needs
/// more than 28 digits; a float's rounding would let `0.30000000001` pass for `0.1`).
fn check_exact(d: &Decimal, c: &Constraints) -> Result<(), Invalid> {
    let f = to_f64(d);
    c.check_number_with(f, true, |m| match parse(m.repr) {
        Ok(Parsed::Exact(step)) if step.is_zero() => true,
        Ok(Parsed::Exact(step)) => {
            let quotient_fits =
                d.checked_div(step).is_some_and(|q| q.trunc().abs() < Decimal::from_i128_with_scale(10i128.pow(28), 0));
            quotient_fits && d.checked_rem(step).is_some_and(|r| r.is_zero())
        }
        _ => super::constraints::float_multiple(f, m.value),
    })
}

impl Validate for Decimal {
    // `rust_decimal`'s serde reading of JSON numbers is not Python's `Decimal(str(x))`
    // (`-0.0` loses its sign): decimals keep the default fast path, which validates.
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
            Parsed::Exact(d) => check_digits(Digits::of_decimal(&d), c).and_then(|_| check_exact(&d, c)).map(|_| d),
            // Past 28 digits, Python's remainder by a `multiple_of` fails (its quotient is
            // too long), or the value is too small to be a multiple: `multiple_of` either way.
            Parsed::Beyond(f, digits) => {
                check_digits(digits, c).and_then(|_| c.check_number_with(f, true, |_| false)).and(Err(parsing()))
            }
        });
        match checked {
            Ok(d) => Some(d),
            Err(e) => record(e, v.clone(), loc, errors),
        }
    }
}

impl JsonSchema for Decimal {
    /// pydantic 2.14: a number or a string as input; written as a string, so a string as
    /// output (a model with a `Decimal` field used both ways is split).
    fn json_schema(schemas: &mut SchemaGenerator) -> Value {
        match schemas.mode() {
            SchemaMode::Validation => json!({"anyOf": [{"type": "number"}, {"type": "string"}]}),
            SchemaMode::Serialization => json!({"type": "string"}),
        }
    }
    fn schema_kind() -> SchemaKind {
        SchemaKind::Number
    }
    fn constrained_schema(schemas: &mut SchemaGenerator, c: &Constraints) -> Value {
        let mut s = Self::json_schema(schemas);
        // The output is a plain string: pydantic writes no bound there.
        if let (SchemaMode::Validation, Value::Object(m)) = (schemas.mode(), &mut s) {
            c.apply_to_schema(m, SchemaKind::Number, schemas.float_bounds);
        }
        s
    }
}

impl Constrained for Decimal {
    fn satisfies(&self, c: &Constraints) -> bool {
        check_digits(Digits::of_decimal(self), c).is_ok() && check_exact(self, c).is_ok()
    }
}

#[cfg(test)]
mod constraint_tests {
    #[test]
    fn schema_is_a_number_or_a_string_as_input_and_a_string_as_output() {
        let mut g = SchemaGenerator::new();
        let c = Constraints { ge: Some(crate::model::Bound::int(0, "0")), ..Constraints::NONE };
        let input = Decimal::constrained_schema(&mut g, &c);
        assert_eq!(input["anyOf"], json!([{"type": "number"}, {"type": "string"}]));
        let output = g.serializing(|g| Decimal::constrained_schema(g, &c));
        assert_eq!(output, json!({"type": "string"}));
    }

    use super::*;
    use crate::model::Bound;

    fn kind_of(text: &str, c: &Constraints) -> Option<String> {
        let mut errors = ValidationErrors::new();
        Decimal::validate_json(&json!(text), c, &mut vec![], &mut errors);
        errors.errors().first().map(|e| e.kind.to_string())
    }

    #[test]
    fn max_digits_and_decimal_places_as_pydantic() {
        static MONEY: Constraints = Constraints { max_digits: Some(5), decimal_places: Some(2), ..Constraints::NONE };
        assert_eq!(kind_of("123.45", &MONEY), None);
        assert_eq!(kind_of("1.50000", &MONEY), None); // normalized: 1.5
        assert_eq!(kind_of("123456", &MONEY).as_deref(), Some("decimal_max_digits"));
        assert_eq!(kind_of("1.234", &MONEY).as_deref(), Some("decimal_max_places"));
        assert_eq!(kind_of("1234.5", &MONEY).as_deref(), Some("decimal_whole_digits"));
        static THREE: Constraints = Constraints { max_digits: Some(3), ..Constraints::NONE };
        // pydantic counts a positive exponent's zeros: 1E+3 has four digits.
        assert_eq!(kind_of("1000", &THREE).as_deref(), Some("decimal_max_digits"));
        assert_eq!(kind_of("100.0", &THREE), None); // normalized: 1E+2, three digits
        assert_eq!(kind_of("1.00", &THREE), None);
        assert_eq!(kind_of("1001", &THREE).as_deref(), Some("decimal_max_digits"));
        // Past rust_decimal's 28 digits: still held to the limit, not rounded to zero.
        assert_eq!(kind_of("0.000000000000000000000000000000292", &THREE).as_deref(), Some("decimal_max_digits"));
        assert_eq!(kind_of("0.001", &THREE), None);
        assert_eq!(kind_of("0.0001", &THREE).as_deref(), Some("decimal_max_digits"));
    }

    #[test]
    fn multiple_of_is_checked_on_the_exact_decimal() {
        static TENTH: Constraints = Constraints { multiple_of: Some(Bound::float(0.1, "0.1")), ..Constraints::NONE };
        assert_eq!(kind_of("0.3", &TENTH), None);
        assert_eq!(kind_of("123456.7", &TENTH), None);
        // Within a float's tolerance of a multiple, but not one.
        assert_eq!(kind_of("0.30000000001", &TENTH).as_deref(), Some("multiple_of"));
        // Python's remainder fails when the quotient passes 28 digits (pydantic: multiple_of).
        assert_eq!(kind_of("1000000000000000000000000000", &TENTH).as_deref(), Some("multiple_of"));
        assert_eq!(kind_of("65E-38", &TENTH).as_deref(), Some("multiple_of"));
    }

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
        for s in ["6_", "_6", "1__0", "1e1_0"] {
            assert!(run(json!(s)).is_ok(), "{s:?}");
        }
        for s in ["_", "1e", "0x10", "1.2.3", "", "1 0"] {
            assert_eq!(run(json!(s)).unwrap_err(), "decimal_parsing", "{s:?}");
        }
        assert_eq!(serde_json::to_string(&Decimal::new(150, 2)).unwrap(), "\"1.50\"");
    }
}
