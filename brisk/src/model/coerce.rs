//! pydantic 2's lax-mode coercion of single values, with pydantic's error `type`, `msg` and
//! `ctx`.
//!
//! Each target type has two entry points: `*_from_str` for a value that arrived as text (a
//! path, query, header, cookie or form value, which pydantic receives as a Python `str`) and
//! `*_from_json` for a value of a JSON body. FastAPI decodes a body with `json.loads` and
//! validates the result with `validate_python`, so the JSON functions follow pydantic-core's
//! *Python* input rules applied to what `json.loads` produces (`str`, `int`, `float`, `bool`,
//! `None`, `list`, `dict`).
//!
//! Integers are `i64`: an integer pydantic would accept but that does not fit (a JSON number
//! above `i64::MAX`, a string of 20 digits) is reported as `int_parsing_size`.
//!
//! ```
//! use brisk::model::coerce::{bool_from_str, int_from_json, int_from_str};
//!
//! assert_eq!(int_from_str("42").ok(), Some(42)); // a query value
//! assert_eq!(int_from_json(&serde_json::json!(42.0)).ok(), Some(42)); // a JSON body's number
//! assert_eq!(bool_from_str("yes").ok(), Some(true));
//! assert_eq!(int_from_str("4.5").unwrap_err().kind, "int_parsing");
//! ```

mod datetime;
mod duration;

pub use datetime::*;
pub use duration::*;

use serde_json::{Number, Value};

use crate::error::Invalid;

fn int_type() -> Invalid {
    Invalid::new("int_type", "Input should be a valid integer")
}

fn int_parsing() -> Invalid {
    Invalid::new("int_parsing", "Input should be a valid integer, unable to parse string as an integer")
}

/// pydantic's error for an integer too large to parse (here: too large for its type).
///
/// ```
/// assert_eq!(brisk::model::coerce::int_parsing_size().kind, "int_parsing_size");
/// ```
pub fn int_parsing_size() -> Invalid {
    Invalid::new("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size")
}

fn float_parsing() -> Invalid {
    Invalid::new("float_parsing", "Input should be a valid number, unable to parse string as a number")
}

fn bool_type() -> Invalid {
    Invalid::new("bool_type", "Input should be a valid boolean")
}

fn bool_parsing() -> Invalid {
    Invalid::new("bool_parsing", "Input should be a valid boolean, unable to interpret input")
}

/// An integer as pydantic holds it (a Python `int` has no size limit): within `i128`, or
/// beyond it as its decimal digits. Constraints are checked on it exactly
/// ([`Constraints::check_int`](super::Constraints::check_int)) before it is narrowed to
/// the declared Rust type, so `10**30` against `le=100` is `less_than_equal`, as in
/// pydantic, and only a value within every bound but outside the type is refused for its
/// size.
///
/// ```
/// use brisk::model::coerce::{WideInt, wide_int_from_str};
///
/// assert_eq!(wide_int_from_str("42").unwrap(), WideInt::Int(42));
/// let huge = wide_int_from_str("-1000000000000000000000000000000000000000").unwrap();
/// assert!(matches!(huge, WideInt::Huge { negative: true, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WideInt {
    /// A value within `i128`.
    Int(i128),
    /// A value beyond `i128`: its sign and its decimal digits (no sign, no leading zero).
    Huge {
        /// True below zero.
        negative: bool,
        /// The digits of the absolute value.
        digits: String,
    },
}

impl WideInt {
    /// The remainder of the absolute value divided by `d` (`d > 0`).
    pub fn rem(&self, d: u64) -> u128 {
        let d = u128::from(d);
        match self {
            WideInt::Int(i) => i.unsigned_abs() % d,
            WideInt::Huge { digits, .. } => {
                digits.bytes().fold(0u128, |acc, c| (acc * 10 + u128::from(c.wrapping_sub(b'0'))) % d)
            }
        }
    }

    /// The nearest float.
    pub fn to_f64(&self) -> f64 {
        match self {
            WideInt::Int(i) => *i as f64,
            WideInt::Huge { negative, digits } => {
                let f: f64 = digits.parse().unwrap_or(f64::INFINITY);
                if *negative { -f } else { f }
            }
        }
    }

    /// The value as `T`, when it fits.
    pub fn narrow<T: TryFrom<i128>>(&self) -> Option<T> {
        match self {
            WideInt::Int(i) => T::try_from(*i).ok(),
            WideInt::Huge { .. } => None,
        }
    }

    /// Reads validated JSON-integer text (`-?[1-9][0-9]*` or `0`) beyond `i128`.
    fn huge(s: &str) -> WideInt {
        let negative = s.starts_with('-');
        WideInt::Huge { negative, digits: s.trim_start_matches('-').to_owned() }
    }
}

/// How a string reads as a JSON integer (jiter's `NumberInt::try_from`, which pydantic uses).
enum JsonInt {
    Int(i128),
    /// A valid integer outside `i128`: pydantic keeps it as a Python `int`.
    Big,
    /// More than 4,300 digits, Python's limit for `int(str)`.
    TooLong,
    Invalid,
}

/// Parses `s` as a whole JSON integer: an optional `-`, then `0` or digits not starting with
/// `0`; nothing else (no `+`, no spaces, no fraction).
fn json_int(s: &str) -> JsonInt {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    match digits {
        [b'0'] => return JsonInt::Int(0),
        [b'0', ..] | [] => return JsonInt::Invalid,
        _ => {}
    }
    let run = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    if run > 4300 {
        return JsonInt::TooLong;
    }
    if run != digits.len() {
        return JsonInt::Invalid;
    }
    let negative = digits.len() != b.len();
    // Accumulated towards the sign so that i128::MIN is representable.
    let mut v: i128 = 0;
    for &c in digits {
        let d = i128::from(c - b'0');
        let next = v.checked_mul(10).and_then(|x| if negative { x.checked_sub(d) } else { x.checked_add(d) });
        match next {
            Some(x) => v = x,
            None => return JsonInt::Big,
        }
    }
    JsonInt::Int(v)
}

/// A plain decimal of at most 18 digits (an optional `-`, no leading zero): the common
/// case of [`wide_int_from_str`], read without its general steps (which give the same
/// value for it). `None` for anything else.
#[inline]
pub(crate) fn plain_i64(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (negative, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 || (digits[0] == b'0' && digits.len() > 1) {
        return None;
    }
    let mut v: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + i64::from(d);
    }
    Some(if negative { -v } else { v })
}

/// Strips `_` digit separators placed as Python allows them (not leading, trailing or
/// doubled); `None` when there is nothing (valid) to strip.
fn strip_underscores(s: &str) -> Option<String> {
    if s.starts_with('_') || s.ends_with('_') || !s.contains('_') || s.contains("__") {
        None
    } else {
        Some(s.replace('_', ""))
    }
}

/// Strips leading zeros, keeping one before a `.` or when the number is all zeros; `None`
/// when `s` does not start like a number.
fn strip_leading_zeros(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '0')) => {}
        Some((_, c)) if c.is_ascii_digit() || c == '-' => return Some(s),
        _ => return None,
    }
    for (i, c) in chars {
        match c {
            '0' | '_' => {}
            '1'..='9' | '-' => return Some(&s[i..]),
            '.' => return Some(&s[i - 1..]),
            _ => return None,
        }
    }
    Some(&s[s.len() - 1..])
}

/// pydantic's second chance for an integer string: trims whitespace, a leading `+`, leading
/// zeros, a `.000` fraction and `_` separators. `None` when nothing changed or the string
/// cannot be an integer.
fn clean_int_str(s: &str) -> Option<String> {
    let len_before = s.len();
    let mut s = s.trim();
    if let Some(rest) = s.strip_prefix('+') {
        if rest.starts_with('-') {
            return None;
        }
        s = rest;
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        if rest.starts_with(['-', '+']) {
            return None;
        }
        negative = true;
        s = rest;
    }
    s = strip_leading_zeros(s)?;
    if let Some(i) = s.find('.') {
        let fraction = &s[i + 1..];
        if !fraction.is_empty() && fraction.chars().all(|c| c == '0') {
            s = &s[..i];
        }
    }
    let sign = if negative { "-" } else { "" };
    if let Some(stripped) = strip_underscores(s) {
        return Some(format!("{sign}{stripped}"));
    }
    if len_before == s.len() {
        return None;
    }
    Some(format!("{sign}{s}"))
}

/// Parses an integer from a string as pydantic does (`str_as_int`): a JSON integer, or after
/// cleaning, `" 42 "`, `"+42"`, `"007"`, `"1_000"` and `"3.000"`, of any size. `"1.5"` and
/// `"1e3"` are `int_parsing`; more than 4,300 digits is `int_parsing_size`.
///
/// ```
/// use brisk::model::coerce::wide_int_from_str;
/// assert!(wide_int_from_str("1000000000000000000000000000000000000000000").is_ok());
/// assert!(wide_int_from_str("ten").is_err());
/// ```
pub fn wide_int_from_str(s: &str) -> Result<WideInt, Invalid> {
    match json_int(s) {
        JsonInt::Int(i) => return Ok(WideInt::Int(i)),
        JsonInt::Big => return Ok(WideInt::huge(s)),
        JsonInt::TooLong => return Err(int_parsing_size()),
        JsonInt::Invalid => {}
    }
    let cleaned = clean_int_str(s).ok_or_else(int_parsing)?;
    match json_int(&cleaned) {
        JsonInt::Int(i) => Ok(WideInt::Int(i)),
        JsonInt::Big => Ok(WideInt::huge(&cleaned)),
        _ => Err(int_parsing()),
    }
}

/// [`wide_int_from_str`] within `i64`: a larger value is `int_parsing_size`.
///
/// ```
/// use brisk::model::coerce::int_from_str;
/// assert_eq!(int_from_str(" 42 ").ok(), Some(42));
/// assert!(int_from_str("4.5").is_err());
/// ```
pub fn int_from_str(s: &str) -> Result<i64, Invalid> {
    wide_int_from_str(s).and_then(|w| w.narrow().ok_or_else(int_parsing_size))
}

/// pydantic's `float_as_int`: a float with no fractional part, within `i64`.
fn float_as_int(f: f64) -> Result<i64, Invalid> {
    if !f.is_finite() {
        Err(Invalid::new("finite_number", "Input should be a finite number"))
    } else if f % 1.0 != 0.0 {
        Err(Invalid::new("int_from_float", "Input should be a valid integer, got a number with a fractional part"))
    } else if (i64::MIN as f64) < f && f < (i64::MAX as f64) {
        Ok(f as i64)
    } else {
        Err(int_parsing_size())
    }
}

/// Validates an integer from a JSON body: integers; `true`/`false` as 1/0; floats with no
/// fractional part (`int_from_float` otherwise); strings as [`wide_int_from_str`]; anything
/// else is `int_type`.
///
/// ```
/// use brisk::model::coerce::wide_int_from_json;
/// assert!(wide_int_from_json(&serde_json::json!(7)).is_ok());
/// assert!(wide_int_from_json(&serde_json::json!([7])).is_err());
/// ```
pub fn wide_int_from_json(v: &Value) -> Result<WideInt, Invalid> {
    match v {
        Value::Bool(b) => Ok(WideInt::Int(i128::from(*b))),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Ok(WideInt::Int(i128::from(i))),
            (None, Some(u)) => Ok(WideInt::Int(i128::from(u))),
            (None, None) => float_as_int(number_f64(n)).map(|i| WideInt::Int(i128::from(i))),
        },
        Value::String(s) => wide_int_from_str(s),
        _ => Err(int_type()),
    }
}

/// [`wide_int_from_json`] within `i64`: a larger value is `int_parsing_size`.
///
/// ```
/// use brisk::model::coerce::int_from_json;
/// assert_eq!(int_from_json(&serde_json::json!(42)).ok(), Some(42));
/// assert_eq!(int_from_json(&serde_json::json!("42")).ok(), Some(42));
/// assert!(int_from_json(&serde_json::json!("x")).is_err());
/// ```
pub fn int_from_json(v: &Value) -> Result<i64, Invalid> {
    wide_int_from_json(v).and_then(|w| w.narrow().ok_or_else(int_parsing_size))
}

fn number_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// Parses a float from a string as pydantic does: Rust's `f64` grammar after trimming
/// whitespace (so `"inf"`, `"-Infinity"`, `"nan"`, `"1e3"`, `".5"` are numbers), then once
/// more with `_` separators removed.
///
/// ```
/// use brisk::model::coerce::float_from_str;
/// assert_eq!(float_from_str("1.5").ok(), Some(1.5));
/// assert!(float_from_str("one").is_err());
/// ```
pub fn float_from_str(s: &str) -> Result<f64, Invalid> {
    if let Ok(f) = s.trim().parse::<f64>() {
        return Ok(f);
    }
    strip_underscores(s).and_then(|x| x.parse::<f64>().ok()).ok_or_else(float_parsing)
}

/// Validates a float from a JSON body: numbers; `true`/`false` as 1.0/0.0; strings as
/// [`float_from_str`]; anything else is `float_type`.
///
/// ```
/// use brisk::model::coerce::float_from_json;
/// assert_eq!(float_from_json(&serde_json::json!(2)).ok(), Some(2.0));
/// assert!(float_from_json(&serde_json::json!(null)).is_err());
/// ```
pub fn float_from_json(v: &Value) -> Result<f64, Invalid> {
    match v {
        Value::Number(n) => Ok(number_f64(n)),
        Value::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => float_from_str(s),
        _ => Err(Invalid::new("float_type", "Input should be a valid number")),
    }
}

/// Parses a boolean from a string: `0`, `1`, and case-insensitively `f`, `n`, `no`, `off`,
/// `false`, `t`, `y`, `yes`, `on`, `true`. No trimming; anything else is `bool_parsing`.
///
/// ```
/// use brisk::model::coerce::bool_from_str;
/// assert_eq!(bool_from_str("yes").ok(), Some(true));
/// assert_eq!(bool_from_str("0").ok(), Some(false));
/// assert!(bool_from_str("maybe").is_err());
/// ```
pub fn bool_from_str(s: &str) -> Result<bool, Invalid> {
    const FALSE: [&str; 5] = ["f", "n", "no", "off", "false"];
    const TRUE: [&str; 5] = ["t", "y", "yes", "on", "true"];
    if s == "0" || FALSE.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        Ok(false)
    } else if s == "1" || TRUE.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        Ok(true)
    } else {
        Err(bool_parsing())
    }
}

fn int_as_bool(i: i64) -> Result<bool, Invalid> {
    match i {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(bool_parsing()),
    }
}

/// Validates a boolean from a JSON body: booleans; strings as [`bool_from_str`]; the numbers
/// 0 and 1 (also `0.0`, `1.0`), other whole numbers being `bool_parsing`; anything else
/// (including `0.5`) is `bool_type`.
///
/// ```
/// use brisk::model::coerce::bool_from_json;
/// assert_eq!(bool_from_json(&serde_json::json!(true)).ok(), Some(true));
/// assert!(bool_from_json(&serde_json::json!("maybe")).is_err());
/// ```
pub fn bool_from_json(v: &Value) -> Result<bool, Invalid> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => bool_from_str(s),
        Value::Number(n) => match n.as_i64() {
            Some(i) => int_as_bool(i),
            None => float_as_int(number_f64(n)).map_err(|_| bool_type()).and_then(int_as_bool),
        },
        _ => Err(bool_type()),
    }
}

/// Validates a string from a JSON body: only strings; numbers are not coerced
/// (`string_type`).
///
/// ```
/// use brisk::model::coerce::str_from_json;
/// assert_eq!(str_from_json(&serde_json::json!("a")).ok().as_deref(), Some("a"));
/// assert!(str_from_json(&serde_json::json!(1)).is_err());
/// ```
pub fn str_from_json(v: &Value) -> Result<String, Invalid> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(Invalid::new("string_type", "Input should be a valid string")),
    }
}

/// Parses a UUID with the `uuid` crate, as pydantic-core does (hyphenated, simple, braced
/// or `urn:uuid:` forms); a failure is `uuid_parsing` with the crate's message as `error`.
///
/// ```
/// use brisk::model::coerce::uuid_from_str;
/// assert!(uuid_from_str("a8098c1a-f86e-11da-bd1a-00112444be1e").is_ok());
/// assert!(uuid_from_str("not-a-uuid").is_err());
/// ```
pub fn uuid_from_str(s: &str) -> Result<uuid::Uuid, Invalid> {
    uuid::Uuid::parse_str(s).map_err(|e| {
        let error = e.to_string();
        Invalid::new("uuid_parsing", format!("Input should be a valid UUID, {error}")).with_ctx("error", error)
    })
}

/// Validates a UUID from a JSON body: strings as [`uuid_from_str`]; anything else is
/// `uuid_type`.
///
/// ```
/// use brisk::model::coerce::uuid_from_json;
/// assert!(uuid_from_json(&serde_json::json!("a8098c1a-f86e-11da-bd1a-00112444be1e")).is_ok());
/// assert!(uuid_from_json(&serde_json::json!(1)).is_err());
/// ```
pub fn uuid_from_json(v: &Value) -> Result<uuid::Uuid, Invalid> {
    match v {
        Value::String(s) => uuid_from_str(s),
        _ => Err(Invalid::new("uuid_type", "UUID input should be a string, bytes or UUID object")),
    }
}

/// The `{error}`-carrying errors of the date and time types: `kind`, `"{prefix}, {error}"`
/// and `ctx` `{"error": error}`.
fn with_error(kind: &'static str, prefix: &str, error: &str) -> Invalid {
    Invalid::new(kind, format!("{prefix}, {error}")).with_ctx("error", error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// (kind, msg) of an error.
    pub(super) fn err<T: std::fmt::Debug>(r: Result<T, Invalid>) -> (String, String) {
        let e = r.expect_err("expected an error");
        (e.kind.into_owned(), e.msg.into_owned())
    }

    pub(super) fn kind<T: std::fmt::Debug>(r: Result<T, Invalid>) -> String {
        err(r).0
    }

    #[test]
    fn plain_i64_agrees_with_wide_int_from_str() {
        let inputs = [
            "0",
            "-0",
            "5",
            "20",
            "-7",
            "007",
            "-01",
            "",
            "-",
            "+5",
            " 5",
            "5 ",
            "1_000",
            "1.0",
            "12a",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "\u{661}",
            "--1",
        ];
        for s in inputs {
            if let Some(i) = plain_i64(s) {
                assert!(matches!(wide_int_from_str(s), Ok(WideInt::Int(w)) if w == i128::from(i)), "{s:?}");
            }
        }
        assert_eq!(plain_i64("20"), Some(20));
        assert_eq!(plain_i64("-999999999999999999"), Some(-999_999_999_999_999_999));
        assert_eq!(plain_i64("007"), None);
        assert_eq!(plain_i64("1000000000000000000"), None);
    }

    #[test]
    fn int_from_str_accepts_what_pydantic_accepts() {
        for (s, want) in [
            ("42", 42),
            ("-42", -42),
            ("0", 0),
            ("-0", 0),
            (" 42 ", 42),
            ("\t7\n", 7),
            ("+5", 5),
            ("007", 7),
            ("-007", -7),
            ("00", 0),
            ("1_000", 1000),
            ("-1_000", -1000),
            ("3.0", 3),
            ("3.000", 3),
            ("-1.0", -1),
            ("00.0", 0),
            ("0_000", 0),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(int_from_str(s).ok(), Some(want), "{s:?}");
        }
    }

    #[test]
    fn int_from_str_errors() {
        let parsing = (
            "int_parsing".to_owned(),
            "Input should be a valid integer, unable to parse string as an integer".to_owned(),
        );
        for s in [
            "", " ", "abc", "1.5", "1e3", "3.", "0x10", "+-1", "--1", "-+1", "_1", "1_", "1__0", "inf", "NaN", "1 2",
            "- 1",
        ] {
            assert_eq!(err(int_from_str(s)), parsing, "{s:?}");
        }
        let size = (
            "int_parsing_size".to_owned(),
            "Unable to parse input string as an integer, exceeded maximum size".to_owned(),
        );
        assert_eq!(err(int_from_str(&"1".repeat(4301))), size);
        assert_eq!(err(int_from_str("9223372036854775808")), size);
        assert_eq!(kind(int_from_str(&format!("+{}", "1".repeat(4301)))), "int_parsing");
        assert_eq!(int_from_str(&"0".repeat(5000)).ok(), Some(0));
    }

    #[test]
    fn int_from_json_follows_python_input_rules() {
        assert_eq!(int_from_json(&json!(5)).ok(), Some(5));
        assert_eq!(int_from_json(&json!(true)).ok(), Some(1));
        assert_eq!(int_from_json(&json!(false)).ok(), Some(0));
        assert_eq!(int_from_json(&json!(3.0)).ok(), Some(3));
        assert_eq!(int_from_json(&json!(-2.0)).ok(), Some(-2));
        assert_eq!(int_from_json(&json!(" 12 ")).ok(), Some(12));
        assert_eq!(
            err(int_from_json(&json!(1.5))),
            ("int_from_float".into(), "Input should be a valid integer, got a number with a fractional part".into())
        );
        assert_eq!(kind(int_from_json(&json!(1e19))), "int_parsing_size");
        assert_eq!(kind(int_from_json(&json!(u64::MAX))), "int_parsing_size");
        for v in [json!(null), json!([1]), json!({"a": 1})] {
            assert_eq!(err(int_from_json(&v)), ("int_type".into(), "Input should be a valid integer".into()));
        }
        assert_eq!(kind(float_as_int(f64::INFINITY)), "finite_number");
    }

    #[test]
    fn float_from_str_cases() {
        for (s, want) in
            [("1.5", 1.5), (" 2 ", 2.0), ("-3", -3.0), ("1e3", 1000.0), (".5", 0.5), ("5.", 5.0), ("1_000.5", 1000.5)]
        {
            assert_eq!(float_from_str(s).ok(), Some(want), "{s:?}");
        }
        assert_eq!(float_from_str("inf").ok(), Some(f64::INFINITY));
        assert_eq!(float_from_str("-Infinity").ok(), Some(f64::NEG_INFINITY));
        assert!(float_from_str("nan").is_ok_and(f64::is_nan));
        for s in ["", "abc", "1,5", "1__0", "_1", " 1_0 "] {
            assert_eq!(
                err(float_from_str(s)),
                ("float_parsing".into(), "Input should be a valid number, unable to parse string as a number".into()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn float_from_json_cases() {
        assert_eq!(float_from_json(&json!(1.25)).ok(), Some(1.25));
        assert_eq!(float_from_json(&json!(3)).ok(), Some(3.0));
        assert_eq!(float_from_json(&json!(true)).ok(), Some(1.0));
        assert_eq!(float_from_json(&json!("2.5")).ok(), Some(2.5));
        for v in [json!(null), json!([]), json!({})] {
            assert_eq!(err(float_from_json(&v)), ("float_type".into(), "Input should be a valid number".into()));
        }
    }

    #[test]
    fn bool_from_str_cases() {
        for s in ["1", "t", "T", "true", "True", "TRUE", "y", "Y", "yes", "YES", "on", "On"] {
            assert_eq!(bool_from_str(s).ok(), Some(true), "{s:?}");
        }
        for s in ["0", "f", "F", "false", "False", "n", "N", "no", "NO", "off", "OFF"] {
            assert_eq!(bool_from_str(s).ok(), Some(false), "{s:?}");
        }
        for s in ["", "2", "00", " true", "true ", "tru", "yess", "-1", "1.0"] {
            assert_eq!(
                err(bool_from_str(s)),
                ("bool_parsing".into(), "Input should be a valid boolean, unable to interpret input".into()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn bool_from_json_cases() {
        assert_eq!(bool_from_json(&json!(true)).ok(), Some(true));
        assert_eq!(bool_from_json(&json!("off")).ok(), Some(false));
        assert_eq!(bool_from_json(&json!(1)).ok(), Some(true));
        assert_eq!(bool_from_json(&json!(0)).ok(), Some(false));
        assert_eq!(bool_from_json(&json!(1.0)).ok(), Some(true));
        assert_eq!(kind(bool_from_json(&json!(2))), "bool_parsing");
        assert_eq!(kind(bool_from_json(&json!(-1))), "bool_parsing");
        assert_eq!(kind(bool_from_json(&json!(2.0))), "bool_parsing");
        assert_eq!(kind(bool_from_json(&json!("maybe"))), "bool_parsing");
        assert_eq!(err(bool_from_json(&json!(0.5))), ("bool_type".into(), "Input should be a valid boolean".into()));
        for v in [json!(null), json!([true]), json!({})] {
            assert_eq!(kind(bool_from_json(&v)), "bool_type");
        }
    }

    #[test]
    fn str_from_json_cases() {
        assert_eq!(str_from_json(&json!("hi")).ok(), Some("hi".to_owned()));
        for v in [json!(1), json!(1.5), json!(true), json!(null), json!(["a"]), json!({})] {
            assert_eq!(err(str_from_json(&v)), ("string_type".into(), "Input should be a valid string".into()));
        }
    }

    #[test]
    fn uuid_cases() {
        let u = "a8098c1a-f86e-11da-bd1a-00112444be1e";
        assert_eq!(uuid_from_str(u).map(|x| x.to_string()).ok(), Some(u.to_owned()));
        assert!(uuid_from_str("a8098c1af86e11dabd1a00112444be1e").is_ok());
        assert!(uuid_from_json(&json!("{a8098c1a-f86e-11da-bd1a-00112444be1e}")).is_ok());
        let e = uuid_from_str("not-a-uuid").expect_err("invalid");
        assert_eq!(e.kind, "uuid_parsing");
        assert_eq!(e.msg, "Input should be a valid UUID, invalid character: found `n` at 0");
        assert_eq!(serde_json::to_value(&e.ctx).ok(), Some(json!({"error": "invalid character: found `n` at 0"})));
        assert_eq!(err(uuid_from_str("123")).1, "Input should be a valid UUID, invalid length: found 3");
        assert_eq!(
            err(uuid_from_json(&json!(12))),
            ("uuid_type".into(), "UUID input should be a string, bytes or UUID object".into())
        );
    }
}
