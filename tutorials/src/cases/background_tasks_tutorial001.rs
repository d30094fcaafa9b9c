//! A background task writes the notification to `log.txt` after the response is sent.
use brisk::prelude::*;
use serde_json::{Value, json};

fn write_notification(email: &str, message: &str) -> std::io::Result<()> {
    let content = format!("notification for {email}: {message}");
    std::fs::write("log.txt", content)
}

#[post("/send-notification/{email}")]
async fn send_notification(email: String, background_tasks: BackgroundTasks) -> Value {
    background_tasks.add_blocking(move || write_notification(&email, "some notification"));
    json!({"message": "Notification sent in the background"})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![send_notification])
}
