//! WebSockets over real sockets on 127.0.0.1, with tungstenite as the client: the
//! handshake through hyper's upgrade, ping/pong, fragmented messages, the size limit
//! (1009), invalid UTF-8 (1007), the close echo, a dropped connection seen by the route
//! as 1006, keep-alive pings and their timeout, and the server going on after all that.

use std::sync::Arc;
use std::time::Duration;

use brisk::context::WebSocketSettings;
use brisk::prelude::*;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, frame::coding::CloseCode};
use tokio_tungstenite::tungstenite::{Bytes, Error as WsError, Message};

/// Where the route reports how each connection ended.
struct Ends(mpsc::UnboundedSender<WebSocketDisconnect>);

#[websocket("/ws")]
async fn echo(mut websocket: WebSocket, ends: State<Arc<Ends>>) -> Result<(), WebSocketDisconnect> {
    websocket.accept().await?;
    let end = loop {
        match websocket.receive().await {
            Ok(brisk::websocket::Message::Text(t)) => websocket.send_text(format!("text: {t}")).await?,
            Ok(brisk::websocket::Message::Binary(b)) => websocket.send_bytes(b).await?,
            Err(d) => break d,
        }
    };
    let _ = ends.0.send(end.clone());
    Err(end)
}

#[get("/")]
async fn root() -> &'static str {
    "ok"
}

struct Server {
    addr: std::net::SocketAddr,
    ends: mpsc::UnboundedReceiver<WebSocketDisconnect>,
    _stop: oneshot::Sender<()>,
}

async fn start(settings: WebSocketSettings) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let (tx, ends) = mpsc::unbounded_channel();
    let app = App::new().state(Arc::new(Ends(tx))).websocket_settings(settings).routes(routes![echo, root]);
    tokio::spawn(brisk::server::serve_listener(app, listener, async move {
        let _ = stopped.await;
    }));
    Server { addr, ends, _stop: stop }
}

async fn connect(addr: std::net::SocketAddr, path: &str) -> WebSocketStream<TcpStream> {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let (ws, res) = tokio_tungstenite::client_async(format!("ws://{addr}{path}"), tcp).await.unwrap();
    assert_eq!(res.status(), 101);
    ws
}

async fn next(ws: &mut WebSocketStream<TcpStream>) -> Message {
    match tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
        Ok(Some(Ok(m))) => m,
        other => panic!("expected a frame, got {other:?}"),
    }
}

async fn ended(server: &mut Server) -> WebSocketDisconnect {
    tokio::time::timeout(Duration::from_secs(5), server.ends.recv()).await.expect("the route ended").expect("a report")
}

fn close_code(m: Message) -> (u16, String) {
    match m {
        Message::Close(Some(f)) => (u16::from(f.code), f.reason.as_str().to_owned()),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[tokio::test]
async fn echo_ping_and_the_client_close_is_echoed() {
    let mut server = start(WebSocketSettings::default()).await;
    let mut ws = connect(server.addr, "/ws").await;
    ws.send(Message::text("hello")).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::text("text: hello"));
    ws.send(Message::Ping(Bytes::from_static(b"payload"))).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::Pong(Bytes::from_static(b"payload")));
    ws.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::binary(vec![1u8, 2, 3]));
    ws.send(Message::Close(Some(CloseFrame { code: CloseCode::Library(4000), reason: "bye".into() }))).await.unwrap();
    assert_eq!(close_code(next(&mut ws).await), (4000, "bye".to_owned()));
    let end = ended(&mut server).await;
    assert_eq!((end.code, end.reason.as_str()), (4000, "bye"));
}

#[tokio::test]
async fn fragmented_messages_are_reassembled() {
    let server = start(WebSocketSettings::default()).await;
    let mut ws = connect(server.addr, "/ws").await;
    let first = Frame::message(Bytes::from_static(b"Hel"), OpCode::Data(Data::Text), false);
    let more = Frame::message(Bytes::from_static(b"lo, "), OpCode::Data(Data::Continue), false);
    let last = Frame::message(Bytes::from_static("wörld".as_bytes()), OpCode::Data(Data::Continue), true);
    ws.send(Message::Frame(first)).await.unwrap();
    ws.send(Message::Frame(more)).await.unwrap();
    // A control frame may come between fragments.
    ws.send(Message::Ping(Bytes::from_static(b"p"))).await.unwrap();
    ws.send(Message::Frame(last)).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::Pong(Bytes::from_static(b"p")));
    assert_eq!(next(&mut ws).await, Message::text("text: Hello, wörld"));
}

#[tokio::test]
async fn a_message_over_the_limit_closes_with_1009() {
    let settings = WebSocketSettings { max_message_size: 1024, ..Default::default() };
    let mut server = start(settings).await;
    let mut ws = connect(server.addr, "/ws").await;
    ws.send(Message::text("x".repeat(1024))).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::text(format!("text: {}", "x".repeat(1024))));
    // Over the limit in fragments too.
    let first = Frame::message(Bytes::from(vec![b'y'; 600]), OpCode::Data(Data::Text), false);
    let last = Frame::message(Bytes::from(vec![b'y'; 600]), OpCode::Data(Data::Continue), true);
    ws.send(Message::Frame(first)).await.unwrap();
    ws.send(Message::Frame(last)).await.unwrap();
    assert_eq!(close_code(next(&mut ws).await).0, 1009);
    assert_eq!(ended(&mut server).await.code, 1009);
    // One large frame.
    let mut ws = connect(server.addr, "/ws").await;
    let _ = ws.send(Message::binary(vec![0u8; 100_000])).await;
    assert_eq!(close_code(next(&mut ws).await).0, 1009);
    assert_eq!(ended(&mut server).await.code, 1009);
}

#[test]
fn the_default_limit_is_16_mib_and_pings_every_20_s() {
    let s = WebSocketSettings::default();
    assert_eq!(s.max_message_size, 16 * 1024 * 1024);
    assert_eq!((s.ping_interval, s.ping_timeout), (Some(Duration::from_secs(20)), Some(Duration::from_secs(20))));
}

#[tokio::test]
async fn invalid_utf8_in_a_text_message_closes_with_1007() {
    let mut server = start(WebSocketSettings::default()).await;
    let mut ws = connect(server.addr, "/ws").await;
    let bad = Frame::message(Bytes::from_static(&[b'a', 0xff, 0xfe]), OpCode::Data(Data::Text), true);
    ws.send(Message::Frame(bad)).await.unwrap();
    assert_eq!(close_code(next(&mut ws).await).0, 1007);
    assert_eq!(ended(&mut server).await.code, 1007);
}

#[tokio::test]
async fn a_dropped_connection_is_1006_for_the_route_and_the_server_goes_on() {
    let mut server = start(WebSocketSettings::default()).await;
    let ws = connect(server.addr, "/ws").await;
    drop(ws);
    assert_eq!(ended(&mut server).await.code, 1006);
    // With a reset this time.
    let ws = connect(server.addr, "/ws").await;
    // A zero linger makes the close a reset (and does not block).
    #[allow(deprecated)]
    ws.get_ref().set_linger(Some(Duration::ZERO)).unwrap();
    drop(ws);
    assert_eq!(ended(&mut server).await.code, 1006);
    let mut ws = connect(server.addr, "/ws").await;
    ws.send(Message::text("still here")).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::text("text: still here"));
}

#[tokio::test]
async fn handshakes_without_a_websocket_route_get_403_over_http() {
    let server = start(WebSocketSettings::default()).await;
    for path in ["/", "/nope", "/ws/"] {
        let tcp = TcpStream::connect(server.addr).await.unwrap();
        match tokio_tungstenite::client_async(format!("ws://{}{path}", server.addr), tcp).await {
            Err(WsError::Http(res)) => assert_eq!(res.status(), 403, "{path}"),
            other => panic!("{path}: expected a 403, got {:?}", other.map(|(_, r)| r)),
        }
    }
}

#[tokio::test]
async fn keepalive_pings_are_sent_and_a_silent_client_is_dropped() {
    let settings = WebSocketSettings {
        ping_interval: Some(Duration::from_millis(100)),
        ping_timeout: Some(Duration::from_millis(200)),
        ..Default::default()
    };
    let mut server = start(settings).await;
    // A client that reads answers the pings (tungstenite queues the pongs) and stays.
    let mut ws = connect(server.addr, "/ws").await;
    assert_eq!(next(&mut ws).await, Message::Ping(Bytes::new()));
    for _ in 0..4 {
        assert!(matches!(next(&mut ws).await, Message::Ping(_)));
    }
    ws.send(Message::text("alive")).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::text("text: alive"));
    // A client that never reads never answers: closed after the timeout.
    let _silent = connect(server.addr, "/ws").await;
    let end = ended(&mut server).await;
    assert_eq!(end.code, 1006);
}
