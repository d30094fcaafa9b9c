//! The seed page: return a `Response` with XML, sent as it is.
use brisk::prelude::*;

const DATA: &str = r#"<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    "#;

#[get("/legacy/")]
async fn get_legacy_data() -> Response {
    Response::new(DATA).media_type("application/xml")
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_legacy_data])
}
