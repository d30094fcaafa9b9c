//! Testing WebSockets: a route that sends one JSON message and closes.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn read_main() -> Value {
    json!({"msg": "Hello World"})
}

#[websocket("/ws")]
async fn websocket(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    websocket.send_json(&json!({"msg": "Hello WebSocket"})).await?;
    websocket.close(1000, "").await
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_main, websocket])
}
