//! API metadata with the license given by its SPDX identifier.
use brisk::prelude::*;
use serde_json::{Value, json};

const DESCRIPTION: &str = "
ChimichangApp API helps you do awesome stuff. 🚀

## Items

You can **read items**.

## Users

You will be able to:

* **Create users** (_not implemented_).
* **Read users** (_not implemented_).
";

#[get("/items/")]
async fn read_items() -> Value {
    json!([{"name": "Katana"}])
}

pub fn app() -> App {
    App::new()
        .title("ChimichangApp")
        .description(DESCRIPTION)
        .summary("Deadpool's favorite app. Nuff said.")
        .version("0.0.1")
        .terms_of_service("http://example.com/terms/")
        .contact(json!({
            "name": "Deadpoolio the Amazing",
            "url": "http://x-force.example.com/contact/",
            "email": "dp@x-force.example.com",
        }))
        .license_info(json!({"name": "Apache 2.0", "identifier": "Apache-2.0"}))
        .routes(routes![read_items])
}
