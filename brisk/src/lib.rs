//! # brisk
//!
//! FastAPI's whole system in Rust. Declare a path operation once, as an ordinary `async fn`
//! with typed parameters, and brisk derives request parsing, validation with every error
//! reported in FastAPI's 422 format, JSON serialization, and the OpenAPI 3.1 document
//! behind `/docs` and `/redoc`. Return plain data and it is encoded as JSON; return a
//! [`Response`] and it is sent untouched.
//!
//! ```
//! use brisk::prelude::*;
//!
//! /// An item in the store.
//! #[derive(Model)]
//! struct Item {
//!     name: String,
//!     #[field(gt = 0)]
//!     price: f64,
//! }
//!
//! /// Create an item.
//! #[post("/items/")]
//! async fn create_item(item: Item) -> Item {
//!     item
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![create_item]));
//! let res = client.post("/items/").json(&serde_json::json!({"name": "Foo", "price": 0})).send().await;
//! assert_eq!(res.status(), 422);
//! assert_eq!(res.json::<serde_json::Value>()["detail"][0]["type"], "greater_than");
//! # }
//! ```
//!
//! ## The guide
//!
//! The user guide is an mdBook in the repository, `guide/` (build it with
//! `mdbook build guide`, then open `guide/book/index.html`). It follows FastAPI's
//! documentation page by page — each page the brisk code for FastAPI's example, what goes
//! over the wire, and what differs — and its samples run as tests. Pages are named below by
//! their path in the repository:
//!
//! - `guide/src/coming-from-fastapi.md`: FastAPI's names and brisk's, side by side, and how
//!   to move a service while keeping its clients;
//! - `guide/src/tutorial/`: the Tutorial - User Guide, from first steps to testing;
//! - `guide/src/advanced/`: the Advanced User Guide (responses of your own, WebSockets,
//!   lifespan, settings, proxies, testing, callbacks and webhooks);
//! - `guide/src/how-to/`: the How-To recipes (OpenAPI, docs pages, GraphQL, custom routes);
//! - `guide/src/deploying.md`: release builds, configuration, proxies, containers.
#![deny(missing_docs)]
// An early response travels in `Err` (`Outcome`, `?` in generated code): large, but moved
// once, on the path that stops a request.
#![allow(clippy::result_large_err)]

// The macros name `::brisk`; this lets brisk use them too.
extern crate self as brisk;

pub mod app;
pub mod background;
pub mod body;
pub mod context;
pub mod depends;
pub mod docs;
pub mod encoding;
pub mod error;
pub mod exceptions;
pub mod forms;
#[doc(hidden)]
pub mod handler;
pub mod header_text;
pub mod lifespan;
pub mod limits;
pub mod middleware;
pub mod model;
pub mod next;
pub mod openapi;
pub mod operation;
pub mod params;
#[doc(hidden)]
pub mod params_model;
pub mod path_params;
pub mod proxy;
mod pyrepr;
pub mod request;
pub mod response;
pub mod response_model;
pub mod result;
pub mod router;
pub mod routing;
pub mod security;
pub mod server;
pub mod settings;
pub mod state;
pub mod staticfiles;
pub mod teardown;
pub mod templating;
pub mod testclient;
pub mod types;
pub mod upload;
pub mod urls;
pub mod validators;
pub mod websocket;

pub use app::{App, AppService};
pub use background::BackgroundTasks;
pub use body::Body;
/// A response enum: each variant answers with its own status, and every one is documented
/// in OpenAPI with its body's schema (FastAPI's `responses=` and returning
/// `JSONResponse(status_code=..)`, in one type).
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
/// }
///
/// #[derive(Model)]
/// struct Message {
///     message: String,
/// }
///
/// #[derive(ApiResponse)]
/// enum Found {
///     /// The item.
///     #[response(status = 200)]
///     Item(Item),
///     /// No item with this name.
///     #[response(status = 404)]
///     Missing(Message),
/// }
///
/// #[get("/items/{name}")]
/// async fn read_item(name: String) -> Found {
///     if name == "foo" {
///         Found::Item(Item { name })
///     } else {
///         Found::Missing(Message { message: "Item not found".into() })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]));
/// assert_eq!(client.get("/items/foo").send().await.status(), 200);
/// assert_eq!(client.get("/items/bar").send().await.status(), 404);
/// let doc = client.get("/openapi.json").send().await.json::<serde_json::Value>();
/// let responses = &doc["paths"]["/items/{name}"]["get"]["responses"];
/// assert_eq!(responses["404"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Message");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/additional-responses.md`.
pub use brisk_macros::ApiResponse;
/// A dependency from a struct (FastAPI's classes as dependencies): each field is a
/// parameter, and the struct is the value.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Dependency, Clone)]
/// struct Paging {
///     #[query(default = 0)]
///     skip: i64,
///     #[query(default = 100)]
///     limit: i64,
/// }
///
/// #[get("/items/")]
/// async fn read_items(#[depends(Paging)] paging: Paging) -> Json<(i64, i64)> {
///     Json((paging.skip, paging.limit))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_items]));
/// assert_eq!(client.get("/items/?skip=5").send().await.text(), "[5,100]");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/dependencies/classes-as-dependencies.md`.
pub use brisk_macros::Dependency;
/// A model (pydantic's `BaseModel`): lax validation reporting every error in FastAPI's
/// format, the JSON Schema in OpenAPI, and serialization. Field options go in
/// `#[field(..)]`, model options in `#[model(..)]`; more in [`model`].
///
/// ```
/// use brisk::prelude::*;
///
/// /// An item in the store.
/// #[derive(Model)]
/// struct Item {
///     #[field(min_length = 1)]
///     name: String,
///     #[field(gt = 0)]
///     price: f64,
///     tags: Vec<String>,
/// }
///
/// let errors = Item::model_validate(&serde_json::json!({"name": "", "price": "0"})).err().unwrap();
/// let types: Vec<&str> = errors.errors().iter().map(|e| e.kind.as_ref()).collect();
/// assert_eq!(types, ["string_too_short", "greater_than", "missing"]);
/// assert_eq!(Item::model_json_schema()["description"], "An item in the store.");
/// ```
///
/// Guide: `guide/src/tutorial/body.md`, `guide/src/tutorial/body-fields.md`.
pub use brisk_macros::Model;
/// Settings read from environment variables and `.env` files (pydantic-settings'
/// `BaseSettings`): a [`Model`] with `load()`, `load_from(..)` and `sources()`.
///
/// ```
/// use brisk::Settings;
///
/// #[derive(Settings)]
/// #[settings(env_prefix = "APP_")]
/// struct Config {
///     #[field(default = "Awesome API")]
///     app_name: String,
///     #[field(default = 50)]
///     items_per_user: u32,
/// }
///
/// let config = Config::load_from([("APP_ITEMS_PER_USER".to_owned(), "10".to_owned())], None).unwrap();
/// assert_eq!((config.app_name.as_str(), config.items_per_user), ("Awesome API", 10));
/// ```
///
/// Guide: `guide/src/advanced/settings.md`.
pub use brisk_macros::Settings;
/// Marks an `impl` block whose `#[model(computed)]` methods are computed fields
/// (pydantic's `@computed_field`): serialized with the model's fields and documented in
/// its output schema. The struct itself says `#[model(computed)]`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// #[model(computed)]
/// struct Rect {
///     width: f64,
///     height: f64,
/// }
///
/// #[computed_fields]
/// impl Rect {
///     /// The area.
///     #[model(computed)]
///     fn area(&self) -> f64 {
///         self.width * self.height
///     }
/// }
///
/// let rect = Rect { width: 2.0, height: 3.0 };
/// assert_eq!(serde_json::to_value(&rect).unwrap(), serde_json::json!({"width": 2.0, "height": 3.0, "area": 6.0}));
/// ```
pub use brisk_macros::computed_fields;
/// A `DELETE` path operation (FastAPI's `@app.delete`), with [`get`]'s options.
///
/// ```
/// use brisk::prelude::*;
///
/// #[delete("/items/{id}", status_code = 204)]
/// async fn handler(id: u32) {
///     let _ = id;
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![handler]));
/// let res = client.delete("/items/1").send().await;
/// assert_eq!(res.status(), 204);
/// assert!(res.bytes().is_empty());
/// # }
/// ```
pub use brisk_macros::delete;
/// A dependency (FastAPI's `Depends`): a function whose parameters are read as a path
/// operation's; a route takes its value with `#[depends(name)]`. It runs once per request
/// however many times the route's dependencies use it; returning `Err` stops the request.
///
/// ```
/// use brisk::prelude::*;
///
/// #[dependency]
/// async fn verify_token(#[header] x_token: String) -> Result<String, HttpException> {
///     if x_token != "secret" {
///         return Err(HttpException::new(400, "X-Token header invalid"));
///     }
///     Ok(x_token)
/// }
///
/// #[get("/items/")]
/// async fn read_items(#[depends(verify_token)] token: String) -> String {
///     token
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_items]));
/// assert_eq!(client.get("/items/").header("x-token", "secret").send().await.status(), 200);
/// assert_eq!(client.get("/items/").header("x-token", "nope").send().await.status(), 400);
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/dependencies/index.md`, `guide/src/advanced/advanced-dependencies.md`.
pub use brisk_macros::dependency;
/// A `GET` path operation (FastAPI's `@app.get`): the function's parameters are read from
/// the request, validated and documented; its return value is the response. `post`, `put`,
/// `patch`, `delete`, `head`, `options` and `trace` take the same options.
///
/// ```
/// use brisk::prelude::*;
///
/// /// Read one item.
/// #[get("/items/{item_id}", tags = ["items"], summary = "Read an item")]
/// async fn read_item(#[path(ge = 1)] item_id: i64, q: Option<String>) -> serde_json::Value {
///     serde_json::json!({"item_id": item_id, "q": q})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]));
/// let res = client.get("/items/5?q=x").send().await;
/// assert_eq!(res.json::<serde_json::Value>(), serde_json::json!({"item_id": 5, "q": "x"}));
/// assert_eq!(client.get("/items/0").send().await.status(), 422);
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/first-steps.md`, `guide/src/tutorial/path-operation-configuration.md`.
pub use brisk_macros::get;
/// A `HEAD` path operation (FastAPI's `@app.head`), with [`get`]'s options.
///
/// ```
/// use brisk::prelude::*;
///
/// #[head("/items/{id}")]
/// async fn handler(id: u32) -> Response {
///     Response::new("").header("x-item", &id.to_string())
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![handler]));
/// let res = client.head("/items/1").send().await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.header("x-item"), Some("1"));
/// # }
/// ```
pub use brisk_macros::head;
/// A `OPTIONS` path operation (FastAPI's `@app.options`), with [`get`]'s options.
///
/// ```
/// use brisk::prelude::*;
///
/// #[options("/items/{id}")]
/// async fn handler(id: u32) -> Response {
///     let _ = id;
///     Response::new("").header("allow", "GET, PUT, OPTIONS")
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![handler]));
/// let res = client.options("/items/1").send().await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.header("allow"), Some("GET, PUT, OPTIONS"));
/// # }
/// ```
pub use brisk_macros::options;
/// A `PATCH` path operation (FastAPI's `@app.patch`), with [`get`]'s options.
///
/// ```
/// use brisk::prelude::*;
///
/// #[patch("/items/{id}")]
/// async fn handler(id: u32, #[body] name: Option<String>, #[body] price: Option<f64>) -> Json<(u32, Option<String>, Option<f64>)> {
///     Json((id, name, price))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![handler]));
/// let res = client.patch("/items/1").json(&serde_json::json!({"price": 2.5})).send().await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.text(), "[1,null,2.5]");
/// # }
/// ```
pub use brisk_macros::patch;
/// A `POST` path operation (FastAPI's `@app.post`); a `Model` parameter is the JSON body.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
///     price: f64,
/// }
///
/// #[post("/items/", status_code = 201)]
/// async fn create_item(item: Item) -> Item {
///     item
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![create_item]));
/// let res = client.post("/items/").json(&serde_json::json!({"name": "Foo", "price": 1.5})).send().await;
/// assert_eq!(res.status(), 201);
/// assert_eq!(res.json::<serde_json::Value>()["name"], "Foo");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/body.md`.
pub use brisk_macros::post;
/// A `PUT` path operation (FastAPI's `@app.put`), with [`get`]'s options.
///
/// ```
/// use brisk::prelude::*;
///
/// #[put("/items/{id}")]
/// async fn handler(id: u32, #[body] name: String) -> String {
///     format!("{id}: {name}")
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![handler]));
/// // A single body parameter is the whole body, as in FastAPI (`embed = true` nests it).
/// let res = client.put("/items/1").json(&"Foo").send().await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.json::<String>(), "1: Foo");
/// # }
/// ```
pub use brisk_macros::put;
/// The routes of several path operations (and WebSocket routes), for
/// [`App::routes`] and [`ApiRouter::routes`]: `routes![read_item, items::create]`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/")]
/// async fn root() -> &'static str {
///     "root"
/// }
///
/// mod items {
///     use brisk::prelude::*;
///     #[get("/items/")]
///     pub async fn list() -> Json<Vec<u32>> {
///         Json(vec![1, 2])
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![root, items::list]));
/// assert_eq!(client.get("/items/").send().await.text(), "[1,2]");
/// # }
/// ```
pub use brisk_macros::routes;
/// A `TRACE` path operation (FastAPI's `@app.trace`), with [`get`]'s options.
///
/// ```
/// use brisk::prelude::*;
///
/// #[trace("/items/{id}")]
/// async fn handler(id: u32, request: Request) -> String {
///     format!("{} {id}", request.method())
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![handler]));
/// let res = client.request(http::Method::TRACE, "/items/1").send().await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.json::<String>(), "TRACE 1");
/// # }
/// ```
pub use brisk_macros::trace;
/// A WebSocket route (FastAPI's `@app.websocket`), registered with [`routes!`] as a path
/// operation is.
///
/// ```
/// use brisk::prelude::*;
///
/// #[websocket("/ws")]
/// async fn echo(mut ws: WebSocket) -> Result<(), WebSocketDisconnect> {
///     ws.accept().await?;
///     loop {
///         let text = ws.receive_text().await?;
///         ws.send_text(format!("Message text was: {text}")).await?;
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![echo]));
/// let mut ws = client.websocket_connect("/ws").connect().await.unwrap();
/// ws.send_text("hi").await.unwrap();
/// assert_eq!(ws.receive_text().await.unwrap(), "Message text was: hi");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/websockets.md`.
pub use brisk_macros::websocket;
pub use encoding::jsonable_encoder;
pub use error::{HttpException, ValidationErrors};
pub use forms::{FileBytes, UploadFile};
pub use lifespan::Lifespan;
pub use limits::Limits;
pub use middleware::Next;
pub use request::Request;
pub use response::{
    ByteStream, Cookie, EventSourceResponse, EventStream, FileResponse, HtmlResponse, IntoResponse, Json, JsonLines,
    JsonResponse, PlainTextResponse, RedirectResponse, Response, ResponseClass, ServerSentEvent, StreamingResponse,
    raise,
};
pub use result::{Error, Result};
pub use router::ApiRouter;
pub use routing::Route;
pub use server::{run, serve};
pub use settings::{Settings, SettingsError};
pub use state::State;
pub use staticfiles::StaticFiles;
pub use templating::Templates;
pub use testclient::TestClient;
pub use websocket::{WebSocket, WebSocketDisconnect, WebSocketException};

/// Re-exports for `use brisk::prelude::*`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
/// }
///
/// #[post("/items/")]
/// async fn create_item(item: Item) -> Item {
///     item
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![create_item]));
/// assert_eq!(client.post("/items/").json(&serde_json::json!({"name": "Foo"})).send().await.status(), 200);
/// # }
/// ```
pub mod prelude {
    pub use crate::computed_fields;
    pub use crate::forms::{FileBytes, UploadFile};
    pub use crate::middleware::{CorsMiddleware, GZipMiddleware, HttpsRedirectMiddleware, TrustedHostMiddleware};
    pub use crate::model::{ModelValidate, Partial};
    pub use crate::routing::Route;
    pub use crate::security::SecurityScopes;
    pub use crate::types::{DateTime, TimeDelta};
    pub use crate::{
        ApiResponse, ApiRouter, App, ByteStream, Cookie, Dependency, Error, EventStream, FileResponse, HtmlResponse,
        HttpException, IntoResponse, Json, JsonLines, JsonResponse, Model, PlainTextResponse, RedirectResponse,
        Request, Response, ResponseClass, ServerSentEvent, Settings, SettingsError, StreamingResponse, TestClient,
        WebSocket, WebSocketDisconnect, WebSocketException, delete, dependency, get, head, jsonable_encoder, options,
        patch, post, put, raise, routes, trace, websocket,
    };
    pub use crate::{BackgroundTasks, Lifespan, Next, State};
}

/// Items the macros' generated code refers to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::context::{ErasedFuture, Outcome, RequestCtx};
    pub use crate::depends::{
        AllSome, Dependency, InstanceDependency, IntoDepValue, ViaPlain, ViaResult, ViaValue, ViaYield, instance_info,
        resolve, resolve_instance,
    };
    pub use crate::error::{Invalid, LocItem, ValidationErrors};
    pub use crate::handler::{Endpoint, Handler, endpoint_docs, run_blocking};
    pub use crate::model::fast::SkippedValue;
    pub use crate::model::fast::from_slice as fast_from_slice;
    pub use crate::model::ser::{FieldSer, ViaPydantic, ViaSerde};
    pub use crate::model::{
        Bound, Constrained, Constraints, EnumInfo, FastModel, FieldDoc, FieldKey, JsonSchema, ModelField, ModelInfo,
        Pattern, SchemaGenerator, SchemaKind, TaggedUnion, Validate, any_of, default_json, default_title,
        deserialize_model, deserialize_str_enum, fast_by_name, fast_check, fast_error, fast_take, fast_take_present,
        fast_value, field, field_or, model_type_error, record, union_exact, union_member, wants_title,
    };
    pub use crate::model::{ComputedField, ComputedFields, ComputedModel};
    pub use crate::model::{ObjectModel, generic_model};
    pub use crate::operation::{
        DependencyInfo, Operation, OperationTypes, ParamDoc, ParamDocs, ParamSpec, ResponseDoc, SecurityDoc, Source,
    };
    pub use crate::params::Extract;
    pub use crate::response::{HttpResponse, IntoResponse, Response, ResponseClass, RouteRender, operation_types};
    pub use crate::response_model::{ResponseModel, ResponseModelType, render_as};
    pub use crate::routing::Route;
    pub use crate::security::param as security_param;
    pub use crate::settings::{Settings as SettingsTrait, SettingsConfig, SettingsField, SettingsInfo};
    pub use crate::validators::after as after_validator;
    pub use crate::websocket::{Ending, WebSocketEndpoint, ending as websocket_ending, handle as websocket_handle};
    pub use http::{HeaderName, Method};
    pub use serde;
    pub use serde_json;
    pub use std::borrow::Cow;
    pub use std::boxed::Box;
    pub use std::option::Option::{self, None, Some};
    pub use std::result::Result::{self, Err, Ok};
    pub use std::vec::Vec;
}
