//! A WebSocket route with path, query and cookie parameters and a dependency that
//! rejects the handshake (`WebSocketException(1008)`) when there is no session cookie
//! and no token (FastAPI's non-`Annotated` form: the same app in Rust).

pub fn app() -> brisk::App {
    super::websockets__tutorial002::app()
}
