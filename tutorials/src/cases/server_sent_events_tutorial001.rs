//! Server-sent events from a stream of models: each item is one event's `data:`, its
//! compact JSON. The unannotated variants (FastAPI's generators without a return type)
//! stream `Json<Item>`: `json.dumps` formatting, documented without the data's schema.
use brisk::prelude::*;
use futures_util::stream::{self, Stream};

#[derive(Model, Clone)]
pub struct Item {
    name: String,
    // `str | None` with no default: nullable, and required.
    #[field(required)]
    description: Option<String>,
}

fn items() -> Vec<Item> {
    vec![
        Item { name: "Plumbus".into(), description: Some("A multi-purpose household device.".into()) },
        Item { name: "Portal Gun".into(), description: Some("A portal opening device.".into()) },
        Item { name: "Meeseeks Box".into(), description: Some("A box that summons a Meeseeks.".into()) },
    ]
}

#[get("/items/stream")]
async fn sse_items() -> EventStream<impl Stream<Item = Item>> {
    EventStream::new(stream::iter(items()))
}

#[get("/items/stream-no-async")]
fn sse_items_no_async() -> EventStream<impl Stream<Item = Item>> {
    EventStream::new(stream::iter(items()))
}

#[get("/items/stream-no-annotation")]
async fn sse_items_no_annotation() -> EventStream<impl Stream<Item = Json<Item>>> {
    EventStream::new(stream::iter(items().into_iter().map(Json)))
}

#[get("/items/stream-no-async-no-annotation")]
fn sse_items_no_async_no_annotation() -> EventStream<impl Stream<Item = Json<Item>>> {
    EventStream::new(stream::iter(items().into_iter().map(Json)))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![
        sse_items,
        sse_items_no_async,
        sse_items_no_annotation,
        sse_items_no_async_no_annotation
    ])
}
