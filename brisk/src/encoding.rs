//! FastAPI's `jsonable_encoder`: any serializable value to plain JSON data.
//!
//! brisk's types serialize the way FastAPI encodes them (datetimes as ISO 8601 strings,
//! timedeltas as float seconds, UUIDs as strings, floats keep their `.0`), so encoding is
//! serialization into a `serde_json::Value`.

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
}
