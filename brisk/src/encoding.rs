//! FastAPI's `jsonable_encoder`: any serializable value to plain JSON data.
//!
//! brisk's types serialize the way FastAPI encodes them (datetimes as ISO 8601 strings,
//! timedeltas as float seconds, UUIDs as strings, floats keep their `.0`), so encoding is
//! serialization into a `serde_json::Value`.
//!
//! ```
//! use brisk::jsonable_encoder;
//! use brisk::types::TimeDelta;
//!
//! let took = TimeDelta(chrono::TimeDelta::seconds(90));
//! assert_eq!(jsonable_encoder(&(2.0f64, took)), serde_json::json!([2.0, 90.0]));
//! ```

use serde::Serialize;
use serde_json::Value;

/// Converts `value` to JSON-compatible data, as FastAPI's `jsonable_encoder` does.
///
/// A value that cannot be represented in JSON (a map with non-string keys, say) becomes
/// `null`.
///
/// ```
/// use brisk::jsonable_encoder;
/// let v = jsonable_encoder(&(1.0f64, "a", Some(uuid::Uuid::nil())));
/// assert_eq!(v.to_string(), r#"[1.0,"a","00000000-0000-0000-0000-000000000000"]"#);
/// ```
pub fn jsonable_encoder<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Writes JSON data as Python's `json.dumps` does with its defaults: `", "` and `": "`
/// separators, every character outside printable ASCII escaped (`ensure_ascii`), floats as
/// Python's `repr` writes them (`1e+16`, `1e-05`). FastAPI encodes data this way where it
/// has no model to serialize it with (unannotated stream items, say).
///
/// ```
/// use brisk::encoding::json_dumps;
/// let v = serde_json::json!({"name": "Zoë", "price": 1e16, "tags": [1, 2.5]});
/// assert_eq!(json_dumps(&v), r#"{"name": "Zo\u00eb", "price": 1e+16, "tags": [1, 2.5]}"#);
/// ```
pub fn json_dumps(value: &Value) -> String {
    let mut out = String::new();
    write_dumps(&mut out, value, false);
    out
}

/// [`json_dumps`] safe inside an HTML `<script>` (FastAPI's `_html_safe_json`): `<`, `>`
/// and `&` escaped too, so the text cannot close the script.
///
/// ```
/// let text = brisk::encoding::json_dumps_html(&serde_json::json!({"a": "</script>"}));
/// assert_eq!(text, r#"{"a": "\u003c/script\u003e"}"#);
/// ```
pub fn json_dumps_html(value: &Value) -> String {
    let mut out = String::new();
    write_dumps(&mut out, value, true);
    out
}

/// What Python's `quote(url, safe=":/%#?=@[]!$&'()*+,;")` leaves alone — letters, digits,
/// `_.-~` and that safe set: how Starlette quotes the URLs it redirects to.
///
/// ```
/// let quoted = percent_encoding::utf8_percent_encode("/files/a b/é?x=1", brisk::encoding::QUOTE_SAFE).to_string();
/// assert_eq!(quoted, "/files/a%20b/%C3%A9?x=1");
/// ```
pub const QUOTE_SAFE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'%')
    .remove(b'#')
    .remove(b'?')
    .remove(b'=')
    .remove(b'@')
    .remove(b'[')
    .remove(b']')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';');

fn write_dumps(out: &mut String, value: &Value, html: bool) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&python_float_repr(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => write_dumps_string(out, s, html),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_dumps(out, item, html);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_dumps_string(out, k, html);
                out.push_str(": ");
                write_dumps(out, v, html);
            }
            out.push('}');
        }
    }
}

fn write_dumps_string(out: &mut String, s: &str, html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c @ ' '..='~' if !(html && matches!(c, '<' | '>' | '&')) => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// A float as Python's `repr`: the shortest digits that read back the same, positional
/// for exponents from -4 to 15 (with `.0` when whole), scientific (`1e+16`) otherwise.
fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's `{:e}` writes the shortest round-trip digits: `d.ddde[-]x`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (int, frac) = digits.split_at((exp + 1) as usize);
            format!("{int}.{frac}")
        };
        return format!("{sign}{body}");
    }
    let (first, rest) = digits.split_at(1);
    let mantissa = if rest.is_empty() { first.to_owned() } else { format!("{first}.{rest}") };
    let esign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{esign}{:02}", exp.abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_keep_their_fraction_and_options_become_null() {
        assert_eq!(jsonable_encoder(&10.0f64).to_string(), "10.0");
        assert_eq!(jsonable_encoder(&None::<i32>), json!(null));
        let mut m = std::collections::BTreeMap::new();
        m.insert("a", vec![1, 2]);
        assert_eq!(jsonable_encoder(&m), json!({"a": [1, 2]}));
    }
    #[test]
    fn dumps_as_python() {
        let v = json!({"a": [1, -2, 2.5, "x\u{e9}\u{1f600}\n\u{7f}"], "b": null, "c": true});
        assert_eq!(json_dumps(&v), r#"{"a": [1, -2, 2.5, "x\u00e9\ud83d\ude00\n\u007f"], "b": null, "c": true}"#);
        let cases = [
            (1.0, "1.0"),
            (32.99, "32.99"),
            (-0.5, "-0.5"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.25e-7, "1.25e-07"),
            (123456.789, "123456.789"),
            (1e300, "1e+300"),
            (-0.0, "-0.0"),
        ];
        for (f, want) in cases {
            assert_eq!(python_float_repr(f), want, "{f}");
        }
    }
}
