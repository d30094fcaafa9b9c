//! TEMPORARY STUB (replaced by the real docs pages).
#![allow(missing_docs)]
use serde_json::{Map, Value};
pub struct DocsConfig {
    pub title: String,
    pub openapi_url: String,
    pub swagger_ui_oauth2_redirect_url: Option<String>,
    pub swagger_ui_parameters: Map<String, Value>,
    pub swagger_ui_init_oauth: Option<Value>,
    pub assets_prefix: String,
}
pub fn swagger_ui_html(c: &DocsConfig) -> String {
    format!("<title>{} - Swagger UI</title> '{}'", c.title, c.openapi_url)
}
pub fn swagger_ui_oauth2_redirect_html() -> &'static str {
    "<html></html>"
}
pub fn redoc_html(c: &DocsConfig) -> String {
    format!("<title>{} - ReDoc</title>", c.title)
}
pub fn asset(_name: &str) -> Option<(&'static [u8], &'static str)> {
    None
}
pub fn default_swagger_ui_parameters() -> Map<String, Value> {
    Map::new()
}
