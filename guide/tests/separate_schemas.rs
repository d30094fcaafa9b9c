//! Separate OpenAPI schemas for input and output: a model with a computed field, used as a
//! body and as a response, is documented as `Rect-Input` and `Rect-Output`.

// ANCHOR: app
use brisk::prelude::*;
use serde_json::Value;

#[derive(Model, Clone)]
#[model(computed)]
struct Rect {
    width: f64,
    height: f64,
}

#[computed_fields]
impl Rect {
    /// The area: in responses and in the output schema, never read from a request.
    #[model(computed)]
    fn area(&self) -> f64 {
        self.width * self.height
    }
}

#[post("/rects/")]
async fn create_rect(rect: Rect) -> Rect {
    rect
}

fn app(separate: bool) -> App {
    App::new().separate_input_output_schemas(separate).routes(routes![create_rect])
}
// ANCHOR_END: app

async fn schemas(separate: bool) -> Value {
    let client = TestClient::new(app(separate));
    let doc = client.get("/openapi.json").send().await.json::<Value>();
    doc["components"]["schemas"].clone()
}

#[tokio::test]
async fn the_computed_field_is_in_the_response() {
    let client = TestClient::new(app(true));
    let response = client.post("/rects/").json(&serde_json::json!({"width": 2, "height": 3, "area": 1})).send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), r#"{"width":2.0,"height":3.0,"area":6.0}"#);
}

#[tokio::test]
async fn a_model_whose_two_schemas_differ_is_split() {
    let schemas = schemas(true).await;
    assert!(schemas.get("Rect").is_none());
    assert!(schemas["Rect-Input"]["properties"].get("area").is_none());
    assert_eq!(schemas["Rect-Output"]["properties"]["area"]["readOnly"], true);
    assert_eq!(schemas["Rect-Output"]["required"], serde_json::json!(["width", "height", "area"]));
}

#[tokio::test]
async fn the_switch_does_not_merge_a_model_with_computed_fields() {
    // FastAPI 0.163 keeps a model with computed fields split even with the switch off.
    let schemas = schemas(false).await;
    assert!(schemas.get("Rect-Input").is_some() && schemas.get("Rect-Output").is_some());
}
