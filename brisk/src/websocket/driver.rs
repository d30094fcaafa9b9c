//! A connection's driver: one task that owns an accepted socket. It reads frames
//! (tungstenite reassembles fragments, checks UTF-8 and sizes, queues the pong for a
//! ping and the reply to a close), hands messages to the route over a bounded queue
//! (reading stops while it is full: the client is slowed down, memory stays bounded),
//! writes what the route sends, sends keep-alive pings and closes on a missing pong.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, Interval};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Error as WsError, error::ProtocolError};

use super::{BoxIo, Ending, Message, WebSocketDisconnect};
use crate::context::WebSocketSettings;

/// The read buffer of a connection: small, so idle connections stay cheap (messages
/// larger than it are read in several steps).
pub(super) const READ_BUFFER: usize = 4096;

/// How long to wait for the client's reply to our close frame.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

/// What the route (and its senders) ask of the driver.
pub(super) enum Command {
    Send(tungstenite::Message),
    Close(u16, String),
    Finish(Ending),
}

/// What the driver leaves for the route once the connection has ended.
#[derive(Debug, Default)]
pub(super) struct Shared {
    ended: OnceLock<WebSocketDisconnect>,
}

impl Shared {
    /// How the connection ended, once it has.
    pub(super) fn ended(&self) -> Option<WebSocketDisconnect> {
        self.ended.get().cloned()
    }

    /// How the connection ended (1006 when it has not ended properly).
    pub(super) fn disconnect(&self) -> WebSocketDisconnect {
        self.ended().unwrap_or_else(WebSocketDisconnect::abnormal)
    }
}

/// Runs the connection until it is closed or lost.
pub(super) async fn run(
    mut ws: WebSocketStream<BoxIo>,
    mut commands: mpsc::Receiver<Command>,
    inbox: mpsc::Sender<Message>,
    shared: Arc<Shared>,
    settings: WebSocketSettings,
) {
    let end = drive(&mut ws, &mut commands, inbox, &settings).await;
    let _ = shared.ended.set(end);
    // Dropping `commands` tells the route the socket is closed.
}

async fn drive(
    ws: &mut WebSocketStream<BoxIo>,
    commands: &mut mpsc::Receiver<Command>,
    inbox: mpsc::Sender<Message>,
    settings: &WebSocketSettings,
) -> WebSocketDisconnect {
    let mut permit: Option<mpsc::OwnedPermit<Message>> = None;
    let mut reader_gone = false;
    let mut ping: Option<Interval> = settings.ping_interval.map(|d| {
        let mut i = tokio::time::interval_at(Instant::now() + d, d);
        i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        i
    });
    let mut pong_deadline: Option<Instant> = None;
    // Set once a close frame was sent by us or received: we wait for the other side.
    let mut close_deadline: Option<Instant> = None;
    let mut ours: Option<WebSocketDisconnect> = None;
    let mut theirs: Option<WebSocketDisconnect> = None;
    loop {
        let can_read = permit.is_some() || reader_gone || close_deadline.is_some();
        tokio::select! {
            biased;
            cmd = commands.recv(), if close_deadline.is_none() => {
                let (code, reason) = match cmd {
                    Some(Command::Send(m)) => {
                        if ws.send(m).await.is_err() {
                            return WebSocketDisconnect::abnormal();
                        }
                        continue;
                    }
                    Some(Command::Close(code, reason)) => (code, reason),
                    Some(Command::Finish(Ending::Close(code, reason))) => (code, reason),
                    Some(Command::Finish(Ending::Failed)) => (1011, String::new()),
                    Some(Command::Finish(Ending::Normal)) | None => (1000, String::new()),
                };
                let frame = CloseFrame { code: CloseCode::from(code), reason: super::truncate(&reason, 123).into() };
                if ws.close(Some(frame)).await.is_err() {
                    return WebSocketDisconnect::abnormal();
                }
                ours = Some(WebSocketDisconnect { code, reason });
                close_deadline = Some(Instant::now() + CLOSE_TIMEOUT);
            }
            p = inbox.clone().reserve_owned(), if permit.is_none() && !reader_gone => match p {
                Ok(p) => permit = Some(p),
                // The route dropped its `WebSocket`: messages are read and dropped.
                Err(_) => reader_gone = true,
            },
            frame = ws.next(), if can_read => match frame {
                Some(Ok(tungstenite::Message::Text(t))) => {
                    if let Some(p) = permit.take() {
                        p.send(Message::Text(t.as_str().to_owned()));
                    }
                }
                Some(Ok(tungstenite::Message::Binary(b))) => {
                    if let Some(p) = permit.take() {
                        p.send(Message::Binary(b));
                    }
                }
                // tungstenite queued the pong; send it now.
                Some(Ok(tungstenite::Message::Ping(_))) => {
                    if ws.flush().await.is_err() {
                        return WebSocketDisconnect::abnormal();
                    }
                }
                Some(Ok(tungstenite::Message::Pong(_))) => pong_deadline = None,
                Some(Ok(tungstenite::Message::Close(frame))) => {
                    // Our close's reply, or the client's close (tungstenite queued the
                    // echo; the next read sends it and ends the stream).
                    theirs = Some(match frame {
                        Some(f) => WebSocketDisconnect { code: u16::from(f.code), reason: f.reason.as_str().to_owned() },
                        None => WebSocketDisconnect::new(1005),
                    });
                    if close_deadline.is_none() {
                        close_deadline = Some(Instant::now() + CLOSE_TIMEOUT);
                    }
                }
                Some(Ok(tungstenite::Message::Frame(_))) => {}
                Some(Err(e)) => return failed(ws, e, theirs.or(ours)).await,
                None => return theirs.or(ours).unwrap_or_else(WebSocketDisconnect::abnormal),
            },
            _ = tick(&mut ping), if close_deadline.is_none() && pong_deadline.is_none() => {
                if ws.send(tungstenite::Message::Ping(Bytes::new())).await.is_err() {
                    return WebSocketDisconnect::abnormal();
                }
                pong_deadline = settings.ping_timeout.map(|t| Instant::now() + t);
            }
            _ = until(pong_deadline), if pong_deadline.is_some() => {
                if permit.is_none() && !reader_gone {
                    // Not reading (the route is behind): the pong may be waiting unread.
                    pong_deadline = settings.ping_timeout.map(|t| Instant::now() + t);
                    continue;
                }
                let frame = CloseFrame { code: CloseCode::Error, reason: "keepalive ping timeout".into() };
                let _ = tokio::time::timeout(Duration::from_secs(1), ws.close(Some(frame))).await;
                return WebSocketDisconnect::abnormal();
            }
            _ = until(close_deadline), if close_deadline.is_some() => {
                return theirs.or(ours).unwrap_or_else(WebSocketDisconnect::abnormal);
            }
        }
    }
}

/// A read failed: close with the code the protocol asks for (the client broke a rule),
/// or report the lost connection.
async fn failed(
    ws: &mut WebSocketStream<BoxIo>,
    e: WsError,
    closing: Option<WebSocketDisconnect>,
) -> WebSocketDisconnect {
    let (code, reason) = match &e {
        WsError::Capacity(_) => (1009, "message too big"),
        WsError::Utf8(_) => (1007, "invalid UTF-8 in a text message"),
        WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake) => {
            return closing.unwrap_or_else(WebSocketDisconnect::abnormal);
        }
        WsError::Protocol(_) if closing.is_none() => (1002, "protocol error"),
        _ => return closing.unwrap_or_else(WebSocketDisconnect::abnormal),
    };
    tracing::debug!("WebSocket closed with {code}: {e}");
    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
    let _ = tokio::time::timeout(Duration::from_secs(1), ws.close(Some(frame))).await;
    WebSocketDisconnect { code, reason: reason.to_owned() }
}

async fn tick(ping: &mut Option<Interval>) {
    match ping {
        Some(i) => {
            i.tick().await;
        }
        None => std::future::pending().await,
    }
}

async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
