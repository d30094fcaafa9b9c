//! JSON Lines from a stream of models (`application/jsonl`): compact JSON per line for the
//! annotated variants; `Json<Item>` items (FastAPI's unannotated generators) as
//! `json.dumps` writes them, documented as any item.
use brisk::prelude::*;
use futures_util::stream::{self, Stream};

#[derive(Model)]
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
async fn stream_items() -> JsonLines<impl Stream<Item = Item>> {
    JsonLines::new(stream::iter(items()))
}

#[get("/items/stream-no-async")]
fn stream_items_no_async() -> JsonLines<impl Stream<Item = Item>> {
    JsonLines::new(stream::iter(items()))
}

#[get("/items/stream-no-annotation")]
async fn stream_items_no_annotation() -> JsonLines<impl Stream<Item = Json<Item>>> {
    JsonLines::new(stream::iter(items().into_iter().map(Json)))
}

#[get("/items/stream-no-async-no-annotation")]
fn stream_items_no_async_no_annotation() -> JsonLines<impl Stream<Item = Json<Item>>> {
    JsonLines::new(stream::iter(items().into_iter().map(Json)))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![
        stream_items,
        stream_items_no_async,
        stream_items_no_annotation,
        stream_items_no_async_no_annotation
    ])
}
