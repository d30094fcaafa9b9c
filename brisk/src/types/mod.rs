//! Python's date and time types, URLs, e-mail addresses and more as brisk models them, so values round-trip and serialize
//! the way FastAPI and pydantic do.
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::types::{EmailStr, HttpUrl};
//!
//! #[derive(Model)]
//! struct Event {
//!     at: DateTime,
//!     took: TimeDelta,
//!     site: HttpUrl,
//!     contact: EmailStr,
//! }
//!
//! let v = serde_json::json!({"at": "2024-05-01T12:00:00Z", "took": 1.5, "site": "https://example.com", "contact": "a@example.com"});
//! let event = Event::model_validate(&v).ok().unwrap();
//! let out = serde_json::to_value(&event).unwrap();
//! assert_eq!(out["at"], "2024-05-01T12:00:00Z");
//! assert_eq!((out["took"].as_f64(), out["site"].as_str()), (Some(1.5), Some("https://example.com/")));
//! ```

mod bytes;
mod datetime;
mod email;
mod timedelta;
pub mod url;

pub use bytes::Base64Bytes;
pub use datetime::*;
pub use email::EmailStr;
/// A decimal number (Python's `Decimal`), validated and serialized as pydantic does.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::types::Decimal;
///
/// #[derive(Model)]
/// struct Price {
///     amount: Decimal,
/// }
///
/// #[post("/prices/")]
/// async fn create(price: Price) -> Price {
///     price
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![create]));
/// let res = client.post("/prices/").json(&serde_json::json!({"amount": "3.10"})).send().await;
/// assert_eq!(res.json::<serde_json::Value>()["amount"], "3.10");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/extra-data-types.md`.
pub use rust_decimal::Decimal;
pub use timedelta::TimeDelta;
pub use url::HttpUrl;
