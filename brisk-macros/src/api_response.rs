//! `#[derive(ApiResponse)]`: an enum of typed responses, each variant with its own status
//! (and description), answered and documented without a hand-written `responses=` table.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitInt, LitStr};

use crate::attrs::doc_comment;
use crate::errors::{Errors, skip_to_comma};

struct Variant {
    ident: syn::Ident,
    status: LitInt,
    description: Option<String>,
    body: Option<syn::Type>,
}

fn parse_variant(v: &syn::Variant, errs: &mut Errors) -> Option<Variant> {
    let mut status = None;
    let mut description = doc_comment(&v.attrs);
    let mut broken = false;
    for attr in &v.attrs {
        if attr.path().is_ident("response") {
            let parsed = attr.parse_nested_meta(|meta| {
                let r = (|| {
                    if meta.path.is_ident("status") {
                        status = Some(meta.value()?.parse::<LitInt>()?);
                    } else if meta.path.is_ident("description") {
                        description = Some(meta.value()?.parse::<LitStr>()?.value());
                    } else {
                        return Err(
                            meta.error("unknown response option; expected `status = 404` or `description = \"...\"`")
                        );
                    }
                    Ok(())
                })();
                if let Err(e) = r {
                    errs.push(e);
                    broken = true;
                    skip_to_comma(meta.input)?;
                }
                Ok(())
            });
            if let Err(e) = parsed {
                errs.push(e);
                broken = true;
            }
        }
    }
    if status.is_none() && !broken {
        errs.push(syn::Error::new(v.ident.span(), "each variant needs its status: #[response(status = 404)]"));
    }
    let body = match &v.fields {
        Fields::Unit => None,
        Fields::Unnamed(f) if f.unnamed.len() == 1 => Some(f.unnamed[0].ty.clone()),
        _ => {
            errs.push(syn::Error::new(
                v.ident.span(),
                "a response variant holds one body (`NotFound(Message)`) or none (`Deleted`)",
            ));
            return None;
        }
    };
    Some(Variant { ident: v.ident.clone(), status: status?, description, body })
}

/// `#[derive(ApiResponse)]`. Every mistake is reported at once, with a stub
/// `IntoResponse` impl (so functions returning the enum add nothing).
pub fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let ident = &input.ident;
    let mut errs = Errors::new();
    let variants: Vec<Variant> = match &input.data {
        Data::Enum(e) => e.variants.iter().filter_map(|v| parse_variant(v, &mut errs)).collect(),
        _ => {
            errs.push(syn::Error::new(
                input.ident.span(),
                "#[derive(ApiResponse)] is for enums: one variant per response, e.g. `enum Answer { #[response(status = 200)] Found(Item), #[response(status = 404)] Missing }`",
            ));
            Vec::new()
        }
    };
    if !errs.is_empty() {
        let errors = errs.to_compile_errors();
        return quote! {
            impl ::brisk::__private::IntoResponse for #ident {
                fn into_response(self) -> ::brisk::__private::HttpResponse {
                    ::core::unreachable!()
                }
            }
            #errors
        };
    }
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
    quote! {
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
    }
}
