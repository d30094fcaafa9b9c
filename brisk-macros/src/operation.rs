//! `#[get]`, `#[post]`, ...: a path operation from an `async fn`, and `routes![...]`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, ItemFn, LitStr, Pat, ReturnType, Token, Type};

use crate::attrs::{FieldOpts, default_value, doc_comment, opt_str, type_name};

/// Route-level options: `#[get("/path", tags = ["a"], status_code = 201, ...)]`.
#[derive(Default)]
struct RouteOpts {
    path: Option<LitStr>,
    tags: Vec<LitStr>,
    status_code: Option<Expr>,
    response_class: Option<Ident>,
    summary: Option<LitStr>,
    description: Option<LitStr>,
    response_description: Option<LitStr>,
    deprecated: bool,
    include_in_schema: bool,
    operation_id: Option<LitStr>,
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
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown route option `{other}`; expected tags, status_code, response_class, summary, \
                             description, response_description, operation_id, deprecated, include_in_schema"
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

enum Kind {
    /// Request data: a `ParamSpec` and an `extract` call.
    Data { source: TokenStream, opts: Box<FieldOpts>, wire: String, path_index: usize },
    /// FastAPI's `Request`.
    Request,
}

struct Param {
    ident: Ident,
    ty: Type,
    kind: Kind,
}

const SOURCES: [&str; 5] = ["path", "query", "header", "cookie", "body"];

fn parse_param(arg: &mut syn::PatType, names: &[String]) -> syn::Result<Param> {
    let Pat::Ident(pi) = &*arg.pat else {
        return Err(syn::Error::new(
            arg.pat.span(),
            "path operation parameters must be plain names, e.g. `item_id: u32`",
        ));
    };
    let ident = pi.ident.clone();
    let name = ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
    // `_id: String` binds `{id}` without using it, the Rust way to ignore a value.
    let name = match name.strip_prefix('_') {
        Some(bare) if !names.contains(&name) && names.iter().any(|n| n == bare) => bare.to_owned(),
        _ => name,
    };
    let ty = (*arg.ty).clone();
    let mut source: Option<(String, Span)> = None;
    let mut opts = FieldOpts::default();
    let mut kept = Vec::new();
    for attr in arg.attrs.drain(..) {
        let Some(id) = attr.path().get_ident().map(|i| i.to_string()) else {
            kept.push(attr);
            continue;
        };
        if !SOURCES.contains(&id.as_str()) {
            kept.push(attr);
            continue;
        }
        if source.is_some() {
            return Err(syn::Error::new(
                attr.span(),
                "a parameter has one source: use only one of #[path], #[query], #[header], #[cookie], #[body]",
            ));
        }
        source = Some((id, attr.span()));
        if let syn::Meta::List(_) = attr.meta {
            attr.parse_nested_meta(|meta| opts.parse_one(&meta))?;
        }
    }
    arg.attrs = kept;

    if source.is_none() && type_name(&ty).as_deref() == Some("Request") {
        return Ok(Param { ident, ty, kind: Kind::Request });
    }
    let in_template = names.iter().position(|n| *n == name || opts.alias.as_ref().is_some_and(|a| a.value() == *n));
    let source_name = match (&source, in_template) {
        (Some((s, _)), _) => s.clone(),
        (None, Some(_)) => "path".to_owned(),
        (None, None) => "inferred".to_owned(),
    };
    if source_name == "path" && in_template.is_none() {
        let span = source.as_ref().map(|s| s.1).unwrap_or_else(|| arg.span());
        return Err(syn::Error::new(
            span,
            format!(
                "`{name}` is declared #[path] but the path template has no `{{{name}}}`; add it to the template or read it from another source (#[query], #[header], ...)"
            ),
        ));
    }
    if source_name != "path" && source_name != "inferred" && in_template.is_some() {
        let span = source.as_ref().map(|s| s.1).unwrap_or_else(|| arg.span());
        return Err(syn::Error::new(
            span,
            format!(
                "`{name}` is in the path template, so it is a path parameter; remove #[{source_name}] or rename it"
            ),
        ));
    }
    let wire = match (&opts.alias, source_name.as_str()) {
        (Some(a), _) => a.value(),
        (None, "header") if opts.convert_underscores != Some(false) => name.replace('_', "-"),
        _ => name.clone(),
    };
    let wire = if source_name == "header" { wire.to_ascii_lowercase() } else { wire };
    let source = match source_name.as_str() {
        "path" => quote!(::brisk::__private::Source::Path),
        "query" => quote!(::brisk::__private::Source::Query),
        "header" => quote!(::brisk::__private::Source::Header),
        "cookie" => quote!(::brisk::__private::Source::Cookie),
        "body" => quote!(::brisk::__private::Source::Body),
        _ => quote!(::brisk::__private::Source::Inferred),
    };
    Ok(Param {
        ident,
        ty,
        kind: Kind::Data { source, opts: Box::new(opts), wire, path_index: in_template.unwrap_or(0) },
    })
}

pub fn expand(method: &str, attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let opts: RouteOpts = syn::parse2(attr)?;
    let mut func: ItemFn = syn::parse2(item)?;
    let path_lit = opts.path.clone().ok_or_else(|| syn::Error::new(Span::call_site(), "missing path"))?;
    let path = path_lit.value();
    if !path.starts_with('/') {
        return Err(syn::Error::new(path_lit.span(), "the path must start with `/`"));
    }
    let names = template_params(&path);

    let mut params = Vec::new();
    for arg in func.sig.inputs.iter_mut() {
        match arg {
            FnArg::Typed(pt) => params.push(parse_param(pt, &names)?),
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
            let variant = match c.to_string().as_str() {
                "Json" | "JsonResponse" => quote!(Json),
                "Html" | "HtmlResponse" => quote!(Html),
                "PlainText" | "PlainTextResponse" => quote!(PlainText),
                _ => return Err(syn::Error::new(c.span(), "response_class must be Json, Html or PlainText")),
            };
            quote!(::core::option::Option::Some(::brisk::__private::ResponseClass::#variant))
        }
        None => quote!(::core::option::Option::None),
    };
    let response_description =
        opts.response_description.as_ref().map(|l| l.value()).unwrap_or_else(|| "Successful Response".into());
    let deprecated = opts.deprecated;
    let include = opts.include_in_schema;
    let method_ident = format_ident!("{}", method);

    let mut statics = Vec::new();
    let mut spec_refs = Vec::new();
    let mut sources = Vec::new();
    let mut docs = Vec::new();
    let mut extracts = Vec::new();
    let mut call_args = Vec::new();
    let mut data_idents = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let ty = &p.ty;
        let var = format_ident!("__brisk_p{}", i);
        match &p.kind {
            Kind::Request => {
                extracts.push(quote!(let #var = ::core::option::Option::Some(__ctx.to_request());));
            }
            Kind::Data { source, opts, wire, path_index } => {
                let spec = format_ident!("__BRISK_P{}", i);
                let name = p.ident.to_string();
                let c = opts.constraints();
                let title = opt_str(&opts.title);
                let desc = opt_str(&opts.description);
                let dep = opts.deprecated;
                let inc = opts.include_in_schema.unwrap_or(true);
                let embed = opts.embed;
                let (default_json, default_fn) = match &opts.default {
                    Some(d) => {
                        let v = default_value(ty, d);
                        (
                            quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::to_value(&#v).unwrap_or_default())),
                            quote!(::core::option::Option::Some((|| #v) as fn() -> #ty)),
                        )
                    }
                    None => (quote!(::core::option::Option::None), quote!(::core::option::Option::None)),
                };
                let examples = match &opts.examples {
                    Some(e) => quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e))),
                    None => quote!(::core::option::Option::None),
                };
                statics.push(quote! {
                    static #spec: ::brisk::__private::ParamSpec = ::brisk::__private::ParamSpec {
                        name: #name,
                        wire: #wire,
                        source: #source,
                        path_index: #path_index,
                        constraints: #c,
                        title: #title,
                        description: #desc,
                        deprecated: #dep,
                        include_in_schema: #inc,
                        embed: #embed,
                        default: #default_json,
                        examples: #examples,
                    };
                });
                spec_refs.push(quote!(&#spec));
                sources.push(quote_spanned!(ty.span()=> #spec.source.resolve::<#ty>()));
                docs.push(quote_spanned!(ty.span()=> ::brisk::__private::ParamDoc::of::<#ty>(&#spec, __gen)));
                extracts.push(quote_spanned! {ty.span()=>
                    let #var = ::brisk::__private::extract::<#ty>(&mut __ctx, &#spec, &mut __errors, #default_fn);
                });
                data_idents.push(var.clone());
            }
        }
        call_args.push(var);
    }
    let n_specs = spec_refs.len();
    let (resp_schema, resp_extra) = match &func.sig.output {
        ReturnType::Type(_, ty) if !matches!(**ty, Type::ImplTrait(_)) => (
            quote_spanned!(ty.span()=> <#ty as ::brisk::__private::IntoResponse>::response_schema(__gen)),
            quote_spanned!(ty.span()=> <#ty as ::brisk::__private::IntoResponse>::extra_responses(__gen)),
        ),
        ReturnType::Type(..) => (quote!(::core::option::Option::None), quote!(::brisk::__private::Vec::new())),
        ReturnType::Default => (quote!(::core::option::Option::None), quote!(::brisk::__private::Vec::new())),
    };
    let call = if func.sig.asyncness.is_some() {
        quote!(#fn_name(#(#call_args),*).await)
    } else {
        quote!(#fn_name(#(#call_args),*))
    };
    let vars = &call_args;
    let pats = call_args.iter().map(|v| quote!(::core::option::Option::Some(#v)));

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
                }
            }
            #[allow(unused_mut, unused_variables)]
            fn __brisk_handler(mut __ctx: ::brisk::__private::RequestCtx) -> ::brisk::__private::BoxFuture<::brisk::__private::HttpResponse> {
                ::brisk::__private::Box::pin(async move {
                    if __ctx.route().reads_body {
                        if let ::core::result::Result::Err(e) = __ctx.read_body().await {
                            return ::brisk::__private::body_error_response(&e);
                        }
                    }
                    let mut __errors = ::brisk::__private::ValidationErrors::new();
                    #(#extracts)*
                    let (#(#vars,)*) = match (#(#vars,)*) {
                        (#(#pats,)*) if __errors.is_empty() => (#(#vars,)*),
                        _ => return ::brisk::__private::validation_error_response(&__errors),
                    };
                    let __ret = #call;
                    ::brisk::__private::IntoResponse::into_response(__ret, &__ctx.route().defaults)
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
