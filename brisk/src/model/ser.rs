//! How a derived model writes its fields: as pydantic's JSON serializer does. A field whose
//! type brisk writes itself ([`PydanticSerialize`]: chrono's date and time types, and
//! `Option`s and lists of them) is written that way; any other field by its serde
//! `Serialize`. The derive picks between the two per field type, at compile time.

use chrono::{NaiveDateTime, NaiveTime, TimeZone};
use serde::{Serialize, Serializer};

use crate::types::{DateTime, Time};

/// A type written by brisk rather than by its own `Serialize` (chrono's formats differ from
/// pydantic's: `.123` instead of `.123000`, `+00:00` instead of `Z`).
pub trait PydanticSerialize {
    /// Writes the value as pydantic's JSON serializer does.
    fn serialize_pydantic<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

impl<Tz: TimeZone> PydanticSerialize for chrono::DateTime<Tz> {
    fn serialize_pydantic<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&DateTime::from(self.clone()).json_string())
    }
}

impl PydanticSerialize for NaiveDateTime {
    fn serialize_pydantic<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&DateTime::from(*self).json_string())
    }
}

impl PydanticSerialize for NaiveTime {
    fn serialize_pydantic<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Time::from(*self).json_string())
    }
}

impl<T: PydanticSerialize> PydanticSerialize for Option<T> {
    fn serialize_pydantic<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.serialize_pydantic(s),
            None => s.serialize_none(),
        }
    }
}

impl<T: PydanticSerialize> PydanticSerialize for Vec<T> {
    fn serialize_pydantic<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Pydantic))
    }
}

/// A value written by [`PydanticSerialize`].
pub struct Pydantic<'a, T: ?Sized>(pub &'a T);

impl<T: PydanticSerialize + ?Sized> Serialize for Pydantic<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_pydantic(s)
    }
}

/// A field of a derived model, about to be written: `(&FieldSer(&v)).ser_field()` is
/// [`Pydantic`] when the type has [`PydanticSerialize`], else the value itself
/// (method resolution tries [`ViaPydantic`] first: autoref specialization).
pub struct FieldSer<'a, T: ?Sized>(pub &'a T);

/// The preferred route: brisk writes the value.
pub trait ViaPydantic<'a, T: ?Sized> {
    /// The value to serialize.
    fn ser_field(&self) -> Pydantic<'a, T>;
}

impl<'a, T: PydanticSerialize + ?Sized> ViaPydantic<'a, T> for FieldSer<'a, T> {
    fn ser_field(&self) -> Pydantic<'a, T> {
        Pydantic(self.0)
    }
}

/// The fallback: the type's own `Serialize`.
pub trait ViaSerde<'a, T: ?Sized> {
    /// The value to serialize.
    fn ser_field(&self) -> &'a T;
}

impl<'a, T: Serialize + ?Sized> ViaSerde<'a, T> for &FieldSer<'a, T> {
    fn ser_field(&self) -> &'a T {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};

    use super::*;

    // The borrow is how the route is chosen, as in the derive's code.
    #[allow(clippy::needless_borrow)]
    #[test]
    fn chrono_values_are_written_as_pydantic_writes_them() {
        let t = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_micro_opt(0, 0, 0, 123_000).unwrap();
        let utc = Utc.from_utc_datetime(&t);
        let v = serde_json::to_value(Pydantic(&vec![Some(utc), None])).unwrap();
        assert_eq!(v, serde_json::json!(["2024-01-01T00:00:00.123000Z", null]));
        assert_eq!(serde_json::to_value((&FieldSer(&t)).ser_field()).unwrap(), "2024-01-01T00:00:00.123000");
        assert_eq!(serde_json::to_value((&FieldSer(&t.time())).ser_field()).unwrap(), "00:00:00.123000");
        // Other types keep their own Serialize.
        assert_eq!(serde_json::to_value((&FieldSer(&1.5)).ser_field()).unwrap(), 1.5);
    }
}
