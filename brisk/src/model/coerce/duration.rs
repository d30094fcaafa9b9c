//! Timedeltas, parsed the way pydantic-core does with `speedate`'s `Duration`: ISO 8601
//! durations (`P1DT2H`), clock durations (`[-]HH:MM[:SS[.f]]`, hours unbounded), day counts
//! (`3 days, 01:00:00`), and numbers of seconds.

use chrono::{TimeDelta, Timelike};
use serde_json::Value;

use super::datetime::{EXTRA_CHARACTERS, Fail, INVALID_HOUR, NAN, TOO_SHORT, pure_time};
use super::with_error;
use crate::error::Invalid;

const INVALID_NUMBER: Fail = "invalid digit in duration";
const T_REPEATED: Fail = "`t` character repeated in duration";
const INVALID_FRACTION: Fail = "quantity fraction invalid in duration";
const INVALID_TIME_UNIT: Fail = "quantity invalid in time part of duration";
const INVALID_DATE_UNIT: Fail = "quantity invalid in date part of duration";
const INVALID_DAYS: Fail = "\"day\" identifier in duration not correctly formatted";
const VALUE_TOO_LARGE: Fail = "a numeric value in the duration is too large";
const HOUR_VALUE_TOO_LARGE: Fail = "durations may not exceed 999,999,999 hours";
const DAYS_TOO_LARGE: Fail = "durations may not exceed 999,999,999 days";

/// The magnitude of a duration, as speedate keeps it (the sign is held apart).
#[derive(Debug, Default, PartialEq)]
struct Span {
    day: u32,
    second: u32,
    micro: u32,
}

fn add(a: u32, b: u32) -> Result<u32, Fail> {
    a.checked_add(b).ok_or(VALUE_TOO_LARGE)
}

fn mul(a: u32, b: u32) -> Result<u32, Fail> {
    a.checked_mul(b).ok_or(VALUE_TOO_LARGE)
}

impl Span {
    /// Carries microseconds into seconds and seconds into days; at most 999,999,999 days.
    fn normalize(mut self) -> Result<Span, Fail> {
        if self.micro >= 1_000_000 {
            self.second = add(self.second, self.micro / 1_000_000)?;
            self.micro %= 1_000_000;
        }
        if self.second >= 86_400 {
            self.day = add(self.day, self.second / 86_400)?;
            self.second %= 86_400;
        }
        if self.day > 999_999_999 { Err(DAYS_TOO_LARGE) } else { Ok(self) }
    }
}

/// speedate's `Duration::parse_bytes`: the sign and the normalized magnitude.
fn parse_duration(s: &str) -> Result<(bool, Span), Fail> {
    let (positive, b) = match s.as_bytes() {
        [b'-', rest @ ..] => (false, rest),
        [b'+', rest @ ..] => (true, rest),
        b => (true, b),
    };
    let span = match b {
        [] => return Err(TOO_SHORT),
        [b'P', iso @ ..] => iso_duration(iso)?,
        _ if b.len() < 5 || b.iter().any(|c| matches!(c, b'd' | b'D')) => days_time(b)?,
        _ => clock(b)?,
    };
    Ok((positive, span.normalize()?))
}

/// The digits starting `b` (at least one) and how many there were.
fn number(b: &[u8]) -> Result<(u32, usize), Fail> {
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return Err(INVALID_NUMBER);
    }
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let value = b[..n].iter().try_fold(0u32, |v, c| add(mul(v, 10)?, u32::from(c - b'0')))?;
    Ok((value, n))
}

/// A number with an optional `.`/`,` fraction, and the index after it.
fn number_frac(b: &[u8]) -> Result<(u32, Option<f64>, usize), Fail> {
    let (value, mut pos) = number(b)?;
    if !matches!(b.get(pos), Some(b'.' | b',')) {
        return Ok((value, None, pos));
    }
    pos += 1;
    let (mut decimal, mut denominator) = (0.0, 1.0);
    while let Some(c) = b.get(pos).filter(|c| c.is_ascii_digit()) {
        decimal = decimal * 10.0 + f64::from(c - b'0');
        denominator *= 10.0;
        pos += 1;
    }
    Ok((value, Some(decimal / denominator), pos))
}

/// The part of an ISO 8601 duration after `P`. Only the last quantity may have a fraction.
fn iso_duration(b: &[u8]) -> Result<Span, Fail> {
    let (mut got_t, mut had_fraction, mut pos) = (false, false, 0);
    let mut span = Span::default();
    while let Some(&c) = b.get(pos) {
        if c == b'T' {
            if got_t {
                return Err(T_REPEATED);
            }
            got_t = true;
        } else {
            let (value, fraction, len) = number_frac(&b[pos..])?;
            if had_fraction {
                return Err(INVALID_FRACTION);
            }
            had_fraction = fraction.is_some();
            pos += len;
            if got_t {
                let unit = match b.get(pos) {
                    Some(b'H') => 3600,
                    Some(b'M') => 60,
                    Some(b'S') => 1,
                    _ => return Err(INVALID_TIME_UNIT),
                };
                span.second = add(span.second, mul(unit, value)?)?;
                if let Some(f) = fraction {
                    let extra = f * f64::from(unit);
                    span.second = add(span.second, extra.trunc() as u32)?;
                    span.micro = add(span.micro, (extra.fract() * 1e6).round() as u32)?;
                }
            } else {
                let unit = match b.get(pos) {
                    Some(b'Y') => 365,
                    Some(b'M') => 30,
                    Some(b'W') => 7,
                    Some(b'D') => 1,
                    _ => return Err(INVALID_DATE_UNIT),
                };
                span.day = add(span.day, mul(value, unit)?)?;
                if let Some(f) = fraction {
                    let extra_days = f * f64::from(unit);
                    span.day = add(span.day, extra_days.trunc() as u32)?;
                    let extra_seconds = extra_days.fract() * 86_400.0;
                    span.second = add(span.second, extra_seconds.trunc() as u32)?;
                    span.micro = add(span.micro, (extra_seconds.fract() * 1e6).round() as u32)?;
                }
            }
        }
        pos += 1;
    }
    if pos < 2 { Err(TOO_SHORT) } else { Ok(span) }
}

/// `N d[ay[s]][,] [clock]`, or a short input.
fn days_time(b: &[u8]) -> Result<Span, Fail> {
    let (day, pos) = number(b)?;
    let rest = match &b[pos..] {
        [b' ', b'd' | b'D', rest @ ..] | [b'd' | b'D', rest @ ..] => rest,
        _ => return Err(INVALID_DAYS),
    };
    let rest = match rest {
        [b'a', b'y', b's', rest @ ..]
        | [b'a', b'y', rest @ ..]
        | [b'A', b'Y', b'S', rest @ ..]
        | [b'A', b'Y', rest @ ..] => rest,
        [b'a' | b'A', ..] => return Err(INVALID_DAYS),
        rest => rest,
    };
    let rest = match rest {
        [b',', b' ', rest @ ..] | [b',', rest @ ..] | [b' ', rest @ ..] | rest => rest,
    };
    if rest.is_empty() {
        return Ok(Span { day, second: 0, micro: 0 });
    }
    let t = clock(rest)?;
    if t.day > 0 {
        return Err(HOUR_VALUE_TOO_LARGE);
    }
    Ok(Span { day, ..t })
}

/// `H:MM[:SS[.f]]` with any number of hours (below 2.4e9).
fn clock(b: &[u8]) -> Result<Span, Fail> {
    if b.len() < 5 {
        return Err(TOO_SHORT);
    }
    let colon = b.iter().position(|&c| c == b':').ok_or(INVALID_HOUR)?;
    let (hour_part, rest) = (&b[..colon], &b[colon + 1..]);
    if hour_part.len() > 10 {
        return Err(HOUR_VALUE_TOO_LARGE);
    }
    let mut hour: u64 = 0;
    for &c in hour_part {
        if !c.is_ascii_digit() {
            return Err(INVALID_HOUR);
        }
        hour = hour * 10 + u64::from(c - b'0');
    }
    if hour > 2_400_000_000 {
        return Err(HOUR_VALUE_TOO_LARGE);
    }
    // Minutes onwards are read as a time of day "00:MM:SS.ffffff"; extra fraction digits
    // are cut (pydantic's default `microseconds_precision="truncate"`).
    let rest = &rest[..rest.len().min(12)];
    let mut buf = *b"00:00:00.000000";
    let buf = &mut buf[..3 + rest.len()];
    buf[3..].copy_from_slice(rest);
    let (time, end) = pure_time(buf, 0)?;
    if buf.len() > end {
        return Err(EXTRA_CHARACTERS);
    }
    Ok(Span {
        day: (hour / 24) as u32,
        second: time.num_seconds_from_midnight() + (hour % 24) as u32 * 3600,
        micro: time.nanosecond() / 1000,
    })
}

/// pydantic's `int_as_duration`.
fn span_from_seconds(secs: i64) -> Result<(bool, Span), Fail> {
    let abs = secs.unsigned_abs();
    let span = Span { day: (abs / 86_400) as u32, second: (abs % 86_400) as u32, micro: 0 };
    Ok((secs >= 0, span.normalize()?))
}

/// pydantic's `float_as_duration`.
fn span_from_float(secs: f64) -> Result<(bool, Span), Fail> {
    if secs.is_nan() {
        return Err(NAN);
    }
    let abs = secs.abs();
    let span = Span {
        day: (abs / 86_400.0) as u32,
        second: (abs as u64 % 86_400) as u32,
        micro: (abs.fract() * 1e6).round() as u32,
    };
    Ok((secs >= 0.0, span.normalize()?))
}

fn to_timedelta(parsed: Result<(bool, Span), Fail>) -> Result<TimeDelta, Invalid> {
    let fail = |e| with_error("time_delta_parsing", "Input should be a valid timedelta", e);
    let (positive, span) = parsed.map_err(fail)?;
    let sign = if positive { 1 } else { -1 };
    let secs = i64::from(span.day) * 86_400 + i64::from(span.second);
    TimeDelta::try_seconds(sign * secs)
        .and_then(|d| d.checked_add(&TimeDelta::microseconds(sign * i64::from(span.micro))))
        .ok_or_else(|| fail(DAYS_TOO_LARGE))
}

/// Parses a timedelta from a string as pydantic does: `[±]P…` ISO 8601 durations (`PT1H30M`,
/// `P1.5W`, `P1Y` = 365 days, `P1M` = 30 days), `[±][H]H:MM[:SS[.f]]` and
/// `[±]N day[s][, H:MM:SS]`. A bare number of seconds is not accepted. Errors are
/// `time_delta_parsing`, e.g. `"Input should be a valid timedelta, invalid digit in duration"`.
pub fn timedelta_from_str(s: &str) -> Result<TimeDelta, Invalid> {
    to_timedelta(parse_duration(s))
}

/// Validates a timedelta from a JSON body: strings as [`timedelta_from_str`]; numbers as
/// seconds; `true`/`false` as 1 s/0 s (a Python `bool` is an `int`); everything else is
/// `time_delta_type`.
pub fn timedelta_from_json(v: &Value) -> Result<TimeDelta, Invalid> {
    match v {
        Value::String(s) => timedelta_from_str(s),
        Value::Bool(b) => to_timedelta(span_from_seconds(i64::from(*b))),
        Value::Number(n) => match n.as_i64() {
            Some(i) => to_timedelta(span_from_seconds(i)),
            None => to_timedelta(span_from_float(n.as_f64().unwrap_or(f64::NAN))),
        },
        _ => Err(Invalid::new("time_delta_type", "Input should be a valid timedelta")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::err;
    use super::*;
    use serde_json::json;

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
        assert_eq!(span_from_float(f64::NAN), Err(NAN));
        for v in [json!(null), json!([]), json!({})] {
            assert_eq!(
                err(timedelta_from_json(&v)),
                ("time_delta_type".into(), "Input should be a valid timedelta".into())
            );
        }
    }
}
