//! `#[dependency]`: a dependency (FastAPI's `Depends`) from a function.
//!
//! Generates a type named after the function (in the type namespace only, so the function
//! stays callable) implementing `brisk::depends::Dependency`, and a hidden module with the
//! static declaration of its parameters.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{FnArg, GenericArgument, PathArguments, ReturnType, Type};

use crate::params::{self, Gen};

/// `Result<T, E>` -> `Some((T, E))`.
fn result_types(ty: &Type) -> Option<(Type, Type)> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &seg.arguments else { return None };
    let mut tys = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    Some((tys.next()?, tys.next()?))
}

/// `Yield<T>` -> `Some(T)`: a dependency with exit code.
fn yield_inner(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != "Yield" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &seg.arguments else { return None };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

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
    let module = format_ident!("__brisk_dependency_{}", name);
    let ret = match &func.sig.output {
        ReturnType::Type(_, t) => (**t).clone(),
        ReturnType::Default => syn::parse_quote!(()),
    };
    let enter_ok = match result_types(&ret) {
        Some((ok, _)) if yield_inner(&ok).is_some() => quote!(::brisk::__private::enter(__ctx, v)),
        _ => quote!(v),
    };
    let (output, finish) = match result_types(&ret) {
        Some((ok, _)) => (
            yield_inner(&ok).unwrap_or(ok.clone()),
            quote! {
                match __ret {
                    ::core::result::Result::Ok(v) => ::brisk::__private::Resolved::Value(#enter_ok),
                    ::core::result::Result::Err(e) => ::brisk::__private::Resolved::Respond(
                        ::brisk::__private::IntoResponse::into_response(
                            e,
                            &::brisk::__private::RenderCtx::new(&__ctx.route().defaults, __ctx, ::core::option::Option::None),
                        ),
                    ),
                }
            },
        ),
        None => match yield_inner(&ret) {
            Some(inner) => {
                (inner, quote!(::brisk::__private::Resolved::Value(::brisk::__private::enter(__ctx, __ret))))
            }
            None => (ret.clone(), quote!(::brisk::__private::Resolved::Value(__ret))),
        },
    };
    let respond = quote!(return ::brisk::__private::Resolved::Respond(__r););
    let g = params::generate(&params, &respond);
    if g.sub_response {
        return Err(syn::Error::new(
            func.sig.ident.span(),
            "a dependency cannot take `&mut Response` yet; take it in the path operation",
        ));
    }
    let call = params::call(&func, &g.vars);
    let output_tokens = quote!(#output);
    let tail = quote! {
        let __ret = super::#call;
        #finish
    };
    let hidden = hidden_module(&module, &name_str, g, None, &output_tokens, tail);
    Ok(quote! {
        #func

        #hidden

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #name {}

        impl ::brisk::__private::Dependency for #name {
            type Output = #output;
            const INFO: &'static ::brisk::__private::DependencyInfo = &#module::INFO;
            fn run(
                ctx: &mut ::brisk::__private::RequestCtx,
                errors: &mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Resolved<#output>> + Send {
                #module::run(ctx, errors)
            }
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
    let respond = quote!(return ::brisk::__private::Resolved::Respond(__r););
    let g = params::generate(&params, &respond);
    if g.sub_response {
        return Err(syn::Error::new(name.span(), "a dependency cannot take `&mut Response`"));
    }
    let module = format_ident!("__brisk_dependency_{}", name);
    let name_str = name.to_string();
    let vars = g.vars.clone();
    let tail = quote!(::brisk::__private::Resolved::Value(#name { #(#field_idents: #vars),* }));
    let hidden = hidden_module(&module, &name_str, g, None, &quote!(#name), tail);
    Ok(quote! {
        #hidden

        impl ::brisk::__private::Dependency for #name {
            type Output = #name;
            const INFO: &'static ::brisk::__private::DependencyInfo = &#module::INFO;
            fn run(
                ctx: &mut ::brisk::__private::RequestCtx,
                errors: &mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Resolved<#name>> + Send {
                #module::run(ctx, errors)
            }
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
    let (output, finish) = match result_types(&ret) {
        Some((ok, _)) => (
            ok,
            quote! {
                match __ret {
                    ::core::result::Result::Ok(v) => ::brisk::__private::Resolved::Value(v),
                    ::core::result::Result::Err(e) => ::brisk::__private::Resolved::Respond(
                        ::brisk::__private::IntoResponse::into_response(
                            e,
                            &::brisk::__private::RenderCtx::new(&__ctx.route().defaults, __ctx, ::core::option::Option::None),
                        ),
                    ),
                }
            },
        ),
        None => (ret.clone(), quote!(::brisk::__private::Resolved::Value(__ret))),
    };
    let respond = quote!(return ::brisk::__private::Resolved::Respond(__r););
    let g = params::generate(&params, &respond);
    if g.sub_response {
        return Err(syn::Error::new(method_name.span(), "a dependency cannot take `&mut Response`"));
    }
    let module = format_ident!("__brisk_instance_{}", ty_ident);
    let name_str = format!("{ty_ident}.{method_name}");
    let vars = &g.vars;
    let call =
        if is_async { quote!(this.#method_name(#(#vars),*).await) } else { quote!(this.#method_name(#(#vars),*)) };
    let tail = quote! {
        let __ret = #call;
        #finish
    };
    let output_tokens = quote!(#output);
    let hidden = hidden_module(&module, &name_str, g, Some(&self_ty), &output_tokens, tail);
    Ok(quote! {
        #imp

        #hidden

        impl ::brisk::__private::InstanceDependency for #self_ty {
            type Output = #output;
            const INFO: &'static ::brisk::__private::DependencyInfo = &#module::INFO;
            fn run<'a>(
                &'static self,
                ctx: &'a mut ::brisk::__private::RequestCtx,
                errors: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Resolved<#output>> + Send + 'a {
                #module::run(self, ctx, errors)
            }
        }
    })
}

/// The hidden module of a dependency: its parameters' specs, its `DependencyInfo`, and
/// `run`, which extracts the parameters and then evaluates `tail` with them bound
/// (`this` is the instance, for `impl` dependencies).
fn hidden_module(
    module: &syn::Ident,
    name: &str,
    g: Gen,
    this: Option<&Type>,
    output: &TokenStream,
    tail: TokenStream,
) -> TokenStream {
    let Gen { statics, spec_refs, sources, docs, dep_infos, dep_resolves, extracts, vars, .. } = g;
    let n = spec_refs.len();
    let pats = vars.iter().map(|v| quote!(::core::option::Option::Some(#v)));
    let this_param = this.map(|t| quote!(this: &'static #t,));
    let run_discard =
        if this.is_some() { quote!(::brisk::__private::discard_unsupported) } else { quote!(run_discard) };
    let run_discard_fn = this.is_none().then(|| {
        quote! {
            fn run_discard<'a>(
                ctx: &'a mut ::brisk::__private::RequestCtx,
                errors: &'a mut ::brisk::__private::ValidationErrors,
            ) -> ::brisk::__private::DiscardFuture<'a> {
                ::brisk::__private::Box::pin(async move {
                    match run(ctx, errors).await {
                        ::brisk::__private::Resolved::Respond(r) => ::core::option::Option::Some(r),
                        _ => ::core::option::Option::None,
                    }
                })
            }
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, non_snake_case, clippy::all)]
        mod #module {
            use super::*;
            #(#statics)*
            pub(super) static __BRISK_PARAMS: [&::brisk::__private::ParamSpec; #n] = [#(#spec_refs),*];
            pub(super) fn __brisk_sources() -> ::brisk::__private::Vec<::brisk::__private::Source> {
                ::std::vec![#(#sources),*]
            }
            pub(super) fn __brisk_types(__gen: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::Vec<::brisk::__private::ParamDoc> {
                ::std::vec![#(#docs),*]
            }
            pub(super) static INFO: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo {
                name: #name,
                params: &__BRISK_PARAMS,
                sources: __brisk_sources,
                types: __brisk_types,
                deps: &[#(#dep_infos),*],
                scopes: &[],
                security: ::core::option::Option::None,
                run_discard: #run_discard,
            };
            #run_discard_fn
            #[allow(unused_mut, unused_variables)]
            pub(super) async fn run(
                #this_param
                mut __ctx: &mut ::brisk::__private::RequestCtx,
                mut __errors: &mut ::brisk::__private::ValidationErrors,
            ) -> ::brisk::__private::Resolved<#output> {
                let __start = __errors.len();
                #(#dep_resolves)*
                let __own = __errors.len();
                #(#extracts)*
                __errors.sort_by_source_from(__own);
                let (#(#vars,)*) = match (#(#vars,)*) {
                    (#(#pats,)*) if __errors.len() == __start => (#(#vars,)*),
                    _ => return ::brisk::__private::Resolved::Invalid,
                };
                #tail
            }
        }
    }
}
