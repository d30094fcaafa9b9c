//! Where a body that is not JSON breaks, and what Python's `json` module says there
//! (FastAPI's `json_invalid`: `loc` `["body", pos]`, `ctx.error` the message).
//!
//! serde_json parses bodies; it only says that, and roughly where, a body is not JSON.
//! Python's decoder reads numbers by a regular expression that stops early (`1.` is `1`
//! then an unexpected `.`), names what it expected at that point (a property name, a `:`,
//! a `,`, a value) and counts code points, so its verdict is found by walking the text as
//! its decoder (CPython 3.11's `_json` scanner, strict mode) does. This walk only locates
//! an error: it builds no value.

use super::JsonError;

/// How deep the walk follows nested arrays and objects before giving up (serde_json
/// refuses deeper bodies anyway).
const MAX_DEPTH: usize = 256;

/// The error Python's `json.loads` raises for `input`, a body serde_json refused with `e`.
///
/// ```
/// let input = br#"{"a": }"#;
/// let e = serde_json::from_slice::<serde_json::Value>(input).unwrap_err();
/// let error = brisk::request::python_json_error(input, &e);
/// assert_eq!((error.msg.as_str(), error.pos), ("Expecting value", 6));
/// ```
pub fn python_json_error(input: &[u8], e: &serde_json::Error) -> JsonError {
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    let text: Vec<char> = String::from_utf8_lossy(input).chars().collect();
    match loads(&text) {
        Err((msg, pos)) => JsonError { pos, msg: msg.to_owned() },
        // What Python reads but serde_json refuses (a `NaN` literal, a lone surrogate,
        // nesting past serde_json's limit): located by serde_json.
        Ok(()) => serde_located(&text, e),
    }
}

type Walk = Result<usize, (&'static str, usize)>;

/// `json.loads`: a value, then nothing but white space.
fn loads(s: &[char]) -> Result<(), (&'static str, usize)> {
    let start = ws(s, 0);
    let end = match value(s, start, 0) {
        Ok(end) => end,
        Err(("", at)) => return Err(("Expecting value", at)),
        Err(e) => return Err(e),
    };
    let end = ws(s, end);
    if end != s.len() { Err(("Extra data", end)) } else { Ok(()) }
}

/// Skips JSON white space.
fn ws(s: &[char], mut i: usize) -> usize {
    while i < s.len() && matches!(s[i], ' ' | '\t' | '\n' | '\r') {
        i += 1;
    }
    i
}

fn starts_with(s: &[char], i: usize, word: &str) -> bool {
    word.chars().enumerate().all(|(k, c)| s.get(i + k) == Some(&c))
}

/// `scan_once`: the end of the value at `i`; `Err(("", i))` is its `StopIteration`
/// (no value starts there), which the caller words as `Expecting value`.
fn value(s: &[char], i: usize, depth: usize) -> Walk {
    if depth > MAX_DEPTH {
        return Ok(s.len());
    }
    let Some(&c) = s.get(i) else { return Err(("", i)) };
    match c {
        '"' => string(s, i + 1),
        '{' => object(s, i + 1, depth + 1),
        '[' => array(s, i + 1, depth + 1),
        _ => {
            for word in ["null", "true", "false", "NaN", "Infinity", "-Infinity"] {
                if starts_with(s, i, word) {
                    return Ok(i + word.chars().count());
                }
            }
            number(s, i).ok_or(("", i))
        }
    }
}

/// The end of the number at `i` by Python's `(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?`.
fn number(s: &[char], i: usize) -> Option<usize> {
    let digits = |from: usize| (from..s.len()).take_while(|&k| s[k].is_ascii_digit()).count();
    let mut k = i + usize::from(s.get(i) == Some(&'-'));
    match s.get(k) {
        Some('0') => k += 1,
        Some('1'..='9') => k += digits(k),
        _ => return None,
    }
    if s.get(k) == Some(&'.') && digits(k + 1) > 0 {
        k += 1 + digits(k + 1);
    }
    if matches!(s.get(k), Some('e' | 'E')) {
        let sign = usize::from(matches!(s.get(k + 1), Some('+' | '-')));
        let n = digits(k + 1 + sign);
        if n > 0 {
            k += 1 + sign + n;
        }
    }
    Some(k)
}

/// `scanstring` from just after the opening quote at `i - 1`.
fn string(s: &[char], i: usize) -> Walk {
    let begin = i - 1;
    let mut k = i;
    loop {
        let Some(&c) = s.get(k) else { return Err(("Unterminated string starting at", begin)) };
        match c {
            '"' => return Ok(k + 1),
            c if (c as u32) < 0x20 => return Err(("Invalid control character at", k)),
            '\\' => {
                let Some(&e) = s.get(k + 1) else { return Err(("Unterminated string starting at", begin)) };
                if e != 'u' {
                    if !"\"\\/bfnrt".contains(e) {
                        return Err(("Invalid \\escape", k));
                    }
                    k += 2;
                    continue;
                }
                let high = hex4(s, k + 2).ok_or(("Invalid \\uXXXX escape", k + 1))?;
                k += 6;
                // A high surrogate takes the `\uXXXX` after it, when there is room for one.
                if (0xD800..0xDC00).contains(&high) && k + 6 < s.len() && s[k] == '\\' && s[k + 1] == 'u' {
                    hex4(s, k + 2).ok_or(("Invalid \\uXXXX escape", k + 1))?;
                    k += 6;
                }
            }
            _ => k += 1,
        }
    }
}

/// The four hex digits at `i` (which must leave a character after them, as CPython
/// requires), as a number.
fn hex4(s: &[char], i: usize) -> Option<u32> {
    if i + 4 >= s.len() {
        return None;
    }
    s[i..i + 4].iter().try_fold(0u32, |n, c| c.to_digit(16).map(|d| n * 16 + d))
}

/// `JSONObject` from just after `{`.
fn object(s: &[char], i: usize, depth: usize) -> Walk {
    let mut k = ws(s, i);
    if s.get(k) == Some(&'}') {
        return Ok(k + 1);
    }
    loop {
        if s.get(k) != Some(&'"') {
            return Err(("Expecting property name enclosed in double quotes", k));
        }
        k = ws(s, string(s, k + 1)?);
        if s.get(k) != Some(&':') {
            return Err(("Expecting ':' delimiter", k));
        }
        k = ws(s, k + 1);
        k = ws(s, expecting_value(value(s, k, depth))?);
        match s.get(k) {
            Some('}') => return Ok(k + 1),
            Some(',') => k = ws(s, k + 1),
            _ => return Err(("Expecting ',' delimiter", k)),
        }
    }
}

/// `JSONArray` from just after `[`.
fn array(s: &[char], i: usize, depth: usize) -> Walk {
    let mut k = ws(s, i);
    if s.get(k) == Some(&']') {
        return Ok(k + 1);
    }
    loop {
        k = ws(s, expecting_value(value(s, k, depth))?);
        match s.get(k) {
            Some(']') => return Ok(k + 1),
            Some(',') => k = ws(s, k + 1),
            _ => return Err(("Expecting ',' delimiter", k)),
        }
    }
}

/// A value's `StopIteration` inside an array or object: `Expecting value`.
fn expecting_value(w: Walk) -> Walk {
    w.map_err(|(msg, at)| (if msg.is_empty() { "Expecting value" } else { msg }, at))
}

/// serde_json's own location of the error, in code points, as `Expecting value`.
fn serde_located(text: &[char], e: &serde_json::Error) -> JsonError {
    let (line, col) = (e.line(), e.column());
    let mut pos = 0;
    let mut current = 1;
    for (k, &c) in text.iter().enumerate() {
        if current == line {
            pos = k + col.saturating_sub(1);
            break;
        }
        if c == '\n' {
            current += 1;
        }
    }
    JsonError { pos: pos.min(text.len()), msg: "Expecting value".to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> JsonError {
        let e = serde_json::from_str::<serde_json::Value>(s).unwrap_err();
        python_json_error(s.as_bytes(), &e)
    }

    #[test]
    fn json_errors_read_like_python() {
        assert_eq!(
            err("{some broken json}"),
            JsonError { pos: 1, msg: "Expecting property name enclosed in double quotes".into() }
        );
        assert_eq!(err("{\"a\" 1}").msg, "Expecting ':' delimiter");
        assert_eq!(err("[1 2]").msg, "Expecting ',' delimiter");
        assert_eq!(err("nope").msg, "Expecting value");
        assert_eq!(err("{} x").msg, "Extra data");
        // Read by Python, refused by serde_json.
        assert_eq!(err("[NaN]"), JsonError { pos: 1, msg: "Expecting value".into() });
    }

    /// Python 3.11's `json.loads` on each input (the oracle's interpreter): its message
    /// and character offset, as FastAPI puts them in `json_invalid`.
    #[test]
    fn json_errors_match_pythons_on_a_table() {
        let table: &[(&str, &str, usize)] = &[
            ("{\"a\": 1", "Expecting ',' delimiter", 7),
            ("{", "Expecting property name enclosed in double quotes", 1),
            ("[1,", "Expecting value", 3),
            ("{\"a\": 1} x", "Extra data", 9),
            (" ", "Expecting value", 1),
            ("{\"a\": 1}\n\n{", "Extra data", 10),
            ("nul", "Expecting value", 0),
            ("{\"a\": 1,}", "Expecting property name enclosed in double quotes", 8),
            ("{'a': 1}", "Expecting property name enclosed in double quotes", 1),
            ("\"\\x\"", "Invalid \\escape", 1),
            ("{\"a\":\n 1,\n \"b\"", "Expecting ':' delimiter", 14),
            ("[1, 2", "Expecting ',' delimiter", 5),
            ("{\"a\" 1}", "Expecting ':' delimiter", 5),
            ("{\"a\": 01}", "Expecting ',' delimiter", 7),
            ("\u{0}", "Expecting value", 0),
            ("[1,]", "Expecting value", 3),
            ("[", "Expecting value", 1),
            ("]", "Expecting value", 0),
            ("}", "Expecting value", 0),
            ("{\"a\"", "Expecting ':' delimiter", 4),
            ("{\"a\":", "Expecting value", 5),
            ("{\"a\": }", "Expecting value", 6),
            ("\"abc", "Unterminated string starting at", 0),
            ("{\"a\": \"b", "Unterminated string starting at", 6),
            ("\"a\tb\"", "Invalid control character at", 2),
            ("\"\\u12\"", "Invalid \\uXXXX escape", 2),
            ("\"\\u12zz\"", "Invalid \\uXXXX escape", 2),
            ("tru", "Expecting value", 0),
            ("True", "Expecting value", 0),
            ("NaNx", "Extra data", 3),
            ("-", "Expecting value", 0),
            ("-x", "Expecting value", 0),
            ("1.", "Extra data", 1),
            ("1e", "Extra data", 1),
            ("1.e5", "Extra data", 1),
            (".5", "Expecting value", 0),
            ("+1", "Expecting value", 0),
            ("[1 2]", "Expecting ',' delimiter", 3),
            ("{\"a\": 1 \"b\": 2}", "Expecting ',' delimiter", 8),
            ("{\"a\": [1, 2}", "Expecting ',' delimiter", 11),
            ("[{\"a\": 1]", "Expecting ',' delimiter", 8),
            ("é", "Expecting value", 0),
            ("\"é\" x", "Extra data", 4),
            ("{\"é\": 1,", "Expecting property name enclosed in double quotes", 8),
            ("[1, 2] ]", "Extra data", 7),
            ("{\"a\": 1}}", "Extra data", 8),
            ("01", "Extra data", 1),
            ("00", "Extra data", 1),
            ("1 2", "Extra data", 2),
            ("[] []", "Extra data", 3),
            ("{\"a\": \"\n\"}", "Invalid control character at", 7),
            ("{\"a\":\"\\", "Unterminated string starting at", 5),
            ("  {\"a\": 1", "Expecting ',' delimiter", 9),
            ("{\n  \"a\": 1,\n  \"b\": \n}", "Expecting value", 20),
            ("[1,\n]", "Expecting value", 4),
            ("{\"a\": true false}", "Expecting ',' delimiter", 11),
            ("[nul]", "Expecting value", 1),
            ("[1.5e]", "Expecting ',' delimiter", 4),
            ("{\"a\":-}", "Expecting value", 5),
            ("\"\\ud800", "Invalid \\uXXXX escape", 2),
            ("[\n1,\n2,\n", "Expecting value", 8),
            ("null null", "Extra data", 5),
            ("{\"😀\": 1, x}", "Expecting property name enclosed in double quotes", 9),
            ("\"😀\" 1", "Extra data", 4),
        ];
        let wrong: Vec<String> = table
            .iter()
            .filter_map(|&(input, msg, pos)| {
                let got = err(input);
                (got != JsonError { pos, msg: msg.into() })
                    .then(|| format!("{input:?}: {got:?}, Python: {msg} at {pos}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{} of {} differ:\n{}", wrong.len(), table.len(), wrong.join("\n"));
    }
}
