//! The same app as `separate_openapi_schemas_tutorial001` with FastAPI's
//! `separate_input_output_schemas=False`. FastAPI 0.163 writes the same document either
//! way for this model (one `Item` schema), and so does brisk, which has no such switch.
pub use super::separate_openapi_schemas_tutorial001::app;
