//! FastAPI's key order, so that a document diffs byte for byte against FastAPI's.
//!
//! FastAPI builds its document as plain dicts, then validates it into its OpenAPI models
//! and dumps them: where a dict became a model, its keys come out in the model's field
//! order (unknown keys after, as given); where it stayed a dict, in the order FastAPI
//! inserted them, which is the order `openapi::build` writes. A path item stays a dict
//! when strict validation fails, and it fails exactly when one of its operations (or
//! their callbacks) has parameters: their `in` is an enum. Components, webhooks and
//! everything else are always models.

use serde_json::{Map, Value};

/// What a JSON object is, as FastAPI's OpenAPI models see it.
#[derive(Clone, Copy)]
enum Kind {
    OpenApi,
    Info,
    Server,
    PathItem,
    Operation,
    RequestBody,
    MediaType,
    Response,
    Header,
    Schema,
    Components,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    Tag,
    ExternalDocs,
    Discriminator,
    Xml,
    Example,
    Encoding,
}

/// The field order of each model (`fastapi.openapi.models`).
fn fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::OpenApi => &[
            "openapi",
            "info",
            "jsonSchemaDialect",
            "servers",
            "paths",
            "webhooks",
            "components",
            "security",
            "tags",
            "externalDocs",
        ],
        Kind::Info => &["title", "summary", "description", "termsOfService", "contact", "license", "version"],
        Kind::Server => &["url", "description", "variables"],
        Kind::PathItem => &[
            "$ref",
            "summary",
            "description",
            "get",
            "put",
            "post",
            "delete",
            "options",
            "head",
            "patch",
            "trace",
            "servers",
            "parameters",
        ],
        Kind::Operation => &[
            "tags",
            "summary",
            "description",
            "externalDocs",
            "operationId",
            "parameters",
            "requestBody",
            "responses",
            "callbacks",
            "deprecated",
            "security",
            "servers",
        ],
        Kind::RequestBody => &["description", "content", "required"],
        Kind::MediaType => &["schema", "example", "examples", "encoding"],
        Kind::Response => &["description", "headers", "content", "links"],
        Kind::Header => &[
            "description",
            "required",
            "deprecated",
            "style",
            "explode",
            "allowReserved",
            "schema",
            "example",
            "examples",
            "content",
        ],
        Kind::Schema => SCHEMA,
        Kind::Components => &[
            "schemas",
            "responses",
            "parameters",
            "examples",
            "requestBodies",
            "headers",
            "securitySchemes",
            "links",
            "callbacks",
            "pathItems",
        ],
        Kind::SecurityScheme => {
            &["type", "description", "in", "name", "scheme", "bearerFormat", "flows", "openIdConnectUrl"]
        }
        Kind::OAuthFlows => &["implicit", "password", "clientCredentials", "authorizationCode"],
        Kind::OAuthFlow => &["refreshUrl", "scopes", "authorizationUrl", "tokenUrl"],
        Kind::Tag => &["name", "description", "externalDocs"],
        Kind::ExternalDocs => &["description", "url"],
        Kind::Discriminator => &["propertyName", "mapping"],
        Kind::Xml => &["name", "namespace", "prefix", "attribute", "wrapped"],
        Kind::Example => &["summary", "description", "value", "externalValue"],
        Kind::Encoding => &["contentType", "headers", "style", "explode", "allowReserved"],
    }
}

/// FastAPI's `Schema` model: JSON Schema 2020-12's keywords in its order.
const SCHEMA: &[&str] = &[
    "$schema",
    "$vocabulary",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$ref",
    "$dynamicRef",
    "$defs",
    "$comment",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "prefixItems",
    "items",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "discriminator",
    "xml",
    "externalDocs",
    "example",
];

/// How a field's value is typed: one model, a map or list of models, or left as given.
enum Child {
    One(Kind),
    Map(Kind),
    List(Kind),
    /// A map of callbacks: each a map of path items.
    Callbacks,
}

fn child(kind: Kind, key: &str) -> Option<Child> {
    use Child::*;
    Some(match (kind, key) {
        (Kind::OpenApi, "info") => One(Kind::Info),
        (Kind::OpenApi, "servers") | (Kind::PathItem | Kind::Operation, "servers") => List(Kind::Server),
        (Kind::OpenApi, "webhooks") => Map(Kind::PathItem),
        (Kind::OpenApi, "components") => One(Kind::Components),
        (Kind::OpenApi, "tags") => List(Kind::Tag),
        (Kind::OpenApi | Kind::Operation | Kind::Tag | Kind::Schema, "externalDocs") => One(Kind::ExternalDocs),
        (Kind::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
            One(Kind::Operation)
        }
        (Kind::Operation, "requestBody") | (Kind::Components, "requestBodies") => {
            if matches!(kind, Kind::Components) {
                Map(Kind::RequestBody)
            } else {
                One(Kind::RequestBody)
            }
        }
        (Kind::Operation, "responses") | (Kind::Components, "responses") => Map(Kind::Response),
        (Kind::Operation | Kind::Components, "callbacks") => Callbacks,
        (Kind::RequestBody | Kind::Response | Kind::Header, "content") => Map(Kind::MediaType),
        (Kind::MediaType | Kind::Header, "schema") => One(Kind::Schema),
        (Kind::MediaType | Kind::Header, "examples") | (Kind::Components, "examples") => Map(Kind::Example),
        (Kind::MediaType, "encoding") => Map(Kind::Encoding),
        (Kind::Response | Kind::Encoding, "headers") | (Kind::Components, "headers") => Map(Kind::Header),
        (Kind::Components, "schemas") => Map(Kind::Schema),
        (Kind::Components, "securitySchemes") => Map(Kind::SecurityScheme),
        (Kind::Components, "pathItems") => Map(Kind::PathItem),
        (Kind::SecurityScheme, "flows") => One(Kind::OAuthFlows),
        (Kind::OAuthFlows, _) => One(Kind::OAuthFlow),
        (
            Kind::Schema,
            "not"
            | "if"
            | "then"
            | "else"
            | "items"
            | "contains"
            | "additionalProperties"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema",
        ) => One(Kind::Schema),
        (Kind::Schema, "$defs" | "dependentSchemas" | "properties" | "patternProperties") => Map(Kind::Schema),
        (Kind::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => List(Kind::Schema),
        (Kind::Schema, "discriminator") => One(Kind::Discriminator),
        (Kind::Schema, "xml") => One(Kind::Xml),
        _ => return None,
    })
}

/// Puts the whole document's keys in FastAPI's order.
pub fn document(doc: &mut Value) {
    typed(doc, Kind::OpenApi);
}

/// Reorders `value` as the model `kind`, then its typed children.
fn typed(value: &mut Value, kind: Kind) {
    let Value::Object(map) = value else { return };
    reorder(map, fields(kind));
    for (key, v) in map.iter_mut() {
        if matches!(kind, Kind::OpenApi) && key == "paths" {
            if let Value::Object(paths) = v {
                paths.values_mut().filter(|item| !has_parameters(item)).for_each(|item| typed(item, Kind::PathItem));
            }
            continue;
        }
        match child(kind, key) {
            Some(Child::One(k)) => typed(v, k),
            Some(Child::Map(k)) => {
                if let Value::Object(m) = v {
                    // Model schemas come from pydantic's definitions, which it sorts.
                    let definitions = matches!(kind, Kind::Components) && key == "schemas";
                    for (name, x) in m.iter_mut() {
                        if definitions {
                            pydantic_sort(x, name);
                        }
                        typed(x, k);
                    }
                }
            }
            Some(Child::List(k)) => {
                if let Value::Array(a) = v {
                    a.iter_mut().for_each(|x| typed(x, k));
                }
            }
            Some(Child::Callbacks) => {
                if let Value::Object(m) = v {
                    for paths in m.values_mut() {
                        if let Value::Object(paths) = paths {
                            paths.values_mut().for_each(|item| typed(item, Kind::PathItem));
                        }
                    }
                }
            }
            None => {}
        }
    }
}

/// pydantic's sort of its definitions (`GenerateJsonSchema.sort`): every object's keys
/// alphabetically, but for the objects under `properties` and `default`, recursively.
fn pydantic_sort(value: &mut Value, parent: &str) {
    match value {
        Value::Object(m) => {
            if parent != "properties" && parent != "default" && !m.keys().is_sorted() {
                let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                m.extend(entries);
            }
            for (k, v) in m.iter_mut() {
                pydantic_sort(v, k);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| pydantic_sort(x, parent)),
        _ => {}
    }
}

/// Whether a path item (or a callback in it) has parameters: FastAPI keeps it a dict.
fn has_parameters(item: &Value) -> bool {
    let Value::Object(item) = item else { return false };
    item.values().filter_map(Value::as_object).any(|op| {
        op.get("parameters").and_then(Value::as_array).is_some_and(|p| !p.is_empty())
            || op.get("callbacks").and_then(Value::as_object).is_some_and(|cbs| {
                cbs.values().filter_map(Value::as_object).any(|paths| paths.values().any(has_parameters))
            })
    })
}

/// The known `order` first, in that order, then the other keys as they were.
fn reorder(map: &mut Map<String, Value>, order: &[&str]) {
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    if map.keys().map(|k| rank(k)).is_sorted() {
        return;
    }
    let mut old = std::mem::take(map);
    for k in order {
        if let Some(v) = old.shift_remove(*k) {
            map.insert((*k).to_owned(), v);
        }
    }
    map.extend(old);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default()
    }

    #[test]
    fn schemas_follow_the_schema_model() {
        let mut doc = json!({"paths": {}, "info": {"version": "1", "title": "t"}, "openapi": "3.1.0",
            "components": {"schemas": {"Item": {"type": "object", "properties": {
                "tags": {"type": "array", "items": {"type": "string"}, "title": "Tags", "default": []},
                "x": {"type": "integer", "title": "X", "default": 1, "minimum": 0, "maximum": 9}},
                "title": "Item", "additionalProperties": false}}}});
        document(&mut doc);
        assert_eq!(keys(&doc), ["openapi", "info", "paths", "components"]);
        assert_eq!(keys(&doc["info"]), ["title", "version"]);
        let item = &doc["components"]["schemas"]["Item"];
        assert_eq!(keys(item), ["properties", "additionalProperties", "type", "title"]);
        assert_eq!(keys(&item["properties"]["tags"]), ["items", "type", "title", "default"]);
        assert_eq!(keys(&item["properties"]["x"]), ["type", "maximum", "minimum", "title", "default"]);
    }

    #[test]
    fn a_path_item_with_parameters_keeps_its_order() {
        let op = json!({"summary": "s", "operationId": "o", "security": [], "requestBody": {"required": true,
            "content": {"application/json": {"schema": {"type": "array", "items": {}}}}}, "responses": {}});
        let mut with_params = op.clone();
        with_params["parameters"] = json!([{"name": "a", "in": "query"}]);
        let mut doc = json!({"openapi": "3.1.0", "info": {}, "paths": {
            "/a": {"post": op, "get": {"responses": {}}}, "/b": {"post": with_params}}});
        document(&mut doc);
        let a = &doc["paths"]["/a"];
        assert_eq!(keys(a), ["get", "post"]);
        assert_eq!(keys(&a["post"]), ["summary", "operationId", "requestBody", "responses", "security"]);
        assert_eq!(keys(&a["post"]["requestBody"]), ["content", "required"]);
        assert_eq!(keys(&a["post"]["requestBody"]["content"]["application/json"]["schema"]), ["items", "type"]);
        let b = &doc["paths"]["/b"]["post"];
        assert_eq!(keys(b), ["summary", "operationId", "security", "requestBody", "responses", "parameters"]);
        assert_eq!(keys(&b["requestBody"]), ["required", "content"]);
    }

    #[test]
    fn definitions_are_sorted_as_pydantic_sorts_them() {
        let mut doc = json!({"components": {"schemas": {"Item": {"properties": {"b": {"type": "string"},
            "a": {"type": "integer"}}, "type": "object", "title": "Item", "x-b": 1, "x-a": 2,
            "examples": [{"name": "Foo", "description": "d", "tags": {"z": 1, "y": 2}}],
            "default": {"z": 1, "y": {"d": 1, "c": 2}}}}}});
        document(&mut doc);
        let item = &doc["components"]["schemas"]["Item"];
        assert_eq!(keys(item), ["properties", "type", "title", "default", "examples", "x-a", "x-b"]);
        assert_eq!(keys(&item["properties"]), ["b", "a"]);
        assert_eq!(keys(&item["examples"][0]), ["description", "name", "tags"]);
        assert_eq!(keys(&item["examples"][0]["tags"]), ["y", "z"]);
        assert_eq!(keys(&item["default"]), ["z", "y"]);
        assert_eq!(keys(&item["default"]["y"]), ["c", "d"]);
    }

    #[test]
    fn unknown_keys_follow_known_ones() {
        let mut m = json!({"x-extra": 1, "title": "t", "type": "object"});
        typed(&mut m, Kind::Schema);
        assert_eq!(keys(&m), ["type", "title", "x-extra"]);
    }
}
