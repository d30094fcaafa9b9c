//! Fast-path deserialization of the date and time types: exact JSON forms only (an ISO
//! string for a datetime, a number of seconds for a timedelta). Anything else is left to
//! the lax validator, which accepts more forms and reports errors pydantic's way.

use serde::de::{Deserialize, Deserializer, Error};

use crate::types::{DateTime, Time, TimeDelta};

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::coerce::datetime_from_str(&s).map_err(|_| D::Error::custom("invalid datetime"))
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::coerce::time_with_offset_from_str(&s).map_err(|_| D::Error::custom("invalid time"))
    }
}

impl<'de> Deserialize<'de> for TimeDelta {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if !v.is_number() {
            return Err(D::Error::custom("not a number of seconds"));
        }
        super::coerce::timedelta_from_json(&v).map(TimeDelta).map_err(|_| D::Error::custom("invalid timedelta"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_forms_only() {
        assert!(serde_json::from_str::<TimeDelta>("300").is_ok());
        assert!(serde_json::from_str::<TimeDelta>("\"PT1H\"").is_err());
        assert!(serde_json::from_str::<DateTime>("\"2023-01-01T12:00:00\"").is_ok());
        assert!(serde_json::from_str::<DateTime>("1700000000").is_err());
    }
}
