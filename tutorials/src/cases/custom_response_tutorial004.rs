//! A declared HTML response class, and an `HtmlResponse` built by a helper.
use brisk::prelude::*;

fn generate_html_response() -> HtmlResponse {
    HtmlResponse::new(
        r#"
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    "#,
    )
}

#[get("/items/", response_class = Html)]
async fn read_items() -> HtmlResponse {
    generate_html_response()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
