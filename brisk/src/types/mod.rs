//! Python's date and time types as brisk models them, so values round-trip and serialize
//! the way FastAPI and pydantic do.

mod bytes;
mod datetime;
mod timedelta;
pub mod url;

pub use bytes::Base64Bytes;
pub use datetime::*;
pub use rust_decimal::Decimal;
pub use timedelta::TimeDelta;
pub use url::HttpUrl;
