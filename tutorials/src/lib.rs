//! FastAPI's tutorial apps ported to brisk: one app per conformance case.
//!
//! The `tutorials` binary serves the app named by the `CASE` environment variable; the
//! tests replay the recorded FastAPI exchanges against each app in-process.

pub mod cases;

/// The title FastAPI gives an app by default; the ports keep it so their OpenAPI
/// documents match FastAPI's.
pub fn fastapi_app() -> brisk::App {
    brisk::App::new().title("FastAPI")
}
