//! Procedural macros for brisk. They parse declarations and generate calls into the
//! `brisk` runtime crate; the logic lives there.
//!
//! - `#[get("/path")]` and the other methods: a path operation from an `async fn`.
//! - `#[websocket("/ws")]`: a WebSocket route from an `async fn`.
//! - `routes![f, g]`: the routes of several path operations.
//! - `#[derive(Model)]`: validation, JSON Schema and serialization for a struct or a
//!   string enum.
//! - `#[computed_fields]`: a model's computed fields, from an `impl` block's methods.
//! - `#[derive(Settings)]`: a model loaded from environment variables and `.env` files.
//!
//! Use them through `brisk` (`use brisk::prelude::*`): its documentation of each macro
//! carries a runnable example.
#![deny(missing_docs)]

mod api_response;
mod attrs;
mod computed;
mod dependency;
mod errors;
mod model;
mod operation;
mod params;
mod rename;
mod settings;

use proc_macro::TokenStream;

macro_rules! method_macro {
    ($name:ident, $method:literal) => {
        #[doc = concat!("Declares a `", $method, "` path operation: `#[", stringify!($name), "(\"/path\", ...)]` on an `async fn`.")]
        #[proc_macro_attribute]
        pub fn $name(attr: TokenStream, item: TokenStream) -> TokenStream {
            operation::expand($method, attr.into(), item.into()).into()
        }
    };
}

method_macro!(get, "GET");
method_macro!(post, "POST");
method_macro!(put, "PUT");
method_macro!(patch, "PATCH");
method_macro!(delete, "DELETE");
method_macro!(head, "HEAD");
method_macro!(options, "OPTIONS");
method_macro!(trace, "TRACE");

/// Declares a WebSocket route (FastAPI's `@app.websocket`): `#[websocket("/ws/{id}")]` on
/// an `async fn` taking a `brisk::WebSocket`, with path, query, header and cookie
/// parameters and dependencies as an HTTP route has.
#[proc_macro_attribute]
pub fn websocket(attr: TokenStream, item: TokenStream) -> TokenStream {
    operation::expand_websocket(attr.into(), item.into()).into()
}

/// Declares a dependency (FastAPI's `Depends`): a function whose parameters are
/// extracted like a path operation's; take its result with `#[depends(name)] v: Type`.
#[proc_macro_attribute]
pub fn dependency(attr: TokenStream, item: TokenStream) -> TokenStream {
    dependency::expand(attr.into(), item.into()).into()
}

/// Derives a dependency from a struct (FastAPI's class dependencies): its fields are
/// parameters (`#[query]`, `#[header]`, `#[depends(f)]`, ...) and its value is the struct.
/// Take it with `#[depends(Commons)] commons: Commons`.
#[proc_macro_derive(Dependency, attributes(query, header, cookie, body, form, file, depends, security))]
pub fn derive_dependency(input: TokenStream) -> TokenStream {
    dependency::derive(input.into()).into()
}

/// Collects path operations into a `Vec<brisk::Route>`: `routes![read_item, items::create]`.
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    operation::routes(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives `IntoResponse` for an enum of typed responses: each variant answers with its
/// `#[response(status = ..)]` and is documented in OpenAPI with its body's schema.
#[proc_macro_derive(ApiResponse, attributes(response))]
pub fn derive_api_response(input: TokenStream) -> TokenStream {
    api_response::expand(input.into()).into()
}

/// Derives validation (`brisk::model::Validate`), JSON Schema, serialization and
/// `IntoResponse` for a struct with named fields (a model) or an enum of unit variants
/// (a string enum). Field options go in `#[field(...)]`; model options in `#[model(...)]`:
/// `name`, `extra = "forbid"`, `literal`, `examples`, `rename_all = "camelCase"` (pydantic's
/// alias generators and serde's case names; a field's `alias` wins) and `populate_by_name`.
/// Generic structs (`struct Page<T>`) are models named as pydantic names them
/// (`Page_Item_`). Examples: the `brisk::model` module.
#[proc_macro_derive(Model, attributes(field, model, value))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    model::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Gives a model its computed fields (pydantic's `@computed_field`): on an `impl` block of
/// a `#[derive(Model)]` struct declared `#[model(computed)]`, each method marked
/// `#[model(computed)]` (options: `alias`, `title`, `description`; the doc comment is the
/// description) is written after the stored fields and described in the output schema.
/// A computed method is `fn name(&self) -> T`.
#[proc_macro_attribute]
pub fn computed_fields(attr: TokenStream, item: TokenStream) -> TokenStream {
    computed::expand(attr.into(), item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives a settings struct (pydantic-settings' `BaseSettings`): everything
/// `#[derive(Model)]` derives, plus `brisk::settings::Settings` and the inherent `load`,
/// `load_from` and `sources`, reading environment variables and `.env` files. Struct
/// options go in `#[settings(env_prefix = "APP_", env_file = ".env", env_nested_delimiter =
/// "__", case_sensitive, extra = "ignore", env_ignore_empty)]`, field options in
/// `#[field(...)]` (`alias = "VAR"` names a field's variable, without the prefix).
#[proc_macro_derive(Settings, attributes(field, model, settings))]
pub fn derive_settings(input: TokenStream) -> TokenStream {
    settings::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
