//! Parameter models (FastAPI's `Query()`, `Header()` and `Cookie()` on a pydantic model):
//! a model's fields read from the query string, the headers or the cookies, validated
//! together (with `extra = "forbid"` reporting unknown names) and documented one
//! parameter per field.

use serde_json::{Map, Value};

use crate::error::{LocItem, ValidationErrors};
use crate::header_text::NotText;
use crate::model::{Constraints, Validate};
use crate::operation::Source;
use crate::request::{Request, query_pairs};

/// Builds the object a parameter model validates: every received name, a list for list
/// fields, else the last value (the first for headers, as Starlette).
fn collect(
    pairs: impl Iterator<Item = (String, String)>,
    fields: &[(&'static str, bool)],
    first_wins: bool,
) -> Map<String, Value> {
    let mut obj = Map::new();
    for (k, v) in pairs {
        let list = fields.iter().any(|(f, collects)| *f == k && *collects);
        match obj.get_mut(&k) {
            Some(Value::Array(items)) if list => items.push(Value::String(v)),
            Some(_) if first_wins => {}
            _ => {
                let value = if list { Value::Array(vec![Value::String(v)]) } else { Value::String(v) };
                obj.insert(k, value);
            }
        }
    }
    obj
}

/// Header names as model keys: `save-data` reads field `save_data`.
fn header_key(name: &str, fields: &[(&'static str, bool)]) -> String {
    let snake = name.replace('-', "_");
    if fields.iter().any(|(f, _)| *f == snake) { snake } else { name.to_owned() }
}

/// Reads model `T` from the request's query string, headers or cookies.
pub(crate) fn extract_model<T: Validate>(ctx: &Request, source: Source, errors: &mut ValidationErrors) -> Option<T> {
    let fields = T::model_fields();
    let mut local = errors.nested();
    // A field's value that is not UTF-8 is its error (and only that: what validating its
    // latin-1 reading would add is dropped below); another name's is kept as Starlette
    // reads it, for `extra = "forbid"` to report.
    let mut not_text = Vec::new();
    let mut text = |key: &str, raw: &[u8], decoded: Result<String, NotText>| match decoded {
        Ok(v) => v,
        Err((e, input)) => {
            if fields.iter().any(|(f, _)| *f == key) && !not_text.contains(&key.to_owned()) {
                local
                    .push(e.at(vec![LocItem::Key(source.as_str().into()), LocItem::Key(key.to_owned().into())], input));
                not_text.push(key.to_owned());
            }
            crate::header_text::latin1(raw)
        }
    };
    let obj = match source {
        Source::Header => {
            let mut pairs = Vec::new();
            for (k, v) in ctx.headers() {
                let key = header_key(k.as_str(), &fields);
                let decoded = crate::header_text::text(v.as_bytes()).map(str::to_owned);
                let v = text(&key, v.as_bytes(), decoded);
                pairs.push((key, v));
            }
            collect(pairs.into_iter(), &fields, true)
        }
        Source::Cookie => {
            let mut pairs = Vec::new();
            for h in ctx.headers().get_all(http::header::COOKIE) {
                for (k, v) in crate::header_text::cookie_pairs(h.as_bytes()) {
                    let key = crate::header_text::latin1(k);
                    let decoded = crate::header_text::text(v).map(|v| v.trim_matches('"').to_owned());
                    let v = text(&key, v, decoded);
                    pairs.push((key, v));
                }
            }
            collect(pairs.into_iter(), &fields, false)
        }
        _ => collect(query_pairs(ctx.query_str()).map(|(k, v)| (k.into_owned(), v.into_owned())), &fields, false),
    };
    let mut loc = vec![LocItem::Key(source.as_str().into())];
    let value = T::validate_json(&Value::Object(obj), &Constraints::NONE, &mut loc, &mut local);
    if !not_text.is_empty() {
        local.retain(|e| {
            e.kind == "string_unicode"
                || !matches!(e.loc.get(1), Some(LocItem::Key(k)) if not_text.contains(&k.to_string()))
        });
    }
    if source == Source::Header {
        // Errors name the header, not the field: `save_data` is reported as `save-data`.
        local.rename_keys_at(1, |k| if fields.iter().any(|(f, _)| *f == k) { Some(k.replace('_', "-")) } else { None });
    }
    errors.extend(local);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_collect_and_scalars_take_the_last_or_first() {
        let fields = [("tags", true), ("limit", false)];
        let pairs = [("tags", "a"), ("limit", "1"), ("tags", "b"), ("limit", "2"), ("x", "y")];
        let pairs = || pairs.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        let obj = collect(pairs(), &fields, false);
        assert_eq!(Value::Object(obj), serde_json::json!({"tags": ["a", "b"], "limit": "2", "x": "y"}));
        let obj = collect(pairs(), &fields, true);
        assert_eq!(obj["limit"], "1");
        assert_eq!(header_key("save-data", &[("save_data", false)]), "save_data");
        assert_eq!(header_key("user-agent", &[("save_data", false)]), "user-agent");
    }
}
