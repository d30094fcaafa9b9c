//! `#[brisk::computed_fields]` on an `impl` block: its methods marked `#[model(computed)]`
//! become the model's computed fields (pydantic's `@computed_field`), given to
//! `#[derive(Model)]` through `brisk::model::ComputedFields`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ImplItem, ImplItemFn, ItemImpl, LitStr, ReturnType};

use crate::attrs::doc_comment;
use crate::errors::Errors;
use crate::rename::Rule;

/// One method's `#[model(computed, ...)]` options.
#[derive(Default)]
struct ComputedOpts {
    computed: bool,
    alias: Option<LitStr>,
    title: Option<LitStr>,
    description: Option<LitStr>,
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new(
            attr.span(),
            "#[computed_fields] takes no arguments; options go on each method: \
             #[model(computed, alias = \"..\", title = \"..\", description = \"..\")]",
        ));
    }
    let mut imp: ItemImpl = syn::parse2(item).map_err(|e| {
        syn::Error::new(
            e.span(),
            "#[computed_fields] goes on an `impl Model { .. }` block of a `#[derive(Model)]` struct",
        )
    })?;
    if let Some((_, path, _)) = &imp.trait_ {
        return Err(syn::Error::new(
            path.span(),
            "#[computed_fields] goes on the model's own `impl Model { .. }` block, not on a trait impl",
        ));
    }
    let mut errors = Errors::new();
    let mut rows = Vec::new();
    let mut sers = Vec::new();
    for item in &mut imp.items {
        let ImplItem::Fn(f) = item else { continue };
        let Some(opts) = errors.ok(take_opts(f)).flatten() else { continue };
        let Some(ty) = errors.ok(check_signature(f)) else { continue };
        let ident = &f.sig.ident;
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let renamed = Rule::ALL.map(|r| r.apply(&name));
        let mut row = quote_spanned!(ty.span()=> __brisk::ComputedField::of::<#ty>(#name, [#(#renamed),*]));
        if let Some(a) = &opts.alias {
            row = quote!(#row.alias(#a));
        }
        if let Some(t) = &opts.title {
            row = quote!(#row.title(#t));
        }
        if let Some(d) = opts.description.as_ref().map(LitStr::value).or_else(|| doc_comment(&f.attrs)) {
            row = quote!(#row.description(#d));
        }
        let i = rows.len();
        rows.push(row);
        sers.push(quote! {
            st.serialize_field(
                <Self as __brisk::ComputedFields>::FIELDS[#i].key(__rule),
                &(&__brisk::FieldSer(&self.#ident())).ser_field(),
            )?;
        });
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(syn::Error::new(
            imp.self_ty.span(),
            "no method of this block is marked `#[model(computed)]`: mark the computed fields' methods, \
             or remove #[computed_fields]",
        ));
    }
    // The impl is generated even after mistakes (with the methods that are right), so
    // the model's derive reports nothing more than the mistakes themselves.
    let mistakes = errors.to_compile_errors();
    let self_ty = &imp.self_ty;
    let (impl_g, _, where_clause) = imp.generics.split_for_impl();
    let rule = quote_spanned!(self_ty.span()=> <#self_ty as __brisk::ComputedModel>::RENAME);
    Ok(quote! {
        #imp
        #mistakes

        const _: () = {
            use ::brisk::__private as __brisk;
            impl #impl_g __brisk::ComputedFields for #self_ty #where_clause {
                const FIELDS: &'static [__brisk::ComputedField] = &[#(#rows),*];
                // `(&FieldSer(..)).ser_field()`: the borrow picks brisk's writer or serde's.
                #[allow(clippy::needless_borrow)]
                fn serialize_computed<__S: __brisk::serde::ser::SerializeStruct>(
                    &self,
                    st: &mut __S,
                ) -> __brisk::Result<(), __S::Error> {
                    use __brisk::{ViaPydantic as _, ViaSerde as _};
                    let __rule: __brisk::Option<usize> = #rule;
                    #(#sers)*
                    __brisk::Ok(())
                }
            }
        };
    })
}

/// Removes the method's `#[model(..)]` attributes and reads them: `None` for a method
/// that is not computed.
fn take_opts(f: &mut ImplItemFn) -> syn::Result<Option<ComputedOpts>> {
    let mut opts = ComputedOpts::default();
    let mut found = None;
    let mut result = Ok(());
    f.attrs.retain(|attr| {
        if !attr.path().is_ident("model") {
            return true;
        }
        found = Some(attr.span());
        let r = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("computed") {
                opts.computed = true;
            } else if meta.path.is_ident("alias") {
                opts.alias = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("title") {
                opts.title = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("description") {
                opts.description = Some(meta.value()?.parse()?);
            } else {
                return Err(meta.error(
                    "unknown computed field option; expected `computed`, `alias = \"..\"`, `title = \"..\"` \
                     or `description = \"..\"`",
                ));
            }
            Ok(())
        });
        if let Err(e) = r {
            result = Err(e);
        }
        false
    });
    result?;
    match found {
        None => Ok(None),
        Some(_) if opts.computed => Ok(Some(opts)),
        Some(span) => Err(syn::Error::new(span, "a computed field's method is marked `#[model(computed, ..)]`")),
    }
}

/// Checks that a computed method is `fn name(&self) -> T` and gives `T`.
fn check_signature(f: &ImplItemFn) -> syn::Result<&syn::Type> {
    let sig = &f.sig;
    let how = "a computed field is a method `fn name(&self) -> T` (pydantic's `@computed_field` property)";
    if let Some(a) = &sig.asyncness {
        return Err(syn::Error::new(a.span(), format!("{how}: it cannot be `async`")));
    }
    if !sig.generics.params.is_empty() {
        return Err(syn::Error::new(sig.generics.span(), format!("{how}: it takes no generic parameters")));
    }
    match sig.inputs.first() {
        Some(FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none() => {}
        Some(FnArg::Receiver(r)) => {
            let got = if r.reference.is_some() { "&mut self" } else { "self" };
            return Err(syn::Error::new(r.span(), format!("{how}: take `&self`, not `{got}`")));
        }
        _ => {
            return Err(syn::Error::new(
                sig.paren_token.span.join(),
                format!("{how}: it takes `&self` (an associated function has no model to compute from)"),
            ));
        }
    }
    if let Some(extra) = sig.inputs.iter().nth(1) {
        return Err(syn::Error::new(extra.span(), format!("{how}: it takes no arguments besides `&self`")));
    }
    match &sig.output {
        ReturnType::Type(_, ty) => Ok(ty),
        ReturnType::Default => Err(syn::Error::new(sig.ident.span(), format!("{how}: it must return the value"))),
    }
}
