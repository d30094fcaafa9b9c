//! UUID, datetime, time and timedelta parameters, and their JSON encoding.
use brisk::prelude::*;
use chrono::NaiveTime;
use serde_json::{Value, json};
use uuid::Uuid;

#[put("/items/{item_id}")]
async fn read_items(
    item_id: Uuid,
    #[body] start_datetime: DateTime,
    #[body] end_datetime: DateTime,
    #[body] process_after: TimeDelta,
    #[body] repeat_at: Option<NaiveTime>,
) -> Value {
    let start_process = start_datetime + process_after;
    let duration = end_datetime - start_process;
    json!({
        "item_id": item_id,
        "start_datetime": start_datetime.isoformat(),
        "end_datetime": end_datetime.isoformat(),
        "process_after": process_after,
        "repeat_at": repeat_at,
        "start_process": start_process.isoformat(),
        "duration": duration,
    })
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
