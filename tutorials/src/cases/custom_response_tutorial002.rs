//! `response_class = Html`: the returned string is sent as HTML.
use brisk::prelude::*;

#[get("/items/", response_class = Html)]
async fn read_items() -> &'static str {
    r#"
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    "#
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
