//! Parameter models (FastAPI's `Query()`, `Header()` and `Cookie()` on a pydantic model):
//! a model's fields read from the query string, the headers or the cookies, validated
//! together (with `extra = "forbid"` reporting unknown names) and documented one
//! parameter per field.

use serde_json::{Map, Value};

use crate::error::{LocItem, ValidationErrors};
use crate::header_text::NotText;
use crate::model::field_names::FieldNames;
use crate::model::{Constraints, Validate};
use crate::operation::{ParamSpec, Source};
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

/// Reads model `T` from the request's query string, headers or cookies.
/// An optional model (`Option<M>`) none of whose fields was sent is `None`, as FastAPI.
/// Header names map to fields with `-` read as `_` unless the parameter turns
/// `convert_underscores` off: then only the literal names count.
pub(crate) fn extract_model<T: Validate>(
    ctx: &Request,
    spec: &ParamSpec,
    source: Source,
    errors: &mut ValidationErrors,
) -> Option<T> {
    let names = FieldNames::of::<T>();
    let convert = source == Source::Header && spec.convert_underscores;
    // Values that are not UTF-8 are kept as Starlette reads them (latin-1), for
    // `extra = "forbid"` to report; the one a field reads is its error.
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut bad: Vec<(usize, NotText)> = Vec::new();
    let mut add = |key: String, raw: &[u8], text: Result<String, NotText>| {
        let value = text.unwrap_or_else(|e| {
            bad.push((pairs.len(), e));
            crate::header_text::latin1(raw)
        });
        pairs.push((key, value));
    };
    let first_wins = source == Source::Header;
    match source {
        Source::Header => {
            for (k, v) in ctx.headers() {
                let text = crate::header_text::text(v.as_bytes()).map(str::to_owned);
                if let Some(key) = names.header_key(k.as_str(), convert) {
                    add(key, v.as_bytes(), text);
                }
            }
        }
        Source::Cookie => {
            for h in ctx.headers().get_all(http::header::COOKIE) {
                for (k, v) in crate::header_text::cookie_pairs(h.as_bytes()) {
                    let text = crate::header_text::text(v).map(|v| v.trim_matches('"').to_owned());
                    add(crate::header_text::latin1(k), v, text);
                }
            }
        }
        _ => {
            for (k, v) in query_pairs(ctx.query_str()) {
                pairs.push((k.into_owned(), v.into_owned()));
            }
        }
    }
    if !pairs.iter().any(|(k, _)| names.contains(k))
        && let Some(none) = T::when_absent()
    {
        return Some(none);
    }
    let fields = names.as_sent(|name| pairs.iter().any(|(k, _)| k == name));
    let mut local = errors.nested();
    let mut not_text: Vec<String> = Vec::new();
    for (i, (e, input)) in bad {
        let key = pairs[i].0.as_str();
        let Some((_, list)) = fields.iter().find(|(f, _)| *f == key) else { continue };
        // The value the field reads: every one for a list, else the first header or the
        // last cookie.
        let read = *list
            || if first_wins {
                pairs.iter().position(|(k, _)| k == key) == Some(i)
            } else {
                pairs.iter().rposition(|(k, _)| k == key) == Some(i)
            };
        if read && !not_text.iter().any(|n| n == key) {
            local.push(e.at(vec![LocItem::Key(source.as_str().into()), LocItem::Key(key.to_owned().into())], input));
            not_text.push(key.to_owned());
        }
    }
    // A repeated name that is no field keeps every value, but for cookies (one per name).
    let obj = collect(pairs.into_iter(), &fields, first_wins, source != Source::Cookie);
    let mut loc = vec![LocItem::Key(source.as_str().into())];
    let value = T::validate_json(&Value::Object(obj), &Constraints::NONE, &mut loc, &mut local);
    if !not_text.is_empty() {
        // What validating the latin-1 reading of a field that is not text added.
        local.retain(|e| {
            e.kind == "string_unicode"
                || !matches!(e.loc.get(1), Some(LocItem::Key(k)) if not_text.iter().any(|n| n == k))
        });
    }
    if convert {
        // Errors name the header, not the field: `save_data` is reported as `save-data`.
        local.rename_keys_at(1, |k| names.contains(k).then(|| k.replace('_', "-")));
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
    }
}
