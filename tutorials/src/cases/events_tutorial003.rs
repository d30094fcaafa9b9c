//! A lifespan loads a (fake) machine-learning model at startup; the handler reads it
//! from the app's state.
use std::collections::HashMap;

use brisk::prelude::*;
use serde_json::{Value, json};

fn fake_answer_to_everything_ml_model(x: f64) -> f64 {
    x * 42.0
}

/// The models, loaded once.
struct MlModels(HashMap<&'static str, fn(f64) -> f64>);

#[get("/predict")]
async fn predict(x: f64, ml_models: State<MlModels>) -> Value {
    let result = ml_models.0.get("answer_to_everything").map(|model| model(x));
    json!({"result": result})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![predict]).lifespan(|| async {
        let mut ml_models = MlModels(HashMap::new());
        ml_models.0.insert("answer_to_everything", fake_answer_to_everything_ml_model);
        Ok(Lifespan::new().state(ml_models))
    })
}
