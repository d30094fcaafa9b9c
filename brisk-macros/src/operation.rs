//! `#[get]`, `#[post]`, ...: a path operation from an `async fn`, and `routes![...]`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, ItemFn, LitStr, Pat, ReturnType, Token, Type};

use crate::attrs::{operation_doc, opt_str};
use crate::errors::{Errors, skip_to_comma};
use crate::params::{self, Gen, Kind};

/// Route-level options: `#[get("/path", tags = ["a"], status_code = 201, ...)]`.
#[derive(Default)]
struct RouteOpts {
    path: Option<LitStr>,
    /// Each a `&'static str` constant expression: a literal, a `const`, a `const fn` call
    /// (an enum's `as_str()`, as FastAPI takes `Enum` members).
    tags: Vec<Expr>,
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
                // A response's model is output: described in serialization mode.
                quote_spanned!(m.span()=> ::core::option::Option::Some(
                    __gen.serializing(<#m as ::brisk::__private::JsonSchema>::json_schema)
                ))
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

impl RouteOpts {
    /// Parses the options, pushing each mistake to `errs` and going on with the next.
    fn parse(input: ParseStream, errs: &mut Errors) -> syn::Result<Self> {
        let mut o = RouteOpts { include_in_schema: true, ..Default::default() };
        let first_error =
            || syn::Error::new(input.span(), "expected the path template first, e.g. #[get(\"/items/{item_id}\")]");
        if input.is_empty() {
            errs.push(syn::Error::new(
                Span::call_site(),
                "expected the path template first, e.g. #[get(\"/items/{item_id}\")]",
            ));
            return Ok(o);
        }
        let mut need_comma = true;
        if input.peek(LitStr) {
            o.path = Some(input.parse()?);
        } else {
            errs.push(first_error());
            need_comma = input.peek(Token![,]) || !input.peek(Ident);
            if need_comma {
                skip_to_comma(input)?;
            }
        }
        while !input.is_empty() {
            if need_comma {
                input.parse::<Token![,]>()?;
            }
            need_comma = true;
            if input.is_empty() {
                break;
            }
            if let Err(e) = o.parse_option(input) {
                errs.push(e);
                skip_to_comma(input)?;
            }
        }
        Ok(o)
    }

    /// One `key = value` (or flag).
    fn parse_option(&mut self, input: ParseStream) -> syn::Result<()> {
        let o = self;
        let key: Ident = input.parse()?;
        if key == "responses" && input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            o.responses = Punctuated::<ExtraResponse, Token![,]>::parse_terminated(&content)?.into_iter().collect();
            return Ok(());
        }
        let has_value = input.peek(Token![=]);
        if has_value {
            input.parse::<Token![=]>()?;
        }
        match key.to_string().as_str() {
            "tags" => {
                let content;
                syn::bracketed!(content in input);
                let tags = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
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
                o.dependencies = Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?.into_iter().collect();
            }
            "callbacks" => {
                let content;
                syn::bracketed!(content in input);
                o.callbacks = Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?.into_iter().collect();
            }
            "responses" => {
                let content;
                syn::parenthesized!(content in input);
                o.responses = Punctuated::<ExtraResponse, Token![,]>::parse_terminated(&content)?.into_iter().collect();
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
        Ok(())
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

/// `#[get(..)]` and the others. Every mistake is reported at once, next to the user's
/// function (still emitted) and a stub of the route type (so `routes![f]` adds nothing).
pub fn expand(method: &str, attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_route(method, false, attr, item)
}

/// `#[websocket("/ws")]`: a WebSocket route. Its parameters are extracted as an HTTP
/// route's; `run` calls the function, whose return value says how the socket closes.
pub fn expand_websocket(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_route("GET", true, attr, item)
}

fn expand_route(method: &str, websocket: bool, attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errs = Errors::new();
    let mut func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let span = syn::parse2::<syn::Item>(item.clone())
                .map(|i| crate::errors::item_name_span(&i))
                .unwrap_or_else(|_| Span::call_site());
            let e = syn::Error::new(
                span,
                format!("#[{}(\"/path\")] goes on a function: `async fn read_items() -> ...`", method.to_lowercase()),
            );
            return quote!(#item).into_iter().chain(e.to_compile_error()).collect();
        }
    };
    let opts = (|input: ParseStream| RouteOpts::parse(input, &mut errs)).parse2(attr);
    let opts = errs.ok(opts).unwrap_or_else(|| RouteOpts { include_in_schema: true, ..Default::default() });
    if websocket {
        if func.sig.asyncness.is_none() {
            errs.push(syn::Error::new(func.sig.fn_token.span(), "a #[websocket] function must be `async fn`"));
        }
        let http_only = opts.status_code.is_some()
            || opts.response_class.is_some()
            || opts.response_model.is_some()
            || !opts.responses.is_empty()
            || opts.documented_only
            || !opts.callbacks.is_empty();
        if http_only {
            errs.push(syn::Error::new(
                Span::call_site(),
                "a #[websocket] route has no HTTP response: only the path, `dependencies` and `tags` apply",
            ));
        }
    }
    let names = match &opts.path {
        Some(p) if !p.value().starts_with('/') && !opts.documented_only => {
            errs.push(syn::Error::new(p.span(), "the path must start with `/`"));
            template_params(&p.value())
        }
        Some(p) if !opts.documented_only => template_params(&p.value()),
        _ => Vec::new(),
    };

    let mut params = Vec::new();
    let mut broken = Vec::new();
    for arg in func.sig.inputs.iter_mut() {
        match arg {
            FnArg::Typed(pt) => {
                let p = params::parse_param(pt, &names, &mut errs);
                if p.is_none()
                    && let Pat::Ident(pi) = &*pt.pat
                {
                    broken.push(pi.ident.to_string().trim_start_matches('_').to_owned());
                }
                params.push(p);
            }
            FnArg::Receiver(r) => errs.push(syn::Error::new(r.span(), "a path operation cannot take `self`")),
        }
    }
    for n in &names {
        let declared = params.iter().flatten().any(|p| match &p.kind {
            Kind::Data { wire, source, .. } => wire == n && source.to_string().ends_with("Path"),
            _ => false,
        }) || broken.contains(n);
        if !declared && let Some(path_lit) = &opts.path {
            errs.push(syn::Error::new(
                path_lit.span(),
                format!(
                    "the path template has `{{{n}}}` but the function has no parameter `{n}`; add `{n}: String` (or another type) to the parameters"
                ),
            ));
        }
    }
    if !errs.is_empty() {
        let stub = route_stub(&func, method);
        let errors = errs.to_compile_errors();
        return quote!(#func #stub #errors);
    }
    let params: Vec<_> = params.into_iter().flatten().collect();
    if websocket && let Some(p) = params.iter().find(|p| matches!(p.kind, Kind::SubResponse)) {
        let e = syn::Error::new(p.ident.span(), "a #[websocket] route has no response to adjust");
        let stub = route_stub(&func, method);
        let errors = e.to_compile_error();
        return quote!(#func #stub #errors);
    }
    let Some(path_lit) = opts.path.clone() else { unreachable!("a missing path is an error") };
    let path = path_lit.value();

    let fn_name = &func.sig.ident;
    let vis = &func.vis;
    let route_ty = format_ident!("__brisk_route_{}", fn_name);
    let name_str = fn_name.to_string();
    let description = opts.description.as_ref().map(|d| d.value()).or_else(|| operation_doc(&func.attrs));
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
                Some("Redirect" | "RedirectResponse") => quote!(::brisk::__private::ResponseClass::Redirect),
                Some("File" | "FileResponse") => quote!(::brisk::__private::ResponseClass::File),
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

    let g = params::generate(&params, &quote!(Self::OPERATION));
    let Gen {
        statics,
        spec_refs,
        docs,
        mut dep_infos,
        mut dep_resolves,
        extracts,
        vars,
        types,
        call_args,
        sub_response,
        mut items,
    } = g;
    // Decorator dependencies (`dependencies = [f]`): run first, for their effect.
    for (k, d) in opts.dependencies.iter().enumerate().rev() {
        let alias = format_ident!("__brisk_decorator{}", k, span = d.span());
        items.push(params::dep_alias(d, &alias));
        let d = &syn::Path::from(alias);
        dep_infos.insert(0, quote_spanned!(d.span()=> <#d as ::brisk::__private::Dependency>::INFO));
        dep_resolves.insert(
            0,
            quote_spanned!(d.span()=> <#d as ::brisk::__private::Dependency>::run_erased(__cx, __errors).await?;),
        );
    }
    // What the return type documents is read through `call` (see `endpoint_docs`), so
    // that only `call` checks it; a response model documents itself instead.
    let returns_named =
        !websocket && matches!(&func.sig.output, ReturnType::Type(_, ty) if !matches!(**ty, Type::ImplTrait(_)));
    let callbacks: Vec<TokenStream> = opts
        .callbacks
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(last) = p.segments.last_mut() {
                last.ident = format_ident!("__brisk_route_{}", last.ident, span = last.ident.span());
            }
            quote!(<#p as ::brisk::__private::Endpoint>::OPERATION)
        })
        .collect();
    let openapi_extra = match &opts.openapi_extra {
        Some(e) => quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e))),
        None => quote!(::core::option::Option::None),
    };
    let extra_docs: Vec<TokenStream> = opts.responses.iter().map(ExtraResponse::doc).collect();
    let model = opts.response_model.as_ref().map(|m| {
        let (unset, defaults, none) = (opts.exclude_unset, opts.exclude_defaults, opts.exclude_none);
        let (include, exclude) = (&opts.include, &opts.exclude);
        quote_spanned! {m.span()=>
            const MODEL: ::core::option::Option<&'static ::brisk::__private::ResponseModel> = ::core::option::Option::Some({
                static MODEL: ::brisk::__private::ResponseModel = ::brisk::__private::ResponseModel {
                    exclude_unset: #unset,
                    exclude_defaults: #defaults,
                    exclude_none: #none,
                    include: &[#(#include),*],
                    exclude: &[#(#exclude),*],
                    schema: ::std::sync::OnceLock::new(),
                    render_value: <#m as ::brisk::__private::ResponseModelType>::render,
                };
                &MODEL
            });
        }
    });
    // The documentation: the parameters' docs, and what the return type (or the response
    // model) documents.
    let docs_vec = quote!(::std::vec![#(#docs),*]);
    let mut types_body = if returns_named && opts.response_model.is_some() {
        // The response model replaces what the return type documents: its schemas go to
        // a scratch generator, so they do not become components (FastAPI lists only the
        // response model's).
        quote!(::brisk::__private::endpoint_docs::<#route_ty>(
            #docs_vec,
            &mut ::brisk::__private::SchemaGenerator::new(),
        ))
    } else if returns_named {
        quote!(::brisk::__private::endpoint_docs::<#route_ty>(#docs_vec, __gen))
    } else {
        quote!(::brisk::__private::OperationTypes { params: #docs_vec, ..::brisk::__private::OperationTypes::empty() })
    };
    if let Some(m) = &opts.response_model {
        types_body = quote_spanned! {m.span()=>
            let mut __t = #types_body;
            __t.response = ::core::option::Option::Some(<#m as ::brisk::__private::ResponseModelType>::schema(__gen));
            __t.extra_responses.clear();
            __t
        };
    }
    if !extra_docs.is_empty() {
        types_body = quote! {
            let mut __t = { #types_body };
            __t.extra_responses.extend([#(#extra_docs),*]);
            __t
        };
    }
    // Only what was declared; the rest comes from `Operation::NONE`.
    let mut op_fields = vec![
        quote!(method: ::brisk::__private::Method::#method_ident),
        quote!(path: #path),
        quote!(name: #name_str),
        quote!(types: __types),
    ];
    if opts.summary.is_some() {
        op_fields.push(quote!(summary: #summary));
    }
    if !description.to_string().ends_with("None") {
        op_fields.push(quote!(description: #description));
    }
    if !tags.is_empty() {
        op_fields.push(quote!(tags: &[#(#tags),*]));
    }
    if opts.status_code.is_some() {
        op_fields.push(quote!(status_code: #status));
    }
    if opts.response_class.is_some() {
        op_fields.push(quote!(response_class: #class));
    }
    if opts.response_description.is_some() {
        op_fields.push(quote!(response_description: #response_description));
    }
    if deprecated {
        op_fields.push(quote!(deprecated: true));
    }
    if !include || websocket {
        op_fields.push(quote!(include_in_schema: false));
    }
    if opts.operation_id.is_some() {
        op_fields.push(quote!(operation_id: #operation_id));
    }
    if !spec_refs.is_empty() {
        op_fields.push(quote!(params: &[#(#spec_refs),*]));
    }
    if !dep_infos.is_empty() {
        op_fields.push(quote!(deps: &[#(#dep_infos),*]));
    }
    if !callbacks.is_empty() {
        op_fields.push(quote!(callbacks: &[#(#callbacks),*]));
    }
    if opts.openapi_extra.is_some() {
        op_fields.push(quote!(openapi_extra: #openapi_extra));
    }
    // What `call` gives: the function's value, and the `&mut Response` it was given.
    let call = params::call(quote!(#fn_name), func.sig.asyncness.is_some(), &call_args, |call| {
        if sub_response {
            quote!({
                let mut __response = <::brisk::__private::Response as ::core::default::Default>::default();
                let __out = #call;
                (__out, ::core::option::Option::Some(__response))
            })
        } else {
            quote!((#call, ::core::option::Option::None))
        }
    });
    let call = quote!(async move { #call });
    let run = quote!(::brisk::__private::websocket_ending(#fn_name(#(#call_args),*).await));
    let (call, call_output, ws_items) = if websocket {
        (
            // Never called by the HTTP pipeline (the route serves `WEBSOCKET`): runs the
            // function, with no HTTP answer.
            quote!(async move {
                <Self as ::brisk::__private::WebSocketEndpoint>::run((#(#vars,)*)).await;
                ((), ::core::option::Option::None)
            }),
            quote!(
                impl ::core::future::Future<Output = ((), ::core::option::Option<::brisk::__private::Response>)> + Send
            ),
            quote! {
                const WEBSOCKET: ::core::option::Option<::brisk::__private::Handler> =
                    ::core::option::Option::Some(::brisk::__private::websocket_handle::<Self>);
            },
        )
    } else {
        (call, call_output(&func), quote!())
    };
    let ws_impl = websocket.then(|| {
        quote! {
            #[allow(non_upper_case_globals, clippy::all)]
            impl ::brisk::__private::WebSocketEndpoint for #route_ty {
                #[allow(unused_variables)]
                fn run(
                    (#(#vars,)*): Self::Args,
                ) -> impl ::core::future::Future<Output = ::brisk::__private::Ending> + Send {
                    async move { #run }
                }
            }
        }
    });

    quote! {
        #func

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #route_ty;

        const _: () = {
        #(#items)*
        #[allow(non_upper_case_globals, clippy::all)]
        impl ::brisk::__private::Endpoint for #route_ty {
            const OPERATION: &'static ::brisk::__private::Operation = {
                #(#statics)*
                fn __types(__gen: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::OperationTypes {
                    #types_body
                }
                static OPERATION: ::brisk::__private::Operation = ::brisk::__private::Operation {
                    #(#op_fields,)*
                    ..::brisk::__private::Operation::NONE
                };
                &OPERATION
            };
            #model
            #ws_items
            type Args = (#(#types,)*);
            #[allow(unused_variables)]
            fn extract<'a>(
                __cx: &'a mut ::brisk::__private::RequestCtx,
                __errors: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<Self::Args>> + Send + 'a {
                async move {
                    #(#dep_resolves)*
                    let __own = __errors.len();
                    #(#extracts)*
                    __errors.sort_by_source_from(__own);
                    ::core::result::Result::Ok(::brisk::__private::AllSome::all((#(#vars,)*)))
                }
            }
            #[allow(unused_variables, refining_impl_trait)]
            fn call(
                (#(#vars,)*): Self::Args,
            ) -> #call_output {
                #call
            }
        }
        #ws_impl
        };
    }
}

/// The type `call` returns. The return type is checked once, where this impl's `call` is
/// compared with the trait's (it names the type; docs read it through the trait, see
/// `endpoint_docs`).
fn call_output(func: &ItemFn) -> TokenStream {
    match &func.sig.output {
        ReturnType::Type(_, ty) if !matches!(**ty, Type::ImplTrait(_)) => quote_spanned! {ty.span()=>
            impl ::core::future::Future<Output = (#ty, ::core::option::Option<::brisk::__private::Response>)> + Send
        },
        _ => quote! {
            impl ::core::future::Future<Output = (impl ::brisk::__private::IntoResponse + Send, ::core::option::Option<::brisk::__private::Response>)> + Send
        },
    }
}

/// What stands for the route type when the function has mistakes (reported on their
/// own): an endpoint with no parameters, never served (the crate does not compile).
fn route_stub(func: &ItemFn, method: &str) -> TokenStream {
    let name = &func.sig.ident;
    let vis = &func.vis;
    let route_ty = format_ident!("__brisk_route_{}", name);
    let name_str = name.to_string();
    let method_ident = format_ident!("{}", method);
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #route_ty;

        #[allow(clippy::all)]
        impl ::brisk::__private::Endpoint for #route_ty {
            const OPERATION: &'static ::brisk::__private::Operation = {
                fn __types(_: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::OperationTypes {
                    ::brisk::__private::OperationTypes {
                        params: ::std::vec::Vec::new(),
                        response: ::core::option::Option::None,
                        response_content: ::core::option::Option::None,
                        extra_responses: ::std::vec::Vec::new(),
                        own_statuses: false,
                    }
                }
                static OPERATION: ::brisk::__private::Operation = ::brisk::__private::Operation {
                    method: ::brisk::__private::Method::#method_ident,
                    path: "/",
                    name: #name_str,
                    summary: ::core::option::Option::None,
                    description: ::core::option::Option::None,
                    tags: &[],
                    status_code: ::core::option::Option::None,
                    response_class: ::core::option::Option::None,
                    response_description: "",
                    deprecated: false,
                    include_in_schema: false,
                    operation_id: ::core::option::Option::None,
                    params: &[],
                    deps: &[],
                    callbacks: &[],
                    openapi_extra: ::core::option::Option::None,
                    types: __types,
                };
                &OPERATION
            };
            type Args = ();
            fn extract<'a>(
                _: &'a mut ::brisk::__private::RequestCtx,
                _: &'a mut ::brisk::__private::ValidationErrors,
            ) -> impl ::core::future::Future<Output = ::brisk::__private::Outcome<()>> + Send + 'a {
                async move {
                    let __none: ::brisk::__private::Outcome<()> = ::core::result::Result::Ok(::core::option::Option::None);
                    __none
                }
            }
            fn call(
                _: (),
            ) -> impl ::core::future::Future<Output = (impl ::brisk::__private::IntoResponse + Send, ::core::option::Option<::brisk::__private::Response>)> + Send {
                async move { ((), ::core::option::Option::None) }
            }
        }
    }
}

/// `routes![a, m::b]` -> `vec![Route::of::<__brisk_route_a>(), Route::of::<m::__brisk_route_b>()]`.
pub fn routes(input: TokenStream) -> syn::Result<TokenStream> {
    let paths = Punctuated::<syn::Path, Token![,]>::parse_terminated.parse2(input)?;
    let calls = paths.into_iter().map(|mut p| {
        if let Some(last) = p.segments.last_mut() {
            last.ident = format_ident!("__brisk_route_{}", last.ident, span = last.ident.span());
        }
        quote!(::brisk::__private::Route::of::<#p>())
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
