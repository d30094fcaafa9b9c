//! Middleware: layers that wrap the whole app, as Starlette's do.
//!
//! Starlette's built-in middleware, with its exact wire behaviour, are tower layers:
//! [`CorsMiddleware`], [`GZipMiddleware`], [`TrustedHostMiddleware`] and
//! [`HttpsRedirectMiddleware`].

pub mod cors;
pub use cors::CorsMiddleware;
pub mod gzip;
pub use gzip::GZipMiddleware;
pub mod https_redirect;
pub use https_redirect::HttpsRedirectMiddleware;
pub mod trusted_host;
pub use trusted_host::TrustedHostMiddleware;
