//! Events over POST: one `token` event per word of the prompt (JSON strings), then a
//! `done` event whose raw data is `[DONE]`.
use brisk::prelude::*;
use futures_util::stream::{self, Stream};

#[derive(Model)]
pub struct Prompt {
    text: String,
}

#[post("/chat/stream")]
async fn stream_chat(prompt: Prompt) -> EventStream<impl Stream<Item = ServerSentEvent>> {
    let tokens: Vec<_> =
        prompt.text.split_whitespace().map(|word| ServerSentEvent::new().data(word).event("token")).collect();
    let done = ServerSentEvent::new().raw_data("[DONE]").event("done");
    EventStream::new(stream::iter(tokens.into_iter().chain([done])))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![stream_chat])
}
