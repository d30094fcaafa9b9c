//! Validation and schemas of brisk's own value types (`Base64Bytes`, `Decimal`,
//! `HttpUrl`, `EmailStr`): pydantic's rules for `bytes` in base64, `Decimal`, `HttpUrl`
//! and `EmailStr`.

use serde_json::{Value, json};

use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::types::{Base64Bytes, EmailStr, HttpUrl};

use super::{Constrained, Constraints, JsonSchema, SchemaGenerator, Validate, record};

impl Validate for Base64Bytes {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        match v {
            Value::String(s) => match Base64Bytes::decode(s) {
                Ok(b) => Some(b),
                Err(e) => record(e, v.clone(), loc, errors),
            },
            _ => record(Invalid::new("bytes_type", "Input should be a valid bytes"), v.clone(), loc, errors),
        }
    }
}

impl JsonSchema for Base64Bytes {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string", "contentEncoding": "base64", "contentMediaType": "application/octet-stream"})
    }
}

impl Constrained for Base64Bytes {}

impl Validate for HttpUrl {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        match v {
            Value::String(s) => Self::validate_str(s, &Constraints::NONE, loc, errors),
            _ => record(Invalid::new("url_type", "URL input should be a string or URL"), v.clone(), loc, errors),
        }
    }
    fn validate_str(s: &str, _: &Constraints, loc: &mut Vec<LocItem>, errors: &mut ValidationErrors) -> Option<Self> {
        match HttpUrl::parse(s) {
            Ok(u) => Some(u),
            Err(e) => record(e, Value::String(s.to_owned()), loc, errors),
        }
    }
}

impl JsonSchema for HttpUrl {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string", "format": "uri", "minLength": 1, "maxLength": crate::types::url::MAX_LENGTH})
    }
}

impl Constrained for HttpUrl {}

impl Validate for EmailStr {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        match v {
            Value::String(s) => Self::validate_str(s, &Constraints::NONE, loc, errors),
            _ => record(Invalid::new("string_type", "Input should be a valid string"), v.clone(), loc, errors),
        }
    }
    fn validate_str(s: &str, _: &Constraints, loc: &mut Vec<LocItem>, errors: &mut ValidationErrors) -> Option<Self> {
        match EmailStr::parse(s) {
            Ok(e) => Some(e),
            Err(e) => record(e, Value::String(s.to_owned()), loc, errors),
        }
    }
}

impl JsonSchema for EmailStr {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        json!({"type": "string", "format": "email"})
    }
}

impl Constrained for EmailStr {}
