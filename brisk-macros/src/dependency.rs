//! `#[dependency]`: a dependency (FastAPI's `Depends`) from a function.
//!
//! Generates a type named after the function (in the type namespace only, so the function
//! stays callable) implementing `brisk::depends::Dependency`: its static declaration, the
//! extraction of its arguments and the call. The runtime resolves and caches it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Type};

use crate::errors::Errors;
use crate::params::{self, Gen};

/// `#[dependency]`. Every mistake is reported at once, next to the user's item (still
/// emitted) and, for a function, a stub of its type (so `#[depends(f)]` adds nothing).
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errs = Errors::new();
    if !attr.is_empty() {
        errs.push(syn::Error::new(
            attr.span(),
            "#[dependency] takes no options; options of a use go where it is used: #[depends(f, use_cache = false)]",
        ));
    }
    let parsed: syn::Item = match syn::parse2(item.clone()) {
        Ok(i) => i,
        Err(e) => return quote!(#item).into_iter().chain(e.to_compile_error()).collect(),
    };
    let mut func = match parsed {
        syn::Item::Fn(f) => f,
        syn::Item::Impl(imp) => return expand_impl(imp, errs),
        syn::Item::Struct(st) => {
            errs.push(syn::Error::new(
                st.ident.span(),
                "#[dependency] goes on a function; for a struct whose fields are parameters, use #[derive(Dependency)]",
            ));
            let errors = errs.to_compile_errors();
            return quote!(#st #errors);
        }
        other => {
            errs.push(syn::Error::new(
                crate::errors::item_name_span(&other),
                "#[dependency] goes on a function, or on an `impl` with one `&self` method (a configured instance)",
            ));
            let errors = errs.to_compile_errors();
            return quote!(#other #errors);
        }
    };
    let mut params = Vec::new();
    for arg in func.sig.inputs.iter_mut() {
        match arg {
            FnArg::Typed(pt) => params.extend(params::parse_param(pt, &[], &mut errs)),
            FnArg::Receiver(r) => errs.push(syn::Error::new(r.span(), "a dependency cannot take `self`")),
        }
    }
    no_sub_response(&params, &mut errs);
    let name = func.sig.ident.clone();
    let name_str = name.to_string();
    let vis = &func.vis;
    let ret = match &func.sig.output {
        ReturnType::Type(_, t) => (**t).clone(),
        ReturnType::Default => syn::parse_quote!(()),
    };
    if !errs.is_empty() {
        let stub = stub_impl(&quote!(#name), &name_str, &ret);
        let errors = errs.to_compile_errors();
        return quote! {
            #func

            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis struct #name {}

            #stub
            #errors
        };
    }
    let g = params::generate(&params, &quote!(<Self as ::brisk::__private::Dependency>::INFO));
    let call = params::call(quote!(#name), func.sig.asyncness.is_some(), &g.call_args, |c| c);
    let dependency = dependency_impl(&quote!(#name), &name_str, &ret, &g, call);
    quote! {
        #func

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #name {}

        #dependency
    }
}

/// The `Dependency` impl of type `ty` returning `ret`: its declaration, `run` (extract the
/// parameters, then evaluate `make` with them bound) and `run_erased`.
fn dependency_impl(
    ty: &TokenStream,
    name: &str,
    ret: &impl quote::ToTokens,
    g: &Gen,
    make: TokenStream,
) -> TokenStream {
    let body = run_body(g, make);
    let info = info_const(name, g);
    let erased = erased_run(ret);
    let items = &g.items;
    quote! {
        const _: () = {
        #(#items)*
        #[allow(non_upper_case_globals, clippy::all)]
        impl ::brisk::__private::Dependency for #ty {
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
        };
    }
}

/// A dependency cannot take `&mut Response`: the error, at the parameter.
fn no_sub_response(params: &[params::Param], errs: &mut Errors) {
    for p in params {
        if let params::Kind::SubResponse = p.kind {
            errs.push(syn::Error::new(
                p.ty.span(),
                "a dependency cannot take `&mut Response`; take it in the path operation and set the status or headers there",
            ));
        }
    }
}

/// What stands for the dependency's impl when it has mistakes (reported on their own):
/// its return type as declared (so its uses are checked), no parameters, never run.
fn stub_impl(ty: &TokenStream, name: &str, ret: &impl quote::ToTokens) -> TokenStream {
    quote! {
        #[allow(clippy::all)]
        impl ::brisk::__private::Dependency for #ty {
            type Return = #ret;
            const INFO: &'static ::brisk::__private::DependencyInfo = {
                static INFO: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo::named(#name);
                &INFO
            };
            fn run<'a>(
                _: &'a mut ::brisk::__private::RequestCtx,
                _: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<#ret>> + Send + 'a {
                async move {
                    let __none: ::brisk::__private::Outcome<#ret> = ::core::result::Result::Ok(::core::option::Option::None);
                    __none
                }
            }
            fn run_erased<'a>(
                _: &'a mut ::brisk::__private::RequestCtx,
                _: &'a mut ::brisk::__private::ValidationErrors,
            ) -> ::brisk::__private::ErasedFuture<'a> {
                ::brisk::__private::Box::pin(async move {
                    let __none: ::brisk::__private::Outcome<::brisk::depends::AnyValue> =
                        ::core::result::Result::Ok(::core::option::Option::None);
                    __none
                })
            }
        }
    }
}

/// `#[derive(Dependency)]` on a struct (FastAPI's class dependencies): each field is a
/// parameter, extracted like a function parameter (`#[query]`, `#[header]`, ...,
/// `#[depends(f)]`), and the dependency's value is the struct.
pub fn derive(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let name = input.ident.clone();
    let name_str = name.to_string();
    let mut errs = Errors::new();
    let fields = match &input.data {
        syn::Data::Struct(syn::DataStruct { fields: syn::Fields::Named(fields), .. }) => Some(fields),
        syn::Data::Struct(_) => {
            errs.push(syn::Error::new(
                name.span(),
                "#[derive(Dependency)] needs named fields: `struct Commons { q: Option<String> }`",
            ));
            None
        }
        _ => {
            errs.push(syn::Error::new(name.span(), "#[derive(Dependency)] needs a struct with named fields"));
            None
        }
    };
    if !input.generics.params.is_empty() {
        errs.push(syn::Error::new(input.generics.span(), "#[derive(Dependency)] does not support generic structs"));
    }
    let mut params = Vec::new();
    let mut field_idents = Vec::new();
    for f in fields.iter().flat_map(|f| &f.named) {
        let Some(ident) = f.ident.clone() else { continue };
        let ty = &f.ty;
        let mut pt: syn::PatType = syn::parse_quote!(#ident: #ty);
        pt.attrs = f.attrs.iter().filter(|a| !a.path().is_ident("doc")).cloned().collect();
        params.extend(params::parse_param(&mut pt, &[], &mut errs));
        field_idents.push(ident);
    }
    no_sub_response(&params, &mut errs);
    if !errs.is_empty() {
        let stub =
            if input.generics.params.is_empty() { stub_impl(&quote!(#name), &name_str, &name) } else { quote!() };
        let errors = errs.to_compile_errors();
        return quote!(#stub #errors);
    }
    let g = params::generate(&params, &quote!(<Self as ::brisk::__private::Dependency>::INFO));
    let vars = &g.vars;
    let make = quote!(#name { #(#field_idents: #vars),* });
    dependency_impl(&quote!(#name), &name_str, &name, &g, make)
}

/// `#[dependency] impl Checker { fn call(&self, ..) -> T }`: a configured instance as a
/// dependency (FastAPI's callable instances), taken with `#[depends(instance = STATIC)]`.
fn expand_impl(mut imp: syn::ItemImpl, mut errs: Errors) -> TokenStream {
    let self_ty = (*imp.self_ty).clone();
    let ty_ident = match &self_ty {
        Type::Path(tp) => tp.path.segments.last().map(|s| s.ident.clone()),
        _ => None,
    };
    let Some(ty_ident) = ty_ident else {
        errs.push(syn::Error::new(self_ty.span(), "#[dependency] impl needs a named type"));
        let errors = errs.to_compile_errors();
        return quote!(#imp #errors);
    };
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
        errs.push(syn::Error::new(
            imp.impl_token.span,
            "a #[dependency] impl has exactly one `&self` method: the one called for each request",
        ));
        let errors = errs.to_compile_errors();
        return quote!(#imp #errors);
    };
    let syn::ImplItem::Fn(method) = &mut imp.items[index] else { unreachable!() };
    let mut params = Vec::new();
    for arg in method.sig.inputs.iter_mut().skip(1) {
        if let FnArg::Typed(pt) = arg {
            params.extend(params::parse_param(pt, &[], &mut errs));
        }
    }
    no_sub_response(&params, &mut errs);
    let method_name = method.sig.ident.clone();
    let is_async = method.sig.asyncness.is_some();
    let ret = match &method.sig.output {
        ReturnType::Type(_, t) => (**t).clone(),
        ReturnType::Default => syn::parse_quote!(()),
    };
    let name_str = format!("{ty_ident}.{method_name}");
    if !errs.is_empty() {
        let errors = errs.to_compile_errors();
        return quote! {
            #imp

            #[allow(clippy::all)]
            impl ::brisk::__private::InstanceDependency for #self_ty {
                type Return = #ret;
                const INFO: &'static ::brisk::__private::DependencyInfo = {
                    static INFO: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo::named(#name_str);
                    &INFO
                };
                fn run<'a>(
                    &'static self,
                    _: &'a mut ::brisk::__private::RequestCtx,
                    _: &'a mut ::brisk::__private::ValidationErrors,
                ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<#ret>> + Send + 'a {
                    async move {
                        let __none: ::brisk::__private::Outcome<#ret> = ::core::result::Result::Ok(::core::option::Option::None);
                        __none
                    }
                }
            }
            #errors
        };
    }
    let g = params::generate(&params, &quote!(<Self as ::brisk::__private::InstanceDependency>::INFO));
    let call = params::call(quote!(self.#method_name), is_async, &g.call_args, |c| c);
    let body = run_body(&g, call);
    let info = info_const(&name_str, &g);
    let items = &g.items;
    quote! {
        #imp

        const _: () = {
        #(#items)*
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
        };
    }
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
