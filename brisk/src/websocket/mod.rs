//! WebSockets (FastAPI's `@app.websocket`, Starlette's `WebSocket`).
//!
//! `#[websocket("/ws/{client_id}")]` on an `async fn` taking a [`WebSocket`] declares a
//! WebSocket route. Its parameters and dependencies are extracted by the same generated
//! [`Endpoint::extract`] as an HTTP route's; what differs is what runs after it
//! ([`handle`]):
//!
//! 1. the handshake is checked, and the connection's I/O (hyper's upgrade, or the
//!    in-process pipe of the test client) set aside;
//! 2. on a task of its own: the app's and routers' dependencies, then `extract`; an
//!    invalid parameter or an error a dependency returns (a [`WebSocketException`])
//!    rejects the handshake with 403, as uvicorn does;
//! 3. the function runs; [`WebSocket::accept`] answers the handshake with 101 and starts
//!    the connection's driver (`driver`), which owns the socket: it reassembles
//!    fragments, answers pings, sends keep-alive pings, enforces the message size and
//!    hands messages over a bounded queue;
//! 4. returning from the function (or a [`WebSocketException`]) closes the socket with
//!    1000 (or the exception's code); a function that returns without accepting
//!    rejects the handshake;
//! 5. once the socket is closed, the exit code of `Yield` dependencies runs.
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::websocket::{WebSocket, WebSocketDisconnect};
//!
//! #[websocket("/ws")]
//! async fn echo(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
//!     websocket.accept().await?;
//!     loop {
//!         let data = websocket.receive_text().await?;
//!         websocket.send_text(format!("Message text was: {data}")).await?;
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![echo]));
//! let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
//! ws.send_text("hi").await.expect("open");
//! assert_eq!(ws.receive_text().await.expect("open"), "Message text was: hi");
//! assert_eq!(ws.close(1000, "").await.code, 1000);
//! # }
//! ```

mod driver;

use std::future::Future;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{CONNECTION, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_PROTOCOL, UPGRADE};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite;

use crate::body::Body;
use crate::context::{RequestCtx, WebSocketSettings};
use crate::error::{Invalid, LocItem, ValidationErrors};
use crate::handler::{BoxFuture, Endpoint};
use crate::model::{Constraints, SchemaGenerator, Validate};
use crate::operation::{ParamDoc, ParamSpec};
use crate::params::Extract;
use crate::request::Request;
use crate::response::{HttpResponse, IntoResponse};

use driver::{Command, Shared};

/// A message received from, or sent to, a WebSocket client.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{Message, WebSocket, WebSocketDisconnect};
///
/// #[websocket("/ws")]
/// async fn kind(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
///     websocket.accept().await?;
///     let kind = match websocket.receive().await? {
///         Message::Text(_) => "text",
///         Message::Binary(_) => "binary",
///     };
///     websocket.send_text(kind).await
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![kind]));
/// let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
/// ws.send_bytes(vec![1, 2]).await.expect("open");
/// assert_eq!(ws.receive_text().await.expect("open"), "binary");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Bytes),
}

/// The client went away (Starlette's `WebSocketDisconnect`): the close code it sent (1006
/// when the connection dropped without a close frame) and its reason.
///
/// Every method that talks to the client returns it, so `?` ends the route when the
/// client leaves:
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{WebSocket, WebSocketDisconnect};
///
/// #[websocket("/ws")]
/// async fn shout(mut websocket: WebSocket) -> Result<(), WebSocketDisconnect> {
///     websocket.accept().await?;
///     loop {
///         let text = websocket.receive_text().await?;
///         websocket.send_text(text.to_uppercase()).await?;
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![shout]));
/// let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
/// ws.send_text("hi").await.expect("open");
/// assert_eq!(ws.receive_text().await.expect("open"), "HI");
/// assert_eq!(ws.close(1000, "").await.code, 1000);
/// assert_eq!(WebSocketDisconnect::abnormal().code, 1006);
/// # }
/// ```
///
/// Guide: `guide/src/advanced/websockets.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSocketDisconnect {
    /// The close code.
    pub code: u16,
    /// The close reason.
    pub reason: String,
}

impl WebSocketDisconnect {
    /// A disconnect with this code and no reason.
    pub fn new(code: u16) -> Self {
        WebSocketDisconnect { code, reason: String::new() }
    }

    /// The connection dropped without a close frame (1006).
    pub fn abnormal() -> Self {
        Self::new(1006)
    }
}

impl std::fmt::Display for WebSocketDisconnect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebSocket disconnected with code {}", self.code)?;
        if !self.reason.is_empty() {
            write!(f, ": {}", self.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for WebSocketDisconnect {}

/// Closes a WebSocket with a code and reason (Starlette's `WebSocketException`). Raised
/// before [`WebSocket::accept`] (e.g. by a dependency returning
/// `Result<_, WebSocketException>`) it rejects the handshake with 403, as uvicorn does;
/// after it, the socket is closed with this code and reason.
///
/// ```
/// use brisk::websocket::WebSocketException;
/// let e = WebSocketException::new(1008).reason("no token");
/// assert_eq!((e.code, e.reason.as_str()), (1008, "no token"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSocketException {
    /// The close code (e.g. 1008, policy violation).
    pub code: u16,
    /// The close reason.
    pub reason: String,
}

impl WebSocketException {
    /// An exception with this close code and no reason.
    pub fn new(code: u16) -> Self {
        WebSocketException { code, reason: String::new() }
    }

    /// Sets the reason.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = reason.into();
        self
    }
}

impl std::fmt::Display for WebSocketException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebSocketException {}: {}", self.code, self.reason)
    }
}

impl std::error::Error for WebSocketException {}

/// Where it stops a request: the handshake is rejected, 403 with no body (what uvicorn
/// answers when the app closes before accepting).
impl IntoResponse for WebSocketException {
    fn into_response(self) -> HttpResponse {
        forbidden()
    }
}

/// What [`WebSocket::receive_json`] can fail with.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{WebSocket, WebSocketError};
///
/// #[derive(Model)]
/// struct Move {
///     x: u8,
/// }
///
/// #[websocket("/game")]
/// async fn game(mut websocket: WebSocket) -> Result<(), WebSocketError> {
///     websocket.accept().await?;
///     loop {
///         match websocket.receive_json::<Move>().await {
///             Ok(m) => websocket.send_text(format!("x = {}", m.x)).await?,
///             Err(WebSocketError::Invalid(errors)) => websocket.send_text(format!("{} errors", errors.len())).await?,
///             Err(gone) => return Err(gone),
///         }
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![game]));
/// let mut ws = client.websocket_connect("/game").connect().await.expect("accepted");
/// ws.send_text(r#"{"x": "left"}"#).await.expect("open");
/// assert_eq!(ws.receive_text().await.expect("open"), "1 errors");
/// ws.send_json(&serde_json::json!({"x": 3})).await.expect("open");
/// assert_eq!(ws.receive_text().await.expect("open"), "x = 3");
/// # }
/// ```
#[derive(Debug)]
pub enum WebSocketError {
    /// The client went away.
    Disconnect(WebSocketDisconnect),
    /// The message was not valid JSON, or not valid for the type (every error collected,
    /// as for a body).
    Invalid(ValidationErrors),
}

impl From<WebSocketDisconnect> for WebSocketError {
    fn from(d: WebSocketDisconnect) -> Self {
        WebSocketError::Disconnect(d)
    }
}

impl std::fmt::Display for WebSocketError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebSocketError::Disconnect(d) => d.fmt(f),
            WebSocketError::Invalid(e) => write!(f, "invalid message: {}", String::from_utf8_lossy(&e.to_body())),
        }
    }
}

impl std::error::Error for WebSocketError {}

/// How a WebSocket function ended, which decides how its socket is closed.
///
/// ```
/// use brisk::websocket::{Ending, WebSocketDisconnect, WebSocketException, WebSocketResult};
///
/// assert_eq!(().into_ending(), Ending::Normal);
/// assert_eq!(Err::<(), _>(WebSocketDisconnect::new(1001)).into_ending(), Ending::Normal);
/// let closed = Err::<(), _>(WebSocketException::new(1008).reason("no token")).into_ending();
/// assert_eq!(closed, Ending::Close(1008, "no token".into()));
/// assert_eq!(Err::<(), _>(brisk::Error::msg("boom")).into_ending(), Ending::Failed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Returned normally (or the client went): close with 1000 if still open.
    Normal,
    /// Close with this code and reason (a [`WebSocketException`]; invalid data: 1008).
    Close(u16, String),
    /// Failed (an error, a panic): close with 1011.
    Failed,
}

/// What a `#[websocket]` function may return: `()`, or a `Result<(), E>` whose error is
/// a [`WebSocketDisconnect`] (the client went), a [`WebSocketException`] (closes with its
/// code), a [`WebSocketError`] (invalid data closes with 1008) or any other error (logged,
/// closes with 1011), also inside a [`brisk::Error`](crate::Error).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{WebSocket, WebSocketException};
///
/// #[websocket("/ws")]
/// async fn guarded(mut websocket: WebSocket) -> Result<(), WebSocketException> {
///     websocket.accept().await.map_err(|_| WebSocketException::new(1011))?;
///     Err(WebSocketException::new(1008).reason("no token"))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![guarded]));
/// let mut ws = client.websocket_connect("/ws").connect().await.expect("accepted");
/// let closed = ws.receive_text().await.unwrap_err();
/// assert_eq!((closed.code, closed.reason.as_str()), (1008, "no token"));
/// # }
/// ```
pub trait WebSocketResult {
    /// How the socket is closed.
    fn into_ending(self) -> Ending;
}

impl WebSocketResult for () {
    fn into_ending(self) -> Ending {
        Ending::Normal
    }
}

impl<E: Into<crate::Error>> WebSocketResult for Result<(), E> {
    fn into_ending(self) -> Ending {
        let Err(e) = self else { return Ending::Normal };
        let e: crate::Error = e.into();
        let e = match e.downcast::<WebSocketDisconnect>() {
            Ok(_) => return Ending::Normal,
            Err(e) => e,
        };
        let e = match e.downcast::<WebSocketException>() {
            Ok(x) => return Ending::Close(x.code, x.reason),
            Err(e) => e,
        };
        match e.downcast::<WebSocketError>() {
            Ok(WebSocketError::Disconnect(_)) => Ending::Normal,
            Ok(WebSocketError::Invalid(errors)) => {
                Ending::Close(1008, String::from_utf8_lossy(&errors.to_body()).into_owned())
            }
            Err(e) => {
                tracing::error!("a WebSocket route failed: {e}");
                Ending::Failed
            }
        }
    }
}

/// Converts what a `#[websocket]` function returned (used by the macro).
#[doc(hidden)]
pub fn ending<R: WebSocketResult>(r: R) -> Ending {
    r.into_ending()
}

/// A WebSocket route, generated by `#[websocket("/path")]`: its [`Endpoint`] extracts
/// the parameters as an HTTP route's do, and `run` calls the function.
#[doc(hidden)]
pub trait WebSocketEndpoint: Endpoint {
    /// Calls the function with the extracted arguments.
    fn run(args: Self::Args) -> impl Future<Output = Ending> + Send;
}

/// The connection's I/O for the in-process test client: the server's end of a pipe,
/// put in the request's extensions in place of hyper's upgrade.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub struct InProcessUpgrade(pub Arc<Mutex<Option<tokio::io::DuplexStream>>>);

/// Any byte stream a WebSocket can run over.
trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}
type BoxIo = Box<dyn Io>;

/// Where the connection's bytes come from once the handshake is answered.
enum Upgrade {
    Hyper(hyper::upgrade::OnUpgrade),
    InProcess(tokio::io::DuplexStream),
}

impl Upgrade {
    fn take(parts: &mut http::request::Parts) -> Option<Self> {
        if let Some(on) = parts.extensions.remove::<hyper::upgrade::OnUpgrade>() {
            return Some(Upgrade::Hyper(on));
        }
        let pipe = parts.extensions.get::<InProcessUpgrade>()?;
        let io = pipe.0.lock().ok()?.take()?;
        Some(Upgrade::InProcess(io))
    }

    async fn io(self) -> Option<BoxIo> {
        match self {
            Upgrade::Hyper(on) => match on.await {
                Ok(upgraded) => Some(Box::new(hyper_util::rt::TokioIo::new(upgraded))),
                Err(e) => {
                    tracing::debug!("WebSocket upgrade failed: {e}");
                    None
                }
            },
            Upgrade::InProcess(io) => Some(Box::new(io)),
        }
    }
}

/// True when the request asks for a WebSocket (and the connection can be upgraded).
/// Costs one check of an empty extension map on a plain request.
///
/// ```
/// let (parts, _) = http::Request::get("/ws").header("upgrade", "websocket").body(()).unwrap().into_parts();
/// // No connection to upgrade: a request built by hand is a plain one.
/// assert!(!brisk::websocket::is_upgrade(&parts));
/// ```
#[inline]
pub fn is_upgrade(parts: &http::request::Parts) -> bool {
    !parts.extensions.is_empty() && wants_websocket(parts)
}

#[cold]
#[inline(never)]
fn wants_websocket(parts: &http::request::Parts) -> bool {
    (parts.extensions.get::<hyper::upgrade::OnUpgrade>().is_some()
        || parts.extensions.get::<InProcessUpgrade>().is_some())
        && parts
            .headers
            .get(UPGRADE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("websocket")))
}

/// The answer to a handshake that is rejected: 403, no body (uvicorn's).
///
/// ```
/// assert_eq!(brisk::websocket::forbidden().status(), 403);
/// ```
pub fn forbidden() -> HttpResponse {
    let mut res = http::Response::new(Body::empty());
    *res.status_mut() = StatusCode::FORBIDDEN;
    res
}

fn plain(status: StatusCode, text: &'static str) -> HttpResponse {
    let mut res = http::Response::new(Body::from(Bytes::from_static(text.as_bytes())));
    *res.status_mut() = status;
    res.headers_mut().insert(http::header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

/// The app's answer to `accept`.
struct Accept {
    subprotocol: Option<HeaderValue>,
    headers: HeaderMap,
}

/// A WebSocket not accepted yet.
struct Pending {
    decide: oneshot::Sender<Accept>,
    upgrade: Upgrade,
    commands: mpsc::Receiver<Command>,
    inbox: mpsc::Sender<Message>,
    settings: WebSocketSettings,
}

enum State {
    Pending(Box<Pending>),
    Open,
    Closed,
}

/// A WebSocket connection, taken by a `#[websocket]` function (Starlette's `WebSocket`).
///
/// Accept it, then receive and send; every method that talks to the client returns
/// `Err(WebSocketDisconnect)` once the client has gone. Use [`sender`](Self::sender)
/// for a handle other tasks can send with (a chat's broadcast).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::websocket::{WebSocket, WebSocketDisconnect};
///
/// #[websocket("/items/{item_id}/ws")]
/// async fn items(mut websocket: WebSocket, item_id: String, #[query] q: Option<i64>) -> Result<(), WebSocketDisconnect> {
///     websocket.accept().await?;
///     let text = websocket.receive_text().await?;
///     websocket.send_text(format!("{text} for {item_id}, q = {q:?}")).await?;
///     websocket.close(1000, "done").await
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![items]));
/// let mut ws = client.websocket_connect("/items/foo/ws?q=3").connect().await.expect("accepted");
/// ws.send_text("hello").await.expect("open");
/// assert_eq!(ws.receive_text().await.expect("open"), "hello for foo, q = Some(3)");
/// assert_eq!(ws.receive_text().await.unwrap_err().reason, "done");
/// // An invalid parameter rejects the handshake.
/// assert_eq!(client.websocket_connect("/items/foo/ws?q=x").connect().await.unwrap_err().status, 403);
/// # }
/// ```
pub struct WebSocket {
    state: State,
    commands: mpsc::Sender<Command>,
    inbox: Option<mpsc::Receiver<Message>>,
    shared: Arc<Shared>,
    headers: HeaderMap,
    uri: http::Uri,
    client: Option<std::net::SocketAddr>,
    /// The app's limit on validation errors, for `receive_json`.
    max_errors: Option<usize>,
}

impl std::fmt::Debug for WebSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::Pending(_) => "pending",
            State::Open => "open",
            State::Closed => "closed",
        };
        f.debug_struct("WebSocket").field("uri", &self.uri).field("state", &state).finish()
    }
}

impl WebSocket {
    /// The handshake request's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The handshake request's URI (path and query).
    pub fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// The client's address, when known.
    pub fn client(&self) -> Option<std::net::SocketAddr> {
        self.client
    }

    /// The subprotocols the client offered (`sec-websocket-protocol`), in its order.
    pub fn subprotocols(&self) -> Vec<String> {
        self.headers
            .get_all(SEC_WEBSOCKET_PROTOCOL)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// True once accepted and until closed.
    pub fn is_open(&self) -> bool {
        matches!(self.state, State::Open) && self.shared.ended().is_none()
    }

    /// Accepts the connection: the handshake is answered with 101.
    pub async fn accept(&mut self) -> Result<(), WebSocketDisconnect> {
        self.accept_with(None, HeaderMap::new()).await
    }

    /// Accepts the connection choosing a subprotocol (one the client offered) and adding
    /// headers to the 101 response.
    pub async fn accept_with(
        &mut self,
        subprotocol: Option<&str>,
        headers: HeaderMap,
    ) -> Result<(), WebSocketDisconnect> {
        let pending = match std::mem::replace(&mut self.state, State::Open) {
            State::Pending(p) => p,
            State::Open => return Ok(()),
            State::Closed => {
                self.state = State::Closed;
                return Err(self.shared.disconnect());
            }
        };
        let Pending { decide, upgrade, commands, inbox, settings } = *pending;
        let subprotocol = match subprotocol.map(HeaderValue::from_str) {
            Some(Ok(v)) => Some(v),
            Some(Err(_)) => {
                tracing::error!("WebSocket subprotocol is not a valid header value; not sent");
                None
            }
            None => None,
        };
        if decide.send(Accept { subprotocol, headers }).is_err() {
            self.state = State::Closed;
            return Err(self.shared.disconnect());
        }
        let Some(io) = upgrade.io().await else {
            self.state = State::Closed;
            return Err(self.shared.disconnect());
        };
        let config = tungstenite::protocol::WebSocketConfig::default()
            .read_buffer_size(driver::READ_BUFFER)
            .write_buffer_size(0)
            .max_message_size(Some(settings.max_message_size))
            .max_frame_size(Some(settings.max_message_size));
        let stream =
            tokio_tungstenite::WebSocketStream::from_raw_socket(io, tungstenite::protocol::Role::Server, Some(config))
                .await;
        tokio::spawn(driver::run(stream, commands, inbox, self.shared.clone(), settings));
        Ok(())
    }

    /// Receives the next message; `Err` once the client has gone.
    pub async fn receive(&mut self) -> Result<Message, WebSocketDisconnect> {
        if !matches!(self.state, State::Open) {
            return Err(self.not_open());
        }
        match self.inbox.as_mut() {
            Some(inbox) => match inbox.recv().await {
                Some(m) => Ok(m),
                None => Err(self.shared.disconnect()),
            },
            None => Err(self.shared.disconnect()),
        }
    }

    /// Receives a text message. A binary one is the app's failure (FastAPI's
    /// `receive_text` fails on it): the socket is closed with 1011 and this returns the
    /// disconnect.
    pub async fn receive_text(&mut self) -> Result<String, WebSocketDisconnect> {
        match self.receive().await? {
            Message::Text(t) => Ok(t),
            Message::Binary(_) => Err(self.fail("expected a text message, got a binary one").await),
        }
    }

    /// Receives a binary message (a text one closes with 1011, as in
    /// [`receive_text`](Self::receive_text)).
    pub async fn receive_bytes(&mut self) -> Result<Bytes, WebSocketDisconnect> {
        match self.receive().await? {
            Message::Binary(b) => Ok(b),
            Message::Text(_) => Err(self.fail("expected a binary message, got a text one").await),
        }
    }

    /// Receives a JSON message (text or binary) and validates it as `T`, like a body:
    /// every error is collected in [`WebSocketError::Invalid`] (the socket stays open),
    /// up to the app's limit on validation errors.
    pub async fn receive_json<T: Validate>(&mut self) -> Result<T, WebSocketError> {
        let data = match self.receive().await? {
            Message::Text(t) => Bytes::from(t),
            Message::Binary(b) => b,
        };
        let mut errors = ValidationErrors::with_limit(self.max_errors);
        let value: serde_json::Value = match serde_json::from_slice(&data) {
            Ok(v) => v,
            Err(e) => {
                let e = crate::request::python_json_error(&data, &e);
                let detail = Invalid::new("json_invalid", "JSON decode error").with_ctx("error", e.msg.clone());
                errors.push(detail.at(vec![LocItem::Index(e.pos)], serde_json::Value::Object(Default::default())));
                return Err(WebSocketError::Invalid(errors));
            }
        };
        let mut loc = Vec::new();
        match T::validate_json(&value, &Constraints::NONE, &mut loc, &mut errors) {
            Some(v) if errors.is_empty() => Ok(v),
            _ => Err(WebSocketError::Invalid(errors)),
        }
    }

    /// The messages as a stream, until the client goes.
    pub fn messages(&mut self) -> impl futures_util::Stream<Item = Message> + Send + '_ {
        futures_util::stream::unfold(self, |ws| async move { ws.receive().await.ok().map(|m| (m, ws)) })
    }

    /// Sends a text message.
    pub async fn send_text(&mut self, text: impl Into<String>) -> Result<(), WebSocketDisconnect> {
        self.send(tungstenite::Message::text(text.into())).await
    }

    /// Sends a binary message.
    pub async fn send_bytes(&mut self, data: impl Into<Bytes>) -> Result<(), WebSocketDisconnect> {
        self.send(tungstenite::Message::binary(data.into())).await
    }

    /// Sends a value as a JSON text message (compact, as Starlette's `send_json`).
    pub async fn send_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WebSocketDisconnect> {
        match serde_json::to_string(value) {
            Ok(text) => self.send_text(text).await,
            Err(e) => {
                tracing::error!("send_json: the value is not JSON: {e}");
                Err(self.fail("a message could not be encoded").await)
            }
        }
    }

    /// Closes the connection with this code and reason. Before
    /// [`accept`](Self::accept), this rejects the handshake (403).
    pub async fn close(&mut self, code: u16, reason: &str) -> Result<(), WebSocketDisconnect> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Pending(_) => Ok(()),
            State::Closed => Ok(()),
            State::Open => self.sender().close(code, reason).await,
        }
    }

    /// A handle that sends on this connection from anywhere (cheap to clone): what a
    /// connection manager keeps to broadcast.
    pub fn sender(&self) -> WebSocketSender {
        WebSocketSender { commands: self.commands.clone(), shared: self.shared.clone() }
    }

    async fn send(&mut self, message: tungstenite::Message) -> Result<(), WebSocketDisconnect> {
        if !matches!(self.state, State::Open) {
            return Err(self.not_open());
        }
        self.sender().send(message).await
    }

    /// Closes with 1011 after an application error; the disconnect to report.
    async fn fail(&mut self, reason: &str) -> WebSocketDisconnect {
        let _ = self.close(1011, reason).await;
        WebSocketDisconnect { code: 1011, reason: reason.to_owned() }
    }

    fn not_open(&self) -> WebSocketDisconnect {
        match self.state {
            State::Pending(_) => WebSocketDisconnect { code: 1006, reason: "not accepted yet".into() },
            _ => self.shared.disconnect(),
        }
    }
}

/// Sends on a [`WebSocket`] from another task (see [`WebSocket::sender`]). Two senders
/// are equal when they send on the same connection.
///
/// ```
/// use brisk::prelude::*;
///
/// #[websocket("/ws")]
/// async fn ticker(mut ws: WebSocket) -> Result<(), WebSocketDisconnect> {
///     ws.accept().await?;
///     let sender = ws.sender();
///     // Another task sends on the same connection.
///     let task = tokio::spawn(async move { sender.send_text("tick").await });
///     let _ = task.await;
///     ws.close(1000, "").await
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![ticker]));
/// let mut ws = client.websocket_connect("/ws").connect().await.unwrap();
/// assert_eq!(ws.receive_text().await.unwrap(), "tick");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/websockets.md`.
#[derive(Debug, Clone)]
pub struct WebSocketSender {
    commands: mpsc::Sender<Command>,
    shared: Arc<Shared>,
}

impl PartialEq for WebSocketSender {
    fn eq(&self, other: &Self) -> bool {
        self.commands.same_channel(&other.commands)
    }
}

impl Eq for WebSocketSender {}

impl WebSocketSender {
    /// Sends a text message.
    pub async fn send_text(&self, text: impl Into<String>) -> Result<(), WebSocketDisconnect> {
        self.send(tungstenite::Message::text(text.into())).await
    }

    /// Sends a binary message.
    pub async fn send_bytes(&self, data: impl Into<Bytes>) -> Result<(), WebSocketDisconnect> {
        self.send(tungstenite::Message::binary(data.into())).await
    }

    /// Sends a value as a compact JSON text message.
    pub async fn send_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), WebSocketDisconnect> {
        match serde_json::to_string(value) {
            Ok(text) => self.send_text(text).await,
            Err(e) => {
                tracing::error!("send_json: the value is not JSON: {e}");
                Err(WebSocketDisconnect { code: 1011, reason: "a message could not be encoded".into() })
            }
        }
    }

    /// Closes the connection with this code and reason (at most 123 bytes of it are
    /// sent, the protocol's limit).
    pub async fn close(&self, code: u16, reason: &str) -> Result<(), WebSocketDisconnect> {
        let reason = truncate(reason, 123).to_owned();
        self.commands.send(Command::Close(code, reason)).await.map_err(|_| self.shared.disconnect())
    }

    async fn send(&self, message: tungstenite::Message) -> Result<(), WebSocketDisconnect> {
        if let Some(d) = self.shared.ended() {
            return Err(d);
        }
        self.commands.send(Command::Send(message)).await.map_err(|_| self.shared.disconnect())
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Where the pipeline leaves the connection for the `WebSocket` parameter to take.
#[derive(Clone)]
struct Slot(Arc<Mutex<Option<WebSocket>>>);

impl Extract for WebSocket {
    fn extract(
        req: &mut Request,
        _: &'static ParamSpec,
        errors: &mut ValidationErrors,
        _: Option<fn() -> Self>,
    ) -> Option<Self> {
        let ws = req.extensions().get::<Slot>().and_then(|s| s.0.lock().ok()?.take());
        if ws.is_none() {
            let e = Invalid::new("websocket", "a WebSocket parameter is only given to a #[websocket] route, once");
            errors.push(e.at(Vec::new(), serde_json::Value::Null));
        }
        ws
    }

    fn doc(_: &ParamSpec, _: &mut SchemaGenerator) -> ParamDoc {
        ParamDoc::hidden()
    }
}

/// The handler of WebSocket route `E` (what its route stores): checks the handshake,
/// runs the route on a task of its own and answers with 101 once the function accepts,
/// or 403 when it does not.
#[doc(hidden)]
pub fn handle<E: WebSocketEndpoint>(mut cx: RequestCtx) -> BoxFuture<HttpResponse> {
    Box::pin(async move {
        let headers = cx.req.headers();
        let Some(key) = headers.get(SEC_WEBSOCKET_KEY).map(|k| k.as_bytes().to_vec()) else {
            return plain(StatusCode::BAD_REQUEST, "Missing Sec-WebSocket-Key header");
        };
        if headers.get(http::header::SEC_WEBSOCKET_VERSION).map(|v| v.as_bytes()) != Some(b"13") {
            let mut res = plain(StatusCode::UPGRADE_REQUIRED, "Unsupported Sec-WebSocket-Version");
            res.headers_mut().insert(http::header::SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
            return res;
        }
        let Some(upgrade) = Upgrade::take(cx.req.parts_mut()) else { return forbidden() };
        let settings = cx.runtime.websocket.clone();
        let (decide, decision) = oneshot::channel();
        let (commands_tx, commands) = mpsc::channel(settings.max_queue.max(1));
        let (inbox_tx, inbox) = mpsc::channel(settings.max_queue.max(1));
        let shared = Arc::new(Shared::default());
        let ws = WebSocket {
            state: State::Pending(Box::new(Pending { decide, upgrade, commands, inbox: inbox_tx, settings })),
            commands: commands_tx.clone(),
            inbox: Some(inbox),
            shared,
            headers: cx.req.headers().clone(),
            uri: cx.req.uri().clone(),
            client: cx.req.client(),
            max_errors: cx.req.config().max_validation_errors,
        };
        cx.req.parts_mut().extensions.insert(Slot(Arc::new(Mutex::new(Some(ws)))));
        tokio::spawn(session::<E>(cx, commands_tx));
        match decision.await {
            Ok(accept) => switching_protocols(&key, accept),
            Err(_) => forbidden(),
        }
    })
}

/// The 101 answer.
fn switching_protocols(key: &[u8], accept: Accept) -> HttpResponse {
    let mut res = http::Response::new(Body::empty());
    *res.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = res.headers_mut();
    h.extend(accept.headers);
    h.insert(UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    if let Ok(v) = HeaderValue::from_str(&tungstenite::handshake::derive_accept_key(key)) {
        h.insert(SEC_WEBSOCKET_ACCEPT, v);
    }
    if let Some(p) = accept.subprotocol {
        h.insert(SEC_WEBSOCKET_PROTOCOL, p);
    }
    res
}

/// One WebSocket route's run: dependencies and parameters, the function, the close, and
/// the exit code of `Yield` dependencies once the socket is closed.
async fn session<E: WebSocketEndpoint>(mut cx: RequestCtx, commands: mpsc::Sender<Command>) {
    let mut errors = ValidationErrors::with_limit(cx.req.config().max_validation_errors);
    let args = 'args: {
        if !cx.plan.global_deps.is_empty() && crate::depends::run_global(&mut cx, &mut errors).await.is_some() {
            break 'args None;
        }
        match E::extract(&mut cx, &mut errors).await {
            Ok(Some(args)) if errors.is_empty() => Some(args),
            _ => None,
        }
    };
    // A route without a `WebSocket` parameter (or rejected above) leaves it here: dropped,
    // it rejects the handshake.
    drop(cx.req.parts_mut().extensions.remove::<Slot>());
    if let Some(args) = args {
        let ending = std::panic::AssertUnwindSafe(E::run(args)).catch_unwind().await.unwrap_or_else(|_| {
            tracing::error!("a WebSocket route panicked");
            Ending::Failed
        });
        let _ = commands.send(Command::Finish(ending)).await;
        // The driver (when the socket was accepted) drops the receiver when it ends.
        commands.closed().await;
    } else if !errors.is_empty() {
        tracing::debug!("WebSocket handshake rejected: {}", String::from_utf8_lossy(&errors.to_body()));
    }
    drop(commands);
    if cx.has_exits() {
        let exits = std::mem::take(&mut cx.exits);
        if let Some(left) = crate::teardown::run_exits(exits, None).await {
            let _ = left;
            tracing::error!("the exit code of a WebSocket route's dependency raised an error");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_follow_the_error() {
        assert_eq!(().into_ending(), Ending::Normal);
        assert_eq!(Ok::<(), WebSocketDisconnect>(()).into_ending(), Ending::Normal);
        assert_eq!(Err::<(), _>(WebSocketDisconnect::new(1001)).into_ending(), Ending::Normal);
        assert_eq!(
            Err::<(), _>(WebSocketException::new(4000).reason("bye")).into_ending(),
            Ending::Close(4000, "bye".into())
        );
        let wrapped: crate::Error = WebSocketException::new(1008).into();
        assert_eq!(Err::<(), _>(wrapped).into_ending(), Ending::Close(1008, String::new()));
        assert_eq!(Err::<(), _>(std::io::Error::other("boom")).into_ending(), Ending::Failed);
    }

    #[test]
    fn reasons_are_cut_on_a_character() {
        assert_eq!(truncate("abc", 123), "abc");
        assert_eq!(truncate("ééé", 3), "é");
    }
}
