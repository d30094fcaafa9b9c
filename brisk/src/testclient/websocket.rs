//! WebSockets in-process (Starlette's `TestClient.websocket_connect`): the handshake goes
//! through the app like any request, with the server's end of a pipe in place of
//! hyper's upgrade; the client's end speaks the protocol with tungstenite.

use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use http_body_util::BodyExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::{self, protocol::CloseFrame, protocol::Role};

use super::{Life, TestClient};
use crate::app::AppService;
use crate::body::Body;
use crate::websocket::{InProcessUpgrade, Message, WebSocketDisconnect};

/// The handshake key every test connection sends (RFC 6455's sample).
const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";

impl TestClient {
    /// A WebSocket connection to `path` (with its query), to set up and
    /// [`connect`](WebSocketRequest::connect).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use brisk::{App, TestClient};
    /// // No WebSocket route here: the handshake is refused with 403.
    /// let client = TestClient::new(App::new());
    /// let rejected = client.websocket_connect("/ws").connect().await.unwrap_err();
    /// assert_eq!(rejected.status, 403);
    /// # }
    /// ```
    pub fn websocket_connect(&self, path: &str) -> WebSocketRequest {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::HOST, HeaderValue::from_static("testserver"));
        headers.insert(http::header::USER_AGENT, HeaderValue::from_static("testclient"));
        WebSocketRequest {
            service: self.service.clone(),
            life: self.life.clone(),
            path: path.to_owned(),
            headers,
            subprotocols: Vec::new(),
            timeout: Duration::from_secs(10),
        }
    }
}

/// A WebSocket handshake being set up by a [`TestClient`].
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{WebSocket, WebSocketDisconnect};
///
/// #[websocket("/ws")]
/// async fn chat(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
///     websocket.accept_with(Some("chat"), Default::default()).await?;
///     websocket.send_text("welcome").await
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![chat]));
/// let mut ws = client
///     .websocket_connect("/ws")
///     .subprotocol("chat")
///     .timeout(std::time::Duration::from_secs(5))
///     .connect()
///     .await
///     .expect("accepted");
/// assert_eq!(ws.subprotocol(), Some("chat"));
/// assert_eq!(ws.receive_text().await.expect("open"), "welcome");
/// # }
/// ```
#[derive(Debug)]
pub struct WebSocketRequest {
    service: AppService,
    life: std::sync::Arc<Life>,
    path: String,
    headers: HeaderMap,
    subprotocols: Vec<String>,
    timeout: Duration,
}

impl WebSocketRequest {
    /// Sets a header of the handshake. Invalid names or values panic, as a test's
    /// mistake.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let n = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|e| panic!("header name {name:?}: {e}"));
        let v = HeaderValue::from_str(value).unwrap_or_else(|e| panic!("header value {value:?}: {e}"));
        self.headers.insert(n, v);
        self
    }

    /// Offers a subprotocol (`sec-websocket-protocol`); call again to offer several.
    pub fn subprotocol(mut self, protocol: &str) -> Self {
        self.subprotocols.push(protocol.to_owned());
        self
    }

    /// How long a `receive` waits before the test fails (10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends the handshake through the app: the open connection once the route accepts,
    /// or the HTTP response that refused it.
    pub async fn connect(self) -> Result<TestWebSocket, WebSocketRejected> {
        if let Err(e) = self.life.start().await {
            panic!("the app did not start: {e}");
        }
        let mut req = http::Request::new(Body::empty());
        *req.method_mut() = Method::GET;
        *req.uri_mut() = self.path.parse().unwrap_or_else(|e| panic!("test path {:?}: {e}", self.path));
        let mut headers = self.headers;
        headers.insert(http::header::UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(http::header::CONNECTION, HeaderValue::from_static("Upgrade"));
        headers.insert(http::header::SEC_WEBSOCKET_KEY, HeaderValue::from_static(KEY));
        headers.insert(http::header::SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
        if !self.subprotocols.is_empty() {
            let offered = self.subprotocols.join(", ");
            let v = HeaderValue::from_str(&offered).unwrap_or_else(|e| panic!("subprotocols {offered:?}: {e}"));
            headers.insert(http::header::SEC_WEBSOCKET_PROTOCOL, v);
        }
        *req.headers_mut() = headers;
        let (client_io, server_io) = tokio::io::duplex(64 * 1024);
        req.extensions_mut().insert(InProcessUpgrade(std::sync::Arc::new(std::sync::Mutex::new(Some(server_io)))));
        let res = self.service.call_from(req, std::net::SocketAddr::from(([127, 0, 0, 1], 50000))).await;
        let (parts, body) = res.into_parts();
        if parts.status != http::StatusCode::SWITCHING_PROTOCOLS {
            let body = body.collect().await.map(|c| c.to_bytes()).unwrap_or_default();
            return Err(WebSocketRejected { status: parts.status.as_u16(), headers: parts.headers, body });
        }
        let expected = tungstenite::handshake::derive_accept_key(KEY.as_bytes());
        let got = parts.headers.get(http::header::SEC_WEBSOCKET_ACCEPT).and_then(|v| v.to_str().ok());
        assert_eq!(got, Some(expected.as_str()), "sec-websocket-accept of the 101 response");
        let stream = WebSocketStream::from_raw_socket(client_io, Role::Client, None).await;
        Ok(TestWebSocket { stream, headers: parts.headers, timeout: self.timeout })
    }
}

impl std::future::IntoFuture for WebSocketRequest {
    type Output = Result<TestWebSocket, WebSocketRejected>;
    type IntoFuture = crate::handler::BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.connect())
    }
}

/// A handshake the app refused: the HTTP response it gave instead of 101 (403 when the
/// route closed before accepting, or for a path with no WebSocket route).
///
/// ```
/// use brisk::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new());
/// let rejected = client.websocket_connect("/nowhere").connect().await.unwrap_err();
/// assert_eq!(rejected.status, 403);
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct WebSocketRejected {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl std::fmt::Display for WebSocketRejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebSocket handshake rejected with {}", self.status)
    }
}

impl std::error::Error for WebSocketRejected {}

/// An open in-process WebSocket connection (Starlette's `WebSocketTestSession`). Every
/// `receive` gives `Err(WebSocketDisconnect)` with the server's close code once the
/// server has closed; a message of the other kind (binary for `receive_text`), or
/// nothing within the timeout, fails the test. Dropped without
/// [`close`](Self::close), the server sees the connection drop (1006).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{WebSocket, WebSocketDisconnect};
///
/// #[websocket("/ws")]
/// async fn greet(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
///     websocket.accept().await?;
///     let name = websocket.receive_text().await?;
///     websocket.send_json(&serde_json::json!({"hello": name})).await?;
///     websocket.close(1000, "done").await
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![greet]));
/// let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
/// ws.send_text("Ann").await.expect("open");
/// let msg: serde_json::Value = ws.receive_json().await.expect("open");
/// assert_eq!(msg["hello"], "Ann");
/// let closed = ws.receive_text().await.unwrap_err();
/// assert_eq!((closed.code, closed.reason.as_str()), (1000, "done"));
/// # }
/// ```
///
/// Guide: `guide/src/advanced/testing-websockets.md`.
#[derive(Debug)]
pub struct TestWebSocket {
    stream: WebSocketStream<tokio::io::DuplexStream>,
    headers: HeaderMap,
    timeout: Duration,
}

impl TestWebSocket {
    /// The headers of the 101 response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The subprotocol the app chose, if any.
    pub fn subprotocol(&self) -> Option<&str> {
        self.headers.get(http::header::SEC_WEBSOCKET_PROTOCOL).and_then(|v| v.to_str().ok())
    }

    /// Sends a text message.
    pub async fn send_text(&mut self, text: &str) -> Result<(), WebSocketDisconnect> {
        self.send(tungstenite::Message::text(text)).await
    }

    /// Sends a binary message.
    pub async fn send_bytes(&mut self, data: impl Into<Bytes>) -> Result<(), WebSocketDisconnect> {
        self.send(tungstenite::Message::binary(data.into())).await
    }

    /// Sends a value as a JSON text message.
    pub async fn send_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WebSocketDisconnect> {
        let text = serde_json::to_string(value).unwrap_or_else(|e| panic!("test message not serializable: {e}"));
        self.send_text(&text).await
    }

    /// Sends a ping and waits for its pong: the pong's payload.
    pub async fn ping(&mut self, payload: &[u8]) -> Result<Bytes, WebSocketDisconnect> {
        self.send(tungstenite::Message::Ping(Bytes::copy_from_slice(payload))).await?;
        loop {
            match self.next().await? {
                tungstenite::Message::Pong(p) => return Ok(p),
                // The server's keep-alive ping (answered by tungstenite).
                tungstenite::Message::Ping(_) => continue,
                other => panic!("expected a pong, got {other:?}"),
            }
        }
    }

    /// Receives the next message.
    pub async fn receive(&mut self) -> Result<Message, WebSocketDisconnect> {
        loop {
            match self.next().await? {
                tungstenite::Message::Text(t) => return Ok(Message::Text(t.as_str().to_owned())),
                tungstenite::Message::Binary(b) => return Ok(Message::Binary(b)),
                _ => continue,
            }
        }
    }

    /// Receives a text message.
    pub async fn receive_text(&mut self) -> Result<String, WebSocketDisconnect> {
        match self.receive().await? {
            Message::Text(t) => Ok(t),
            Message::Binary(b) => panic!("expected a text message, got binary {b:?}"),
        }
    }

    /// Receives a binary message.
    pub async fn receive_bytes(&mut self) -> Result<Bytes, WebSocketDisconnect> {
        match self.receive().await? {
            Message::Binary(b) => Ok(b),
            Message::Text(t) => panic!("expected a binary message, got text {t:?}"),
        }
    }

    /// Receives a JSON text message as `T`.
    pub async fn receive_json<T: DeserializeOwned>(&mut self) -> Result<T, WebSocketDisconnect> {
        let text = self.receive_text().await?;
        Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("message is not the expected JSON ({e}): {text}")))
    }

    /// Closes with this code and reason and waits for the server's reply: its code and
    /// reason (1006 if the connection ended without one). Messages still in flight are
    /// dropped.
    pub async fn close(&mut self, code: u16, reason: &str) -> WebSocketDisconnect {
        let frame = CloseFrame { code: code.into(), reason: reason.into() };
        if self.stream.close(Some(frame)).await.is_err() {
            return WebSocketDisconnect::abnormal();
        }
        loop {
            match self.next().await {
                Ok(_) => continue,
                Err(d) => return d,
            }
        }
    }

    async fn send(&mut self, message: tungstenite::Message) -> Result<(), WebSocketDisconnect> {
        self.stream.send(message).await.map_err(|_| WebSocketDisconnect::abnormal())
    }

    /// The next frame of any kind; the server's close as `Err`.
    async fn next(&mut self) -> Result<tungstenite::Message, WebSocketDisconnect> {
        let next = match tokio::time::timeout(self.timeout, self.stream.next()).await {
            Ok(next) => next,
            Err(_) => panic!("no WebSocket message within {:?}", self.timeout),
        };
        match next {
            Some(Ok(tungstenite::Message::Close(frame))) => Err(match frame {
                Some(f) => WebSocketDisconnect { code: u16::from(f.code), reason: f.reason.as_str().to_owned() },
                None => WebSocketDisconnect::new(1005),
            }),
            Some(Ok(m)) => Ok(m),
            Some(Err(_)) | None => Err(WebSocketDisconnect::abnormal()),
        }
    }
}
