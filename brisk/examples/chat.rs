//! A chat over WebSockets, as FastAPI's: an HTML page at `/`, and `/ws/{client_id}`
//! where every message is broadcast to everyone connected, with a notice when someone
//! leaves. Run it with `cargo run -p brisk --example chat` and open
//! <http://127.0.0.1:8000/> in two browser tabs.

use std::sync::Arc;

use brisk::prelude::*;
use brisk::websocket::WebSocketSender;
use tokio::sync::Mutex;

const HTML: &str = r##"<!DOCTYPE html>
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
            var ws = new WebSocket(`ws://${location.host}/ws/${client_id}`);
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

/// Everyone connected, in the order they joined: a sender per connection.
#[derive(Default)]
struct ConnectionManager {
    active: Mutex<Vec<WebSocketSender>>,
}

impl ConnectionManager {
    async fn connect(&self, websocket: &mut WebSocket) -> Result<(), WebSocketDisconnect> {
        websocket.accept().await?;
        self.active.lock().await.push(websocket.sender());
        Ok(())
    }

    async fn disconnect(&self, websocket: &WebSocket) {
        let gone = websocket.sender();
        self.active.lock().await.retain(|s| *s != gone);
    }

    /// Sends to everyone; a connection that has just gone is skipped (its own task
    /// removes it).
    async fn broadcast(&self, message: &str) {
        let everyone = self.active.lock().await.clone();
        for connection in everyone {
            let _ = connection.send_text(message).await;
        }
    }
}

/// The chat page.
#[get("/")]
async fn page() -> HtmlResponse {
    HtmlResponse::new(HTML)
}

/// One member of the chat.
#[websocket("/ws/{client_id}")]
async fn chat(
    mut websocket: WebSocket,
    client_id: i64,
    manager: State<Arc<ConnectionManager>>,
) -> Result<(), WebSocketDisconnect> {
    manager.connect(&mut websocket).await?;
    while let Ok(data) = websocket.receive_text().await {
        if websocket.send_text(format!("You wrote: {data}")).await.is_err() {
            break;
        }
        manager.broadcast(&format!("Client #{client_id} says: {data}")).await;
    }
    manager.disconnect(&websocket).await;
    manager.broadcast(&format!("Client #{client_id} left the chat")).await;
    Ok(())
}

fn app() -> App {
    App::new().title("Chat").state(Arc::new(ConnectionManager::default())).routes(routes![page, chat])
}

#[tokio::main]
async fn main() {
    if let Err(e) = brisk::serve(app()).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn page_then_a_chat_of_three() {
        let client = TestClient::new(app());
        let page = client.get("/").send().await;
        assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(page.text().contains("<h1>WebSocket Chat</h1>"));

        let mut a = client.websocket_connect("/ws/1").connect().await.expect("accepted");
        let mut b = client.websocket_connect("/ws/2").connect().await.expect("accepted");
        // b is in the chat once its own message comes back to it.
        b.send_text("hi").await.unwrap();
        assert_eq!(b.receive_text().await.unwrap(), "You wrote: hi");
        assert_eq!(b.receive_text().await.unwrap(), "Client #2 says: hi");
        assert_eq!(a.receive_text().await.unwrap(), "Client #2 says: hi");

        let mut c = client.websocket_connect("/ws/3").connect().await.expect("accepted");
        c.send_text("hello all").await.unwrap();
        assert_eq!(c.receive_text().await.unwrap(), "You wrote: hello all");
        for ws in [&mut a, &mut b, &mut c] {
            assert_eq!(ws.receive_text().await.unwrap(), "Client #3 says: hello all");
        }

        // b leaves properly, c drops its connection: both are announced.
        assert_eq!(b.close(1000, "").await.code, 1000);
        assert_eq!(a.receive_text().await.unwrap(), "Client #2 left the chat");
        assert_eq!(c.receive_text().await.unwrap(), "Client #2 left the chat");
        drop(c);
        assert_eq!(a.receive_text().await.unwrap(), "Client #3 left the chat");

        // Not a chat member without an integer id.
        assert_eq!(client.websocket_connect("/ws/me").connect().await.unwrap_err().status, 403);
    }
}
