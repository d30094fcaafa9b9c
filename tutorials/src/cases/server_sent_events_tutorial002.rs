//! `ServerSentEvent`s: a comment first, then one `item_update` event per item with an id
//! and a retry time.
use brisk::prelude::*;
use futures_util::stream::{self, Stream};

#[derive(Model)]
pub struct Item {
    name: String,
    price: f64,
}

#[get("/items/stream")]
async fn stream_items() -> EventStream<impl Stream<Item = ServerSentEvent>> {
    let items = [
        Item { name: "Plumbus".into(), price: 32.99 },
        Item { name: "Portal Gun".into(), price: 999.99 },
        Item { name: "Meeseeks Box".into(), price: 49.99 },
    ];
    let first = ServerSentEvent::new().comment("stream of item updates");
    let updates = items.into_iter().enumerate().map(|(i, item)| {
        ServerSentEvent::new().data(&item).event("item_update").id((i + 1).to_string()).retry(5000)
    });
    EventStream::new(stream::iter(std::iter::once(first).chain(updates)))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![stream_items])
}
