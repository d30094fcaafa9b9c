//! Uploaded files as parameters: `UploadFile` takes a file part, `FileBytes` its bytes
//! (or a text field's), as FastAPI's `UploadFile` and `bytes = File()`.

use serde_json::{Value, json};

use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::upload::{FileBytes, UploadFile};

use super::{Constrained, Constraints, JsonSchema, SchemaGenerator, Validate, record};

/// pydantic's error for a text value where a file is expected (the input is a `str`).
fn not_a_file(v: &Value, loc: &[LocItem], errors: &mut ValidationErrors) -> Option<UploadFile> {
    let received = match v {
        Value::String(_) => "str",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::Bool(_) => "bool",
        Value::Null => "NoneType",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    };
    record(
        Invalid::new("value_error", format!("Value error, Expected UploadFile, received: <class '{received}'>"))
            .with_ctx("error", json!({})),
        v.clone(),
        loc,
        errors,
    )
}

impl Validate for UploadFile {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        not_a_file(v, loc, errors)
    }

    fn validate_files(
        files: Vec<UploadFile>,
        _: &Constraints,
        _: &mut Vec<LocItem>,
        _: &mut ValidationErrors,
    ) -> Option<Self> {
        files.into_iter().last()
    }
}

impl Validate for FileBytes {
    /// Text is taken as its UTF-8 bytes, as pydantic's `bytes` does.
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        match v {
            Value::String(s) => Some(FileBytes(s.as_bytes().to_vec())),
            v => record(Invalid::new("bytes_type", "Input should be a valid bytes"), v.clone(), loc, errors),
        }
    }

    fn validate_files(
        files: Vec<UploadFile>,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let file = files.into_iter().last()?;
        match file.read_for_validation() {
            Ok(data) => Some(FileBytes(data)),
            Err(e) => {
                tracing::error!(error = %e, "reading a spooled upload failed");
                record(
                    Invalid::new("value_error", "Value error, the uploaded file could not be read"),
                    Value::Null,
                    loc,
                    errors,
                )
            }
        }
    }
}

/// How FastAPI documents a file: a binary string.
fn file_schema() -> Value {
    json!({"type": "string", "contentMediaType": "application/octet-stream"})
}

impl JsonSchema for UploadFile {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        file_schema()
    }
}

impl JsonSchema for FileBytes {
    fn json_schema(_: &mut SchemaGenerator) -> Value {
        file_schema()
    }
}

impl Constrained for UploadFile {}
impl Constrained for FileBytes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_where_a_file_is_expected() {
        let mut errors = ValidationErrors::new();
        let loc = vec![LocItem::Key("body".into()), LocItem::Key("file".into())];
        assert!(UploadFile::validate_str("abc", &Constraints::NONE, &mut loc.clone(), &mut errors).is_none());
        let e = &errors.errors()[0];
        assert_eq!(e.msg, "Value error, Expected UploadFile, received: <class 'str'>");
        assert_eq!(e.input, json!("abc"));
        let b = FileBytes::validate_str("abc", &Constraints::NONE, &mut loc.clone(), &mut errors).unwrap();
        assert_eq!(&*b, b"abc");
        assert!(FileBytes::validate_json(&json!(1), &Constraints::NONE, &mut loc.clone(), &mut errors).is_none());
        assert_eq!(errors.errors()[1].kind, "bytes_type");
    }
}
