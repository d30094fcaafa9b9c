//! Jinja templates (FastAPI's `Jinja2Templates`): `GET /items/{id}` renders `item.html`,
//! whose links come from `url_for`, with the static files mounted at `/static`
//! under the name `static`.
//!
//! The tutorial reads `templates/` and `static/` from its working directory; the
//! recording gives no fixture files, so the port reads FastAPI's files, kept in
//! `tutorials/assets/templates`.
use std::sync::LazyLock;

use brisk::prelude::*;
use brisk::templating::TemplateResponse;
use brisk::{StaticFiles, Templates};

const ASSETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/templates");

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| Templates::new(format!("{ASSETS}/templates")));

#[get("/items/{id}", response_class = Html)]
async fn read_item(request: Request, id: String) -> TemplateResponse {
    TEMPLATES.response(&request, "item.html", serde_json::json!({ "id": id }))
}

pub fn app() -> App {
    crate::fastapi_app()
        .mount_service_as("static", "/static", StaticFiles::new(format!("{ASSETS}/static")))
        .routes(routes![read_item])
}
