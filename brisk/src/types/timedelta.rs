//! `TimeDelta`: Python's `timedelta`, serialized as float seconds as FastAPI does.

use std::ops::{Add, Sub};

use serde::{Serialize, Serializer};

use super::DateTime;

/// A duration (Python's `timedelta`). Validated from seconds or ISO 8601 durations
/// (`PT1H30M`), serialized as float seconds (`300.0`), FastAPI's JSON for a timedelta.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Task {
///     took: TimeDelta,
/// }
///
/// let task = Task::model_validate(&serde_json::json!({"took": "PT1H30M"})).ok().unwrap();
/// assert_eq!(task.took.total_seconds(), 5400.0);
/// assert_eq!(serde_json::to_string(&task).unwrap(), r#"{"took":5400.0}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TimeDelta(pub chrono::TimeDelta);

impl TimeDelta {
    /// The duration in seconds, fractional (Python's `total_seconds()`).
    pub fn total_seconds(&self) -> f64 {
        super::timedelta_seconds(&self.0)
    }
}

impl From<chrono::TimeDelta> for TimeDelta {
    fn from(d: chrono::TimeDelta) -> Self {
        TimeDelta(d)
    }
}

impl Serialize for TimeDelta {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.total_seconds())
    }
}

impl Add<TimeDelta> for DateTime {
    type Output = DateTime;
    /// Adds a duration; saturates at the end of the representable range.
    fn add(self, d: TimeDelta) -> DateTime {
        self.checked_add(d.0).unwrap_or(self)
    }
}

impl Sub for DateTime {
    type Output = TimeDelta;
    /// The duration between two datetimes.
    fn sub(self, other: DateTime) -> TimeDelta {
        TimeDelta(self.signed_duration_since(&other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_float_seconds() {
        let d = TimeDelta(chrono::TimeDelta::seconds(300));
        assert_eq!(serde_json::to_string(&d).unwrap(), "300.0");
        let d = TimeDelta(chrono::TimeDelta::milliseconds(1500));
        assert_eq!(d.total_seconds(), 1.5);
    }
}
