//! Collecting a macro's errors, so that every mistake in an item is reported at once (the
//! idea of Oxide dropshot's error store): parsing goes on after a mistake, each mistake is
//! pushed here, and the item reports them together, next to the user's code (still
//! emitted, so the rest of the crate compiles) and stubs standing for what could not be
//! generated.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

/// The errors of one macro invocation.
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a mistake.
    pub fn push(&mut self, e: syn::Error) {
        self.errors.push(e);
    }

    /// Records the error of `r`, if any, and gives its value.
    pub fn ok<T>(&mut self, r: syn::Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// All of them as one `syn::Error` (`combine`d), if there is any.
    pub fn combined(&self) -> Option<syn::Error> {
        let mut it = self.errors.iter().cloned();
        let mut first = it.next()?;
        for e in it {
            first.combine(e);
        }
        Some(first)
    }

    /// `compile_error!`s for all of them (nothing when there is none).
    pub fn to_compile_errors(&self) -> TokenStream {
        self.combined().map(syn::Error::into_compile_error).unwrap_or_default()
    }
}

/// Skips the rest of a value after a mistake, up to the next `,` at this level, so that
/// parsing can go on with the next option.
pub fn skip_to_comma(input: syn::parse::ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(syn::Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

/// The span of an item's name, or of the item.
pub fn item_name_span(item: &syn::Item) -> proc_macro2::Span {
    match item {
        syn::Item::Const(c) => c.ident.span(),
        syn::Item::Struct(s) => s.ident.span(),
        syn::Item::Static(s) => s.ident.span(),
        syn::Item::Enum(e) => e.ident.span(),
        syn::Item::Type(t) => t.ident.span(),
        syn::Item::Trait(t) => t.ident.span(),
        syn::Item::Mod(m) => m.ident.span(),
        other => other.span(),
    }
}
