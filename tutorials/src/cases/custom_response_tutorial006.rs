//! Returning a `RedirectResponse` directly.
use brisk::prelude::*;

#[get("/typer")]
async fn redirect_typer() -> RedirectResponse {
    RedirectResponse::new("https://typer.tiangolo.com")
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![redirect_typer])
}
