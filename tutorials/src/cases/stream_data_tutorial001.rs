//! A byte stream with no media type (FastAPI's `response_class=StreamingResponse`): the
//! lines of a dialogue, as strings or bytes, sent without separators.
use brisk::prelude::*;
use futures_util::stream::{self, Stream};

const MESSAGE: &str = "
Rick: (stumbles in drunkenly, and turns on the lights) Morty! You gotta come on. You got--... you gotta come with me.
Morty: (rubs his eyes) What, Rick? What's going on?
Rick: I got a surprise for you, Morty.
Morty: It's the middle of the night. What are you talking about?
Rick: (spills alcohol on Morty's bed) Come on, I got a surprise for you. (drags Morty by the ankle) Come on, hurry up. (pulls Morty out of his bed and into the hall)
Morty: Ow! Ow! You're tugging me too hard!
Rick: We gotta go, gotta get outta here, come on. Got a surprise for you Morty.
";

fn lines() -> impl Stream<Item = &'static str> {
    stream::iter(MESSAGE.lines())
}

fn line_bytes() -> impl Stream<Item = Vec<u8>> {
    stream::iter(MESSAGE.lines().map(|l| l.as_bytes().to_vec()))
}

#[get("/story/stream")]
async fn stream_story() -> ByteStream<impl Stream<Item = &'static str>> {
    ByteStream::new(lines())
}

#[get("/story/stream-no-async")]
fn stream_story_no_async() -> ByteStream<impl Stream<Item = &'static str>> {
    ByteStream::new(lines())
}

#[get("/story/stream-no-annotation")]
async fn stream_story_no_annotation() -> ByteStream<impl Stream<Item = &'static str>> {
    ByteStream::new(lines())
}

#[get("/story/stream-no-async-no-annotation")]
fn stream_story_no_async_no_annotation() -> ByteStream<impl Stream<Item = &'static str>> {
    ByteStream::new(lines())
}

#[get("/story/stream-bytes")]
async fn stream_story_bytes() -> ByteStream<impl Stream<Item = Vec<u8>>> {
    ByteStream::new(line_bytes())
}

#[get("/story/stream-no-async-bytes")]
fn stream_story_no_async_bytes() -> ByteStream<impl Stream<Item = Vec<u8>>> {
    ByteStream::new(line_bytes())
}

#[get("/story/stream-no-annotation-bytes")]
async fn stream_story_no_annotation_bytes() -> ByteStream<impl Stream<Item = Vec<u8>>> {
    ByteStream::new(line_bytes())
}

#[get("/story/stream-no-async-no-annotation-bytes")]
fn stream_story_no_async_no_annotation_bytes() -> ByteStream<impl Stream<Item = Vec<u8>>> {
    ByteStream::new(line_bytes())
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![
        stream_story,
        stream_story_no_async,
        stream_story_no_annotation,
        stream_story_no_async_no_annotation,
        stream_story_bytes,
        stream_story_no_async_bytes,
        stream_story_no_annotation_bytes,
        stream_story_no_async_no_annotation_bytes
    ])
}
