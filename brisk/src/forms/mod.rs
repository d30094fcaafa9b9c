//! Forms and file uploads (FastAPI's `Form`, `File`, `UploadFile`).
//!
//! A route with `#[form]` or `#[file]` parameters reads its body once, before extraction,
//! as `application/x-www-form-urlencoded` or `multipart/form-data` (other content types
//! give an empty form, so every required field is reported missing, as in FastAPI).
//! Multipart bodies are parsed as they stream in, by `multer`; files past 1 MiB are
//! spooled to a temporary file (see [`UploadFile`]). The number of parts and their sizes
//! are bounded by [`FormLimits`] (Starlette's defaults), and a body breaking a limit or
//! the multipart format gets Starlette's and FastAPI's 400.
//!
//! ```
//! use brisk::forms::{FileBytes, UploadFile};
//! use brisk::prelude::*;
//!
//! #[post("/files/")]
//! async fn create_file(#[file] file: FileBytes, #[file] fileb: UploadFile, #[form] token: String) -> Json<usize> {
//!     Json(file.len())
//! }
//! ```

mod multipart;

use std::borrow::Cow;

use serde_json::{Map, Value};

pub use crate::limits::FormLimits;
pub use crate::upload::{FileBytes, UploadFile, UploadReader};

use bytes::Bytes;

use crate::body::{Body, BodyError};
use crate::error::{LocItem, ValidationErrors};
use crate::model::{Constraints, Validate};

/// FastAPI's answer to a body it cannot parse.
const PARSE_ERROR: &str = "There was an error parsing the body";

/// One value of a parsed form.
///
/// ```
/// use brisk::Body;
/// use brisk::forms::{FormData, FormLimits, FormValue, parse};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let body = Body::full("tag=a&tag=b&name=Foo");
/// let (form, _raw) = parse("application/x-www-form-urlencoded", body, &FormLimits::new(), 1024).await.expect("a form");
/// let kinds: Vec<&str> = form.iter().map(|(_, v)| if matches!(v, FormValue::Text(_)) { "text" } else { "file" }).collect();
/// assert_eq!(kinds, ["text", "text", "text"]);
/// # }
/// ```
#[derive(Debug)]
pub enum FormValue {
    /// A text field.
    Text(String),
    /// A file part.
    File(UploadFile),
}

/// A parsed form: its fields in the order received (a name may repeat).
///
/// Routes read forms through `#[form]` parameters and form models; a middleware or a
/// service of your own can parse one with [`parse`]:
///
/// ```
/// use brisk::Body;
/// use brisk::forms::{FormData, FormLimits, FormValue, parse};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let body = Body::full("tag=a&tag=b&name=Foo");
/// let (form, _raw) = parse("application/x-www-form-urlencoded", body, &FormLimits::new(), 1024).await.expect("a form");
/// assert_eq!(form.texts("tag").collect::<Vec<_>>(), ["a", "b"]);
/// assert!(form.contains("name") && !form.contains("price"));
/// # let _ = FormData::default();
/// # }
/// ```
#[derive(Debug, Default)]
pub struct FormData {
    fields: Vec<(String, FormValue)>,
}

impl FormData {
    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FormValue)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// True when a field (text or file) named `name` was sent.
    pub fn contains(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// The text values of `name`, in order.
    pub fn texts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(k, _)| k == name).filter_map(|(_, v)| match v {
            FormValue::Text(t) => Some(t.as_str()),
            FormValue::File(_) => None,
        })
    }

    /// Takes the file parts named `name` out of the form.
    pub fn take_files(&mut self, name: &str) -> Vec<UploadFile> {
        let mut out = Vec::new();
        let mut rest = Vec::with_capacity(self.fields.len());
        for (k, v) in self.fields.drain(..) {
            match v {
                FormValue::File(f) if k == name => out.push(f),
                v => rest.push((k, v)),
            }
        }
        self.fields = rest;
        out
    }

    /// The object a form model validates, as FastAPI builds it: the model's fields first
    /// (a list field takes every value, others the last unless it is empty), then every other text field
    /// (a string, or a list when repeated), so `extra = "forbid"` sees them.
    fn model_input(&self, model: &[(&'static str, bool)]) -> Map<String, Value> {
        let mut obj = Map::new();
        for (name, list) in model {
            let values = self.texts(name).map(|v| Value::String(v.to_owned()));
            if *list {
                let all: Vec<Value> = values.collect();
                if !all.is_empty() {
                    obj.insert((*name).to_owned(), Value::Array(all));
                }
            } else if let Some(last) = values.last().filter(|v| v != "") {
                // An empty value is no value (FastAPI's `_get_multidict_value`).
                obj.insert((*name).to_owned(), last);
            }
        }
        for (key, _) in &self.fields {
            if obj.contains_key(key) || model.iter().any(|(f, _)| f == key) {
                continue;
            }
            let mut all: Vec<Value> = self.texts(key).map(|v| Value::String(v.to_owned())).collect();
            match all.len() {
                0 => {}
                1 => {
                    obj.insert(key.clone(), all.remove(0));
                }
                _ => {
                    obj.insert(key.clone(), Value::Array(all));
                }
            }
        }
        obj
    }
}

/// Why a form body was refused.
///
/// ```
/// use brisk::Body;
/// use brisk::forms::{FormError, FormLimits, parse};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let limits = FormLimits::new().max_fields(1);
/// let err = parse("application/x-www-form-urlencoded", Body::full("a=1&b=2"), &limits, 1024).await.unwrap_err();
/// assert!(matches!(err, FormError::Invalid(_)));
/// let err = parse("application/x-www-form-urlencoded", Body::full("a=1&b=2"), &FormLimits::new(), 3).await.unwrap_err();
/// assert!(matches!(err, FormError::TooLarge));
/// # }
/// ```
#[derive(Debug)]
pub enum FormError {
    /// 400 with this detail (a limit, or a malformed body).
    Invalid(Cow<'static, str>),
    /// The body is over the app's limit (413).
    TooLarge,
    /// A file is over [`FormLimits::max_file_size`] (413 with this detail).
    FileTooLarge(String),
    /// Spooling to a temporary file failed (500).
    Io(std::io::Error),
}

impl FormError {
    fn bad(msg: impl Into<Cow<'static, str>>) -> Self {
        FormError::Invalid(msg.into())
    }
}

/// Parses a request body as a form, by its content type: the form, and the raw body
/// when it was read whole (urlencoded). Other content types give an empty form.
///
/// ```
/// use brisk::Body;
/// use brisk::forms::{FormData, FormLimits, FormValue, parse};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let body = Body::full("tag=a&tag=b&name=Foo");
/// let (form, _raw) = parse("application/x-www-form-urlencoded", body, &FormLimits::new(), 1024).await.expect("a form");
/// assert_eq!(form.texts("name").next(), Some("Foo"));
/// # let _: FormData = form;
/// # }
/// ```
pub async fn parse(
    content_type: &str,
    body: Body,
    limits: &FormLimits,
    body_limit: usize,
) -> Result<(FormData, Option<Bytes>), FormError> {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => {
            let bytes = body.collect_limited(body_limit).await.map_err(|e| match e {
                BodyError::TooLarge => FormError::TooLarge,
                BodyError::Read(_) => FormError::bad(PARSE_ERROR),
            })?;
            let fields = parse_urlencoded(&bytes, limits)?;
            Ok((FormData { fields }, Some(bytes)))
        }
        "multipart/form-data" => {
            let stream = http_body_util::BodyExt::into_data_stream(body);
            let fields = multipart::parse(stream, content_type, limits, body_limit as u64).await?;
            Ok((FormData { fields }, None))
        }
        _ => Ok((FormData::default(), None)),
    }
}

/// Parses a urlencoded body with Starlette's bounds: at most `max_fields` fields, each
/// (name and value, still encoded) at most `max_part_size` bytes.
fn parse_urlencoded(bytes: &[u8], limits: &FormLimits) -> Result<Vec<(String, FormValue)>, FormError> {
    let mut out = Vec::new();
    for raw in bytes.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let size = raw.len() - usize::from(raw.contains(&b'='));
        if size > limits.max_part_size {
            return Err(FormError::bad(format!("Field exceeded maximum size of {}KB.", limits.max_part_size / 1024)));
        }
        if out.len() >= limits.max_fields {
            return Err(FormError::bad(format!("Too many fields. Maximum number of fields is {}.", limits.max_fields)));
        }
        if let Some((k, v)) = form_urlencoded::parse(raw).next() {
            out.push((k.into_owned(), FormValue::Text(v.into_owned())));
        }
    }
    Ok(out)
}

/// Reads a form model `T` (FastAPI's `Annotated[Model, Form()]`) from the parsed form:
/// its fields come from the form's fields, errors are located under `body`. An optional
/// model none of whose fields was sent is `None`.
#[doc(hidden)]
pub fn extract_model<T: Validate>(form: Option<&FormData>, errors: &mut ValidationErrors) -> Option<T> {
    let empty = FormData::default();
    let form = form.unwrap_or(&empty);
    let names = crate::model::field_names::FieldNames::of::<T>();
    if let Some(none) = T::when_absent()
        && !form.iter().any(|(k, _)| names.contains(k))
    {
        return Some(none);
    }
    let input = form.model_input(&names.as_sent(|name| form.contains(name)));
    let mut loc = vec![LocItem::Key("body".into())];
    T::validate_json(&Value::Object(input), &Constraints::NONE, &mut loc, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(k: &str, v: &str) -> (String, FormValue) {
        (k.to_owned(), FormValue::Text(v.to_owned()))
    }

    #[test]
    fn lookups_and_taking_files() {
        let file = UploadFile::from_bytes(Some("x"), None, "x");
        let mut f = FormData { fields: vec![text("a", "1"), text("a", "2"), ("f".into(), FormValue::File(file))] };
        assert_eq!(f.texts("a").collect::<Vec<_>>(), vec!["1", "2"]);
        assert!(f.contains("f") && !f.contains("g"));
        assert_eq!(f.take_files("f").len(), 1);
        assert!(f.take_files("f").is_empty() && !f.contains("f"));
        assert_eq!(f.iter().count(), 2);
    }

    #[test]
    fn model_input_puts_the_models_fields_first() {
        let f = FormData { fields: vec![text("token", "t"), text("tag", "a"), text("name", "x"), text("tag", "b")] };
        let obj = f.model_input(&[("name", false), ("tag", true), ("age", false)]);
        assert_eq!(serde_json::to_string(&obj).unwrap(), r#"{"name":"x","tag":["a","b"],"token":"t"}"#);
        let obj = f.model_input(&[("name", false)]);
        assert_eq!(Value::Object(obj), json!({"name": "x", "token": "t", "tag": ["a", "b"]}));
    }

    #[test]
    fn urlencoded_is_decoded_and_bounded() {
        let fields = parse_urlencoded(b"a=1&b=x+y&&c=%E2%98%83&d", &FormLimits::new()).unwrap();
        let got: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| match v {
                FormValue::Text(t) => (k.as_str(), t.as_str()),
                FormValue::File(_) => unreachable!(),
            })
            .collect();
        assert_eq!(got, [("a", "1"), ("b", "x y"), ("c", "\u{2603}"), ("d", "")]);
        let msg = |r: Result<_, FormError>| match r {
            Err(FormError::Invalid(m)) => m.into_owned(),
            other => panic!("expected a 400, got {other:?}"),
        };
        let few = FormLimits::new().max_fields(2);
        assert_eq!(msg(parse_urlencoded(b"a=1&b=2&c=3", &few)), "Too many fields. Maximum number of fields is 2.");
        let small = FormLimits::new().max_part_size(2048);
        let long = format!("a={}", "x".repeat(2048));
        assert!(parse_urlencoded(long.as_bytes(), &small).is_err());
        assert!(parse_urlencoded(&long.as_bytes()[..2049], &small).is_ok());
        assert_eq!(msg(parse_urlencoded(long.as_bytes(), &small)), "Field exceeded maximum size of 2KB.");
    }
}
