//! `response_class = Redirect` with the route's own status (302).
use brisk::prelude::*;

#[get("/pydantic", response_class = Redirect, status_code = 302)]
async fn redirect_pydantic() -> &'static str {
    "https://docs.pydantic.dev/"
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![redirect_pydantic])
}
