//! TEMPORARY STUB (replaced by the real Python-like datetime).
#![allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    naive: chrono::NaiveDateTime,
    offset: Option<chrono::FixedOffset>,
}
impl From<chrono::NaiveDateTime> for DateTime {
    fn from(n: chrono::NaiveDateTime) -> Self {
        DateTime { naive: n, offset: None }
    }
}
impl DateTime {
    pub fn isoformat(&self) -> String {
        self.naive.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
    pub fn checked_add(&self, d: chrono::TimeDelta) -> Option<DateTime> {
        Some(DateTime { naive: self.naive + d, offset: self.offset })
    }
    pub fn signed_duration_since(&self, o: &DateTime) -> chrono::TimeDelta {
        self.naive - o.naive
    }
}
impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.isoformat())
    }
}
pub fn timedelta_seconds(d: &chrono::TimeDelta) -> f64 {
    d.num_microseconds().map(|u| u as f64 / 1e6).unwrap_or(0.0)
}
