//! `#[dependency]`: a dependency (FastAPI's `Depends`) from a function.
//!
//! Generates a type named after the function (in the type namespace only, so the function
//! stays callable) implementing `brisk::depends::Dependency`: its static declaration, the
//! extraction of its arguments and the call. The runtime resolves and caches it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Type};

use crate::params::{self, Gen};

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new(attr.span(), "#[dependency] takes no options"));
    }
    let parsed: syn::Item = syn::parse2(item)?;
    let mut func = match parsed {
        syn::Item::Fn(f) => f,
        syn::Item::Impl(imp) => return expand_impl(imp),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "#[dependency] goes on a function, or on an `impl` with one `&self` method (a configured instance)",
            ));
        }
    };
    let mut params = Vec::new();
    for arg in func.sig.inputs.iter_mut() {
        match arg {
            FnArg::Typed(pt) => params.push(params::parse_param(pt, &[])?),
            FnArg::Receiver(r) => return Err(syn::Error::new(r.span(), "a dependency cannot take `self`")),
        }
    }
    let name = func.sig.ident.clone();
    let name_str = name.to_string();
    let vis = &func.vis;
    let ret = match &func.sig.output {
        ReturnType::Type(_, t) => (**t).clone(),
        ReturnType::Default => syn::parse_quote!(()),
    };
    let g = params::generate(&params, &quote!(<Self as ::brisk::__private::Dependency>::INFO));
    if g.sub_response {
        return Err(syn::Error::new(
            func.sig.ident.span(),
            "a dependency cannot take `&mut Response` yet; take it in the path operation",
        ));
    }
    let call = params::call(quote!(#name), func.sig.asyncness.is_some(), &g.call_args);
    let body = run_body(&g, call);
    let info = info_const(&name_str, &g);
    let erased = erased_run(&ret);
    Ok(quote! {
        #func

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #name {}

        #[allow(non_upper_case_globals, clippy::all)]
        impl ::brisk::__private::Dependency for #name {
            type Return = #ret;
            #info
            #[allow(unused_variables)]
            fn run<'a>(
                __cx: &'a mut ::brisk::__private::RequestCtx,
                __errors: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<#ret>> + Send + 'a {
                #body
            }
            #erased
        }
    })
}

/// `#[derive(Dependency)]` on a struct (FastAPI's class dependencies): each field is a
/// parameter, extracted like a function parameter (`#[query]`, `#[header]`, ...,
/// `#[depends(f)]`), and the dependency's value is the struct.
pub fn derive(input: TokenStream) -> syn::Result<TokenStream> {
    let input: syn::DeriveInput = syn::parse2(input)?;
    let name = input.ident.clone();
    let syn::Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(name.span(), "#[derive(Dependency)] needs a struct with named fields"));
    };
    let syn::Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(
            name.span(),
            "#[derive(Dependency)] needs named fields: `struct Commons { q: Option<String> }`",
        ));
    };
    let mut params = Vec::new();
    let mut field_idents = Vec::new();
    for f in &fields.named {
        let Some(ident) = f.ident.clone() else { continue };
        let ty = &f.ty;
        let mut pt: syn::PatType = syn::parse_quote!(#ident: #ty);
        pt.attrs = f.attrs.iter().filter(|a| !a.path().is_ident("doc")).cloned().collect();
        params.push(params::parse_param(&mut pt, &[])?);
        field_idents.push(ident);
    }
    let g = params::generate(&params, &quote!(<Self as ::brisk::__private::Dependency>::INFO));
    if g.sub_response {
        return Err(syn::Error::new(name.span(), "a dependency cannot take `&mut Response`"));
    }
    let name_str = name.to_string();
    let vars = &g.vars;
    let body = run_body(&g, quote!(#name { #(#field_idents: #vars),* }));
    let info = info_const(&name_str, &g);
    let erased = erased_run(&quote!(#name));
    Ok(quote! {
        #[allow(non_upper_case_globals, clippy::all)]
        impl ::brisk::__private::Dependency for #name {
            type Return = #name;
            #info
            #[allow(unused_variables)]
            fn run<'a>(
                __cx: &'a mut ::brisk::__private::RequestCtx,
                __errors: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<#name>> + Send + 'a {
                #body
            }
            #erased
        }
    })
}

/// `#[dependency] impl Checker { fn call(&self, ..) -> T }`: a configured instance as a
/// dependency (FastAPI's callable instances), taken with `#[depends(instance = STATIC)]`.
fn expand_impl(mut imp: syn::ItemImpl) -> syn::Result<TokenStream> {
    let self_ty = (*imp.self_ty).clone();
    let Type::Path(tp) = &self_ty else {
        return Err(syn::Error::new(self_ty.span(), "#[dependency] impl needs a named type"));
    };
    let ty_ident = tp
        .path
        .segments
        .last()
        .map(|s| s.ident.clone())
        .ok_or_else(|| syn::Error::new(self_ty.span(), "expected a type"))?;
    let methods: Vec<usize> = imp
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| match it {
            syn::ImplItem::Fn(f) if matches!(f.sig.inputs.first(), Some(FnArg::Receiver(_))) => Some(i),
            _ => None,
        })
        .collect();
    let [index] = methods[..] else {
        return Err(syn::Error::new(
            imp.impl_token.span,
            "a #[dependency] impl has exactly one `&self` method: the one called for each request",
        ));
    };
    let syn::ImplItem::Fn(method) = &mut imp.items[index] else { unreachable!() };
    let mut params = Vec::new();
    for arg in method.sig.inputs.iter_mut().skip(1) {
        if let FnArg::Typed(pt) = arg {
            params.push(params::parse_param(pt, &[])?);
        }
    }
    let method_name = method.sig.ident.clone();
    let is_async = method.sig.asyncness.is_some();
    let ret = match &method.sig.output {
        ReturnType::Type(_, t) => (**t).clone(),
        ReturnType::Default => syn::parse_quote!(()),
    };
    let g = params::generate(&params, &quote!(<Self as ::brisk::__private::InstanceDependency>::INFO));
    if g.sub_response {
        return Err(syn::Error::new(method_name.span(), "a dependency cannot take `&mut Response`"));
    }
    let name_str = format!("{ty_ident}.{method_name}");
    let call = params::call(quote!(self.#method_name), is_async, &g.call_args);
    let body = run_body(&g, call);
    let info = info_const(&name_str, &g);
    Ok(quote! {
        #imp

        #[allow(non_upper_case_globals, clippy::all)]
        impl ::brisk::__private::InstanceDependency for #self_ty {
            type Return = #ret;
            #info
            #[allow(unused_variables)]
            fn run<'a>(
                &'static self,
                __cx: &'a mut ::brisk::__private::RequestCtx,
                __errors: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<#ret>> + Send + 'a {
                #body
            }
        }
    })
}

/// The body of a dependency's `run`: its dependencies, its own parameters (every error
/// collected), then `make` with the arguments bound.
fn run_body(g: &Gen, make: TokenStream) -> TokenStream {
    let Gen { dep_resolves, extracts, vars, .. } = g;
    quote! {
        async move {
            let __start = __errors.len();
            #(#dep_resolves)*
            let __own = __errors.len();
            #(#extracts)*
            __errors.sort_by_source_from(__own);
            match ::brisk::__private::AllSome::all((#(#vars,)*)) {
                ::core::option::Option::Some((#(#vars,)*)) if __errors.len() == __start => {
                    ::core::result::Result::Ok(::core::option::Option::Some(#make))
                }
                _ => ::core::result::Result::Ok(::core::option::Option::None),
            }
        }
    }
}

/// The `INFO` constant: the parameters' specs and documentation, the dependencies.
fn info_const(name: &str, g: &Gen) -> TokenStream {
    let Gen { statics, spec_refs, docs, dep_infos, .. } = g;
    quote! {
        const INFO: &'static ::brisk::__private::DependencyInfo = {
            #(#statics)*
            fn __types(__gen: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::Vec<::brisk::__private::ParamDoc> {
                ::std::vec![#(#docs),*]
            }
            static INFO: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo {
                name: #name,
                params: &[#(#spec_refs),*],
                types: __types,
                deps: &[#(#dep_infos),*],
                scopes: &[],
                security: ::core::option::Option::None,
            };
            &INFO
        };
    }
}

/// `run_erased`: the value boxed. What the return type means is decided here, where it
/// is concrete, by trait impls (see `brisk::depends::tags`): a `Result` whose error is a
/// response stops the request, a `Yield` registers its exit code.
fn erased_run(ret: &impl quote::ToTokens) -> TokenStream {
    quote! {
        fn run_erased<'a>(
            __cx: &'a mut ::brisk::__private::RequestCtx,
            __errors: &'a mut ::brisk::__private::ValidationErrors,
        ) -> ::brisk::__private::ErasedFuture<'a> {
            ::brisk::__private::Box::pin(async move {
                #[allow(unused_imports)]
                use ::brisk::__private::{ViaPlain as _, ViaResult as _, ViaValue as _, ViaYield as _};
                let ::core::option::Option::Some(__r) = <Self as ::brisk::__private::Dependency>::run(__cx, __errors).await? else {
                    return ::core::result::Result::Ok(::core::option::Option::None);
                };
                let __r: #ret = __r;
                let __v = (&__r).__brisk_result().split(__r)?;
                let __v = (&__v).__brisk_yield().enter(__v, __cx);
                ::core::result::Result::Ok(::core::option::Option::Some(::brisk::__private::Box::new(__v) as ::brisk::__private::Box<dyn ::core::any::Any + Send>))
            })
        }
    }
}
