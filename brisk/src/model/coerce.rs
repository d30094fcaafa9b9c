//! TEMPORARY STUB (replaced by the real pydantic-compatible coercion).
#![allow(missing_docs)]
use crate::error::Invalid;
use serde_json::Value;
fn e(k: &'static str, m: &'static str) -> Invalid {
    Invalid::new(k, m)
}
pub fn int_from_str(s: &str) -> Result<i64, Invalid> {
    s.trim()
        .parse()
        .map_err(|_| e("int_parsing", "Input should be a valid integer, unable to parse string as an integer"))
}
pub fn int_from_json(v: &Value) -> Result<i64, Invalid> {
    match v {
        Value::Number(n) => n.as_i64().ok_or_else(|| e("int_from_float", "x")),
        Value::String(s) => int_from_str(s),
        _ => Err(e("int_type", "Input should be a valid integer")),
    }
}
pub fn float_from_str(s: &str) -> Result<f64, Invalid> {
    s.trim()
        .parse()
        .map_err(|_| e("float_parsing", "Input should be a valid number, unable to parse string as a number"))
}
pub fn float_from_json(v: &Value) -> Result<f64, Invalid> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| e("float_type", "x")),
        Value::String(s) => float_from_str(s),
        _ => Err(e("float_type", "Input should be a valid number")),
    }
}
pub fn bool_from_str(s: &str) -> Result<bool, Invalid> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "on" | "true" | "yes" | "y" | "t" => Ok(true),
        "0" | "off" | "false" | "no" | "n" | "f" => Ok(false),
        _ => Err(e("bool_parsing", "Input should be a valid boolean, unable to interpret input")),
    }
}
pub fn bool_from_json(v: &Value) -> Result<bool, Invalid> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => bool_from_str(s),
        _ => Err(e("bool_type", "Input should be a valid boolean")),
    }
}
pub fn str_from_json(v: &Value) -> Result<String, Invalid> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(e("string_type", "Input should be a valid string")),
    }
}
pub fn uuid_from_str(s: &str) -> Result<uuid::Uuid, Invalid> {
    uuid::Uuid::parse_str(s).map_err(|x| {
        Invalid::new("uuid_parsing", format!("Input should be a valid UUID, {x}")).with_ctx("error", x.to_string())
    })
}
pub fn uuid_from_json(v: &Value) -> Result<uuid::Uuid, Invalid> {
    match v {
        Value::String(s) => uuid_from_str(s),
        _ => Err(e("uuid_type", "x")),
    }
}
pub fn datetime_from_str(s: &str) -> Result<crate::types::DateTime, Invalid> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map(crate::types::DateTime::from)
        .map_err(|_| e("datetime_from_date_parsing", "x"))
}
pub fn datetime_from_json(v: &Value) -> Result<crate::types::DateTime, Invalid> {
    match v {
        Value::String(s) => datetime_from_str(s),
        _ => Err(e("datetime_type", "x")),
    }
}
pub fn date_from_str(s: &str) -> Result<chrono::NaiveDate, Invalid> {
    s.parse().map_err(|_| e("date_parsing", "x"))
}
pub fn date_from_json(v: &Value) -> Result<chrono::NaiveDate, Invalid> {
    match v {
        Value::String(s) => date_from_str(s),
        _ => Err(e("date_type", "x")),
    }
}
pub fn time_from_str(s: &str) -> Result<chrono::NaiveTime, Invalid> {
    s.parse().map_err(|_| e("time_parsing", "x"))
}
pub fn time_from_json(v: &Value) -> Result<chrono::NaiveTime, Invalid> {
    match v {
        Value::String(s) => time_from_str(s),
        _ => Err(e("time_type", "x")),
    }
}
pub fn timedelta_from_str(_s: &str) -> Result<chrono::TimeDelta, Invalid> {
    Err(e("time_delta_parsing", "x"))
}
pub fn timedelta_from_json(v: &Value) -> Result<chrono::TimeDelta, Invalid> {
    match v {
        Value::Number(n) => Ok(chrono::TimeDelta::seconds(n.as_i64().unwrap_or(0))),
        _ => Err(e("time_delta_type", "x")),
    }
}
