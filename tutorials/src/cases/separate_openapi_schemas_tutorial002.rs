//! The same app as `separate_openapi_schemas_tutorial001` with FastAPI's
//! `separate_input_output_schemas=False`. FastAPI 0.163 writes the same document either
//! way for this model (one `Item` schema: its input and output schemas are the same).
use brisk::App;

pub fn app() -> App {
    super::separate_openapi_schemas_tutorial001::app().separate_input_output_schemas(false)
}
