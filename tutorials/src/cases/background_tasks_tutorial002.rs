//! Background tasks added by a dependency and by the handler share one list: both
//! append to `log.txt` after the response, the dependency's first.
use std::io::Write;

use brisk::prelude::*;
use serde_json::{Value, json};

fn write_log(message: &str) -> std::io::Result<()> {
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open("log.txt")?;
    log.write_all(message.as_bytes())
}

#[dependency]
fn get_query(background_tasks: BackgroundTasks, q: Option<String>) -> Option<String> {
    if let Some(q) = &q {
        let message = format!("found query: {q}\n");
        background_tasks.add_blocking(move || write_log(&message));
    }
    q
}

#[post("/send-notification/{email}")]
async fn send_notification(
    email: String,
    background_tasks: BackgroundTasks,
    #[depends(get_query)] _q: Option<String>,
) -> Value {
    let message = format!("message to {email}\n");
    background_tasks.add_blocking(move || write_log(&message));
    json!({"message": "Message sent"})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![send_notification])
}
