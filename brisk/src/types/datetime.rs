//! Python's `datetime` and `time`, naive or aware, formatted like Python's `isoformat()` and
//! serialized like pydantic's JSON serializer; and the two JSON forms of a `timedelta`.
//!
//! pydantic writes temporal values with `speedate`'s formatting, which differs from Python's
//! `isoformat()` in one way: a zero UTC offset is written `Z`, whether the value was parsed
//! from `Z`, `+00:00` or `-00:00`, or came from a Unix timestamp. FastAPI uses that
//! serializer for a declared response model; its `jsonable_encoder` uses `isoformat()`.

use std::cmp::Ordering;
use std::fmt::Write;

use chrono::{Datelike, FixedOffset, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Timelike};
use serde::{Serialize, Serializer};

/// Appends `HH:MM:SS`, then `.ffffff` when the microseconds are not zero (nanoseconds below
/// a microsecond are dropped: Python has none).
fn push_time(out: &mut String, t: NaiveTime) {
    let _ = write!(out, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    let micros = t.nanosecond() % 1_000_000_000 / 1000;
    if micros != 0 {
        let _ = write!(out, ".{micros:06}");
    }
}

/// Appends an offset as Python's `isoformat()` does: `+HH:MM`, or `+HH:MM:SS` when it has
/// seconds.
fn push_python_offset(out: &mut String, offset: FixedOffset) {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let _ = write!(out, "{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60);
    if !abs.is_multiple_of(60) {
        let _ = write!(out, ":{:02}", abs % 60);
    }
}

/// Appends an offset as pydantic's serializer does: `Z` for zero, else `+HH:MM` (seconds
/// dropped).
fn push_pydantic_offset(out: &mut String, offset: FixedOffset) {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        out.push('Z');
        return;
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let minutes = secs.unsigned_abs() / 60;
    let _ = write!(out, "{sign}{:02}:{:02}", minutes / 60, minutes % 60);
}

/// A Python `datetime`: a wall-clock date and time, with a UTC offset when it is aware.
///
/// Equality and ordering are Python's: two aware values compare as instants
/// (`12:00+02:00 == 10:00Z`), two naive values by their fields, and a naive value never
/// equals an aware one (and has no order with it).
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Event {
///     at: DateTime,
/// }
///
/// let event = Event::model_validate(&serde_json::json!({"at": "2024-02-29T23:59:59.5+02:00"})).ok().unwrap();
/// assert_eq!(event.at.isoformat(), "2024-02-29T23:59:59.500000+02:00");
/// assert_eq!(serde_json::to_value(&event).unwrap()["at"], "2024-02-29T23:59:59.500000+02:00");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DateTime {
    naive: NaiveDateTime,
    offset: Option<FixedOffset>,
}

impl DateTime {
    /// A datetime from its wall-clock value and its offset (`None`: naive).
    pub const fn new(naive: NaiveDateTime, offset: Option<FixedOffset>) -> Self {
        DateTime { naive, offset }
    }

    /// The wall-clock date and time (in the value's own offset, when it has one).
    pub const fn naive(&self) -> NaiveDateTime {
        self.naive
    }

    /// The UTC offset; `None` for a naive datetime.
    pub const fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// True when the datetime has an offset.
    pub const fn is_aware(&self) -> bool {
        self.offset.is_some()
    }

    /// The aware value as a `chrono::DateTime`; `None` when naive.
    pub fn to_chrono(&self) -> Option<chrono::DateTime<FixedOffset>> {
        self.offset.and_then(|o| o.from_local_datetime(&self.naive).single())
    }

    /// The value in UTC for an aware datetime, the wall-clock value for a naive one.
    fn instant(&self) -> NaiveDateTime {
        match self.offset {
            Some(o) => {
                self.naive.checked_sub_signed(TimeDelta::seconds(o.local_minus_utc().into())).unwrap_or(self.naive)
            }
            None => self.naive,
        }
    }

    /// Python's `datetime.isoformat()`: `2018-12-22T14:00:00+00:00`, with `.ffffff` only
    /// when the microseconds are not zero and no offset when naive.
    pub fn isoformat(&self) -> String {
        let mut out = self.date_part();
        push_time(&mut out, self.naive.time());
        if let Some(o) = self.offset {
            push_python_offset(&mut out, o);
        }
        out
    }

    /// pydantic's JSON form: as [`isoformat`](Self::isoformat), except that a zero offset
    /// is written `Z` (`2023-11-14T22:13:20Z`).
    pub fn json_string(&self) -> String {
        let mut out = self.date_part();
        push_time(&mut out, self.naive.time());
        if let Some(o) = self.offset {
            push_pydantic_offset(&mut out, o);
        }
        out
    }

    fn date_part(&self) -> String {
        let d = self.naive.date();
        format!("{:04}-{:02}-{:02}T", d.year(), d.month(), d.day())
    }

    /// `self + d`, keeping the offset; `None` outside Python's years 1 to 9999.
    pub fn checked_add(&self, d: TimeDelta) -> Option<DateTime> {
        let naive = self.naive.checked_add_signed(d).filter(|n| (1..=9999).contains(&n.year()))?;
        Some(DateTime { naive, offset: self.offset })
    }

    /// `self - d`, keeping the offset; `None` outside Python's years 1 to 9999.
    pub fn checked_sub(&self, d: TimeDelta) -> Option<DateTime> {
        self.checked_add(-d)
    }

    /// `self - other` as Python computes it: between instants when both are aware, between
    /// wall-clock values when both are naive; `None` when only one is aware (Python raises
    /// `TypeError`).
    pub fn checked_duration_since(&self, other: &DateTime) -> Option<TimeDelta> {
        (self.is_aware() == other.is_aware()).then(|| self.instant().signed_duration_since(other.instant()))
    }

    /// `self - other`: as [`checked_duration_since`](Self::checked_duration_since), but a
    /// naive and an aware value are subtracted as wall-clock values.
    pub fn signed_duration_since(&self, other: &DateTime) -> TimeDelta {
        self.checked_duration_since(other).unwrap_or_else(|| self.naive.signed_duration_since(other.naive))
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(naive: NaiveDateTime) -> Self {
        DateTime { naive, offset: None }
    }
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(dt: chrono::DateTime<Tz>) -> Self {
        DateTime { naive: dt.naive_local(), offset: Some(dt.offset().fix()) }
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.is_aware() == other.is_aware() && self.instant() == other.instant()
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        (self.is_aware() == other.is_aware()).then(|| self.instant().cmp(&other.instant()))
    }
}

/// Serialized as pydantic does ([`DateTime::json_string`]).
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.json_string())
    }
}

/// A Python `time`: a wall-clock time, with a UTC offset when it is aware.
///
/// Equality and ordering follow Python: aware values compare after subtracting their
/// offsets, naive values by their fields, and a naive value never equals an aware one.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::types::Time;
///
/// #[derive(Model)]
/// struct Alarm {
///     at: Time,
/// }
///
/// #[post("/alarms/")]
/// async fn set(alarm: Alarm) -> Alarm {
///     alarm
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![set]));
/// let res = client.post("/alarms/").json(&serde_json::json!({"at": "07:30:00+02:00"})).send().await;
/// assert_eq!(res.json::<serde_json::Value>()["at"], "07:30:00+02:00");
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Time {
    time: NaiveTime,
    offset: Option<FixedOffset>,
}

impl Time {
    /// A time from its wall-clock value and its offset (`None`: naive).
    pub const fn new(time: NaiveTime, offset: Option<FixedOffset>) -> Self {
        Time { time, offset }
    }

    /// The wall-clock time.
    pub const fn naive(&self) -> NaiveTime {
        self.time
    }

    /// The UTC offset; `None` for a naive time.
    pub const fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// Microseconds since midnight, less the offset when aware.
    fn key(&self) -> i64 {
        let micros = i64::from(self.time.num_seconds_from_midnight()) * 1_000_000
            + i64::from(self.time.nanosecond() % 1_000_000_000 / 1000);
        micros - self.offset.map_or(0, |o| i64::from(o.local_minus_utc()) * 1_000_000)
    }

    /// Python's `time.isoformat()`: `14:00:00`, `14:00:00.500000+02:00`.
    pub fn isoformat(&self) -> String {
        let mut out = String::new();
        push_time(&mut out, self.time);
        if let Some(o) = self.offset {
            push_python_offset(&mut out, o);
        }
        out
    }

    /// pydantic's JSON form: as [`isoformat`](Self::isoformat), except that a zero offset
    /// is written `Z`.
    pub fn json_string(&self) -> String {
        let mut out = String::new();
        push_time(&mut out, self.time);
        if let Some(o) = self.offset {
            push_pydantic_offset(&mut out, o);
        }
        out
    }
}

impl From<NaiveTime> for Time {
    fn from(time: NaiveTime) -> Self {
        Time { time, offset: None }
    }
}

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.offset.is_some() == other.offset.is_some() && self.key() == other.key()
    }
}

impl Eq for Time {}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        (self.offset.is_some() == other.offset.is_some()).then(|| self.key().cmp(&other.key()))
    }
}

/// Serialized as pydantic does ([`Time::json_string`]).
impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.json_string())
    }
}

/// Whole microseconds of a duration (Python's `timedelta` has no finer unit).
fn total_micros(d: &TimeDelta) -> i128 {
    i128::from(d.num_seconds()) * 1_000_000 + i128::from(d.subsec_nanos() / 1000)
}

/// Python's `timedelta.total_seconds()`: `300.0` for five minutes. This is FastAPI's
/// `jsonable_encoder` form of a timedelta (a path operation without a response model).
///
/// ```
/// assert_eq!(brisk::types::timedelta_seconds(&chrono::TimeDelta::minutes(5)), 300.0);
/// ```
pub fn timedelta_seconds(d: &TimeDelta) -> f64 {
    let micros = total_micros(d);
    if micros.unsigned_abs() <= 1 << 53 {
        micros as f64 / 1e6
    } else {
        d.num_seconds() as f64 + f64::from(d.subsec_nanos() / 1000) / 1e6
    }
}

/// pydantic's JSON form of a timedelta (its default `ser_json_timedelta="iso8601"`, used for
/// a response model's fields): `PT5M`, `P1DT2H`, `-PT1.5S`, `PT0S`. Days are written as
/// years of 365 days plus days (`P1Y35D` for 400 days), never months or weeks.
///
/// ```
/// use brisk::types::timedelta_isoformat;
/// assert_eq!(timedelta_isoformat(&chrono::TimeDelta::minutes(5)), "PT5M");
/// assert_eq!(timedelta_isoformat(&chrono::TimeDelta::days(400)), "P1Y35D");
/// ```
pub fn timedelta_isoformat(d: &TimeDelta) -> String {
    let micros = total_micros(d);
    let abs = micros.unsigned_abs();
    let day = abs / 86_400_000_000;
    let second = (abs / 1_000_000 % 86_400) as u32;
    let micro = (abs % 1_000_000) as u32;
    let mut out = String::from(if micros < 0 { "-P" } else { "P" });
    if day / 365 != 0 {
        let _ = write!(out, "{}Y", day / 365);
    }
    if !day.is_multiple_of(365) {
        let _ = write!(out, "{}D", day % 365);
    }
    if second != 0 || micro != 0 {
        out.push('T');
        let (h, m, s) = (second / 3600, second % 3600 / 60, second % 60);
        if h != 0 {
            let _ = write!(out, "{h}H");
        }
        if m != 0 {
            let _ = write!(out, "{m}M");
        }
        if s != 0 || micro != 0 {
            let _ = write!(out, "{s}");
            if micro != 0 {
                let fraction = format!("{micro:06}");
                let _ = write!(out, ".{}", fraction.trim_end_matches('0'));
            }
            out.push('S');
        }
    }
    if abs == 0 {
        out.push_str("T0S");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::coerce::{datetime_from_json, datetime_from_str, time_with_offset_from_str};
    use chrono::NaiveDate;
    use serde_json::json;

    fn parsed(s: &str) -> DateTime {
        datetime_from_str(s).expect("valid datetime")
    }

    fn naive(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, us: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).and_then(|d| d.and_hms_micro_opt(h, mi, s, us)).expect("valid")
    }

    fn offset(secs: i32) -> Option<FixedOffset> {
        FixedOffset::east_opt(secs)
    }

    #[test]
    fn recorded_serializations() {
        let ser = |d: DateTime| serde_json::to_value(d).ok();
        assert_eq!(ser(parsed("2024-02-29T23:59:59.123456Z")), Some(json!("2024-02-29T23:59:59.123456Z")));
        let ts = datetime_from_json(&json!(1700000000)).expect("valid");
        assert_eq!(ser(ts), Some(json!("2023-11-14T22:13:20Z")));
        assert_eq!(ser(parsed("2023-01-01T12:00:00")), Some(json!("2023-01-01T12:00:00")));
        assert_eq!(ser(parsed("2023-01-01T12:00:00+00:00")), Some(json!("2023-01-01T12:00:00Z")));
        assert_eq!(ser(parsed("2023-01-01T12:00:00-00:00")), Some(json!("2023-01-01T12:00:00Z")));
        assert_eq!(ser(parsed("2023-01-01T12:00:00.5+02:00")), Some(json!("2023-01-01T12:00:00.500000+02:00")));
    }

    #[test]
    fn isoformat_is_pythons() {
        assert_eq!(parsed("2018-12-22T14:00:00Z").isoformat(), "2018-12-22T14:00:00+00:00");
        assert_eq!(parsed("2018-12-22T14:00:00.000001-0930").isoformat(), "2018-12-22T14:00:00.000001-09:30");
        assert_eq!(DateTime::from(naive(1, 1, 1, 0, 0, 0, 0)).isoformat(), "0001-01-01T00:00:00");
        let odd = DateTime::new(naive(2020, 1, 1, 0, 0, 0, 0), offset(-(3600 + 30)));
        assert_eq!(odd.isoformat(), "2020-01-01T00:00:00-01:00:30");
        assert_eq!(odd.json_string(), "2020-01-01T00:00:00-01:00");
    }

    #[test]
    fn conversions() {
        let aware = chrono::DateTime::parse_from_rfc3339("2020-05-06T07:08:09+03:00").expect("valid");
        let d = DateTime::from(aware);
        assert_eq!(d.naive(), naive(2020, 5, 6, 7, 8, 9, 0));
        assert_eq!(d.offset(), offset(3 * 3600));
        assert_eq!(d.to_chrono(), Some(aware));
        let utc = DateTime::from(chrono::Utc.timestamp_opt(1700000000, 0).single().expect("valid"));
        assert_eq!(utc.json_string(), "2023-11-14T22:13:20Z");
        let n = DateTime::from(naive(2020, 5, 6, 7, 8, 9, 0));
        assert!(!n.is_aware() && n.to_chrono().is_none());
    }

    #[test]
    fn python_equality_and_order() {
        assert_eq!(parsed("2020-01-01T12:00:00+02:00"), parsed("2020-01-01T10:00:00Z"));
        assert_ne!(parsed("2020-01-01T10:00:00"), parsed("2020-01-01T10:00:00Z"));
        assert!(parsed("2020-01-01T10:00:00").partial_cmp(&parsed("2020-01-01T10:00:00Z")).is_none());
        assert!(parsed("2020-01-01T10:00:00+01:00") < parsed("2020-01-01T10:00:00Z"));
        assert!(parsed("2020-01-01") < parsed("2020-01-01T00:00:01"));
    }

    #[test]
    fn arithmetic() {
        let d = parsed("2020-01-01T23:30:00+02:00");
        let later = d.checked_add(TimeDelta::minutes(45)).expect("in range");
        assert_eq!(later.isoformat(), "2020-01-02T00:15:00+02:00");
        assert_eq!(later.checked_sub(TimeDelta::minutes(45)).map(|x| x.isoformat()), Some(d.isoformat()));
        assert!(parsed("9999-12-31T23:59:59").checked_add(TimeDelta::seconds(1)).is_none());
        assert_eq!(
            parsed("2020-01-01T12:00:00+02:00").checked_duration_since(&parsed("2020-01-01T09:00:00Z")),
            Some(TimeDelta::hours(1))
        );
        assert_eq!(
            parsed("2020-01-02T00:00:00").checked_duration_since(&parsed("2020-01-01T12:00:00")),
            Some(TimeDelta::hours(12))
        );
        assert_eq!(parsed("2020-01-01T12:00:00").checked_duration_since(&parsed("2020-01-01T09:00:00Z")), None);
        assert_eq!(
            parsed("2020-01-01T12:00:00").signed_duration_since(&parsed("2020-01-01T09:00:00Z")),
            TimeDelta::hours(3)
        );
    }

    #[test]
    fn times() {
        let t = |s: &str| time_with_offset_from_str(s).expect("valid time");
        assert_eq!(t("10:20:30.5+02:00").isoformat(), "10:20:30.500000+02:00");
        assert_eq!(t("10:20:30Z").isoformat(), "10:20:30+00:00");
        assert_eq!(serde_json::to_value(t("10:20:30Z")).ok(), Some(json!("10:20:30Z")));
        assert_eq!(serde_json::to_value(t("10:20")).ok(), Some(json!("10:20:00")));
        assert_eq!(t("12:00+02:00"), t("10:00Z"));
        assert_ne!(t("10:00"), t("10:00Z"));
        assert!(t("10:00").partial_cmp(&t("10:00Z")).is_none());
        assert!(t("09:00Z") < t("10:00Z"));
        let naive = NaiveTime::from_hms_opt(1, 2, 3).expect("valid");
        assert_eq!(Time::from(naive), Time::new(naive, None));
        assert_eq!(Time::from(naive).naive(), naive);
        assert_eq!(t("01:02:03-01:00").offset(), offset(-3600));
    }

    #[test]
    fn timedelta_forms() {
        assert_eq!(timedelta_seconds(&TimeDelta::seconds(300)), 300.0);
        assert_eq!(serde_json::to_string(&timedelta_seconds(&TimeDelta::seconds(300))).ok(), Some("300.0".into()));
        assert_eq!(timedelta_seconds(&TimeDelta::milliseconds(-1500)), -1.5);
        assert_eq!(timedelta_seconds(&TimeDelta::microseconds(1)), 1e-6);
        assert_eq!(timedelta_seconds(&TimeDelta::days(999_999_999)), 86_399_999_913_600.0);
        for (d, want) in [
            (TimeDelta::seconds(300), "PT5M"),
            (TimeDelta::zero(), "PT0S"),
            (TimeDelta::days(1) + TimeDelta::hours(2), "P1DT2H"),
            (TimeDelta::days(400), "P1Y35D"),
            (TimeDelta::milliseconds(-1500), "-PT1.5S"),
            (TimeDelta::seconds(-1), "-PT1S"),
            (TimeDelta::seconds(3723) + TimeDelta::microseconds(120), "PT1H2M3.00012S"),
            (TimeDelta::days(999_999_999) + TimeDelta::seconds(86_399), "P2739726Y9DT23H59M59S"),
        ] {
            assert_eq!(timedelta_isoformat(&d), want);
        }
    }
}
