//! An `HtmlResponse` returned directly, with no response class declared.
use brisk::prelude::*;

#[get("/items/")]
async fn read_items() -> HtmlResponse {
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

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
