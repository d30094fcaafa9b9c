//! An optional query model beside a plain query parameter: `null` when neither date is
//! sent, both required when one is.
use brisk::prelude::*;
use chrono::NaiveDate;
use serde_json::{Value, json};

#[derive(Model)]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

#[get("/items/")]
async fn read_items(#[query(default = 10)] limit: i64, #[query] date_range: Option<DateRange>) -> Value {
    json!({"limit": limit, "date_range": date_range})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
