//! The OpenAPI 3.1 document, generated once from the routes' declarations, exactly as
//! FastAPI's `get_openapi` writes it for the same app.
//!
//! ```
//! use brisk::prelude::*;
//!
//! /// Read the items.
//! #[get("/items/")]
//! async fn read_items() -> Vec<String> {
//!     Vec::new()
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().title("Shop").routes(routes![read_items]));
//! let doc = client.get("/openapi.json").send().await.json::<serde_json::Value>();
//! assert_eq!(doc["openapi"], "3.1.0");
//! let get = &doc["paths"]["/items/"]["get"];
//! assert_eq!((get["summary"].as_str(), get["description"].as_str()), (Some("Read Items"), Some("Read the items.")));
//! # }
//! ```

pub use crate::model::SchemaGenerator;

mod order;

use std::sync::Arc;

use serde_json::{Map, Value, json};

pub use crate::operation::{OperationTypes, ParamDoc, ResponseDoc};

use crate::model::default_title;
use crate::operation::{DependencyInfo, DocSource, ParamSpec, Source, flatten, security_requirements};
use crate::response::{ResponseClass, ResponseContent};
use crate::routing::{Route, RouteInfo, openapi_path};

/// Merges `b` into `a`: objects key by key, anything else replaced.
fn deep_merge(a: &mut Value, b: &Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) => deep_merge(existing, v),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (a, b) => *a = b.clone(),
    }
}

/// The `info` and other top-level settings of the document.
///
/// An [`App`](crate::App) fills it from its settings (`title`, `version`,
/// `description`...):
///
/// ```
/// use brisk::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().title("Shop").version("2.5.0").description("Sells **things**.");
/// let doc = TestClient::new(app).get("/openapi.json").send().await.json::<serde_json::Value>();
/// assert_eq!(doc["info"], serde_json::json!({"title": "Shop", "description": "Sells **things**.", "version": "2.5.0"}));
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/metadata.md`.
#[derive(Debug, Clone)]
pub struct OpenApiInfo {
    /// The API title.
    pub title: String,
    /// The API version.
    pub version: String,
    /// A short summary.
    pub summary: Option<String>,
    /// A description (Markdown).
    pub description: Option<String>,
    /// `termsOfService`: a URL.
    pub terms_of_service: Option<String>,
    /// `contact`: `{"name", "url", "email"}`.
    pub contact: Option<Value>,
    /// `license`: `{"name", "identifier" or "url"}`.
    pub license: Option<Value>,
    /// Tag metadata (`tags`): `[{"name", "description", "externalDocs"}]`, in order.
    pub tags: Option<Value>,
    /// FastAPI's `separate_input_output_schemas`: a model whose output schema differs
    /// (computed fields) is written as `Name-Input` and `Name-Output` when used both ways.
    pub separate_input_output_schemas: bool,
}

/// FastAPI's summary for a route name: `read_item` -> `Read Item`.
///
/// ```
/// assert_eq!(brisk::openapi::summary_from_name("read_item"), "Read Item");
/// ```
pub fn summary_from_name(name: &str) -> String {
    default_title(name)
}

fn with_title(mut schema: Value, title: &str) -> Value {
    if let Value::Object(m) = &mut schema {
        // References get no title.
        if crate::model::wants_title(m) {
            m.insert("title".into(), title.into());
        }
    }
    schema
}

fn param_schema(spec: &ParamSpec, doc: &ParamDoc) -> Value {
    // pydantic's order for a field's schema: its type's keywords, an explicit title, the
    // description, `deprecated`, examples, the default, then a title made from the name.
    let mut s = doc.schema.clone();
    if let Value::Object(m) = &mut s {
        let titled = crate::model::wants_title(m);
        if let Some(f) = spec.docs.format {
            m.insert("format".into(), f.into());
        }
        if let (true, Some(title)) = (titled, spec.docs.title) {
            m.insert("title".into(), title.into());
        }
        if let Some(desc) = spec.docs.description {
            m.insert("description".into(), desc.into());
        }
        if spec.docs.deprecated {
            m.insert("deprecated".into(), true.into());
        }
        if let Some(ex) = spec.docs.examples {
            m.insert("examples".into(), ex());
        }
        if let Some(d) = spec.docs.default {
            m.insert("default".into(), d());
        }
        if titled && spec.docs.title.is_none() {
            m.insert("title".into(), default_title(spec.wire).into());
        }
    }
    s
}

/// A form model's part of its form body's schema: the model, or for an optional model
/// "none of its fields, or the model" (FastAPI's schema for `Model | None = Form()`).
fn form_model_schema(spec: &ParamSpec, doc: &ParamDoc, names: &[&str]) -> Value {
    let schema = param_schema(spec, doc);
    if !doc.optional {
        return schema;
    }
    let mut names = names.to_vec();
    names.sort_unstable();
    names.dedup();
    let none_sent: Vec<Value> = names.iter().map(|n| json!({ "required": [n] })).collect();
    let null = json!({"type": "null"});
    let variants: Vec<Value> = match schema.get("anyOf").and_then(Value::as_array) {
        Some(all) => all.iter().filter(|v| **v != null).cloned().collect(),
        None => vec![schema.clone()],
    };
    let title = spec.docs.title.map(str::to_owned).unwrap_or_else(|| default_title(spec.wire));
    json!({"anyOf": [{"not": {"anyOf": none_sent}}, {"anyOf": variants, "title": title}]})
}

fn validation_error_components(schemas: &mut Map<String, Value>) {
    schemas.insert(
        "HTTPValidationError".into(),
        json!({"properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"},
            "type": "array", "title": "Detail"}}, "type": "object", "title": "HTTPValidationError"}),
    );
    schemas.insert(
        "ValidationError".into(),
        json!({"properties": {
            "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"},
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
            "input": {"title": "Input"},
            "ctx": {"type": "object", "title": "Context"}},
            "type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError"}),
    );
}

fn operation(route: &RouteInfo, schemas: &mut SchemaGenerator, needs_422: &mut bool) -> Value {
    let op = route.op;
    let types = (op.types)(schemas);
    let mut o = Map::new();
    if !route.tags.is_empty() {
        o.insert("tags".into(), json!(route.tags));
    }
    o.insert("summary".into(), op.summary.map(str::to_owned).unwrap_or_else(|| summary_from_name(op.name)).into());
    if let Some(d) = op.description {
        o.insert("description".into(), d.into());
    }
    o.insert("operationId".into(), route.operation_id.clone().into());

    let mut parameters = Vec::new();
    let mut bodies = Vec::new();
    let mut any_param = false;
    let mut dep_docs: Vec<(*const DependencyInfo, Vec<ParamDoc>)> = Vec::new();
    let mut flat: Vec<(&'static ParamSpec, ParamDoc)> = Vec::new();
    let deps: Vec<&'static DependencyInfo> = route.global_deps().chain(op.deps.iter().copied()).collect();
    if route.deprecated {
        o.insert("deprecated".into(), true.into());
    }
    // One requirement per scheme, as FastAPI merges them: a scheme reached by several
    // dependencies is listed once, with the scopes of all of them.
    let mut security: Vec<(&str, Vec<&str>)> = Vec::new();
    for (scheme, scopes) in security_requirements(&deps) {
        let name = scheme.scheme_name();
        schemas.security_schemes.insert(name.to_owned(), scheme.openapi());
        let entry = match security.iter().position(|(n, _)| *n == name) {
            Some(i) => &mut security[i].1,
            None => {
                security.push((name, Vec::new()));
                &mut security.last_mut().expect("just pushed").1
            }
        };
        for scope in scopes {
            if !entry.contains(&scope) {
                entry.push(scope);
            }
        }
    }
    if !security.is_empty() {
        let list: Vec<Value> = security.into_iter().map(|(name, scopes)| json!({ name: scopes })).collect();
        o.insert("security".into(), list.into());
    }
    for (spec, from) in flatten(&deps, op.params) {
        let doc = match from {
            DocSource::Route(i) => types.params.get(i).cloned(),
            DocSource::Dependency(d, i) => {
                let key = d as *const DependencyInfo;
                if !dep_docs.iter().any(|(k, _)| *k == key) {
                    let docs = (d.types)(schemas);
                    dep_docs.push((key, docs));
                }
                dep_docs.iter().find(|(k, _)| *k == key).and_then(|(_, docs)| docs.get(i).cloned())
            }
        };
        if let Some(doc) = doc {
            flat.push((spec, doc));
        }
    }
    for (spec, doc) in &flat {
        let (spec, doc) = (*spec, doc);
        let Some(source) = doc.source else { continue };
        any_param = true;
        if matches!(source, Source::Body | Source::Form | Source::File) {
            bodies.push((spec, doc));
            continue;
        }
        if !spec.docs.include_in_schema {
            continue;
        }
        if let Some(fields) = &doc.fields {
            let convert = source == Source::Header && spec.convert_underscores;
            for f in fields {
                let name = if convert { f.name.replace('_', "-") } else { f.name.to_owned() };
                let required = f.required && !doc.optional;
                parameters.push(json!({"name": name, "in": source.as_str(), "required": required, "schema": f.schema}));
            }
            continue;
        }
        let required = source == Source::Path || spec.required || (!doc.optional && spec.docs.default.is_none());
        let mut p = Map::new();
        p.insert("name".into(), spec.wire.into());
        p.insert("in".into(), source.as_str().into());
        p.insert("required".into(), required.into());
        p.insert("schema".into(), param_schema(spec, doc));
        if let Some(desc) = spec.docs.description {
            p.insert("description".into(), desc.into());
        }
        if spec.docs.deprecated {
            p.insert("deprecated".into(), true.into());
        }
        parameters.push(Value::Object(p));
    }
    // FastAPI lists path parameters, then query, header and cookie ones (each in
    // declaration order, dependencies' first).
    let rank = |p: &Value| match p["in"].as_str() {
        Some("path") => 0,
        Some("query") => 1,
        Some("header") => 2,
        _ => 3,
    };
    parameters.sort_by_key(rank);
    if !parameters.is_empty() {
        o.insert("parameters".into(), parameters.into());
    }
    // Form and file parameters make a form body: embedded in `Body_<operation id>`
    // unless it is a single form model.
    let form_media = if bodies.iter().any(|(_, d)| d.source == Some(Source::File)) {
        Some("multipart/form-data")
    } else if bodies.iter().any(|(_, d)| d.source == Some(Source::Form)) {
        Some("application/x-www-form-urlencoded")
    } else {
        None
    };
    let single_model = bodies.len() == 1 && bodies[0].1.schema.get("$ref").is_some();
    if !bodies.is_empty() {
        let (schema, required) = if route.plan.embed_body || (form_media.is_some() && !single_model) {
            let name = format!("Body_{}", route.operation_id);
            let mut props = Map::new();
            let mut req = Vec::new();
            // Form models are merged into the form body (`allOf`), not nested.
            let mut all_of = Vec::new();
            let mut model_required = false;
            for (spec, doc) in &bodies {
                if let Some(names) = doc.form_model.as_deref().filter(|_| form_media.is_some()) {
                    all_of.push(form_model_schema(spec, doc, names));
                    model_required |= !doc.optional && spec.docs.default.is_none();
                    continue;
                }
                props.insert(spec.wire.into(), param_schema(spec, doc));
                if !doc.optional && spec.docs.default.is_none() {
                    req.push(Value::from(spec.wire));
                }
            }
            let mut s = Map::new();
            let merged = !all_of.is_empty();
            if merged {
                s.insert("allOf".into(), all_of.into());
            }
            if !merged || !props.is_empty() {
                s.insert("properties".into(), props.into());
            }
            s.insert("type".into(), "object".into());
            let any_required = !req.is_empty();
            if any_required {
                s.insert("required".into(), req.into());
            }
            s.insert("title".into(), name.clone().into());
            (schemas.insert(&name, Value::Object(s)), any_required || model_required)
        } else {
            let (spec, doc) = bodies[0];
            let mut schema = param_schema(spec, doc);
            // A lone body is titled after its parameter unless it is a plain reference
            // (FastAPI: an optional model is `anyOf [ref, null]` titled `Item`), where a
            // model's optional field of the same schema is not.
            if let Value::Object(m) = &mut schema
                && !m.contains_key("$ref")
                && !m.contains_key("title")
            {
                let title = spec.docs.title.map(str::to_owned).unwrap_or_else(|| default_title(spec.wire));
                m.insert("title".into(), title.into());
            }
            (schema, !doc.optional && spec.docs.default.is_none())
        };
        let mut media = json!({ "schema": schema });
        if let Some(ex) = bodies.iter().find_map(|(spec, _)| spec.docs.openapi_examples) {
            media["examples"] = ex();
        }
        let mut b = Map::new();
        if required {
            b.insert("required".into(), true.into());
        }
        b.insert("content".into(), json!({ form_media.unwrap_or("application/json"): media }));
        o.insert("requestBody".into(), b.into());
    }

    let mut responses = Map::new();
    let status = route.plan.defaults.status.as_u16();
    let mut ok = Map::new();
    ok.insert("description".into(), op.response_description.into());
    let class = route.plan.defaults.class;
    let body_allowed = !(status < 200 || status == 204 || status == 304) && class.documents_content();
    if let (true, Some(content)) = (body_allowed, &types.response_content) {
        // A stream documents its own content (FastAPI's JSON Lines and event streams), or
        // bytes in the route's class.
        match content {
            ResponseContent::Media(media, object) => {
                ok.insert("content".into(), json!({ *media: object }));
            }
            ResponseContent::Bytes if class == ResponseClass::Json => {}
            ResponseContent::Bytes => {
                ok.insert("content".into(), json!({ class.media_type(): {"schema": {"type": "string"}} }));
            }
        }
    } else if body_allowed {
        let schema = match route.plan.defaults.class {
            ResponseClass::Json => match types.response.clone() {
                // FastAPI names an inline response schema after the operation; "any" (`{}`)
                // stays bare.
                Some(s) if s.as_object().is_some_and(|m| m.is_empty()) => s,
                Some(s) => with_title(s, &default_title(&format!("Response_{}", route.operation_id))),
                None => json!({}),
            },
            _ => json!({"type": "string"}),
        };
        let mut content = Map::new();
        content.insert(route.plan.defaults.class.media_type().into(), json!({ "schema": schema }));
        ok.insert("content".into(), content.into());
    }
    if !types.own_statuses {
        responses.insert(status.to_string(), ok.into());
    }
    for doc in route.options.responses.iter().chain(&types.extra_responses) {
        // FastAPI's order: the description given, the content, then what else was given.
        let mut r = json!({});
        if let Some(d) = &doc.description {
            r["description"] = d.clone().into();
        }
        if let Some(schema) = &doc.schema {
            let media = route.plan.defaults.class.media_type();
            r["content"] = json!({ media: { "schema": schema } });
        }
        if let Some(extra) = &doc.extra {
            deep_merge(&mut r, extra);
        }
        if let Some(d) = &doc.description {
            r["description"] = d.clone().into();
        }
        let key = doc.status.to_string();
        match responses.get_mut(&key) {
            Some(existing) => deep_merge(existing, &r),
            None => {
                if r.get("description").is_none() {
                    let phrase = http::StatusCode::from_u16(doc.status).ok().and_then(|s| s.canonical_reason());
                    r["description"] = phrase.unwrap_or("Additional Response").into();
                }
                responses.insert(key, r);
            }
        }
    }
    if any_param {
        *needs_422 = true;
        responses.insert(
            "422".into(),
            json!({"description": "Validation Error", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}),
        );
    }
    if !op.callbacks.is_empty() || !route.options.callbacks.is_empty() {
        let mut callbacks = Map::new();
        for cb_op in route.options.callbacks.iter().chain(op.callbacks) {
            let cb = Route::new(cb_op, route.handler);
            let info = RouteInfo::new(&cb, route.plan.defaults.class);
            let cb_op = operation(&info, schemas, needs_422);
            let entry = callbacks.entry(cb.op.name.to_owned()).or_insert_with(|| json!({}));
            entry[openapi_path(&cb.path)][cb.op.method.as_str().to_ascii_lowercase()] = cb_op;
        }
        o.insert("callbacks".into(), callbacks.into());
    }
    o.insert("responses".into(), responses.into());
    let mut o = Value::Object(o);
    if let Some(extra) = op.openapi_extra {
        deep_merge(&mut o, &extra());
    }
    o
}

/// Builds the whole document for these routes.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::openapi::{OpenApiInfo, build};
///
/// #[get("/items/")]
/// async fn read_items() -> Vec<String> {
///     Vec::new()
/// }
///
/// let service = App::new().routes(routes![read_items]).into_service().expect("a valid app");
/// let info = OpenApiInfo {
///     title: "Shop".into(),
///     version: "1.0.0".into(),
///     summary: None,
///     description: None,
///     terms_of_service: None,
///     contact: None,
///     license: None,
///     tags: None,
///     separate_input_output_schemas: true,
/// };
/// let doc = build(&info, service.routes(), &[]);
/// assert_eq!(doc["paths"]["/items/"]["get"]["operationId"], "read_items_items__get");
/// assert_eq!(doc["info"]["title"], "Shop");
/// ```
pub fn build(info: &OpenApiInfo, routes: &[Arc<RouteInfo>], webhooks: &[Arc<RouteInfo>]) -> Value {
    let mut schemas = SchemaGenerator::new();
    schemas.separate_input_output(info.separate_input_output_schemas);
    let mut paths = Map::new();
    let mut needs_422 = false;
    for route in routes.iter().filter(|r| r.include_in_schema) {
        let op = operation(route, &mut schemas, &mut needs_422);
        let entry = paths.entry(openapi_path(&route.path)).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(route.op.method.as_str().to_ascii_lowercase(), op);
        }
    }
    let mut hooks = Map::new();
    for hook in webhooks.iter().filter(|r| r.include_in_schema) {
        let op = operation(hook, &mut schemas, &mut needs_422);
        let entry = hooks.entry(hook.path.clone()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(hook.op.method.as_str().to_ascii_lowercase(), op);
        }
    }
    let security_schemes = std::mem::take(&mut schemas.security_schemes);
    // The components' names are decided now (`Item-Input`/`Item-Output` where they
    // split): the references made in operations are rewritten to them.
    let (schemas, names) = schemas.finish();
    let mut paths = Value::Object(paths);
    names.rewrite(&mut paths);
    let mut hooks = Value::Object(hooks);
    names.rewrite(&mut hooks);
    let mut info_obj = Map::new();
    info_obj.insert("title".into(), info.title.clone().into());
    if let Some(s) = &info.summary {
        info_obj.insert("summary".into(), s.clone().into());
    }
    if let Some(d) = &info.description {
        info_obj.insert("description".into(), d.clone().into());
    }
    if let Some(t) = &info.terms_of_service {
        info_obj.insert("termsOfService".into(), t.clone().into());
    }
    if let Some(c) = &info.contact {
        info_obj.insert("contact".into(), c.clone());
    }
    if let Some(l) = &info.license {
        info_obj.insert("license".into(), l.clone());
    }
    info_obj.insert("version".into(), info.version.clone().into());
    let mut doc = Map::new();
    doc.insert("openapi".into(), "3.1.0".into());
    doc.insert("info".into(), info_obj.into());
    doc.insert("paths".into(), paths);
    if hooks.as_object().is_some_and(|h| !h.is_empty()) {
        doc.insert("webhooks".into(), hooks);
    }
    let mut schemas: Map<String, Value> = schemas.into_iter().collect();
    if needs_422 {
        validation_error_components(&mut schemas);
    }
    let mut components = Map::new();
    if !schemas.is_empty() {
        let sorted: std::collections::BTreeMap<_, _> = schemas.into_iter().collect();
        components.insert("schemas".into(), json!(sorted));
    }
    if !security_schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security_schemes));
    }
    if !components.is_empty() {
        doc.insert("components".into(), components.into());
    }
    if let Some(tags) = &info.tags {
        doc.insert("tags".into(), tags.clone());
    }
    let mut doc = Value::Object(doc);
    order::document(&mut doc);
    doc
}

/// Puts the document's keys in FastAPI's order (after adding servers the app declared).
pub(crate) fn fastapi_order(doc: &mut Value) {
    order::document(doc);
}
