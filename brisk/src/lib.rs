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
pub mod params_model;
pub mod path_params;
pub mod proxy;
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
pub use brisk_macros::computed_fields;
pub use brisk_macros::{
    ApiResponse, Dependency, Model, Settings, delete, dependency, get, head, options, patch, post, put, routes, trace,
    websocket,
};
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
