//! [`IntoDepValue`]: how what a dependency returns becomes the value a parameter takes,
//! by type. A use declares the value type it wants (`#[depends(f)] user: User`); `f` may
//! return it, a `Result` of it (any alias: the error stops the request), a `Yield` of it,
//! or a `Result` of a `Yield` of it.

use crate::context::RequestCtx;
use crate::response::{HttpResponse, IntoResponse};
use crate::teardown::Yield;

use super::enter;

/// A dependency's return value that gives a `V`.
#[diagnostic::on_unimplemented(
    message = "this dependency returns `{Self}`, which does not give a `{V}`",
    label = "the parameter's type",
    note = "a dependency returning `T`, `Result<T, E>` (with `E: IntoResponse`, such as `HttpException`), \
            `Yield<T>` or `Result<Yield<T>, E>` gives a `T`: declare the parameter as that `T`"
)]
#[doc(hidden)]
pub trait IntoDepValue<V> {
    /// The value, or the response that stops the request.
    fn into_dep_value(self, cx: &mut RequestCtx) -> Result<V, HttpResponse>;
}

impl<V> IntoDepValue<V> for V {
    fn into_dep_value(self, _: &mut RequestCtx) -> Result<V, HttpResponse> {
        Ok(self)
    }
}

impl<V, E: IntoResponse> IntoDepValue<V> for Result<V, E> {
    fn into_dep_value(self, _: &mut RequestCtx) -> Result<V, HttpResponse> {
        self.map_err(IntoResponse::into_response)
    }
}

impl<V> IntoDepValue<V> for Yield<V> {
    fn into_dep_value(self, cx: &mut RequestCtx) -> Result<V, HttpResponse> {
        Ok(enter(cx, self))
    }
}

impl<V, E: IntoResponse> IntoDepValue<V> for Result<Yield<V>, E> {
    fn into_dep_value(self, cx: &mut RequestCtx) -> Result<V, HttpResponse> {
        match self {
            Ok(y) => Ok(enter(cx, y)),
            Err(e) => Err(e.into_response()),
        }
    }
}
