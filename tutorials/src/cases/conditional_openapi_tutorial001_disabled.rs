//! The same app as `conditional_openapi_tutorial001`, recorded with `OPENAPI_URL=""`.
pub use super::conditional_openapi_tutorial001::app;
