//! chrono's date-time types as model fields: `DateTime<Utc>` and `DateTime<FixedOffset>`
//! are pydantic's `AwareDatetime`, `NaiveDateTime` its `NaiveDatetime`. They read every
//! form brisk's [`DateTime`](crate::types::DateTime) reads (ISO strings, Unix timestamps)
//! and are written as it is written (see [`PydanticSerialize`](super::ser::PydanticSerialize)).

use chrono::{FixedOffset, NaiveDateTime, Utc};
use serde_json::{Value, json};

use super::coerce::datetime_from_json;
use super::{Constrained, Constraints, JsonSchema, SchemaGenerator, Validate, fast, record};
use crate::error::{Invalid, LocItem, ValidationErrors};

/// An aware datetime (`AwareDatetime`): a naive one is `timezone_aware`.
fn aware(v: &Value) -> Result<chrono::DateTime<FixedOffset>, Invalid> {
    let dt = datetime_from_json(v)?;
    dt.to_chrono().ok_or_else(|| Invalid::new("timezone_aware", "Input should have timezone info"))
}

/// A naive datetime (`NaiveDatetime`): an aware one is `timezone_naive`.
fn naive(v: &Value) -> Result<NaiveDateTime, Invalid> {
    let dt = datetime_from_json(v)?;
    if dt.is_aware() {
        return Err(Invalid::new("timezone_naive", "Input should not have timezone info"));
    }
    Ok(dt.naive())
}

macro_rules! chrono_impl {
    ($t:ty, $parse:expr) => {
        impl Validate for $t {
            fn validate_json(
                v: &Value,
                _: &Constraints,
                loc: &mut Vec<LocItem>,
                errors: &mut ValidationErrors,
            ) -> Option<Self> {
                match $parse(v) {
                    Ok(d) => Some(d),
                    Err(e) => record(e, v.clone(), loc, errors),
                }
            }
            /// Strings only: what validation does with a JSON string.
            fn fast_deserialize<'de, D: serde::Deserializer<'de>>(d: D, _: &Constraints) -> Result<Self, D::Error> {
                fast::string(d, |s| $parse(&Value::String(s.to_owned())).ok())
            }
        }

        impl JsonSchema for $t {
            fn json_schema(_: &mut SchemaGenerator) -> Value {
                json!({"type": "string", "format": "date-time"})
            }
        }

        impl Constrained for $t {}
    };
}

chrono_impl!(chrono::DateTime<FixedOffset>, aware);
chrono_impl!(chrono::DateTime<Utc>, |v| aware(v).map(|d| d.with_timezone(&Utc)));
chrono_impl!(NaiveDateTime, naive);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    #[test]
    fn aware_and_naive_as_pydantic() {
        let utc: chrono::DateTime<Utc> = validate(&json!("2024-01-01T02:00:00+02:00")).unwrap();
        assert_eq!(utc.to_rfc3339(), "2024-01-01T00:00:00+00:00");
        let fixed: chrono::DateTime<FixedOffset> = validate(&json!(1_700_000_000)).unwrap();
        assert_eq!(fixed.to_rfc3339(), "2023-11-14T22:13:20+00:00");
        let e = validate::<chrono::DateTime<Utc>>(&json!("2024-01-01T00:00:00")).unwrap_err();
        assert_eq!(e.errors()[0].kind, "timezone_aware");
        let e = validate::<NaiveDateTime>(&json!("2024-01-01T00:00:00Z")).unwrap_err();
        assert_eq!(e.errors()[0].msg, "Input should not have timezone info");
        let n: NaiveDateTime = validate(&json!("2024-01-01 00:00:00.5")).unwrap();
        assert_eq!(n.to_string(), "2024-01-01 00:00:00.500");
        assert_eq!(validate::<NaiveDateTime>(&json!(true)).unwrap_err().errors()[0].kind, "datetime_type");
    }
}
