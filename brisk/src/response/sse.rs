//! Server-sent events: FastAPI 0.135's `fastapi.sse` (`EventSourceResponse`,
//! `ServerSentEvent`), a stream of events sent as `text/event-stream`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use http_body::Frame;
use serde::Serialize;
use serde_json::{Value, json};

use super::jsonl::StreamItem;
use super::{HttpResponse, IntoResponse, Json, RouteRender};
use crate::body::{Body, BoxError};
use crate::model::{ObjectModel, SchemaGenerator};

/// The comment sent when a stream has been idle for the keep-alive interval (FastAPI's
/// `KEEPALIVE_COMMENT`).
///
/// ```
/// assert_eq!(brisk::response::KEEPALIVE_COMMENT, b": ping\n\n");
/// ```
pub const KEEPALIVE_COMMENT: &[u8] = b": ping\n\n";

/// How long a stream may stay idle before a keep-alive comment goes out, by default
/// (FastAPI's 15 s).
///
/// ```
/// use std::time::Duration;
/// use brisk::prelude::*;
/// use futures_util::stream::{self, Stream};
///
/// #[get("/events")]
/// async fn events() -> EventStream<impl Stream<Item = ServerSentEvent>> {
///     // Twice as often as the default of `DEFAULT_KEEP_ALIVE`.
///     EventStream::new(stream::pending()).keep_alive(brisk::response::DEFAULT_KEEP_ALIVE / 2)
/// }
/// # assert_eq!(brisk::response::DEFAULT_KEEP_ALIVE, Duration::from_secs(15));
/// ```
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// One server-sent event (FastAPI's `ServerSentEvent`): `data`, `event`, `id`, `retry`
/// and a comment, each optional.
///
/// `data` is always JSON: a model's compact JSON, anything else as Python's `json.dumps`
/// writes it (a string is quoted: `data: "hello"`). `raw_data` is sent as it is. Every
/// line of the data and of the comment is its own `data:` / `:` line.
///
/// ```
/// use brisk::response::ServerSentEvent;
/// let e = ServerSentEvent::new().data("hello").event("token").id("1").retry(5000);
/// assert_eq!(e.encode().unwrap(), "event: token\ndata: \"hello\"\nid: 1\nretry: 5000\n\n");
/// let e = ServerSentEvent::new().raw_data("line 1\nline 2").comment("two lines");
/// assert_eq!(e.encode().unwrap(), ": two lines\ndata: line 1\ndata: line 2\n\n");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerSentEvent {
    data: Option<String>,
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
    comment: Option<String>,
    error: Option<String>,
}

/// Why an event cannot be sent (FastAPI's validation errors on `ServerSentEvent`).
///
/// ```
/// use brisk::prelude::*;
///
/// let err = ServerSentEvent::new().id("a\nb").encode().unwrap_err();
/// assert!(!err.to_string().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEvent(String);

impl std::fmt::Display for InvalidEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidEvent {}

impl ServerSentEvent {
    /// An event with no field set (encoded as a bare `\n`).
    pub fn new() -> Self {
        Self::default()
    }

    /// The payload, as JSON: a model compactly, anything else as Python's `json.dumps`
    /// (FastAPI's `data=`). Replaces `raw_data`; FastAPI refuses both on one event.
    pub fn data<D: EventData + ?Sized>(mut self, data: &D) -> Self {
        match data.event_json() {
            Ok(s) => self.data = Some(s),
            Err(e) => self.error = Some(format!("SSE 'data' could not be serialized: {e}")),
        }
        self
    }

    /// A payload sent as it is, without JSON encoding (FastAPI's `raw_data=`).
    pub fn raw_data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// The event type (`event:`); one line.
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The event id (`id:`), sent back by the browser as `Last-Event-ID` when it
    /// reconnects; one line, no NUL.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The reconnection time in milliseconds (`retry:`).
    pub fn retry(mut self, millis: u64) -> Self {
        self.retry = Some(millis);
        self
    }

    /// A comment (`: ...` lines), ignored by `EventSource` clients.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The event in the wire format, as FastAPI's `format_sse_event`: comment lines,
    /// `event`, `data` lines, `id`, `retry`, then a blank line. An `event` or `id` of
    /// more than one line, an `id` with a NUL, or data that could not be serialized is
    /// an error.
    pub fn encode(&self) -> Result<String, InvalidEvent> {
        if let Some(e) = &self.error {
            return Err(InvalidEvent(e.clone()));
        }
        check_single_line(self.event.as_deref(), "event")?;
        if self.id.as_deref().is_some_and(|id| id.contains('\0')) {
            return Err(InvalidEvent("SSE 'id' must not contain null characters".into()));
        }
        check_single_line(self.id.as_deref(), "id")?;
        Ok(format_event(
            self.data.as_deref(),
            self.event.as_deref(),
            self.id.as_deref(),
            self.retry,
            self.comment.as_deref(),
        ))
    }
}

fn check_single_line(v: Option<&str>, field: &str) -> Result<(), InvalidEvent> {
    match v {
        Some(v) if v.contains(['\r', '\n']) => Err(InvalidEvent(format!("SSE '{field}' must be a single line"))),
        _ => Ok(()),
    }
}

/// The lines of `s` as Python's `str.splitlines` finds them (any of its line boundaries,
/// no trailing empty line).
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let boundary = rest.char_indices().find(|(_, c)| {
            matches!(
                c,
                '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            )
        });
        Some(match boundary {
            None => std::mem::take(&mut rest),
            Some((i, c)) => {
                let line = &rest[..i];
                let mut next = i + c.len_utf8();
                if c == '\r' && rest[next..].starts_with('\n') {
                    next += 1;
                }
                rest = &rest[next..];
                line
            }
        })
    })
}

fn format_event(
    data: Option<&str>,
    event: Option<&str>,
    id: Option<&str>,
    retry: Option<u64>,
    comment: Option<&str>,
) -> String {
    let mut out = String::new();
    for line in comment.map(split_lines).into_iter().flatten() {
        out.push_str(": ");
        out.push_str(line);
        out.push('\n');
    }
    if let Some(event) = event {
        out.push_str("event: ");
        out.push_str(event);
        out.push('\n');
    }
    for line in data.map(split_lines).into_iter().flatten() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if let Some(id) = id {
        out.push_str("id: ");
        out.push_str(id);
        out.push('\n');
    }
    if let Some(retry) = retry {
        out.push_str(&format!("retry: {retry}\n"));
    }
    out.push('\n');
    out
}

/// What [`ServerSentEvent::data`] takes: a model (`#[derive(Model)]` struct) is written as
/// its compact JSON (pydantic's `model_dump_json`); strings, numbers, `Value`, vectors and
/// [`Json<T>`] as Python's `json.dumps` writes them, as FastAPI does.
///
/// ```
/// use brisk::prelude::*;
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
/// }
///
/// let model = ServerSentEvent::new().data(&Item { name: "a".into() }).encode().expect("valid");
/// assert_eq!(model, "data: {\"name\":\"a\"}\n\n");
/// let value = ServerSentEvent::new().data(&serde_json::json!({"n": [1, 2]})).encode().expect("valid");
/// assert_eq!(value, "data: {\"n\": [1, 2]}\n\n");
/// ```
pub trait EventData {
    /// The data's JSON text.
    fn event_json(&self) -> Result<String, serde_json::Error>;
}

impl<T: ObjectModel + Serialize> EventData for T {
    fn event_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }
}

fn dumps<T: Serialize + ?Sized>(v: &T) -> Result<String, serde_json::Error> {
    serde_json::to_value(v).map(|v| crate::encoding::json_dumps(&v))
}

macro_rules! dumped_data {
    ($($t:ty),*) => {$(
        impl EventData for $t {
            fn event_json(&self) -> Result<String, serde_json::Error> {
                dumps(self)
            }
        }
    )*};
}
dumped_data!(str, String, Value, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<T: Serialize> EventData for [T] {
    fn event_json(&self) -> Result<String, serde_json::Error> {
        dumps(self)
    }
}

impl<T: Serialize> EventData for Vec<T> {
    fn event_json(&self) -> Result<String, serde_json::Error> {
        dumps(self)
    }
}

impl<T: Serialize> EventData for Json<T> {
    fn event_json(&self) -> Result<String, serde_json::Error> {
        dumps(&self.0)
    }
}

/// An item of an [`EventStream`]: a [`ServerSentEvent`] as it is, or data (any
/// [`StreamItem`]: a model, or [`Json<T>`]) sent as one event's `data:`.
///
/// ```
/// use brisk::prelude::*;
/// use futures_util::stream::{self, Stream};
///
/// #[derive(Model)]
/// struct Tick {
///     n: u32,
/// }
///
/// #[get("/ticks")]
/// async fn ticks() -> EventStream<impl Stream<Item = Tick>> {
///     EventStream::new(stream::iter((0..2).map(|n| Tick { n })))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![ticks]));
/// assert_eq!(client.get("/ticks").send().await.text(), "data: {\"n\":0}\n\ndata: {\"n\":1}\n\n");
/// # }
/// ```
pub trait EventItem: Send + 'static {
    /// The event in the wire format.
    fn to_event(&self) -> Result<String, InvalidEvent>;

    /// The documented schema of the data, when the items are data of a known type.
    fn data_schema(schemas: &mut SchemaGenerator) -> Option<Value>;
}

impl EventItem for ServerSentEvent {
    fn to_event(&self) -> Result<String, InvalidEvent> {
        self.encode()
    }

    fn data_schema(_: &mut SchemaGenerator) -> Option<Value> {
        None
    }
}

impl<T: StreamItem> EventItem for T {
    fn to_event(&self) -> Result<String, InvalidEvent> {
        match self.to_json() {
            Ok(data) => Ok(format_event(Some(&data), None, None, None, None)),
            Err(e) => Err(InvalidEvent(format!("SSE 'data' could not be serialized: {e}"))),
        }
    }

    fn data_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        T::item_schema(schemas)
    }
}

/// A stream of server-sent events, sent as `text/event-stream` (FastAPI's path operation
/// that `yield`s with `response_class=EventSourceResponse`).
///
/// The items are [`ServerSentEvent`]s, or data (a model, or [`Json<T>`]) each sent as one
/// event's `data:`. A comment (`: ping`) goes out whenever the stream has been idle for 15
/// seconds ([`keep_alive`](Self::keep_alive) changes it). The response has FastAPI's
/// headers (`cache-control: no-cache`, `x-accel-buffering: no`), the route's status code
/// and the headers of an injected `&mut Response`. The stream is dropped when the client
/// goes away.
///
/// OpenAPI documents `text/event-stream` with an `itemSchema`: the event's fields, and for
/// data of a known type its schema as the `data`'s `contentSchema`.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::{EventStream, ServerSentEvent};
/// use futures_util::stream::{self, Stream};
///
/// #[get("/ticks")]
/// async fn ticks(#[header] last_event_id: Option<u32>) -> EventStream<impl Stream<Item = ServerSentEvent>> {
///     let start = last_event_id.map_or(0, |id| id + 1);
///     EventStream::new(stream::iter((start..3).map(|i| ServerSentEvent::new().data(&i).id(i.to_string()))))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![ticks]));
/// let res = client.get("/ticks").header("last-event-id", "0").send().await;
/// assert_eq!(res.headers()["content-type"], "text/event-stream; charset=utf-8");
/// assert_eq!(res.text(), "data: 1\nid: 1\n\ndata: 2\nid: 2\n\n");
/// # }
/// ```
#[derive(Debug)]
pub struct EventStream<S> {
    events: S,
    keep_alive: Option<Duration>,
}

/// FastAPI's name: `response_class=EventSourceResponse` is brisk's [`EventStream`] return
/// type.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::EventSourceResponse;
/// use futures_util::stream::{self, Stream};
///
/// #[get("/events")]
/// async fn events() -> EventSourceResponse<impl Stream<Item = ServerSentEvent>> {
///     EventSourceResponse::new(stream::iter([ServerSentEvent::new().event("hello").data("world")]))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![events]));
/// assert_eq!(client.get("/events").send().await.text(), "event: hello\ndata: \"world\"\n\n");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/server-sent-events.md`.
pub type EventSourceResponse<S> = EventStream<S>;

impl<S> EventStream<S>
where
    S: Stream + Send + 'static,
    S::Item: EventItem,
{
    /// The events of `events`, with a keep-alive comment after 15 idle seconds.
    pub fn new(events: S) -> Self {
        EventStream { events, keep_alive: Some(DEFAULT_KEEP_ALIVE) }
    }

    /// Sends the keep-alive comment after `interval` without an event instead.
    pub fn keep_alive(mut self, interval: Duration) -> Self {
        self.keep_alive = Some(interval);
        self
    }

    /// Sends no keep-alive comments.
    pub fn without_keep_alive(mut self) -> Self {
        self.keep_alive = None;
        self
    }

    fn response(self, route: &RouteRender<'_>) -> HttpResponse {
        let body = EventBody { events: Box::pin(self.events), interval: self.keep_alive, timer: None };
        route.render_stream(
            Body::from_stream(http_body_util::StreamBody::new(body)),
            &[
                ("content-type", "text/event-stream; charset=utf-8"),
                ("cache-control", "no-cache"),
                // For nginx not to buffer the events.
                ("x-accel-buffering", "no"),
            ],
        )
    }
}

/// The body of an [`EventStream`]: the encoded events, with keep-alive comments between
/// them while the stream is idle.
struct EventBody<S> {
    events: Pin<Box<S>>,
    interval: Option<Duration>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> Stream for EventBody<S>
where
    S: Stream,
    S::Item: EventItem,
{
    type Item = Result<Frame<Bytes>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.events.as_mut().poll_next(cx) {
            Poll::Ready(Some(item)) => {
                if let (Some(timer), Some(interval)) = (&mut this.timer, this.interval) {
                    timer.as_mut().reset(tokio::time::Instant::now() + interval);
                }
                Poll::Ready(Some(match item.to_event() {
                    Ok(event) => Ok(Frame::data(Bytes::from(event))),
                    Err(e) => {
                        tracing::error!("server-sent event not sent: {e}");
                        Err(e.into())
                    }
                }))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let Some(interval) = this.interval else { return Poll::Pending };
                let timer = this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(interval)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        timer.as_mut().reset(tokio::time::Instant::now() + interval);
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(KEEPALIVE_COMMENT)))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<S> IntoResponse for EventStream<S>
where
    S: Stream + Send + 'static,
    S::Item: EventItem,
{
    fn into_response(self) -> HttpResponse {
        self.response(&RouteRender::standalone())
    }

    fn into_route_response(self, route: &RouteRender<'_>) -> HttpResponse {
        self.response(route)
    }

    fn response_content(schemas: &mut SchemaGenerator) -> Option<super::ResponseContent> {
        let mut item = json!({
            "type": "object",
            "properties": {
                "data": {"type": "string"},
                "event": {"type": "string"},
                "id": {"type": "string"},
                "retry": {"type": "integer", "minimum": 0}
            }
        });
        if let Some(schema) = S::Item::data_schema(schemas) {
            item["properties"]["data"] =
                json!({"type": "string", "contentMediaType": "application/json", "contentSchema": schema});
            item["required"] = json!(["data"]);
        }
        Some(super::ResponseContent::Media("text/event-stream", json!({ "itemSchema": item })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_as_python() {
        let lines: Vec<_> = split_lines("a\r\nb\rc\nd\u{2028}e\n").collect();
        assert_eq!(lines, ["a", "b", "c", "d", "e"]);
        assert_eq!(split_lines("").count(), 0);
        assert_eq!(split_lines("\n\n").collect::<Vec<_>>(), ["", ""]);
    }

    #[test]
    fn invalid_fields_are_errors() {
        assert!(ServerSentEvent::new().event("a\nb").encode().is_err());
        assert!(ServerSentEvent::new().id("a\rb").encode().is_err());
        assert!(ServerSentEvent::new().id("a\0b").encode().is_err());
        assert_eq!(ServerSentEvent::new().encode().unwrap(), "\n");
    }
}
