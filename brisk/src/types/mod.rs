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
