//! Date, time, datetime and timedelta coercion from strings and JSON values: never a
//! panic, and what parses prints back (ISO 8601) to a string that parses to the same value.
#![no_main]

use arbitrary::Arbitrary;
use brisk::model::coerce;
use brisk::types::{DateTime, timedelta_isoformat};
use chrono::TimeDelta;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[derive(Arbitrary, Debug)]
enum Input {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

fn check_datetime(dt: DateTime) {
    let again = coerce::datetime_from_str(&dt.isoformat()).expect("isoformat parses back");
    assert_eq!(again, dt);
    let _ = dt.json_string();
}

fn check_timedelta(td: TimeDelta) {
    let iso = timedelta_isoformat(&td);
    let again = coerce::timedelta_from_str(&iso).expect("the ISO 8601 duration parses back");
    assert_eq!(again, td, "{iso}");
}

fuzz_target!(|input: Input| {
    let value = match input {
        Input::Str(s) => {
            if let Ok(dt) = coerce::datetime_from_str(&s) {
                check_datetime(dt);
            }
            if let Ok(td) = coerce::timedelta_from_str(&s) {
                check_timedelta(td);
            }
            if let Ok(d) = coerce::date_from_str(&s) {
                assert_eq!(coerce::date_from_str(&d.to_string()).ok(), Some(d));
            }
            let _ = coerce::time_from_str(&s);
            let _ = coerce::time_with_offset_from_str(&s);
            Value::String(s)
        }
        Input::Int(i) => Value::from(i),
        Input::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Input::Bool(b) => Value::Bool(b),
    };
    if let Ok(dt) = coerce::datetime_from_json(&value) {
        check_datetime(dt);
    }
    if let Ok(td) = coerce::timedelta_from_json(&value) {
        check_timedelta(td);
    }
    let _ = coerce::date_from_json(&value);
    let _ = coerce::time_from_json(&value);
    let _ = coerce::time_with_offset_from_json(&value);
});
