//! A chat: every client's messages are broadcast to all connected clients, in the order
//! they joined, and a client leaving (a close or a dropped connection) is announced.
use std::sync::Arc;

use brisk::prelude::*;
use brisk::websocket::WebSocketSender;

const HTML: &str = r##"
<!DOCTYPE html>
<html>
    <head>
        <title>Chat</title>
    </head>
    <body>
        <h1>WebSocket Chat</h1>
        <h2>Your ID: <span id="ws-id"></span></h2>
        <form action="" onsubmit="sendMessage(event)">
            <input type="text" id="messageText" autocomplete="off"/>
            <button>Send</button>
        </form>
        <ul id='messages'>
        </ul>
        <script>
            var client_id = Date.now()
            document.querySelector("#ws-id").textContent = client_id;
            var ws = new WebSocket(`ws://localhost:8000/ws/${client_id}`);
            ws.onmessage = function(event) {
                var messages = document.getElementById('messages')
                var message = document.createElement('li')
                var content = document.createTextNode(event.data)
                message.appendChild(content)
                messages.appendChild(message)
            };
            function sendMessage(event) {
                var input = document.getElementById("messageText")
                ws.send(input.value)
                input.value = ''
                event.preventDefault()
            }
        </script>
    </body>
</html>
"##;

// ANCHOR: manager
/// The connected clients, in the order they joined.
#[derive(Default)]
pub struct ConnectionManager {
    active_connections: tokio::sync::Mutex<Vec<WebSocketSender>>,
}

impl ConnectionManager {
    async fn connect(&self, websocket: &mut WebSocket) -> Result<(), WebSocketDisconnect> {
        websocket.accept().await?;
        self.active_connections.lock().await.push(websocket.sender());
        Ok(())
    }

    async fn disconnect(&self, websocket: &WebSocket) {
        let me = websocket.sender();
        self.active_connections.lock().await.retain(|c| *c != me);
    }

    async fn send_personal_message(&self, message: &str, websocket: &mut WebSocket) -> Result<(), WebSocketDisconnect> {
        websocket.send_text(message).await
    }

    async fn broadcast(&self, message: &str) {
        // Sent outside the lock; a client that has just gone is skipped.
        let connections = self.active_connections.lock().await.clone();
        for connection in connections {
            let _ = connection.send_text(message).await;
        }
    }
}

#[get("/")]
async fn get() -> HtmlResponse {
    HtmlResponse::new(HTML)
}

#[websocket("/ws/{client_id}")]
async fn websocket_endpoint(
    mut websocket: WebSocket,
    client_id: i64,
    manager: State<Arc<ConnectionManager>>,
) -> Result<(), WebSocketDisconnect> {
    manager.connect(&mut websocket).await?;
    let left = loop {
        let data = match websocket.receive_text().await {
            Ok(data) => data,
            Err(disconnect) => break disconnect,
        };
        if let Err(disconnect) = manager.send_personal_message(&format!("You wrote: {data}"), &mut websocket).await {
            break disconnect;
        }
        manager.broadcast(&format!("Client #{client_id} says: {data}")).await;
    };
    manager.disconnect(&websocket).await;
    manager.broadcast(&format!("Client #{client_id} left the chat")).await;
    Err(left)
}
// ANCHOR_END: manager

pub fn app() -> App {
    crate::fastapi_app().state(Arc::new(ConnectionManager::default())).routes(routes![get, websocket_endpoint])
}
