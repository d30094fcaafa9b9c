//! A redirect or plain data from one handler, with no response model
//! (`response_model=None`): the data is still sent as JSON.
use brisk::prelude::*;
use serde_json::json;

#[get("/portal")]
async fn get_portal(#[query(default = false)] teleport: bool) -> Response {
    if teleport {
        return RedirectResponse::new("https://www.youtube.com/watch?v=dQw4w9WgXcQ").into();
    }
    JsonResponse::new(json!({"message": "Here's your interdimensional portal."})).into()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_portal])
}
