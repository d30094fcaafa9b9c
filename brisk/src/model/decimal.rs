//! `Decimal` (`rust_decimal`), pydantic's `Decimal`: exact numbers, read from JSON numbers
//! or numeric strings, written as strings (pydantic's JSON for a `Decimal`).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Constrained, Constraints, JsonSchema, SchemaGenerator, SchemaKind, Validate, record};
use crate::error::{Invalid, LocItem, ValidationErrors};

fn parse(s: &str) -> Result<Decimal, Invalid> {
    let t = s.trim();
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| Invalid::new("decimal_parsing", "Input should be a valid decimal"))
}

impl Validate for Decimal {
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
        let checked = parsed.and_then(|d| {
            let f: f64 = d.try_into().unwrap_or(f64::NAN);
            c.check_number(f, false).map(|_| d)
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
        let f: f64 = (*self).try_into().unwrap_or(f64::NAN);
        c.check_number(f, false).is_ok()
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
        assert_eq!(serde_json::to_string(&Decimal::new(150, 2)).unwrap(), "\"1.50\"");
    }
}
