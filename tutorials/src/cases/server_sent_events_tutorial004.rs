//! Resuming: the `Last-Event-ID` header (an int) is a plain header parameter; only the
//! items after it are sent, each with its index as the id.
use brisk::prelude::*;
use futures_util::stream::{self, Stream};

#[derive(Model)]
pub struct Item {
    name: String,
    price: f64,
}

#[get("/items/stream")]
async fn stream_items(#[header] last_event_id: Option<i64>) -> EventStream<impl Stream<Item = ServerSentEvent>> {
    let items = [
        Item { name: "Plumbus".into(), price: 32.99 },
        Item { name: "Portal Gun".into(), price: 999.99 },
        Item { name: "Meeseeks Box".into(), price: 49.99 },
    ];
    let start = last_event_id.map_or(0, |id| id.saturating_add(1));
    let events = items
        .into_iter()
        .enumerate()
        .filter(move |(i, _)| *i as i64 >= start)
        .map(|(i, item)| ServerSentEvent::new().data(&item).id(i.to_string()));
    EventStream::new(stream::iter(events))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![stream_items])
}
