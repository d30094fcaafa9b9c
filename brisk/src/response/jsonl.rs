//! JSON Lines: a stream of items sent as `application/jsonl`, one JSON document per line
//! (FastAPI 0.134's generator path operations).

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;
use http_body::Frame;
use serde::Serialize;
use serde_json::{Value, json};

use super::{HttpResponse, IntoResponse, Json, RouteRender};
use crate::body::{Body, BoxError};
use crate::model::{JsonSchema, SchemaGenerator};

/// An item of a stream (JSON Lines, or the data of a server-sent event): its JSON text
/// and the schema documented for it.
///
/// A type with a schema (a `Model`, `String`, a number, `Vec<Model>`...) is serialized
/// compactly and documented, as FastAPI does for an annotated generator (`->
/// AsyncIterable[Item]`). [`Json<T>`] is FastAPI's unannotated generator: the item is
/// written as Python's `json.dumps` writes it (`", "` and `": "` separators, non-ASCII
/// escaped) and documented as any value.
///
/// ```
/// use brisk::prelude::*;
/// use futures_util::stream::{self, Stream};
///
/// #[get("/numbers")]
/// async fn numbers() -> JsonLines<impl Stream<Item = Json<serde_json::Value>>> {
///     JsonLines::new(stream::iter([Json(serde_json::json!({"a": 1, "b": "é"}))]))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![numbers]));
/// assert_eq!(client.get("/numbers").send().await.text(), "{\"a\": 1, \"b\": \"\\u00e9\"}\n");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/stream-json-lines.md`.
pub trait StreamItem: Send + 'static {
    /// The item's JSON text.
    fn to_json(&self) -> Result<String, serde_json::Error>;

    /// The documented schema of one item, `None` for any value.
    fn item_schema(schemas: &mut SchemaGenerator) -> Option<Value>;
}

impl<T: Serialize + JsonSchema + Send + 'static> StreamItem for T {
    fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    fn item_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(T::json_schema(schemas))
    }
}

impl<T: Serialize + Send + 'static> StreamItem for Json<T> {
    fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_value(&self.0).map(|v| crate::encoding::json_dumps(&v))
    }

    fn item_schema(_: &mut SchemaGenerator) -> Option<Value> {
        None
    }
}

/// A stream of items sent as JSON Lines (`application/jsonl`): each item's JSON followed
/// by `\n`, sent as soon as the stream yields it. FastAPI's path operation that `yield`s
/// items, with no `response_class`.
///
/// OpenAPI documents `application/jsonl` with the item type's schema as `itemSchema`
/// (`{}` for [`Json<T>`] items). The route's status code and the headers set on an
/// injected `&mut Response` apply. The stream is dropped when the client goes away.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::JsonLines;
/// use futures_util::stream::{self, Stream};
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
/// }
///
/// #[get("/items/stream")]
/// async fn stream_items() -> JsonLines<impl Stream<Item = Item>> {
///     JsonLines::new(stream::iter(["a", "b"].map(|n| Item { name: n.into() })))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![stream_items]));
/// let res = client.get("/items/stream").send().await;
/// assert_eq!(res.headers()["content-type"], "application/jsonl");
/// assert_eq!(res.text(), "{\"name\":\"a\"}\n{\"name\":\"b\"}\n");
/// # }
/// ```
#[derive(Debug)]
pub struct JsonLines<S>(S);

impl<S> JsonLines<S>
where
    S: Stream + Send + 'static,
    S::Item: StreamItem,
{
    /// JSON Lines from `items`.
    pub fn new(items: S) -> Self {
        JsonLines(items)
    }

    fn body(self) -> Body {
        Body::from_stream(http_body_util::StreamBody::new(LineBody(Box::pin(self.0))))
    }
}

/// The body of a [`JsonLines`]: each item's line, or an error (ending the body) when an
/// item cannot be serialized.
struct LineBody<S>(Pin<Box<S>>);

impl<S> Stream for LineBody<S>
where
    S: Stream,
    S::Item: StreamItem,
{
    type Item = Result<Frame<Bytes>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| {
            item.map(|item| match item.to_json() {
                Ok(mut line) => {
                    line.push('\n');
                    Ok(Frame::data(Bytes::from(line)))
                }
                Err(e) => {
                    tracing::error!("a JSON Lines item could not be serialized: {e}");
                    Err(e.into())
                }
            })
        })
    }
}

const JSONL: &str = "application/jsonl";

impl<S> IntoResponse for JsonLines<S>
where
    S: Stream + Send + 'static,
    S::Item: StreamItem,
{
    fn into_response(self) -> HttpResponse {
        RouteRender::standalone().render_stream(self.body(), &[("content-type", JSONL)])
    }

    fn into_route_response(self, route: &RouteRender<'_>) -> HttpResponse {
        route.render_stream(self.body(), &[("content-type", JSONL)])
    }

    fn response_content(schemas: &mut SchemaGenerator) -> Option<super::ResponseContent> {
        let schema = S::Item::item_schema(schemas).unwrap_or_else(|| json!({}));
        Some(super::ResponseContent::Media(JSONL, json!({ "itemSchema": schema })))
    }
}
