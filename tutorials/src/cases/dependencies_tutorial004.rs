//! The same struct dependency (FastAPI's `Depends()` shortcut is the same thing here).
pub use super::dependencies_tutorial002::app;
