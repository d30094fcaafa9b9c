//! A WebSocket echo: an HTML page at `/`, and `/ws` answering every text message.
use brisk::prelude::*;

const HTML: &str = r##"
<!DOCTYPE html>
<html>
    <head>
        <title>Chat</title>
    </head>
    <body>
        <h1>WebSocket Chat</h1>
        <form action="" onsubmit="sendMessage(event)">
            <input type="text" id="messageText" autocomplete="off"/>
            <button>Send</button>
        </form>
        <ul id='messages'>
        </ul>
        <script>
            var ws = new WebSocket("ws://localhost:8000/ws");
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

#[get("/")]
async fn get() -> HtmlResponse {
    HtmlResponse::new(HTML)
}

// ANCHOR: endpoint
#[websocket("/ws")]
async fn websocket_endpoint(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    loop {
        let data = websocket.receive_text().await?;
        websocket.send_text(format!("Message text was: {data}")).await?;
    }
}
// ANCHOR_END: endpoint

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get, websocket_endpoint])
}
