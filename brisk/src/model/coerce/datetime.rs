//! Dates, times and datetimes, parsed with the `speedate` crate as pydantic-core does:
//! RFC 3339 text, or a Unix timestamp (seconds, or milliseconds above 2e10) for datetimes and
//! dates, with speedate's error descriptions as pydantic's `ctx.error`.
//!
//! pydantic 2.14 (pydantic-core 2.50) reads numeric strings and float timestamps as speedate
//! 0.18 does (the differential test against it, `e2e/pydantic_diff`, checks them).

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;
use speedate::{
    Date as SpeedDate, DateConfig, DateTime as SpeedDateTime, DateTimeConfig, MicrosecondsPrecisionOverflowBehavior,
    ParseError, Time as SpeedTime, TimeConfig, TimestampUnit,
};
use strum::EnumMessage;

use super::with_error;
use crate::error::Invalid;
use crate::types::{DateTime, Time};

/// A speedate error description, or one of pydantic's own.
pub(super) type Fail = &'static str;

/// speedate's description of an error (`ParseError::get_documentation`), which pydantic-core
/// passes on as `ctx.error`: `"invalid character in year"`.
pub(super) fn describe(e: ParseError) -> Fail {
    e.get_documentation().unwrap_or_default()
}

pub(super) const NAN: Fail = "NaN values not permitted";
const YEAR_ZERO: Fail = "year 0 is out of range";
const NEGATIVE_TIME: Fail = "time in seconds should be positive";

/// pydantic's defaults: fraction digits past the sixth are cut (`microseconds_precision=
/// "truncate"`) and a time built from a number of seconds is in UTC.
pub(super) const TIME_CONFIG: TimeConfig = TimeConfig {
    microseconds_precision_overflow_behavior: MicrosecondsPrecisionOverflowBehavior::Truncate,
    unix_timestamp_offset: Some(0),
};

/// Timestamps are seconds, or milliseconds above 2e10 (`TimestampUnit::Infer`), in UTC.
const CONFIG: DateTimeConfig = DateTimeConfig { timestamp_unit: TimestampUnit::Infer, time_config: TIME_CONFIG };

/// speedate's `DateTime::from_float_with_config`, behind pydantic's `float_as_datetime`:
/// the floor in seconds (or milliseconds past the watershed) plus the fraction, so -1.25
/// reads as 23:59:58.75.
fn datetime_from_float(f: f64) -> Result<SpeedDateTime, Fail> {
    if f.is_nan() {
        return Err(NAN);
    }
    SpeedDateTime::from_float_with_config(f, &CONFIG).map_err(describe)
}

/// speedate's `Date::parse_bytes`: `YYYY-MM-DD`, or an integer timestamp of an exact midnight.
fn parse_date(s: &str) -> Result<SpeedDate, ParseError> {
    SpeedDate::parse_bytes_with_config(s.as_bytes(), &DateConfig::default())
}

/// speedate's `DateTime::parse_bytes`: `YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|±HH:MM]`, or a
/// timestamp (integer or decimal, seconds or milliseconds).
fn parse_datetime(s: &str) -> Result<SpeedDateTime, ParseError> {
    SpeedDateTime::parse_bytes_with_config(s.as_bytes(), &CONFIG)
}

/// A time with its offset, as speedate parses it: `HH:MM[:SS[.ffffff]]` then an optional `Z`
/// or `±HH[:]MM`.
fn parse_time(s: &str) -> Result<SpeedTime, Fail> {
    SpeedTime::parse_bytes_with_config(s.as_bytes(), &TIME_CONFIG).map_err(describe)
}

/// chrono's date for speedate's (always a valid date, which chrono also accepts).
fn chrono_date(d: SpeedDate) -> Result<NaiveDate, ParseError> {
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()).ok_or(ParseError::OutOfRangeDay)
}

/// chrono's time and offset for speedate's time.
fn chrono_time(t: SpeedTime) -> Result<(NaiveTime, Option<FixedOffset>), ParseError> {
    let time = NaiveTime::from_hms_micro_opt(t.hour.into(), t.minute.into(), t.second.into(), t.microsecond)
        .ok_or(ParseError::OutOfRangeSecond)?;
    let offset = t.tz_offset.map(|s| FixedOffset::east_opt(s).ok_or(ParseError::OutOfRangeTz)).transpose()?;
    Ok((time, offset))
}

/// A naive midnight, the time of a bare date read as a datetime.
const MIDNIGHT: SpeedTime = SpeedTime { hour: 0, minute: 0, second: 0, microsecond: 0, tz_offset: None };

fn datetime_parsing(error: Fail) -> Invalid {
    with_error("datetime_parsing", "Input should be a valid datetime", error)
}

/// The Python `datetime` of a parsed value; year 0 does not exist in Python.
fn to_datetime(dt: SpeedDateTime) -> Result<DateTime, Invalid> {
    if dt.date.year == 0 {
        return Err(datetime_parsing(YEAR_ZERO));
    }
    let convert = || Ok((chrono_date(dt.date)?, chrono_time(dt.time)?));
    let (date, (time, offset)) = convert().map_err(|e| datetime_parsing(describe(e)))?;
    Ok(DateTime::new(NaiveDateTime::new(date, time), offset))
}

/// Parses a datetime from a string as pydantic does in lax mode: RFC 3339 (offset kept, `Z`
/// is UTC, naive without one), a Unix timestamp (UTC), or a bare date (naive midnight). A
/// failure is `datetime_from_date_parsing` carrying the *date* parser's error, e.g.
/// `"Input should be a valid datetime or date, invalid character in year"`.
///
/// ```
/// use brisk::model::coerce::datetime_from_str;
/// assert!(datetime_from_str("2032-04-23T10:20:30+02:00").is_ok());
/// assert!(datetime_from_str("yesterday").is_err());
/// ```
pub fn datetime_from_str(s: &str) -> Result<DateTime, Invalid> {
    match parse_datetime(s) {
        Ok(dt) => to_datetime(dt),
        Err(_) => match parse_date(s) {
            Ok(date) => to_datetime(SpeedDateTime { date, time: MIDNIGHT }),
            Err(e) => {
                Err(with_error("datetime_from_date_parsing", "Input should be a valid datetime or date", describe(e)))
            }
        },
    }
}

/// pydantic's `int_as_datetime` and `float_as_datetime`: a JSON number as a Unix timestamp.
fn datetime_from_number(n: &serde_json::Number) -> Result<SpeedDateTime, Fail> {
    match n.as_i64() {
        Some(i) => SpeedDateTime::from_timestamp_with_config(i, 0, &CONFIG).map_err(describe),
        None => datetime_from_float(n.as_f64().unwrap_or(f64::NAN)),
    }
}

/// Validates a datetime from a JSON body: strings as [`datetime_from_str`]; numbers as Unix
/// timestamps in UTC (`datetime_parsing` when out of range); booleans and everything else
/// are `datetime_type`.
///
/// ```
/// use brisk::model::coerce::datetime_from_json;
/// assert!(datetime_from_json(&serde_json::json!("2032-04-23T10:20:30Z")).is_ok());
/// assert!(datetime_from_json(&serde_json::json!(null)).is_err());
/// ```
pub fn datetime_from_json(v: &Value) -> Result<DateTime, Invalid> {
    match v {
        Value::String(s) => datetime_from_str(s),
        Value::Number(n) => datetime_from_number(n).map_err(datetime_parsing).and_then(to_datetime),
        _ => Err(Invalid::new("datetime_type", "Input should be a valid datetime")),
    }
}

fn date_parsing(error: Fail) -> Invalid {
    with_error("date_parsing", "Input should be a valid date in the format YYYY-MM-DD", error)
}

/// The Python `date` of a parsed value; year 0 does not exist in Python.
fn to_date(date: SpeedDate) -> Result<NaiveDate, Invalid> {
    if date.year == 0 {
        return Err(date_parsing(YEAR_ZERO));
    }
    chrono_date(date).map_err(|e| date_parsing(describe(e)))
}

/// A datetime given for a date must be at midnight (of its own offset).
fn date_of(dt: SpeedDateTime) -> Result<NaiveDate, Invalid> {
    if (dt.time.hour, dt.time.minute, dt.time.second, dt.time.microsecond) != (0, 0, 0, 0) {
        return Err(Invalid::new(
            "date_from_datetime_inexact",
            "Datetimes provided to dates should have zero time - e.g. be exact dates",
        ));
    }
    to_date(dt.date)
}

fn date_from_datetime_parsing(error: Fail) -> Invalid {
    with_error("date_from_datetime_parsing", "Input should be a valid date or datetime", error)
}

/// Parses a date from a string as pydantic does in lax mode: `YYYY-MM-DD`, an exact-midnight
/// Unix timestamp, or a datetime at midnight (`date_from_datetime_inexact` otherwise). A
/// failure is `date_from_datetime_parsing` carrying the *datetime* parser's error.
///
/// ```
/// use brisk::model::coerce::date_from_str;
/// assert_eq!(date_from_str("2032-04-23").ok(), chrono::NaiveDate::from_ymd_opt(2032, 4, 23));
/// assert!(date_from_str("23/04/2032").is_err());
/// ```
pub fn date_from_str(s: &str) -> Result<NaiveDate, Invalid> {
    match parse_date(s) {
        Ok(date) => to_date(date),
        Err(_) => parse_datetime(s).map_err(|e| date_from_datetime_parsing(describe(e))).and_then(date_of),
    }
}

/// Validates a date from a JSON body: strings as [`date_from_str`]; numbers as Unix
/// timestamps that must fall on a UTC midnight; booleans and everything else are
/// `date_type`.
///
/// ```
/// use brisk::model::coerce::date_from_json;
/// assert_eq!(date_from_json(&serde_json::json!("2032-04-23")).ok(), chrono::NaiveDate::from_ymd_opt(2032, 4, 23));
/// assert!(date_from_json(&serde_json::json!(true)).is_err());
/// ```
pub fn date_from_json(v: &Value) -> Result<NaiveDate, Invalid> {
    match v {
        Value::String(s) => date_from_str(s),
        Value::Number(n) => datetime_from_number(n).map_err(date_from_datetime_parsing).and_then(date_of),
        _ => Err(Invalid::new("date_type", "Input should be a valid date")),
    }
}

fn time_parsing(error: Fail) -> Invalid {
    with_error("time_parsing", "Input should be in a valid time format", error)
}

fn to_time(time: SpeedTime) -> Result<Time, Invalid> {
    let (time, offset) = chrono_time(time).map_err(|e| time_parsing(describe(e)))?;
    Ok(Time::new(time, offset))
}

/// Parses a time from a string, keeping its offset: `HH:MM[:SS[.ffffff]]` then an optional
/// `Z` or `±HH:MM`. Numeric strings are not accepted. Errors are `time_parsing`.
///
/// ```
/// use brisk::model::coerce::time_with_offset_from_str;
/// let t = time_with_offset_from_str("10:20:30+02:00").ok().unwrap();
/// assert!(t.offset().is_some());
/// assert!(time_with_offset_from_str("noon").is_err());
/// ```
pub fn time_with_offset_from_str(s: &str) -> Result<Time, Invalid> {
    parse_time(s).map_err(time_parsing).and_then(to_time)
}

/// pydantic's `int_as_time`: seconds since midnight, as a UTC time.
fn time_from_seconds(secs: i64, micros: u32) -> Result<SpeedTime, Fail> {
    if secs < 0 {
        return Err(NEGATIVE_TIME);
    }
    // Above u32, speedate's own "too large" error is the one given.
    let secs = u32::try_from(secs).unwrap_or(u32::MAX);
    SpeedTime::from_timestamp_with_config(secs, micros, &TIME_CONFIG).map_err(describe)
}

/// pydantic's `int_as_time` and `float_as_time`: a JSON number as seconds since midnight.
fn time_from_number(n: &serde_json::Number) -> Result<SpeedTime, Fail> {
    match n.as_i64() {
        Some(i) => time_from_seconds(i, 0),
        None => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.is_nan() {
                return Err(NAN);
            }
            time_from_seconds(f.floor() as i64, (f.fract().abs() * 1e6).round() as u32)
        }
    }
}

/// Validates a time from a JSON body, keeping its offset: strings as
/// [`time_with_offset_from_str`]; numbers as seconds since midnight, giving a UTC time (below
/// 86,400, not negative: `time_parsing`); booleans and everything else are `time_type`.
///
/// ```
/// use brisk::model::coerce::time_with_offset_from_json;
/// let t = time_with_offset_from_json(&serde_json::json!("10:20:30")).ok().unwrap();
/// assert!(t.offset().is_none());
/// ```
pub fn time_with_offset_from_json(v: &Value) -> Result<Time, Invalid> {
    match v {
        Value::String(s) => time_with_offset_from_str(s),
        Value::Number(n) => time_from_number(n).map_err(time_parsing).and_then(to_time),
        _ => Err(Invalid::new("time_type", "Input should be a valid time")),
    }
}

/// [`time_with_offset_from_str`] without the offset (a Python `time` may carry a `tzinfo`;
/// this drops it).
///
/// ```
/// use brisk::model::coerce::time_from_str;
/// assert_eq!(time_from_str("10:20:30").ok(), chrono::NaiveTime::from_hms_opt(10, 20, 30));
/// assert!(time_from_str("noon").is_err());
/// ```
pub fn time_from_str(s: &str) -> Result<NaiveTime, Invalid> {
    time_with_offset_from_str(s).map(|t| t.naive())
}

/// [`time_with_offset_from_json`] without the offset.
///
/// ```
/// use brisk::model::coerce::time_from_json;
/// assert_eq!(time_from_json(&serde_json::json!("10:20:30")).ok(), chrono::NaiveTime::from_hms_opt(10, 20, 30));
/// ```
pub fn time_from_json(v: &Value) -> Result<NaiveTime, Invalid> {
    time_with_offset_from_json(v).map(|t| t.naive())
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::{err, kind};
    use super::*;
    use serde_json::json;

    // The `ctx.error` texts pydantic reports, which speedate's descriptions must match.
    pub(in crate::model::coerce) const TOO_SHORT: Fail = "input is too short";
    pub(in crate::model::coerce) const EXTRA_CHARACTERS: Fail = "unexpected extra characters at the end of the input";
    pub(in crate::model::coerce) const INVALID_HOUR: Fail = "invalid character in hour";
    const INVALID_DATETIME_SEP: Fail = "invalid datetime separator, expected `T`, `t`, `_` or space";
    const INVALID_DATE_SEP: Fail = "invalid date separator, expected `-`";
    const DATE_NOT_EXACT: Fail = "Timestamp is not an exact date";
    const INVALID_YEAR: Fail = "invalid character in year";
    const INVALID_MONTH: Fail = "invalid character in month";
    const INVALID_DAY: Fail = "invalid character in day";
    const INVALID_TIME_SEP: Fail = "invalid time separator, expected `:`";
    const INVALID_MINUTE: Fail = "invalid character in minute";
    const INVALID_SECOND: Fail = "invalid character in second";
    const INVALID_TZ_SIGN: Fail = "invalid timezone sign";
    const INVALID_TZ_HOUR: Fail = "invalid timezone hour";
    const INVALID_TZ_MINUTE: Fail = "invalid timezone minute";
    const OUT_OF_RANGE_TZ_MINUTE: Fail = "timezone minute value is outside expected range of 0-59";
    const OUT_OF_RANGE_TZ: Fail = "timezone offset must be less than 24 hours";
    const OUT_OF_RANGE_MONTH: Fail = "month value is outside expected range of 1-12";
    const OUT_OF_RANGE_DAY: Fail = "day value is outside expected range";
    const OUT_OF_RANGE_HOUR: Fail = "hour value is outside expected range of 0-23";
    const OUT_OF_RANGE_MINUTE: Fail = "minute value is outside expected range of 0-59";
    const OUT_OF_RANGE_SECOND: Fail = "second value is outside expected range of 0-59";
    const SECOND_FRACTION_MISSING: Fail = "second fraction digits missing after `.`";
    const DATE_TOO_SMALL: Fail = "dates before 0000 are not supported as unix timestamps";
    const DATE_TOO_LARGE: Fail = "dates after 9999 are not supported as unix timestamps";
    const TIME_TOO_LARGE: Fail = "numeric times may not exceed 86,399 seconds";

    #[test]
    fn speedate_describes_errors_as_pydantic_reports_them() {
        use ParseError::*;
        for (e, text) in [
            (TooShort, TOO_SHORT),
            (ExtraCharacters, EXTRA_CHARACTERS),
            (InvalidCharDateTimeSep, INVALID_DATETIME_SEP),
            (InvalidCharDateSep, INVALID_DATE_SEP),
            (DateNotExact, DATE_NOT_EXACT),
            (InvalidCharYear, INVALID_YEAR),
            (InvalidCharMonth, INVALID_MONTH),
            (InvalidCharDay, INVALID_DAY),
            (InvalidCharTimeSep, INVALID_TIME_SEP),
            (InvalidCharHour, INVALID_HOUR),
            (InvalidCharMinute, INVALID_MINUTE),
            (InvalidCharSecond, INVALID_SECOND),
            (InvalidCharTzSign, INVALID_TZ_SIGN),
            (InvalidCharTzHour, INVALID_TZ_HOUR),
            (InvalidCharTzMinute, INVALID_TZ_MINUTE),
            (OutOfRangeTzMinute, OUT_OF_RANGE_TZ_MINUTE),
            (OutOfRangeTz, OUT_OF_RANGE_TZ),
            (OutOfRangeMonth, OUT_OF_RANGE_MONTH),
            (OutOfRangeDay, OUT_OF_RANGE_DAY),
            (OutOfRangeHour, OUT_OF_RANGE_HOUR),
            (OutOfRangeMinute, OUT_OF_RANGE_MINUTE),
            (OutOfRangeSecond, OUT_OF_RANGE_SECOND),
            (SecondFractionMissing, SECOND_FRACTION_MISSING),
            (DateTooSmall, DATE_TOO_SMALL),
            (DateTooLarge, DATE_TOO_LARGE),
            (TimeTooLarge, TIME_TOO_LARGE),
        ] {
            assert_eq!(describe(e), text);
        }
    }

    fn dt(r: Result<DateTime, Invalid>) -> String {
        r.expect("valid datetime").isoformat()
    }

    fn ctx(e: &Invalid) -> Value {
        serde_json::to_value(&e.ctx).unwrap_or_default()
    }

    #[test]
    fn recorded_datetime_errors() {
        let e = datetime_from_str("not a date").expect_err("invalid");
        assert_eq!(e.kind, "datetime_from_date_parsing");
        assert_eq!(e.msg, "Input should be a valid datetime or date, invalid character in year");
        assert_eq!(ctx(&e), json!({"error": "invalid character in year"}));
        let e = datetime_from_str("x").expect_err("invalid");
        assert_eq!(e.kind, "datetime_from_date_parsing");
        assert_eq!(e.msg, "Input should be a valid datetime or date, input is too short");
        assert_eq!(ctx(&e), json!({"error": "input is too short"}));
    }

    #[test]
    fn datetime_strings() {
        assert_eq!(dt(datetime_from_str("2024-01-02")), "2024-01-02T00:00:00");
        assert!(datetime_from_str("2024-01-02").is_ok_and(|d| d.offset().is_none()));
        assert_eq!(dt(datetime_from_str("2023-01-01T12:00:00")), "2023-01-01T12:00:00");
        assert_eq!(dt(datetime_from_str("2024-02-29T23:59:59.123456Z")), "2024-02-29T23:59:59.123456+00:00");
        assert_eq!(dt(datetime_from_str("2018-12-22 14:00+02:00")), "2018-12-22T14:00:00+02:00");
        assert_eq!(dt(datetime_from_str("2018-12-22t14:00:00.5-0330")), "2018-12-22T14:00:00.500000-03:30");
        assert_eq!(dt(datetime_from_str("2018-12-22_14:00:00,1234567z")), "2018-12-22T14:00:00.123456+00:00");
        assert_eq!(dt(datetime_from_str("2018-12-22T14:00:00\u{2212}01:00")), "2018-12-22T14:00:00-01:00");
        assert_eq!(dt(datetime_from_str("1700000000")), "2023-11-14T22:13:20+00:00");
        assert_eq!(dt(datetime_from_str("1700000000123")), "2023-11-14T22:13:20.123000+00:00");
        assert_eq!(dt(datetime_from_str("1700000000.5")), "2023-11-14T22:13:20.500000+00:00");
        assert_eq!(dt(datetime_from_str("-1")), "1969-12-31T23:59:59+00:00");
    }

    #[test]
    fn datetime_string_errors_come_from_the_date_parser() {
        let msg = |s: &str| err(datetime_from_str(s));
        let from_date = |m: &str| {
            ("datetime_from_date_parsing".to_owned(), format!("Input should be a valid datetime or date, {m}"))
        };
        assert_eq!(msg("2024-01-02T25:00:00"), from_date(EXTRA_CHARACTERS));
        assert_eq!(msg("2024-13-01"), from_date(OUT_OF_RANGE_MONTH));
        assert_eq!(msg("2023-02-29"), from_date(OUT_OF_RANGE_DAY));
        assert_eq!(msg("2024/01/02"), from_date(INVALID_DATE_SEP));
        assert_eq!(msg("2024-0a-02"), from_date(INVALID_MONTH));
        assert_eq!(msg("2024-01-0a"), from_date(INVALID_DAY));
        assert_eq!(msg("99999999999999999"), from_date(DATE_TOO_LARGE));
        assert_eq!(msg(""), from_date(TOO_SHORT));
        assert_eq!(
            msg("0000-01-01T00:00:00"),
            ("datetime_parsing".into(), "Input should be a valid datetime, year 0 is out of range".into())
        );
    }

    #[test]
    fn datetime_json() {
        assert_eq!(dt(datetime_from_json(&json!(1700000000))), "2023-11-14T22:13:20+00:00");
        assert_eq!(dt(datetime_from_json(&json!(1700000000.25))), "2023-11-14T22:13:20.250000+00:00");
        assert_eq!(dt(datetime_from_json(&json!(1700000000123_i64))), "2023-11-14T22:13:20.123000+00:00");
        assert_eq!(dt(datetime_from_json(&json!(-1.5))), "1969-12-31T23:59:58.500000+00:00");
        assert_eq!(dt(datetime_from_json(&json!("2024-01-02"))), "2024-01-02T00:00:00");
        assert_eq!(
            err(datetime_from_json(&json!(i64::MAX))),
            ("datetime_parsing".into(), format!("Input should be a valid datetime, {DATE_TOO_LARGE}"))
        );
        for v in [json!(true), json!(null), json!([]), json!({})] {
            assert_eq!(
                err(datetime_from_json(&v)),
                ("datetime_type".into(), "Input should be a valid datetime".into())
            );
        }
    }

    #[test]
    fn time_parser_errors() {
        for (s, fail) in [
            ("1", TOO_SHORT),
            ("a0:00", INVALID_HOUR),
            ("10-00", INVALID_TIME_SEP),
            ("10:a0", INVALID_MINUTE),
            ("24:00", OUT_OF_RANGE_HOUR),
            ("10:60", OUT_OF_RANGE_MINUTE),
            ("10:00:6", INVALID_SECOND),
            ("10:00:60", OUT_OF_RANGE_SECOND),
            ("10:00:00.", SECOND_FRACTION_MISSING),
            ("10:00:00x", INVALID_TZ_SIGN),
            ("10:00+1", INVALID_TZ_HOUR),
            ("10:00+01", INVALID_TZ_MINUTE),
            ("10:00+01:6", INVALID_TZ_MINUTE),
            ("10:00+01:60", OUT_OF_RANGE_TZ_MINUTE),
            ("10:00+24:00", OUT_OF_RANGE_TZ),
            ("10:00Zx", EXTRA_CHARACTERS),
        ] {
            assert_eq!(parse_time(s).map(|_| ()), Err(fail), "{s:?}");
        }
    }

    #[test]
    fn times() {
        let t = |s: &str| time_with_offset_from_str(s).map(|t| t.isoformat()).ok();
        assert_eq!(t("10:20"), Some("10:20:00".into()));
        assert_eq!(t("10:20:30.25"), Some("10:20:30.250000".into()));
        assert_eq!(t("10:20:30Z"), Some("10:20:30+00:00".into()));
        assert_eq!(t("10:20:30+0530"), Some("10:20:30+05:30".into()));
        assert_eq!(time_from_str("10:20:30+05:30").ok(), NaiveTime::from_hms_opt(10, 20, 30));
        assert_eq!(
            err(time_from_str("3600")),
            ("time_parsing".into(), "Input should be in a valid time format, input is too short".into())
        );
        let j = |v: Value| time_with_offset_from_json(&v).map(|t| t.isoformat());
        assert_eq!(j(json!(3661)).ok(), Some("01:01:01+00:00".into()));
        assert_eq!(j(json!(3661.5)).ok(), Some("01:01:01.500000+00:00".into()));
        assert_eq!(j(json!("01:00")).ok(), Some("01:00:00".into()));
        assert_eq!(err(j(json!(-1))).1, "Input should be in a valid time format, time in seconds should be positive");
        assert_eq!(
            err(j(json!(86400))).1,
            "Input should be in a valid time format, numeric times may not exceed 86,399 seconds"
        );
        assert_eq!(kind(j(json!(86399.9999999))), "time_parsing");
        assert_eq!(time_from_json(&json!(0)).ok(), Some(NaiveTime::MIN));
        for v in [json!(true), json!(null), json!([])] {
            assert_eq!(err(time_from_json(&v)), ("time_type".into(), "Input should be a valid time".into()));
        }
    }

    #[test]
    fn dates() {
        let d = |s: &str| date_from_str(s).map(|d| d.to_string()).ok();
        assert_eq!(d("2024-02-29"), Some("2024-02-29".into()));
        assert_eq!(d("1699920000"), Some("2023-11-14".into()));
        assert_eq!(d("2024-01-02T00:00:00Z"), Some("2024-01-02".into()));
        assert_eq!(d("2024-01-02 00:00+05:00"), Some("2024-01-02".into()));
        assert_eq!(
            err(date_from_str("2024-01-02T10:00:00")),
            (
                "date_from_datetime_inexact".into(),
                "Datetimes provided to dates should have zero time - e.g. be exact dates".into()
            )
        );
        assert_eq!(kind(date_from_str("1700000000")), "date_from_datetime_inexact");
        let e = date_from_str("not a date").expect_err("invalid");
        assert_eq!(e.kind, "date_from_datetime_parsing");
        assert_eq!(e.msg, "Input should be a valid date or datetime, invalid character in year");
        assert_eq!(ctx(&e), json!({"error": "invalid character in year"}));
        assert_eq!(err(date_from_str("x")).1, "Input should be a valid date or datetime, input is too short");
        assert_eq!(
            err(date_from_str("2023-02-29")).1,
            format!("Input should be a valid date or datetime, {OUT_OF_RANGE_DAY}")
        );
        assert_eq!(
            err(date_from_str("0000-01-01")),
            (
                "date_parsing".into(),
                "Input should be a valid date in the format YYYY-MM-DD, year 0 is out of range".into()
            )
        );
    }

    #[test]
    fn dates_from_json() {
        assert_eq!(date_from_json(&json!(1699920000)).ok(), NaiveDate::from_ymd_opt(2023, 11, 14));
        assert_eq!(date_from_json(&json!(1699920000.0)).ok(), NaiveDate::from_ymd_opt(2023, 11, 14));
        assert_eq!(date_from_json(&json!("2023-11-14")).ok(), NaiveDate::from_ymd_opt(2023, 11, 14));
        assert_eq!(kind(date_from_json(&json!(1700000000))), "date_from_datetime_inexact");
        assert_eq!(
            err(date_from_json(&json!(i64::MIN))),
            (
                "date_from_datetime_parsing".into(),
                format!("Input should be a valid date or datetime, {DATE_TOO_SMALL}")
            )
        );
        for v in [json!(true), json!(null), json!({})] {
            assert_eq!(err(date_from_json(&v)), ("date_type".into(), "Input should be a valid date".into()));
        }
    }

    #[test]
    fn timestamps() {
        let at = |ts: i64| SpeedDateTime::from_timestamp_with_config(ts, 0, &CONFIG).map(|d| d.to_string());
        // Up to 2e10 a timestamp is in seconds, above in milliseconds (rounded down).
        assert_eq!(at(20_000_000_000), Ok("2603-10-11T11:33:20Z".into()));
        assert_eq!(at(-20_000_000_001), Ok("1969-05-14T12:26:39.999000Z".into()));
        assert_eq!(at(i64::MIN), Err(ParseError::DateTooSmall));
        assert_eq!(at(-62_167_219_200_000), Ok("0000-01-01T00:00:00Z".into()));
        assert_eq!(at(253_402_300_799_000), Ok("9999-12-31T23:59:59Z".into()));
        assert_eq!(at(253_402_300_800_000), Err(ParseError::DateTooLarge));
        assert_eq!(datetime_from_float(f64::NAN), Err(NAN));
        assert_eq!(parse_date("1700000000"), Err(ParseError::DateNotExact));
        let numeric = |s: &str| parse_datetime(s).map(|d| d.to_string());
        assert_eq!(numeric("+12"), Ok("1970-01-01T00:00:12Z".into()));
        assert_eq!(numeric("1.5e3"), Ok("1970-01-01T00:25:00Z".into()));
        assert_eq!(numeric("1e3"), Err(ParseError::TooShort));
        assert_eq!(numeric("99999999999999999999"), Err(ParseError::InvalidCharDateSep));
    }

    /// Numeric readings as pydantic 2.14 (pydantic-core 2.50) gives them.
    #[test]
    fn numeric_readings_of_pydantic_2_14() {
        // A float timestamp is its floor plus its fraction, as a decimal string is.
        assert_eq!(dt(datetime_from_json(&json!(-1.25))), "1969-12-31T23:59:58.750000+00:00");
        assert_eq!(dt(datetime_from_json(&json!(-20000000001.25))), "1969-05-14T12:26:39.998750+00:00");
        assert_eq!(dt(datetime_from_json(&json!(-1476393095.673314))), "1923-03-21T02:48:24.326686+00:00");
        assert_eq!(dt(datetime_from_str("-1.25")), "1969-12-31T23:59:58.750000+00:00");
        assert_eq!(dt(datetime_from_str("-20000000000.5")), "1969-05-14T12:26:39.999500+00:00");
        assert_eq!(dt(datetime_from_str("1700000000123.4567")), "2023-11-14T22:13:20.123457+00:00");
        assert_eq!(dt(datetime_from_str("1.5e3")), "1970-01-01T00:25:00+00:00");
        for s in ["20000000000000000.5", "9223372036854775.5", "18446744073709551620", "9223372036854775808"] {
            assert_eq!(
                err(datetime_from_str(s)).1,
                format!("Input should be a valid datetime or date, {INVALID_DATE_SEP}")
            );
        }
        assert_eq!(err(datetime_from_str("1e5")).1, format!("Input should be a valid datetime or date, {TOO_SHORT}"));
    }
}
