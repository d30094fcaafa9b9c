//! A string-enum path parameter.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model, Clone, Copy, PartialEq, Eq)]
enum ModelName {
    #[value("alexnet")]
    Alexnet,
    #[value("resnet")]
    Resnet,
    #[value("lenet")]
    Lenet,
}

#[get("/models/{model_name}")]
async fn get_model(model_name: ModelName) -> Value {
    match model_name {
        ModelName::Alexnet => json!({"model_name": model_name, "message": "Deep Learning FTW!"}),
        ModelName::Lenet => json!({"model_name": model_name, "message": "LeCNN all the images"}),
        ModelName::Resnet => json!({"model_name": model_name, "message": "Have some residuals"}),
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_model])
}
