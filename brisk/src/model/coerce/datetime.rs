//! Dates, times and datetimes, parsed the way pydantic-core does with the `speedate` crate:
//! RFC 3339 text, or a Unix timestamp (seconds, or milliseconds above 2e10) for datetimes and
//! dates, with speedate's error descriptions as pydantic's `ctx.error`.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

use super::with_error;
use crate::error::Invalid;
use crate::types::{DateTime, Time};

/// A speedate error description (`ParseError::get_documentation`), or one of pydantic's own.
pub(super) type Fail = &'static str;

pub(super) const TOO_SHORT: Fail = "input is too short";
pub(super) const EXTRA_CHARACTERS: Fail = "unexpected extra characters at the end of the input";
const INVALID_DATETIME_SEP: Fail = "invalid datetime separator, expected `T`, `t`, `_` or space";
const INVALID_DATE_SEP: Fail = "invalid date separator, expected `-`";
const DATE_NOT_EXACT: Fail = "Timestamp is not an exact date";
const INVALID_YEAR: Fail = "invalid character in year";
const INVALID_MONTH: Fail = "invalid character in month";
const INVALID_DAY: Fail = "invalid character in day";
const INVALID_TIME_SEP: Fail = "invalid time separator, expected `:`";
pub(super) const INVALID_HOUR: Fail = "invalid character in hour";
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
const YEAR_ZERO: Fail = "year 0 is out of range";
pub(super) const NAN: Fail = "NaN values not permitted";
const NEGATIVE_TIME: Fail = "time in seconds should be positive";

/// Above this absolute value a timestamp is in milliseconds.
const MS_WATERSHED: i64 = 20_000_000_000;
/// 0000-01-01T00:00:00 and 9999-12-31T23:59:59 as Unix timestamps.
const UNIX_0000: i64 = -62_167_219_200;
const UNIX_9999: i64 = 253_402_300_799;
/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// What speedate parses: a date, a wall-clock time and an optional UTC offset in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stamp {
    date: NaiveDate,
    time: NaiveTime,
    offset: Option<i32>,
}

/// The decimal digit at `b[i]`, or `fail`.
fn digit(b: &[u8], i: usize, fail: Fail) -> Result<u32, Fail> {
    match b.get(i) {
        Some(c) if c.is_ascii_digit() => Ok(u32::from(c - b'0')),
        _ => Err(fail),
    }
}

fn two_digits(b: &[u8], i: usize, fail: Fail) -> Result<u32, Fail> {
    Ok(digit(b, i, fail)? * 10 + digit(b, i + 1, fail)?)
}

fn expect(b: &[u8], i: usize, c: u8, fail: Fail) -> Result<(), Fail> {
    if b.get(i) == Some(&c) { Ok(()) } else { Err(fail) }
}

/// `YYYY-MM-DD` at the start of `b`; what follows is not looked at.
fn date_prefix(b: &[u8]) -> Result<NaiveDate, Fail> {
    if b.len() < 10 {
        return Err(TOO_SHORT);
    }
    let year = two_digits(b, 0, INVALID_YEAR)? * 100 + two_digits(b, 2, INVALID_YEAR)?;
    expect(b, 4, b'-', INVALID_DATE_SEP)?;
    let month = two_digits(b, 5, INVALID_MONTH)?;
    expect(b, 7, b'-', INVALID_DATE_SEP)?;
    let day = two_digits(b, 8, INVALID_DAY)?;
    if !(1..=12).contains(&month) {
        return Err(OUT_OF_RANGE_MONTH);
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(OUT_OF_RANGE_DAY)
}

/// speedate's integer reading of a whole input: `[+-]?digits`, failing on the first
/// non-digit (which is returned, so a `.` can send the input to the float parser).
fn speedate_int(b: &[u8]) -> Result<i64, Option<u8>> {
    let (negative, first, rest) = match b {
        [b'-', first, rest @ ..] => (true, *first, rest),
        [b'+', first, rest @ ..] | [first, rest @ ..] => (false, *first, rest),
        [] => return Err(None),
    };
    let value = |c: u8| if c.is_ascii_digit() { Ok(i64::from(c - b'0')) } else { Err(Some(c)) };
    let mut v = value(first)?;
    for &c in rest {
        v = v.wrapping_mul(10).wrapping_add(value(c)?);
        if v < 0 {
            return Err(Some(c));
        }
    }
    Ok(if negative { -v } else { v })
}

/// A numeric input: an integer, or (when the integer reading stops at a `.`) a float.
enum Numeric {
    Int(i64),
    Float(f64),
    Neither,
}

fn numeric(s: &str) -> Numeric {
    match speedate_int(s.as_bytes()) {
        Ok(i) => Numeric::Int(i),
        Err(Some(b'.')) => s.parse().map_or(Numeric::Neither, Numeric::Float),
        Err(_) => Numeric::Neither,
    }
}

/// Splits a timestamp into seconds and microseconds, reading it as milliseconds when its
/// absolute value is above 2e10.
fn watershed(ts: i64) -> Result<(i64, u32), Fail> {
    let abs = ts.checked_abs().ok_or(DATE_TOO_SMALL)?;
    if abs <= MS_WATERSHED {
        return Ok((ts, 0));
    }
    Ok((ts.div_euclid(1000), (ts.rem_euclid(1000) * 1000) as u32))
}

/// The date of a Unix time in seconds and the seconds since that midnight.
fn split_seconds(secs: i64) -> Result<(NaiveDate, u32), Fail> {
    if secs < UNIX_0000 {
        return Err(DATE_TOO_SMALL);
    }
    if secs > UNIX_9999 {
        return Err(DATE_TOO_LARGE);
    }
    let days = i32::try_from(secs.div_euclid(86_400) + EPOCH_DAYS_FROM_CE).map_err(|_| DATE_TOO_LARGE)?;
    let date = NaiveDate::from_num_days_from_ce_opt(days).ok_or(DATE_TOO_LARGE)?;
    Ok((date, secs.rem_euclid(86_400) as u32))
}

/// speedate's `DateTime::from_timestamp`: a UTC datetime from a timestamp and extra
/// microseconds.
fn stamp_from_timestamp(ts: i64, micros: u32) -> Result<Stamp, Fail> {
    let (mut secs, extra) = watershed(ts)?;
    let mut micros = micros.checked_add(extra).ok_or(TIME_TOO_LARGE)?;
    if micros >= 1_000_000 {
        secs = secs.checked_add(i64::from(micros / 1_000_000)).ok_or(TIME_TOO_LARGE)?;
        micros %= 1_000_000;
    }
    let (date, sod) = split_seconds(secs)?;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(sod, micros * 1000).ok_or(TIME_TOO_LARGE)?;
    Ok(Stamp { date, time, offset: Some(0) })
}

/// speedate's `DateTime::from_float_with_config`, used for float inputs.
fn stamp_from_float(f: f64) -> Result<Stamp, Fail> {
    if f.is_nan() {
        return Err(NAN);
    }
    let scale = if f.abs() <= MS_WATERSHED as f64 { 1e6 } else { 1e3 };
    stamp_from_timestamp(f.floor() as i64, (f.fract().abs() * scale).round() as u32)
}

/// `HH:MM[:SS[.ffffff]]` at `b[at..]`: the time and the index after it. Fraction digits
/// past the sixth are ignored (pydantic's default `microseconds_precision="truncate"`).
pub(super) fn pure_time(b: &[u8], at: usize) -> Result<(NaiveTime, usize), Fail> {
    if b.len() < at + 5 {
        return Err(TOO_SHORT);
    }
    let hour = two_digits(b, at, INVALID_HOUR)?;
    expect(b, at + 2, b':', INVALID_TIME_SEP)?;
    let minute = two_digits(b, at + 3, INVALID_MINUTE)?;
    if hour > 23 {
        return Err(OUT_OF_RANGE_HOUR);
    }
    if minute > 59 {
        return Err(OUT_OF_RANGE_MINUTE);
    }
    let (mut second, mut micros, mut end) = (0, 0, at + 5);
    if b.get(at + 5) == Some(&b':') {
        second = two_digits(b, at + 6, INVALID_SECOND)?;
        if second > 59 {
            return Err(OUT_OF_RANGE_SECOND);
        }
        end = at + 8;
        if matches!(b.get(end), Some(b'.' | b',')) {
            end += 1;
            let n = b[end..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(SECOND_FRACTION_MISSING);
            }
            for i in 0..6 {
                micros = micros * 10 + b.get(end + i).filter(|_| i < n).map_or(0, |c| u32::from(c - b'0'));
            }
            end += n;
        }
    }
    let time = NaiveTime::from_hms_micro_opt(hour, minute, second, micros).ok_or(OUT_OF_RANGE_SECOND)?;
    Ok((time, end))
}

/// A time at `b[at..]` followed by an optional `Z` or `±HH[:]MM` offset and nothing else.
fn time_with_offset(b: &[u8], at: usize) -> Result<(NaiveTime, Option<i32>), Fail> {
    let (time, mut pos) = pure_time(b, at)?;
    let mut offset = None;
    if let Some(&c) = b.get(pos) {
        pos += 1;
        if c == b'Z' || c == b'z' {
            offset = Some(0);
        } else {
            let sign = match c {
                b'+' => 1,
                b'-' => -1,
                // U+2212 MINUS SIGN, allowed by ISO 8601.
                0xE2 if b.get(pos..pos + 2) == Some(&[0x88, 0x92][..]) => {
                    pos += 2;
                    -1
                }
                _ => return Err(INVALID_TZ_SIGN),
            };
            let hours = two_digits(b, pos, INVALID_TZ_HOUR)? as i32;
            let m1 = match b.get(pos + 2) {
                Some(b':') => {
                    pos += 3;
                    digit(b, pos, INVALID_TZ_MINUTE)?
                }
                Some(c) if c.is_ascii_digit() => {
                    pos += 2;
                    u32::from(c - b'0')
                }
                _ => return Err(INVALID_TZ_MINUTE),
            };
            let minutes = (m1 * 10 + digit(b, pos + 1, INVALID_TZ_MINUTE)?) as i32;
            if minutes >= 60 {
                return Err(OUT_OF_RANGE_TZ_MINUTE);
            }
            let seconds = sign * (hours * 3600 + minutes * 60);
            if seconds.abs() >= 86_400 {
                return Err(OUT_OF_RANGE_TZ);
            }
            offset = Some(seconds);
            pos += 2;
        }
    }
    if b.len() > pos {
        return Err(EXTRA_CHARACTERS);
    }
    Ok((time, offset))
}

/// speedate's `Date::parse_bytes`: `YYYY-MM-DD`, or an integer timestamp of an exact midnight.
fn parse_date(s: &str) -> Result<NaiveDate, Fail> {
    let b = s.as_bytes();
    let rfc = date_prefix(b).and_then(|d| if b.len() > 10 { Err(EXTRA_CHARACTERS) } else { Ok(d) });
    rfc.or_else(|e| {
        let ts = speedate_int(b).map_err(|_| e)?;
        let (secs, micros) = watershed(ts)?;
        let (date, sod) = split_seconds(secs)?;
        if sod != 0 || micros != 0 { Err(DATE_NOT_EXACT) } else { Ok(date) }
    })
}

/// speedate's `DateTime::parse_bytes`: `YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|±HH:MM]`, or a
/// timestamp (integer or decimal, seconds or milliseconds).
fn parse_datetime(s: &str) -> Result<Stamp, Fail> {
    let b = s.as_bytes();
    let rfc = date_prefix(b).and_then(|date| {
        if !matches!(b.get(10), Some(b'T' | b't' | b' ' | b'_')) {
            return Err(INVALID_DATETIME_SEP);
        }
        let (time, offset) = time_with_offset(b, 11)?;
        Ok(Stamp { date, time, offset })
    });
    rfc.or_else(|e| match numeric(s) {
        Numeric::Int(ts) => stamp_from_timestamp(ts, 0),
        Numeric::Float(f) => {
            let seconds = if f.abs() > MS_WATERSHED as f64 { f / 1000.0 } else { f };
            let whole = seconds.floor() as i64;
            stamp_from_timestamp(whole, ((seconds - whole as f64) * 1e6).round() as u32)
        }
        Numeric::Neither => Err(e),
    })
}

fn fixed_offset(seconds: Option<i32>) -> Result<Option<FixedOffset>, Fail> {
    seconds.map(|s| FixedOffset::east_opt(s).ok_or(OUT_OF_RANGE_TZ)).transpose()
}

fn datetime_parsing(error: Fail) -> Invalid {
    with_error("datetime_parsing", "Input should be a valid datetime", error)
}

/// The Python `datetime` of a parsed stamp; year 0 does not exist in Python.
fn to_datetime(s: Stamp) -> Result<DateTime, Invalid> {
    use chrono::Datelike;
    if s.date.year() == 0 {
        return Err(datetime_parsing(YEAR_ZERO));
    }
    let offset = fixed_offset(s.offset).map_err(datetime_parsing)?;
    Ok(DateTime::new(NaiveDateTime::new(s.date, s.time), offset))
}

/// Parses a datetime from a string as pydantic does in lax mode: RFC 3339 (offset kept, `Z`
/// is UTC, naive without one), a Unix timestamp (UTC), or a bare date (naive midnight). A
/// failure is `datetime_from_date_parsing` carrying the *date* parser's error, e.g.
/// `"Input should be a valid datetime or date, invalid character in year"`.
pub fn datetime_from_str(s: &str) -> Result<DateTime, Invalid> {
    match parse_datetime(s) {
        Ok(stamp) => to_datetime(stamp),
        Err(_) => match parse_date(s) {
            Ok(date) => to_datetime(Stamp { date, time: NaiveTime::MIN, offset: None }),
            Err(e) => Err(with_error("datetime_from_date_parsing", "Input should be a valid datetime or date", e)),
        },
    }
}

/// Validates a datetime from a JSON body: strings as [`datetime_from_str`]; numbers as Unix
/// timestamps in UTC (`datetime_parsing` when out of range); booleans and everything else
/// are `datetime_type`.
pub fn datetime_from_json(v: &Value) -> Result<DateTime, Invalid> {
    match v {
        Value::String(s) => datetime_from_str(s),
        Value::Number(n) => {
            let stamp = match n.as_i64() {
                Some(i) => stamp_from_timestamp(i, 0),
                None => stamp_from_float(n.as_f64().unwrap_or(f64::NAN)),
            };
            stamp.map_err(datetime_parsing).and_then(to_datetime)
        }
        _ => Err(Invalid::new("datetime_type", "Input should be a valid datetime")),
    }
}

fn date_parsing(error: Fail) -> Invalid {
    with_error("date_parsing", "Input should be a valid date in the format YYYY-MM-DD", error)
}

fn checked_date(date: NaiveDate) -> Result<NaiveDate, Invalid> {
    use chrono::Datelike;
    if date.year() == 0 { Err(date_parsing(YEAR_ZERO)) } else { Ok(date) }
}

/// A datetime given for a date must be at midnight (of its own offset).
fn date_of(stamp: Stamp) -> Result<NaiveDate, Invalid> {
    if stamp.time != NaiveTime::MIN {
        return Err(Invalid::new(
            "date_from_datetime_inexact",
            "Datetimes provided to dates should have zero time - e.g. be exact dates",
        ));
    }
    checked_date(stamp.date)
}

fn date_from_datetime_parsing(error: Fail) -> Invalid {
    with_error("date_from_datetime_parsing", "Input should be a valid date or datetime", error)
}

/// Parses a date from a string as pydantic does in lax mode: `YYYY-MM-DD`, an exact-midnight
/// Unix timestamp, or a datetime at midnight (`date_from_datetime_inexact` otherwise). A
/// failure is `date_from_datetime_parsing` carrying the *datetime* parser's error.
pub fn date_from_str(s: &str) -> Result<NaiveDate, Invalid> {
    match parse_date(s) {
        Ok(date) => checked_date(date),
        Err(_) => parse_datetime(s).map_err(date_from_datetime_parsing).and_then(date_of),
    }
}

/// Validates a date from a JSON body: strings as [`date_from_str`]; numbers as Unix
/// timestamps that must fall on a UTC midnight; booleans and everything else are
/// `date_type`.
pub fn date_from_json(v: &Value) -> Result<NaiveDate, Invalid> {
    match v {
        Value::String(s) => date_from_str(s),
        Value::Number(n) => {
            let stamp = match n.as_i64() {
                Some(i) => stamp_from_timestamp(i, 0),
                None => stamp_from_float(n.as_f64().unwrap_or(f64::NAN)),
            };
            stamp.map_err(date_from_datetime_parsing).and_then(date_of)
        }
        _ => Err(Invalid::new("date_type", "Input should be a valid date")),
    }
}

fn time_parsing(error: Fail) -> Invalid {
    with_error("time_parsing", "Input should be in a valid time format", error)
}

fn to_time(time: NaiveTime, offset: Option<i32>) -> Result<Time, Invalid> {
    Ok(Time::new(time, fixed_offset(offset).map_err(time_parsing)?))
}

/// Parses a time from a string, keeping its offset: `HH:MM[:SS[.ffffff]]` then an optional
/// `Z` or `±HH:MM`. Numeric strings are not accepted. Errors are `time_parsing`.
pub fn time_with_offset_from_str(s: &str) -> Result<Time, Invalid> {
    let (time, offset) = time_with_offset(s.as_bytes(), 0).map_err(time_parsing)?;
    to_time(time, offset)
}

/// pydantic's `int_as_time`: seconds since midnight, as a UTC time.
fn time_from_seconds(secs: i64, micros: u32) -> Result<Time, Invalid> {
    if secs < 0 {
        return Err(time_parsing(NEGATIVE_TIME));
    }
    let secs = u32::try_from(secs).unwrap_or(u32::MAX);
    let total = u64::from(secs) * 1_000_000 + u64::from(micros);
    if total >= 86_400_000_000 {
        return Err(time_parsing(TIME_TOO_LARGE));
    }
    let time =
        NaiveTime::from_num_seconds_from_midnight_opt((total / 1_000_000) as u32, (total % 1_000_000) as u32 * 1000)
            .ok_or_else(|| time_parsing(TIME_TOO_LARGE))?;
    to_time(time, Some(0))
}

/// Validates a time from a JSON body, keeping its offset: strings as
/// [`time_with_offset_from_str`]; numbers as seconds since midnight, giving a UTC time (below
/// 86,400, not negative: `time_parsing`); booleans and everything else are `time_type`.
pub fn time_with_offset_from_json(v: &Value) -> Result<Time, Invalid> {
    match v {
        Value::String(s) => time_with_offset_from_str(s),
        Value::Number(n) => match n.as_i64() {
            Some(i) => time_from_seconds(i, 0),
            None => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.is_nan() {
                    return Err(time_parsing(NAN));
                }
                time_from_seconds(f.floor() as i64, (f.fract().abs() * 1e6).round() as u32)
            }
        },
        _ => Err(Invalid::new("time_type", "Input should be a valid time")),
    }
}

/// [`time_with_offset_from_str`] without the offset (a Python `time` may carry a `tzinfo`;
/// this drops it).
pub fn time_from_str(s: &str) -> Result<NaiveTime, Invalid> {
    time_with_offset_from_str(s).map(|t| t.naive())
}

/// [`time_with_offset_from_json`] without the offset.
pub fn time_from_json(v: &Value) -> Result<NaiveTime, Invalid> {
    time_with_offset_from_json(v).map(|t| t.naive())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{err, kind};
    use super::*;
    use serde_json::json;

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
            assert_eq!(time_with_offset(s.as_bytes(), 0), Err(fail), "{s:?}");
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
        assert_eq!(watershed(20_000_000_000), Ok((20_000_000_000, 0)));
        assert_eq!(watershed(-20_000_000_001), Ok((-20_000_001, 999_000)));
        assert_eq!(watershed(i64::MIN), Err(DATE_TOO_SMALL));
        let s = stamp_from_timestamp(UNIX_0000 * 1000, 0).expect("in range");
        assert_eq!(s.date, NaiveDate::from_ymd_opt(0, 1, 1).expect("date"));
        assert_eq!(split_seconds(UNIX_9999).map(|(d, s)| (d.to_string(), s)), Ok(("9999-12-31".into(), 86_399)));
        assert_eq!(split_seconds(UNIX_9999 + 1), Err(DATE_TOO_LARGE));
        assert_eq!(stamp_from_float(f64::NAN), Err(NAN));
        assert_eq!(parse_date("1700000000"), Err(DATE_NOT_EXACT));
        assert!(matches!(numeric("+12"), Numeric::Int(12)));
        assert!(matches!(numeric("1.5e3"), Numeric::Float(f) if f == 1500.0));
        assert!(matches!(numeric("1e3"), Numeric::Neither));
        assert!(matches!(numeric("99999999999999999999"), Numeric::Neither));
    }
}
