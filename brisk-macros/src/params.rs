//! Handler parameters, shared by path operations and dependencies: parsing the
//! declarations and generating the specs, the extraction code and the documentation.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Pat, Type};

use crate::attrs::{FieldOpts, default_value, opt_str, type_name};

/// What a parameter is.
pub enum Kind {
    /// Request data: a `ParamSpec` and an `extract` call.
    Data { source: TokenStream, opts: Box<FieldOpts>, wire: String, path_index: usize },
    /// FastAPI's `Request`.
    Request,
    /// The result of a dependency: `#[depends(name)]`, optionally requiring OAuth2 scopes.
    Depends { path: syn::Path, use_cache: bool, scopes: Vec<syn::LitStr>, instance: bool },
    /// The credentials of a security scheme: `#[security(SCHEME, scopes = [..])]`.
    Security { path: syn::Path, scopes: Vec<syn::LitStr> },
    /// FastAPI's `SecurityScopes`: the scopes the dependants require.
    SecurityScopes,
    /// `&mut Response`: adjust the status, headers and cookies of the data response.
    SubResponse,
}

/// One parameter of a path operation or dependency.
pub struct Param {
    pub ident: Ident,
    pub ty: Type,
    pub kind: Kind,
}

const SOURCES: [&str; 7] = ["path", "query", "header", "cookie", "body", "form", "file"];

/// Parses one parameter (and strips brisk's attributes from it).
pub fn parse_param(arg: &mut syn::PatType, names: &[String]) -> syn::Result<Param> {
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
    let mut depends: Option<(syn::Path, bool, Vec<syn::LitStr>, bool)> = None;
    let mut security: Option<(syn::Path, Vec<syn::LitStr>)> = None;
    for attr in arg.attrs.drain(..) {
        let Some(id) = attr.path().get_ident().map(|i| i.to_string()) else {
            kept.push(attr);
            continue;
        };
        if id == "depends" {
            depends = Some(parse_depends(&attr)?);
            continue;
        }
        if id == "security" {
            let (path, _, scopes, _) = parse_depends(&attr)?;
            security = Some((path, scopes));
            continue;
        }
        if !SOURCES.contains(&id.as_str()) {
            kept.push(attr);
            continue;
        }
        if source.is_some() {
            return Err(syn::Error::new(
                attr.meta.span(),
                "a parameter has one source: use only one of #[path], #[query], #[header], #[cookie], #[body], #[form], #[file]",
            ));
        }
        source = Some((id, attr.meta.span()));
        if let syn::Meta::List(_) = attr.meta {
            attr.parse_nested_meta(|meta| opts.parse_one(&meta))?;
        }
    }
    arg.attrs = kept;
    if let Some((path, use_cache, scopes, instance)) = depends {
        if let Some((_, span)) = source {
            return Err(syn::Error::new(
                span,
                "a #[depends(..)] parameter takes its value from the dependency; remove this source attribute",
            ));
        }
        return Ok(Param { ident, ty, kind: Kind::Depends { path, use_cache, scopes, instance } });
    }
    if let Some((path, scopes)) = security {
        return Ok(Param { ident, ty, kind: Kind::Security { path, scopes } });
    }
    if type_name(&ty).as_deref() == Some("SecurityScopes") {
        return Ok(Param { ident, ty, kind: Kind::SecurityScopes });
    }

    if let Type::Reference(r) = &ty
        && r.mutability.is_some()
        && type_name(&r.elem).as_deref() == Some("Response")
    {
        return Ok(Param { ident, ty, kind: Kind::SubResponse });
    }
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
        "form" => quote!(::brisk::__private::Source::Form),
        "file" => quote!(::brisk::__private::Source::File),
        _ => quote!(::brisk::__private::Source::Inferred),
    };
    Ok(Param {
        ident,
        ty,
        kind: Kind::Data { source, opts: Box::new(opts), wire, path_index: in_template.unwrap_or(0) },
    })
}

fn parse_depends(attr: &syn::Attribute) -> syn::Result<(syn::Path, bool, Vec<syn::LitStr>, bool)> {
    let err = || {
        syn::Error::new(
            attr.span(),
            "expected #[depends(dependency_fn)], optionally with `use_cache = false` or `scopes = [\"me\"]`",
        )
    };
    let syn::Meta::List(list) = &attr.meta else { return Err(err()) };
    let mut path = None;
    let mut use_cache = true;
    let mut scopes = Vec::new();
    let mut instance = false;
    list.parse_nested_meta(|meta| {
        if meta.path.is_ident("instance") {
            path = Some(meta.value()?.parse::<syn::Path>()?);
            instance = true;
        } else if meta.path.is_ident("use_cache") {
            use_cache = meta.value()?.parse::<syn::LitBool>()?.value;
        } else if meta.path.is_ident("scopes") {
            let content;
            let value = meta.value()?;
            syn::bracketed!(content in value);
            scopes = syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated(&content)?
                .into_iter()
                .collect();
        } else if path.is_none() {
            path = Some(meta.path.clone());
        } else {
            return Err(meta.error("unexpected; expected `use_cache = false` or `scopes = [..]`"));
        }
        Ok(())
    })?;
    Ok((path.ok_or_else(err)?, use_cache, scopes, instance))
}

/// The generated pieces for a list of parameters.
#[derive(Default)]
pub struct Gen {
    /// `static` ParamSpecs.
    pub statics: Vec<TokenStream>,
    /// `&SPEC` references, for the params slice.
    pub spec_refs: Vec<TokenStream>,
    /// Resolved sources, one per spec.
    pub sources: Vec<TokenStream>,
    /// `ParamDoc` expressions, one per spec (use `__gen`).
    pub docs: Vec<TokenStream>,
    /// `<dep as Dependency>::INFO` for each dependency.
    pub dep_infos: Vec<TokenStream>,
    /// Statements resolving dependencies (use `__ctx`, `__errors`).
    pub dep_resolves: Vec<TokenStream>,
    /// Statements extracting request data and special values.
    pub extracts: Vec<TokenStream>,
    /// One variable per parameter, in declaration order, each an `Option`.
    pub vars: Vec<Ident>,
    /// True when a `&mut Response` parameter exists (variable `__brisk_sub`).
    pub sub_response: bool,
}

/// Generates specs, extraction and docs for `params`. `on_respond` is the statement that
/// handles a dependency's early response `__r` (return it, or pass it up).
pub fn generate(params: &[Param], on_respond: &TokenStream) -> Gen {
    let mut g = Gen::default();
    for (i, p) in params.iter().enumerate() {
        let ty = &p.ty;
        let var = format_ident!("__brisk_p{}", i);
        match &p.kind {
            Kind::Request => {
                g.extracts.push(quote!(let #var = ::core::option::Option::Some(__ctx.to_request());));
            }
            Kind::SubResponse => {
                g.sub_response = true;
                g.extracts.push(quote!(let #var = ::core::option::Option::Some(&mut __brisk_sub);));
            }
            Kind::Depends { path, instance: true, .. } => {
                g.dep_infos.push(quote_spanned!(path.span()=> ::brisk::__private::instance_info(&#path)));
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var: ::core::option::Option<#ty> =
                        match ::brisk::__private::resolve_instance(&#path, &mut __ctx, &mut __errors).await {
                            ::brisk::__private::Resolved::Value(v) => ::core::option::Option::Some(v),
                            ::brisk::__private::Resolved::Invalid => ::core::option::Option::None,
                            ::brisk::__private::Resolved::Respond(__r) => { #on_respond }
                        };
                });
            }
            Kind::Depends { path, use_cache, scopes, .. } => {
                if scopes.is_empty() {
                    g.dep_infos.push(quote_spanned!(path.span()=> <#path as ::brisk::__private::Dependency>::INFO));
                } else {
                    // A scoped use: a node carrying the scopes above the dependency.
                    let node = format_ident!("__BRISK_SCOPED{}", i);
                    let run = format_ident!("__brisk_scoped_run{}", i);
                    g.statics.push(quote_spanned! {path.span()=>
                        fn #run<'a>(
                            c: &'a mut ::brisk::__private::RequestCtx,
                            e: &'a mut ::brisk::__private::ValidationErrors,
                        ) -> ::brisk::__private::DiscardFuture<'a> {
                            (<#path as ::brisk::__private::Dependency>::INFO.run_discard)(c, e)
                        }
                        static #node: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo {
                            name: "scoped",
                            params: &[],
                            sources: ::std::vec::Vec::new,
                            types: |_| ::std::vec::Vec::new(),
                            deps: &[<#path as ::brisk::__private::Dependency>::INFO],
                            scopes: &[#(#scopes),*],
                            security: ::core::option::Option::None,
                            run_discard: #run,
                        };
                    });
                    g.dep_infos.push(quote!(&#node));
                }
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var: ::core::option::Option<#ty> =
                        match ::brisk::__private::resolve::<#path>(&mut __ctx, &mut __errors, #use_cache, &[#(#scopes),*]).await {
                            ::brisk::__private::Resolved::Value(v) => ::core::option::Option::Some(v),
                            ::brisk::__private::Resolved::Invalid => ::core::option::Option::None,
                            ::brisk::__private::Resolved::Respond(__r) => { #on_respond }
                        };
                });
            }
            Kind::Security { path, scopes } => {
                let node = format_ident!("__BRISK_SECURITY{}", i);
                let run = format_ident!("__brisk_security_run{}", i);
                g.statics.push(quote_spanned! {path.span()=>
                    fn #run<'a>(
                        c: &'a mut ::brisk::__private::RequestCtx,
                        _e: &'a mut ::brisk::__private::ValidationErrors,
                    ) -> ::brisk::__private::DiscardFuture<'a> {
                        let r = ::brisk::__private::security_check(&#path, c);
                        ::brisk::__private::Box::pin(async move { r })
                    }
                    static #node: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo {
                        name: "security",
                        params: &[],
                        sources: ::std::vec::Vec::new,
                        types: |_| ::std::vec::Vec::new(),
                        deps: &[],
                        scopes: &[#(#scopes),*],
                        security: ::core::option::Option::Some(&#path),
                        run_discard: #run,
                    };
                });
                g.dep_infos.push(quote!(&#node));
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var: ::core::option::Option<#ty> = match ::brisk::__private::security_extract::<_, #ty>(&#path, &__ctx) {
                        ::core::result::Result::Ok(v) => ::core::option::Option::Some(v),
                        ::core::result::Result::Err(e) => {
                            let __r = __ctx.http_exception(e);
                            #on_respond
                        }
                    };
                });
            }
            Kind::SecurityScopes => {
                g.extracts.push(quote!(let #var = ::core::option::Option::Some(__ctx.security_scopes());));
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
                            if opts.default_factory {
                                quote!(::core::option::Option::None)
                            } else {
                                quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::to_value(&#v).unwrap_or_default()))
                            },
                            quote!(::core::option::Option::Some((|| #v) as fn() -> #ty)),
                        )
                    }
                    None => (quote!(::core::option::Option::None), quote!(::core::option::Option::None)),
                };
                let openapi_examples = match &opts.openapi_examples {
                    Some(e) => quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e))),
                    None => quote!(::core::option::Option::None),
                };
                let format = crate::attrs::opt_str(&opts.format);
                let required = opts.required;
                let header = if source.to_string().ends_with("Header") {
                    quote!(::core::option::Option::Some(::brisk::__private::HeaderName::from_static(#wire)))
                } else {
                    quote!(::core::option::Option::None)
                };
                let examples = match &opts.examples {
                    Some(e) => quote!(::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e))),
                    None => quote!(::core::option::Option::None),
                };
                g.statics.push(quote! {
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
                        openapi_examples: #openapi_examples,
                        format: #format,
                        required: #required,
                        header: #header,
                    };
                });
                g.spec_refs.push(quote!(&#spec));
                g.sources.push(quote_spanned!(ty.span()=> #spec.source.resolve::<#ty>()));
                g.docs.push(quote_spanned!(ty.span()=> ::brisk::__private::ParamDoc::of::<#ty>(&#spec, __gen)));
                g.extracts.push(quote_spanned! {ty.span()=>
                    let #var = ::brisk::__private::extract::<#ty>(&mut __ctx, &#spec, &mut __errors, #default_fn);
                });
                if let Some(check) = &opts.validator {
                    g.extracts.push(quote_spanned! {check.span()=>
                        let #var = match #var {
                            ::core::option::Option::Some(v) => ::brisk::__private::after_validator(
                                &__ctx, &#spec, #spec.source.resolve::<#ty>(), v, #check, &mut __errors,
                            ),
                            ::core::option::Option::None => ::core::option::Option::None,
                        };
                    });
                }
            }
        }
        g.vars.push(var);
    }
    g
}

/// The "call the function" expression with the extracted variables.
pub fn call(func: &syn::ItemFn, vars: &[Ident]) -> TokenStream {
    let name = &func.sig.ident;
    if func.sig.asyncness.is_some() { quote!(#name(#(#vars),*).await) } else { quote!(#name(#(#vars),*)) }
}
