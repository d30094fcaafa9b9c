//! Parameter models (FastAPI's `Query()`, `Header()` and `Cookie()` on a pydantic model):
//! a model's fields read from the query string, the headers or the cookies, validated
//! together (with `extra = "forbid"` reporting unknown names) and documented one
//! parameter per field.

use serde_json::{Map, Value};

use crate::error::{LocItem, ValidationErrors};
use crate::model::{Constraints, Validate};
use crate::operation::Source;
use crate::request::{Request, query_pairs};

/// Builds the object a parameter model validates: every received name, a list for list
/// fields, else the last value (the first for headers, as Starlette). A name that is no
/// field keeps every value when it repeats (`extra_forbidden` then shows them all, as
/// FastAPI's `getlist` gives them), unless `first_wins` (cookies: one value per name).
fn collect(
    pairs: impl Iterator<Item = (String, String)>,
    fields: &[(&'static str, bool)],
    first_wins: bool,
    extras_repeat: bool,
) -> Map<String, Value> {
    let mut obj = Map::new();
    for (k, v) in pairs {
        if extras_repeat && !fields.iter().any(|(f, _)| *f == k) {
            match obj.get_mut(&k) {
                Some(Value::Array(items)) => items.push(Value::String(v)),
                Some(previous) => *previous = Value::Array(vec![previous.take(), Value::String(v)]),
                None => {
                    obj.insert(k, Value::String(v));
                }
            }
            continue;
        }
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
    let obj = match source {
        Source::Header => {
            let pairs = ctx
                .headers()
                .iter()
                .filter_map(|(k, v)| v.to_str().ok().map(|v| (header_key(k.as_str(), &fields), v.to_owned())));
            collect(pairs, &fields, true, true)
        }
        Source::Cookie => {
            let pairs = ctx
                .headers()
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|h| h.to_str().ok())
                .flat_map(|h| h.split(';'))
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
                .collect::<Vec<_>>();
            collect(pairs.into_iter(), &fields, false, false)
        }
        _ => collect(query_pairs(ctx.query_str()).map(|(k, v)| (k.into_owned(), v.into_owned())), &fields, false, true),
    };
    let mut loc = vec![LocItem::Key(source.as_str().into())];
    let mut local = ValidationErrors::new();
    let value = T::validate_json(&Value::Object(obj), &Constraints::NONE, &mut loc, &mut local);
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
        let obj = collect(pairs(), &fields, false, true);
        assert_eq!(Value::Object(obj), serde_json::json!({"tags": ["a", "b"], "limit": "2", "x": "y"}));
        let obj = collect(pairs(), &fields, true, true);
        assert_eq!(obj["limit"], "1");
        // A repeated unknown name keeps all its values (FastAPI's getlist), but for cookies.
        let extra = [("x", "1"), ("limit", "3"), ("x", "2"), ("x", "3")];
        let extra = || extra.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        assert_eq!(collect(extra(), &fields, false, true)["x"], serde_json::json!(["1", "2", "3"]));
        assert_eq!(collect(extra(), &fields, false, false)["x"], "3");
        assert_eq!(header_key("save-data", &[("save_data", false)]), "save_data");
        assert_eq!(header_key("user-agent", &[("save_data", false)]), "user-agent");
    }
}
