//! `#[get]`, `#[post]`, ...: a path operation from an `async fn`, and `routes![...]`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, ItemFn, LitStr, ReturnType, Token, Type};

use crate::attrs::{doc_comment, opt_str};
use crate::params::{self, Gen, Kind};

/// Route-level options: `#[get("/path", tags = ["a"], status_code = 201, ...)]`.
#[derive(Default)]
struct RouteOpts {
    path: Option<LitStr>,
    tags: Vec<LitStr>,
    status_code: Option<Expr>,
    response_class: Option<syn::Path>,
    summary: Option<LitStr>,
    description: Option<LitStr>,
    response_description: Option<LitStr>,
    deprecated: bool,
    include_in_schema: bool,
    operation_id: Option<LitStr>,
    response_model: Option<Type>,
    exclude_unset: bool,
    exclude_defaults: bool,
    exclude_none: bool,
    include: Vec<LitStr>,
    exclude: Vec<LitStr>,
    responses: Vec<ExtraResponse>,
    /// Only documented, never served: an OpenAPI webhook or callback; its path is a name
    /// or a runtime expression, not a template of this function's parameters.
    documented_only: bool,
    callbacks: Vec<syn::Path>,
    dependencies: Vec<syn::Path>,
    openapi_extra: Option<TokenStream>,
}

/// One entry of `responses(...)`: `404 = Message` or `404(model = Message, description =
/// "...", content = { "image/png": {} }, extra = { ... })`.
struct ExtraResponse {
    status: syn::LitInt,
    model: Option<Type>,
    description: Option<LitStr>,
    content: Option<TokenStream>,
    extra: Option<TokenStream>,
}

impl Parse for ExtraResponse {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let status: syn::LitInt = input.parse()?;
        let mut r = ExtraResponse { status, model: None, description: None, content: None, extra: None };
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            r.model = Some(input.parse()?);
            return Ok(r);
        }
        let inner;
        syn::parenthesized!(inner in input);
        while !inner.is_empty() {
            let key: Ident = inner.parse()?;
            inner.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "model" => r.model = Some(inner.parse()?),
                "description" => r.description = Some(inner.parse()?),
                "content" | "extra" => {
                    let body;
                    syn::braced!(body in inner);
                    let tokens: TokenStream = body.parse()?;
                    let json = quote!({ #tokens });
                    if key == "content" {
                        r.content = Some(json);
                    } else {
                        r.extra = Some(json);
                    }
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown response option `{other}`; expected model, description, content, extra"),
                    ));
                }
            }
            if !inner.is_empty() {
                inner.parse::<Token![,]>()?;
            }
        }
        Ok(r)
    }
}

impl ExtraResponse {
    fn doc(&self) -> TokenStream {
        let status = &self.status;
        let description = match &self.description {
            Some(d) => quote!(::core::option::Option::Some(::std::string::String::from(#d))),
            None => quote!(::core::option::Option::None),
        };
        let schema = match &self.model {
            Some(m) => {
                quote_spanned!(m.span()=> ::core::option::Option::Some(<#m as ::brisk::__private::JsonSchema>::json_schema(__gen)))
            }
            None => quote!(::core::option::Option::None),
        };
        let extra = match (&self.content, &self.extra) {
            (None, None) => quote!(::core::option::Option::None),
            (content, extra) => {
                let content =
                    content.as_ref().map(|c| quote!(__x["content"] = ::brisk::__private::serde_json::json!(#c);));
                let extra = extra.as_ref().map(|e| quote!(__x = ::brisk::__private::serde_json::json!(#e);));
                quote!({
                    let mut __x = ::brisk::__private::serde_json::json!({});
                    #extra
                    #content
                    ::core::option::Option::Some(__x)
                })
            }
        };
        quote!(::brisk::__private::ResponseDoc { status: #status, description: #description, schema: #schema, extra: #extra })
    }
}

impl Parse for RouteOpts {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut o = RouteOpts { include_in_schema: true, ..Default::default() };
        o.path = Some(input.parse().map_err(|e| {
            syn::Error::new(e.span(), "expected the path template first, e.g. #[get(\"/items/{item_id}\")]")
        })?);
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            if key == "responses" && input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                o.responses = Punctuated::<ExtraResponse, Token![,]>::parse_terminated(&content)?.into_iter().collect();
                continue;
            }
            let has_value = input.peek(Token![=]);
            if has_value {
                input.parse::<Token![=]>()?;
            }
            match key.to_string().as_str() {
                "tags" => {
                    let content;
                    syn::bracketed!(content in input);
                    let tags = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
                    o.tags = tags.into_iter().collect();
                }
                "status_code" => o.status_code = Some(input.parse()?),
                "response_class" => o.response_class = Some(input.parse()?),
                "summary" => o.summary = Some(input.parse()?),
                "description" => o.description = Some(input.parse()?),
                "response_description" => o.response_description = Some(input.parse()?),
                "operation_id" => o.operation_id = Some(input.parse()?),
                "deprecated" => o.deprecated = !has_value || input.parse::<syn::LitBool>()?.value,
                "include_in_schema" => o.include_in_schema = !has_value || input.parse::<syn::LitBool>()?.value,
                "response_model" => o.response_model = Some(input.parse()?),
                "webhook" | "callback" => o.documented_only = true,
                "openapi_extra" => {
                    let tree: proc_macro2::TokenTree = input.parse()?;
                    o.openapi_extra = Some(quote!(#tree));
                }
                "dependencies" => {
                    let content;
                    syn::bracketed!(content in input);
                    o.dependencies =
                        Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?.into_iter().collect();
                }
                "callbacks" => {
                    let content;
                    syn::bracketed!(content in input);
                    o.callbacks = Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?.into_iter().collect();
                }
                "responses" => {
                    let content;
                    syn::parenthesized!(content in input);
                    o.responses =
                        Punctuated::<ExtraResponse, Token![,]>::parse_terminated(&content)?.into_iter().collect();
                }
                "response_model_exclude_unset" => o.exclude_unset = !has_value || input.parse::<syn::LitBool>()?.value,
                "response_model_exclude_defaults" => {
                    o.exclude_defaults = !has_value || input.parse::<syn::LitBool>()?.value
                }
                "response_model_exclude_none" => o.exclude_none = !has_value || input.parse::<syn::LitBool>()?.value,
                "response_model_include" | "response_model_exclude" => {
                    let content;
                    syn::bracketed!(content in input);
                    let names: Vec<LitStr> =
                        Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?.into_iter().collect();
                    if key == "response_model_include" {
                        o.include = names;
                    } else {
                        o.exclude = names;
                    }
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown route option `{other}`; expected tags, status_code, response_class, summary, \
                             description, response_description, operation_id, deprecated, include_in_schema, \
                             response_model, response_model_exclude_unset, response_model_exclude_defaults, \
                             response_model_exclude_none, response_model_include, response_model_exclude, responses, \
                             callbacks, webhook, callback, dependencies, openapi_extra"
                        ),
                    ));
                }
            }
        }
        Ok(o)
    }
}

/// The `{name}` parameters of a path template, in order.
fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        out.push(name.split(':').next().unwrap_or(name).to_owned());
        rest = &after[end + 1..];
    }
    out
}

pub fn expand(method: &str, attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let opts: RouteOpts = syn::parse2(attr)?;
    let mut func: ItemFn = syn::parse2(item)?;
    let path_lit = opts.path.clone().ok_or_else(|| syn::Error::new(Span::call_site(), "missing path"))?;
    let path = path_lit.value();
    if !path.starts_with('/') && !opts.documented_only {
        return Err(syn::Error::new(path_lit.span(), "the path must start with `/`"));
    }
    let names = if opts.documented_only { Vec::new() } else { template_params(&path) };

    let mut params = Vec::new();
    for arg in func.sig.inputs.iter_mut() {
        match arg {
            FnArg::Typed(pt) => params.push(params::parse_param(pt, &names)?),
            FnArg::Receiver(r) => return Err(syn::Error::new(r.span(), "a path operation cannot take `self`")),
        }
    }
    for n in &names {
        let declared = params.iter().any(|p| match &p.kind {
            Kind::Data { wire, source, .. } => wire == n && source.to_string().ends_with("Path"),
            _ => false,
        });
        if !declared {
            return Err(syn::Error::new(
                path_lit.span(),
                format!(
                    "the path template has `{{{n}}}` but the function has no parameter `{n}`; add `{n}: String` (or another type) to the parameters"
                ),
            ));
        }
    }

    let fn_name = &func.sig.ident;
    let vis = &func.vis;
    let route_fn = format_ident!("__brisk_route_{}", fn_name);
    let name_str = fn_name.to_string();
    let description = opts.description.as_ref().map(|d| d.value()).or_else(|| doc_comment(&func.attrs));
    let description = match description {
        Some(d) => quote!(::core::option::Option::Some(#d)),
        None => quote!(::core::option::Option::None),
    };
    let summary = opt_str(&opts.summary);
    let operation_id = opt_str(&opts.operation_id);
    let tags = &opts.tags;
    let status = match &opts.status_code {
        Some(e) => quote!(::core::option::Option::Some(#e)),
        None => quote!(::core::option::Option::None),
    };
    let class = match &opts.response_class {
        Some(c) => {
            let builtin = c.get_ident().map(|i| i.to_string());
            let class = match builtin.as_deref() {
                Some("Json" | "JsonResponse") => quote!(::brisk::__private::ResponseClass::Json),
                Some("Html" | "HtmlResponse") => quote!(::brisk::__private::ResponseClass::Html),
                Some("PlainText" | "PlainTextResponse") => quote!(::brisk::__private::ResponseClass::PlainText),
                // A `static` `CustomClass` of the user's.
                _ => quote_spanned!(c.span()=> ::brisk::__private::ResponseClass::Custom(&#c)),
            };
            quote!(::core::option::Option::Some(#class))
        }
        None => quote!(::core::option::Option::None),
    };
    let response_description =
        opts.response_description.as_ref().map(|l| l.value()).unwrap_or_else(|| "Successful Response".into());
    let deprecated = opts.deprecated;
    let include = opts.include_in_schema;
    let method_ident = format_ident!("{}", method);

    let respond = quote!(return __r;);
    let g = params::generate(&params, &respond);
    let Gen { statics, spec_refs, sources, docs, mut dep_infos, mut dep_resolves, extracts, vars, sub_response } = g;
    // Decorator dependencies (`dependencies = [f]`): run first, value unused.
    for (i, d) in opts.dependencies.iter().enumerate().rev() {
        dep_infos
            .insert(i.min(dep_infos.len()), quote_spanned!(d.span()=> <#d as ::brisk::__private::Dependency>::INFO));
        let _ = i;
        dep_resolves.insert(
            0,
            quote_spanned! {d.span()=>
                if let ::brisk::__private::Resolved::Respond(__r) =
                    ::brisk::__private::resolve::<#d>(&mut __ctx, &mut __errors, true, &[]).await
                {
                    return __r;
                }
            },
        );
    }
    let n_specs = spec_refs.len();
    let (resp_schema, resp_extra, own_statuses) = match &func.sig.output {
        ReturnType::Type(_, ty) if !matches!(**ty, Type::ImplTrait(_)) => (
            quote_spanned!(ty.span()=> <#ty as ::brisk::__private::IntoResponse>::response_schema(__gen)),
            quote_spanned!(ty.span()=> <#ty as ::brisk::__private::IntoResponse>::extra_responses(__gen)),
            quote_spanned!(ty.span()=> <#ty as ::brisk::__private::IntoResponse>::documents_statuses()),
        ),
        _ => (quote!(::core::option::Option::None), quote!(::brisk::__private::Vec::new()), quote!(false)),
    };
    let (resp_schema, resp_extra) = match &opts.response_model {
        Some(m) => (
            quote_spanned!(m.span()=> ::core::option::Option::Some(<#m as ::brisk::__private::JsonSchema>::json_schema(__gen))),
            quote!(::brisk::__private::Vec::new()),
        ),
        None => (resp_schema, resp_extra),
    };
    let callbacks: Vec<TokenStream> = opts
        .callbacks
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(last) = p.segments.last_mut() {
                last.ident = format_ident!("__brisk_route_{}", last.ident, span = last.ident.span());
            }
            quote!(#p as fn() -> ::brisk::__private::Route)
        })
        .collect();
    let exit_call = if matches!(&func.sig.output, ReturnType::Type(_, t) if crate::attrs::type_name(t).as_deref() == Some("Result"))
    {
        quote!(::brisk::__private::exit_result(&mut __ctx, __ret))
    } else {
        quote!(::brisk::__private::exit_plain(&mut __ctx, __ret))
    };
    let openapi_extra = match &opts.openapi_extra {
        Some(e) => quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e))),
        None => quote!(::core::option::Option::None),
    };
    let raw_body = params.iter().any(|p| matches!(p.kind, Kind::Request));
    let extra_docs: Vec<TokenStream> = opts.responses.iter().map(ExtraResponse::doc).collect();
    let resp_extra = quote!({
        let mut __extra = #resp_extra;
        __extra.extend([#(#extra_docs),*]);
        __extra
    });
    let call = params::call(&func, &vars);
    let (sub_decl, patch) = if sub_response {
        (
            quote!(let mut __brisk_sub = <::brisk::__private::Response as ::core::default::Default>::default();),
            quote!(::core::option::Option::Some(&__brisk_sub)),
        )
    } else {
        (quote!(), quote!(::core::option::Option::None))
    };
    // A handler returning a response type sends it untouched even with a response model
    // (which then only documents), as FastAPI does.
    const RESPONSE_TYPES: [&str; 9] = [
        "Response",
        "JsonResponse",
        "HtmlResponse",
        "PlainTextResponse",
        "RedirectResponse",
        "StreamingResponse",
        "FileResponse",
        "HttpResponse",
        "impl",
    ];
    let returns_response = match &func.sig.output {
        ReturnType::Type(_, t) => match &**t {
            Type::ImplTrait(_) => true,
            t => crate::attrs::type_name(t).is_some_and(|n| RESPONSE_TYPES.contains(&n.as_str())),
        },
        ReturnType::Default => false,
    };
    let model_renders = if returns_response { None } else { opts.response_model.as_ref() };
    let respond = match model_renders {
        None => quote!(::brisk::__private::IntoResponse::into_response(__ret, &__cx)),
        Some(m) => {
            let (unset, defaults, none) = (opts.exclude_unset, opts.exclude_defaults, opts.exclude_none);
            let (include, exclude) = (&opts.include, &opts.exclude);
            let render = quote_spanned! {m.span()=>
                ::brisk::__private::render_model::<#m, _>(&__v, &__BRISK_MODEL_OPTIONS, &__cx)
            };
            let returns_result = matches!(&func.sig.output, ReturnType::Type(_, t) if crate::attrs::type_name(t).as_deref() == Some("Result"));
            let body = if returns_result {
                quote! {
                    match __ret {
                        ::core::result::Result::Ok(__v) => #render,
                        ::core::result::Result::Err(__e) => ::brisk::__private::IntoResponse::into_response(__e, &__cx),
                    }
                }
            } else {
                quote!({ let __v = __ret; #render })
            };
            quote! {{
                static __BRISK_MODEL_OPTIONS: ::brisk::__private::ModelOptions = ::brisk::__private::ModelOptions {
                    exclude_unset: #unset,
                    exclude_defaults: #defaults,
                    exclude_none: #none,
                    include: &[#(#include),*],
                    exclude: &[#(#exclude),*],
                    defaults: ::std::sync::OnceLock::new(),
                };
                #body
            }}
        }
    };
    let pats = vars.iter().map(|v| quote!(::core::option::Option::Some(#v)));

    Ok(quote! {
        #func

        #[doc(hidden)]
        #[allow(non_upper_case_globals, clippy::all)]
        #vis fn #route_fn() -> ::brisk::__private::Route {
            #(#statics)*
            static __BRISK_PARAMS: [&::brisk::__private::ParamSpec; #n_specs] = [#(#spec_refs),*];
            fn __brisk_sources() -> ::brisk::__private::Vec<::brisk::__private::Source> {
                ::std::vec![#(#sources),*]
            }
            fn __brisk_types(__gen: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::OperationTypes {
                ::brisk::__private::OperationTypes {
                    params: ::std::vec![#(#docs),*],
                    response: #resp_schema,
                    extra_responses: #resp_extra,
                    own_statuses: #own_statuses,
                }
            }
            #[allow(unused_mut, unused_variables)]
            fn __brisk_handler(mut __ctx: ::brisk::__private::RequestCtx) -> ::brisk::__private::BoxFuture<::brisk::__private::HttpResponse> {
                ::brisk::__private::Box::pin(async move {
                    if __ctx.route().reads_body || __ctx.route().reads_form {
                        if let ::core::result::Result::Err(__r) = __ctx.prepare_body().await {
                            return __r;
                        }
                    }
                    let mut __errors = ::brisk::__private::ValidationErrors::new();
                    if !__ctx.route().global_deps.is_empty() {
                        if let ::core::option::Option::Some(__r) = ::brisk::__private::run_global(&mut __ctx, &mut __errors).await {
                            return __r;
                        }
                    }
                    #sub_decl
                    #(#dep_resolves)*
                    let __own = __errors.len();
                    #(#extracts)*
                    __errors.sort_by_source_from(__own);
                    let (#(#vars,)*) = match (#(#vars,)*) {
                        (#(#pats,)*) if __errors.is_empty() => (#(#vars,)*),
                        _ => return __ctx.validation_error(__errors),
                    };
                    let __ret = #call;
                    let __ret = if __ctx.has_exits() {
                        match #exit_call.await {
                            ::core::result::Result::Ok(r) => r,
                            ::core::result::Result::Err(__r) => return __r,
                        }
                    } else {
                        __ret
                    };
                    let __res = {
                        let __cx = ::brisk::__private::RenderCtx::new(&__ctx.route().defaults, &__ctx, #patch);
                        #respond
                    };
                    if __ctx.has_exits() {
                        return ::brisk::__private::finish_exits(&mut __ctx, __res).await;
                    }
                    __res
                })
            }
            static __BRISK_OP: ::brisk::__private::Operation = ::brisk::__private::Operation {
                method: ::brisk::__private::Method::#method_ident,
                path: #path,
                name: #name_str,
                summary: #summary,
                description: #description,
                tags: &[#(#tags),*],
                status_code: #status,
                response_class: #class,
                response_description: #response_description,
                deprecated: #deprecated,
                include_in_schema: #include,
                operation_id: #operation_id,
                params: &__BRISK_PARAMS,
                deps: &[#(#dep_infos),*],
                callbacks: &[#(#callbacks),*],
                openapi_extra: #openapi_extra,
                raw_body: #raw_body,
                sources: __brisk_sources,
                types: __brisk_types,
                handler: __brisk_handler,
            };
            ::brisk::__private::Route::new(&__BRISK_OP)
        }
    })
}

/// `routes![a, m::b]` -> `vec![a::__brisk_route_a(), m::__brisk_route_b()]`.
pub fn routes(input: TokenStream) -> syn::Result<TokenStream> {
    let paths = Punctuated::<syn::Path, Token![,]>::parse_terminated.parse2(input)?;
    let calls = paths.into_iter().map(|mut p| {
        if let Some(last) = p.segments.last_mut() {
            last.ident = format_ident!("__brisk_route_{}", last.ident, span = last.ident.span());
        }
        quote!(#p())
    });
    Ok(quote!(::std::vec![#(#calls),*]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names() {
        assert_eq!(template_params("/items/{item_id}/x/{file_path:path}"), vec!["item_id", "file_path"]);
        assert!(template_params("/").is_empty());
    }
}
