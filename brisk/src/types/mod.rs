//! Python's date and time types, URLs, e-mail addresses and more as brisk models them, so values round-trip and serialize
//! the way FastAPI and pydantic do.

mod bytes;
mod datetime;
mod email;
mod timedelta;
pub mod url;

pub use bytes::Base64Bytes;
pub use datetime::*;
pub use email::EmailStr;
pub use rust_decimal::Decimal;
pub use timedelta::TimeDelta;
pub use url::HttpUrl;
