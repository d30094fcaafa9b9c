//! A WebSocket route with path, query and cookie parameters and a dependency that
//! rejects the handshake (`WebSocketException(1008)`) when there is no session cookie
//! and no token.
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
            <label>Item ID: <input type="text" id="itemId" autocomplete="off" value="foo"/></label>
            <label>Token: <input type="text" id="token" autocomplete="off" value="some-key-token"/></label>
            <button onclick="connect(event)">Connect</button>
            <hr>
            <label>Message: <input type="text" id="messageText" autocomplete="off"/></label>
            <button>Send</button>
        </form>
        <ul id='messages'>
        </ul>
        <script>
        var ws = null;
            function connect(event) {
                var itemId = document.getElementById("itemId")
                var token = document.getElementById("token")
                ws = new WebSocket("ws://localhost:8000/items/" + itemId.value + "/ws?token=" + token.value);
                ws.onmessage = function(event) {
                    var messages = document.getElementById('messages')
                    var message = document.createElement('li')
                    var content = document.createTextNode(event.data)
                    message.appendChild(content)
                    messages.appendChild(message)
                };
                event.preventDefault()
            }
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
#[dependency]
async fn get_cookie_or_token(
    #[cookie] session: Option<String>,
    #[query] token: Option<String>,
) -> Result<String, WebSocketException> {
    // Python's `session or token`: an empty cookie gives the token (or `None`).
    match (session, token) {
        (None, None) => Err(WebSocketException::new(1008)),
        (Some(session), _) if !session.is_empty() => Ok(session),
        (_, Some(token)) => Ok(token),
        (Some(_), None) => Ok("None".to_owned()),
    }
}

#[websocket("/items/{item_id}/ws")]
async fn websocket_endpoint(
    mut websocket: WebSocket,
    item_id: String,
    #[query] q: Option<i64>,
    #[depends(get_cookie_or_token)] cookie_or_token: String,
) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    loop {
        let data = websocket.receive_text().await?;
        websocket.send_text(format!("Session cookie or query token value is: {cookie_or_token}")).await?;
        if let Some(q) = q {
            websocket.send_text(format!("Query parameter q is: {q}")).await?;
        }
        websocket.send_text(format!("Message text was: {data}, for item ID: {item_id}")).await?;
    }
}
// ANCHOR_END: endpoint

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get, websocket_endpoint])
}
