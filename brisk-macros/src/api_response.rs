//! `#[derive(ApiResponse)]`: an enum of typed responses, each variant with its own status
//! (and description), answered and documented without a hand-written `responses=` table.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitInt, LitStr};

use crate::attrs::doc_comment;

struct Variant {
    ident: syn::Ident,
    status: LitInt,
    description: Option<String>,
    body: Option<syn::Type>,
}

fn parse_variant(v: &syn::Variant) -> syn::Result<Variant> {
    let mut status = None;
    let mut description = doc_comment(&v.attrs);
    for attr in &v.attrs {
        if attr.path().is_ident("response") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("status") {
                    status = Some(meta.value()?.parse::<LitInt>()?);
                } else if meta.path.is_ident("description") {
                    description = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    return Err(meta.error("expected `status = 404` or `description = \"...\"`"));
                }
                Ok(())
            })?;
        }
    }
    let status = status
        .ok_or_else(|| syn::Error::new(v.ident.span(), "each variant needs its status: #[response(status = 404)]"))?;
    let body = match &v.fields {
        Fields::Unit => None,
        Fields::Unnamed(f) if f.unnamed.len() == 1 => Some(f.unnamed[0].ty.clone()),
        _ => {
            return Err(syn::Error::new(
                v.span(),
                "a response variant holds one body (`NotFound(Message)`) or none (`Deleted`)",
            ));
        }
    };
    Ok(Variant { ident: v.ident.clone(), status, description, body })
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    let Data::Enum(e) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "#[derive(ApiResponse)] is for enums: one variant per response",
        ));
    };
    let ident = &input.ident;
    let variants = e.variants.iter().map(parse_variant).collect::<syn::Result<Vec<_>>>()?;
    let arms = variants.iter().map(|v| {
        let (id, status) = (&v.ident, &v.status);
        match &v.body {
            Some(_) => quote!(#ident::#id(body) => cx.render_status(#status, &body)),
            None => quote!(#ident::#id => cx.empty_status(#status)),
        }
    });
    let docs = variants.iter().map(|v| {
        let status = &v.status;
        let description = match &v.description {
            Some(d) => quote!(::core::option::Option::Some(::std::string::String::from(#d))),
            None => quote!(::core::option::Option::None),
        };
        let schema = match &v.body {
            Some(t) => quote!(::core::option::Option::Some(<#t as ::brisk::__private::JsonSchema>::json_schema(schemas))),
            None => quote!(::core::option::Option::None),
        };
        quote!(::brisk::__private::ResponseDoc { status: #status, description: #description, schema: #schema, extra: ::core::option::Option::None })
    });
    Ok(quote! {
        impl ::brisk::__private::IntoResponse for #ident {
            fn into_response(self) -> ::brisk::__private::HttpResponse {
                self.into_route_response(&::brisk::__private::RouteRender::standalone())
            }
            fn into_route_response(self, cx: &::brisk::__private::RouteRender<'_>) -> ::brisk::__private::HttpResponse {
                match self {
                    #(#arms,)*
                }
            }
            fn extra_responses(schemas: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::Vec<::brisk::__private::ResponseDoc> {
                ::std::vec![#(#docs),*]
            }
            fn documents_statuses() -> bool {
                true
            }
        }
    })
}
