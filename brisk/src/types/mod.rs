//! Python's date and time types as brisk models them, so values round-trip and serialize
//! the way FastAPI and pydantic do.

mod datetime;
mod de;
mod timedelta;
mod url;

pub use datetime::*;
pub use timedelta::TimeDelta;
pub use url::HttpUrl;
