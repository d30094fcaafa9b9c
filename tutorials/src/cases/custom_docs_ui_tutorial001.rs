//! The docs pages switched off and served by hand, their JavaScript and CSS from a CDN
//! (FastAPI's "Custom Docs UI Static Assets"): `get_swagger_ui_html`, `get_redoc_html`
//! and `get_swagger_ui_oauth2_redirect_html` with their URLs set one by one.
use brisk::docs::{Redoc, SwaggerUi, get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html};
use brisk::prelude::*;
use serde_json::{Value, json};

const OPENAPI_URL: &str = "/openapi.json";
const TITLE: &str = "FastAPI";
const OAUTH2_REDIRECT_URL: &str = "/docs/oauth2-redirect";

#[get("/docs", include_in_schema = false)]
async fn custom_swagger_ui_html() -> HtmlResponse {
    get_swagger_ui_html(
        SwaggerUi::new(OPENAPI_URL, &format!("{TITLE} - Swagger UI"))
            .oauth2_redirect_url(Some(OAUTH2_REDIRECT_URL))
            .swagger_js_url("https://unpkg.com/swagger-ui-dist@5/swagger-ui-bundle.js")
            .swagger_css_url("https://unpkg.com/swagger-ui-dist@5/swagger-ui.css"),
    )
}

#[get("/docs/oauth2-redirect", include_in_schema = false)]
async fn swagger_ui_redirect() -> HtmlResponse {
    get_swagger_ui_oauth2_redirect_html()
}

#[get("/redoc", include_in_schema = false)]
async fn redoc_html() -> HtmlResponse {
    get_redoc_html(
        Redoc::new(OPENAPI_URL, &format!("{TITLE} - ReDoc"))
            .redoc_js_url("https://unpkg.com/redoc@2/bundles/redoc.standalone.js"),
    )
}

#[get("/users/{username}")]
async fn read_user(username: String) -> Value {
    json!({"message": format!("Hello {username}")})
}

pub fn app() -> App {
    crate::fastapi_app()
        .docs_url(None)
        .redoc_url(None)
        .routes(routes![custom_swagger_ui_html, swagger_ui_redirect, redoc_html, read_user])
}
