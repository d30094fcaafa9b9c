//! Timedeltas, parsed with `speedate`'s `Duration` as pydantic-core does: ISO 8601 durations
//! (`P1DT2H`), clock durations (`[-]HH:MM[:SS[.f]]`, hours unbounded), day counts
//! (`3 days, 01:00:00`), and numbers of seconds.

use chrono::TimeDelta;
use serde_json::Value;
use speedate::{Duration, ParseError};

use super::datetime::{Fail, NAN, TIME_CONFIG, describe};
use super::with_error;
use crate::error::Invalid;

/// speedate's `Duration::parse_bytes_with_config`, fraction digits past the sixth cut.
fn parse_duration(s: &str) -> Result<Duration, Fail> {
    Duration::parse_bytes_with_config(s.as_bytes(), &TIME_CONFIG).map_err(describe)
}

/// pydantic's `int_as_duration`; the day count is cut to 32 bits as pydantic-core does.
fn int_as_duration(secs: i64) -> Result<Duration, Fail> {
    let abs = secs.unsigned_abs();
    Duration::new(secs >= 0, (abs / 86_400) as u32, (abs % 86_400) as u32, 0).map_err(describe)
}

/// pydantic's `float_as_duration`.
fn float_as_duration(secs: f64) -> Result<Duration, Fail> {
    if secs.is_nan() {
        return Err(NAN);
    }
    let abs = secs.abs();
    let (day, second, micro) = ((abs / 86_400.0) as u32, (abs as u64 % 86_400) as u32, (abs.fract() * 1e6).round());
    Duration::new(secs >= 0.0, day, second, micro as u32).map_err(describe)
}

fn to_timedelta(parsed: Result<Duration, Fail>) -> Result<TimeDelta, Invalid> {
    let fail = |e| with_error("time_delta_parsing", "Input should be a valid timedelta", e);
    let d = parsed.map_err(fail)?;
    TimeDelta::try_seconds(d.signed_total_seconds())
        .and_then(|t| t.checked_add(&TimeDelta::microseconds(d.signed_microseconds().into())))
        .ok_or_else(|| fail(describe(ParseError::DurationDaysTooLarge)))
}

/// Parses a timedelta from a string as pydantic does: `[±]P…` ISO 8601 durations (`PT1H30M`,
/// `P1.5W`, `P1Y` = 365 days, `P1M` = 30 days), `[±][H]H:MM[:SS[.f]]` and
/// `[±]N day[s][, H:MM:SS]`. A bare number of seconds is not accepted. Errors are
/// `time_delta_parsing`, e.g. `"Input should be a valid timedelta, invalid digit in duration"`.
///
/// ```
/// use brisk::model::coerce::timedelta_from_str;
/// assert!(timedelta_from_str("PT1H30M").is_ok());
/// assert!(timedelta_from_str("an hour").is_err());
/// ```
pub fn timedelta_from_str(s: &str) -> Result<TimeDelta, Invalid> {
    to_timedelta(parse_duration(s))
}

/// Validates a timedelta from a JSON body: strings as [`timedelta_from_str`]; numbers as
/// seconds; `true`/`false` as 1 s/0 s (a Python `bool` is an `int`); everything else is
/// `time_delta_type`.
///
/// ```
/// use brisk::model::coerce::timedelta_from_json;
/// assert!(timedelta_from_json(&serde_json::json!(300)).is_ok());
/// assert!(timedelta_from_json(&serde_json::json!([1])).is_err());
/// ```
pub fn timedelta_from_json(v: &Value) -> Result<TimeDelta, Invalid> {
    match v {
        Value::String(s) => timedelta_from_str(s),
        Value::Bool(b) => to_timedelta(int_as_duration(i64::from(*b))),
        Value::Number(n) => match n.as_i64() {
            Some(i) => to_timedelta(int_as_duration(i)),
            None => to_timedelta(float_as_duration(n.as_f64().unwrap_or(f64::NAN))),
        },
        _ => Err(Invalid::new("time_delta_type", "Input should be a valid timedelta")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::datetime::tests::{EXTRA_CHARACTERS, INVALID_HOUR, TOO_SHORT};
    use super::super::tests::err;
    use super::*;
    use serde_json::json;

    // The `ctx.error` texts pydantic reports, which speedate's descriptions must match.
    const INVALID_NUMBER: Fail = "invalid digit in duration";
    const T_REPEATED: Fail = "`t` character repeated in duration";
    const INVALID_FRACTION: Fail = "quantity fraction invalid in duration";
    const INVALID_TIME_UNIT: Fail = "quantity invalid in time part of duration";
    const INVALID_DATE_UNIT: Fail = "quantity invalid in date part of duration";
    const INVALID_DAYS: Fail = "\"day\" identifier in duration not correctly formatted";
    const VALUE_TOO_LARGE: Fail = "a numeric value in the duration is too large";
    const HOUR_VALUE_TOO_LARGE: Fail = "durations may not exceed 999,999,999 hours";
    const DAYS_TOO_LARGE: Fail = "durations may not exceed 999,999,999 days";

    #[test]
    fn speedate_describes_errors_as_pydantic_reports_them() {
        use ParseError::*;
        for (e, text) in [
            (DurationInvalidNumber, INVALID_NUMBER),
            (DurationTRepeated, T_REPEATED),
            (DurationInvalidFraction, INVALID_FRACTION),
            (DurationInvalidTimeUnit, INVALID_TIME_UNIT),
            (DurationInvalidDateUnit, INVALID_DATE_UNIT),
            (DurationInvalidDays, INVALID_DAYS),
            (DurationValueTooLarge, VALUE_TOO_LARGE),
            (DurationHourValueTooLarge, HOUR_VALUE_TOO_LARGE),
            (DurationDaysTooLarge, DAYS_TOO_LARGE),
        ] {
            assert_eq!(describe(e), text);
        }
    }

    fn micros(r: Result<TimeDelta, Invalid>) -> Option<i64> {
        r.ok().and_then(|d| d.num_microseconds())
    }

    const S: i64 = 1_000_000;
    const DAY: i64 = 86_400 * S;

    #[test]
    fn recorded_examples() {
        let e = timedelta_from_str("y").expect_err("invalid");
        assert_eq!(e.kind, "time_delta_parsing");
        assert_eq!(e.msg, "Input should be a valid timedelta, invalid digit in duration");
        assert_eq!(serde_json::to_value(&e.ctx).ok(), Some(json!({"error": "invalid digit in duration"})));
        assert_eq!(timedelta_from_str("PT1H30M").ok(), Some(TimeDelta::seconds(5400)));
        assert_eq!(timedelta_from_json(&json!(300)).ok(), Some(TimeDelta::seconds(300)));
        assert_eq!(micros(timedelta_from_json(&json!(1.5))), Some(1_500_000));
    }

    #[test]
    fn accepted_strings() {
        for (s, want) in [
            ("P1Y", 365 * DAY),
            ("P123.8Y", 123 * 365 * DAY + 292 * DAY),
            ("P1M", 30 * DAY),
            ("P1.5M", 45 * DAY),
            ("P1W", 7 * DAY),
            ("P1.1W", 7 * DAY + (16 * 3600 + 48 * 60) * S),
            ("-P1Y", -365 * DAY),
            ("+P1Y", 365 * DAY),
            ("PT0.555555S", 555_555),
            ("P1Y1DT2H0.5S", 366 * DAY + 7200 * S + S / 2),
            ("P1Y2M3DT4H5M6S", 428 * DAY + (4 * 3600 + 5 * 60 + 6) * S),
            ("P3D2M1YT6S5M4H", 428 * DAY + (4 * 3600 + 5 * 60 + 6) * S),
            ("P1Y2Y", 3 * 365 * DAY),
            ("PT86500S", DAY + 100 * S),
            ("00:00:42", 42 * S),
            ("0:00:42", 42 * S),
            ("00:01", 60 * S),
            ("1:02:03", 3723 * S),
            ("00:01:03.123", 63_123_000),
            ("00:00:00.1234567", 123_456),
            ("24:01:03", DAY + 63 * S),
            ("-1:00:00", -3600 * S),
            ("1 day", DAY),
            ("1day", DAY),
            ("1 day,", DAY),
            ("1 day, ", DAY),
            ("1days", DAY),
            ("1DAYS", DAY),
            ("1d", DAY),
            ("1d ", DAY),
            ("-1 day", -DAY),
            ("+1 day", DAY),
            ("123days", 123 * DAY),
            ("1 day 00:00:42", DAY + 42 * S),
            ("1 day, 1:00:42", DAY + 3642 * S),
            ("-1 day 00:00:42", -(DAY + 42 * S)),
        ] {
            assert_eq!(micros(timedelta_from_str(s)), Some(want), "{s:?}");
        }
        let big = timedelta_from_str("999999999 day 00:00").expect("valid");
        assert_eq!(big.num_days(), 999_999_999);
    }

    #[test]
    fn rejected_strings() {
        for (s, fail) in [
            ("", TOO_SHORT),
            ("+", TOO_SHORT),
            ("P", TOO_SHORT),
            ("+PT", TOO_SHORT),
            ("PD", INVALID_NUMBER),
            ("P1DT1MT1S", T_REPEATED),
            ("P1DT1.1M1S", INVALID_FRACTION),
            ("P1DT1X", INVALID_TIME_UNIT),
            ("P1X", INVALID_DATE_UNIT),
            ("P1", INVALID_DATE_UNIT),
            ("pt1h", INVALID_NUMBER),
            ("01-00-00", INVALID_HOUR),
            ("00:01:03.123x", EXTRA_CHARACTERS),
            ("00:01:03x", EXTRA_CHARACTERS),
            ("100000000000:01:03", HOUR_VALUE_TOO_LARGE),
            ("2400000001:00:00", HOUR_VALUE_TOO_LARGE),
            ("1000xxx000:01:03", INVALID_HOUR),
            ("1 10:10", INVALID_HOUR),
            ("00:60:03", "minute value is outside expected range of 0-59"),
            ("00:00:60", "second value is outside expected range of 0-59"),
            ("00:00:00.", "second fraction digits missing after `.`"),
            ("x", INVALID_NUMBER),
            ("1x", INVALID_DAYS),
            ("1dx", TOO_SHORT),
            ("1da", INVALID_DAYS),
            ("1", INVALID_DAYS),
            ("300", INVALID_DAYS),
            ("1 x", INVALID_DAYS),
            ("1 day 00:", TOO_SHORT),
            ("1 day 00:xx", "invalid character in minute"),
            ("1 day 00:00:00.123 ", EXTRA_CHARACTERS),
            ("1d 24:01:03", HOUR_VALUE_TOO_LARGE),
            ("18446744073709551616 day 12:00", VALUE_TOO_LARGE),
            ("P18446744073709551611DT8031M1M1M1M", VALUE_TOO_LARGE),
            ("P1000000000D", DAYS_TOO_LARGE),
        ] {
            assert_eq!(parse_duration(s).map(|_| ()), Err(fail), "{s:?}");
            assert_eq!(err(timedelta_from_str(s)).1, format!("Input should be a valid timedelta, {fail}"));
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(micros(timedelta_from_json(&json!(-90))), Some(-90 * S));
        assert_eq!(micros(timedelta_from_json(&json!(-0.25))), Some(-S / 4));
        assert_eq!(micros(timedelta_from_json(&json!(86_400.000_001))), Some(DAY + 1));
        assert_eq!(micros(timedelta_from_json(&json!(true))), Some(S));
        assert_eq!(micros(timedelta_from_json(&json!("1 day"))), Some(DAY));
        let days = |v: Value| timedelta_from_json(&v).map(|d| d.num_days());
        assert_eq!(
            err(timedelta_from_json(&json!(86_400_000_000_000_i64))).1,
            format!("Input should be a valid timedelta, {DAYS_TOO_LARGE}")
        );
        // pydantic-core truncates the day count to 32 bits (`as u32`) before checking it.
        assert_eq!(days(json!(i64::MIN)).ok(), Some(-579_025_220));
        assert_eq!(
            err(timedelta_from_json(&json!(1e20))).1,
            format!("Input should be a valid timedelta, {DAYS_TOO_LARGE}")
        );
        assert_eq!(float_as_duration(f64::NAN), Err(NAN));
        for v in [json!(null), json!([]), json!({})] {
            assert_eq!(
                err(timedelta_from_json(&v)),
                ("time_delta_type".into(), "Input should be a valid timedelta".into())
            );
        }
    }
}
