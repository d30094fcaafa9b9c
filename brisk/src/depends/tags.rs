//! What a dependency's return type means, decided by trait impls in the generated code
//! of `#[dependency]` (where the type is concrete), with no look at its name: a
//! `Result<T, E>` whose `E` can answer a request gives `T` or stops the request; a
//! `Yield<T>` gives `T` and registers its exit code; anything else is the value itself.
//!
//! This is method resolution by auto-reference: `(&r).__brisk_result()` finds
//! [`ViaResult`] on `Result<T, E>` first, and [`ViaPlain`] on `&R` otherwise.

use super::enter;
use crate::context::RequestCtx;
use crate::response::{HttpResponse, IntoResponse};
use crate::teardown::Yield;

/// The tag of a `Result` whose error is a response.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct ResultTag;

/// The tag of any other return value.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct PlainTag;

/// Chosen for `Result<T, E>` with `E: IntoResponse`.
#[doc(hidden)]
pub trait ViaResult {
    /// The tag.
    fn __brisk_result(&self) -> ResultTag {
        ResultTag
    }
}

impl<T, E: IntoResponse> ViaResult for Result<T, E> {}

/// Chosen for every other type.
#[doc(hidden)]
pub trait ViaPlain {
    /// The tag.
    fn __brisk_result(&self) -> PlainTag {
        PlainTag
    }
}

impl<T: ?Sized> ViaPlain for &T {}

impl ResultTag {
    /// `Ok`'s value, or `Err`'s response.
    pub fn split<T, E: IntoResponse>(self, r: Result<T, E>) -> Result<T, HttpResponse> {
        r.map_err(IntoResponse::into_response)
    }
}

impl PlainTag {
    /// The value itself.
    pub fn split<T>(self, r: T) -> Result<T, HttpResponse> {
        Ok(r)
    }
}

/// The tag of a `Yield`.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct YieldTag;

/// The tag of a value without exit code.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct ValueTag;

/// Chosen for `Yield<T>`.
#[doc(hidden)]
pub trait ViaYield {
    /// The tag.
    fn __brisk_yield(&self) -> YieldTag {
        YieldTag
    }
}

impl<T> ViaYield for Yield<T> {}

/// Chosen for every other type.
#[doc(hidden)]
pub trait ViaValue {
    /// The tag.
    fn __brisk_yield(&self) -> ValueTag {
        ValueTag
    }
}

impl<T: ?Sized> ViaValue for &T {}

impl YieldTag {
    /// The value, its exit code registered for this request.
    pub fn enter<T>(self, y: Yield<T>, cx: &mut RequestCtx) -> T {
        enter(cx, y)
    }
}

impl ValueTag {
    /// The value itself.
    pub fn enter<T>(self, v: T, _cx: &mut RequestCtx) -> T {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::HttpException;

    type ApiResult<T> = Result<T, HttpException>;

    #[test]
    #[allow(clippy::needless_borrow)] // written as the macros write it
    fn results_are_split_by_type_not_name() {
        let ok: ApiResult<u8> = Ok(3);
        assert_eq!((&ok).__brisk_result().split(ok).ok(), Some(3));
        let err: ApiResult<u8> = Err(HttpException::new(401, "no"));
        assert_eq!((&err).__brisk_result().split(err).err().map(|r| r.status().as_u16()), Some(401));
        // An error type that is not a response: the whole `Result` is the value.
        let io: std::io::Result<u8> = Ok(1);
        let kept = (&io).__brisk_result().split(io);
        assert!(matches!(kept, Ok(Ok(1))));
        let plain = 7u32;
        assert_eq!((&plain).__brisk_result().split(plain).ok(), Some(7));
    }
}
