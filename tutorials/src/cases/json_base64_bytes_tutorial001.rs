//! Bytes carried as base64 in JSON, in and out.
use brisk::prelude::*;
use brisk::types::Base64Bytes;
use serde_json::{Value, json};

#[derive(Model)]
pub struct DataInput {
    description: String,
    data: Base64Bytes,
}

#[derive(Model)]
pub struct DataOutput {
    description: String,
    data: Base64Bytes,
}

#[derive(Model)]
pub struct DataInputOutput {
    description: String,
    data: Base64Bytes,
}

#[post("/data")]
async fn post_data(body: DataInput) -> Value {
    let content = String::from_utf8_lossy(body.data.as_slice()).into_owned();
    json!({"description": body.description, "content": content})
}

#[get("/data")]
async fn get_data() -> DataOutput {
    DataOutput { description: "A plumbus".into(), data: Base64Bytes(b"hello".to_vec()) }
}

#[post("/data-in-out")]
async fn post_data_in_out(data: DataInputOutput) -> DataInputOutput {
    data
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![post_data, get_data, post_data_in_out])
}
