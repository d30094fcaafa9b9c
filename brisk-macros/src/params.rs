//! Handler parameters, shared by path operations and dependencies: parsing the
//! declarations and generating the specs, the extraction code and the documentation.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Pat, Type};

use crate::attrs::{FieldOpts, default_value};

/// What a parameter is.
pub enum Kind {
    /// Request data: a `ParamSpec` and an `extract` call.
    Data { source: TokenStream, opts: Box<FieldOpts>, wire: String, path_index: usize },
    /// The result of a dependency: `#[depends(name)]`, optionally requiring OAuth2 scopes.
    Depends { path: syn::Path, use_cache: bool, scopes: Vec<syn::LitStr>, instance: bool },
    /// The credentials of a security scheme: `#[security(SCHEME, scopes = [..])]`.
    Security { path: syn::Path, scopes: Vec<syn::LitStr> },
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
    // `&mut Response`: the response whose status and headers the data response takes
    // (the call passes it; any other `&mut` type fails to type-check there).
    if let Type::Reference(r) = &ty
        && r.mutability.is_some()
        && source.is_none()
    {
        return Ok(Param { ident, ty, kind: Kind::SubResponse });
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
    /// Items of the declaration block: `static` specs and documentation nodes.
    pub statics: Vec<TokenStream>,
    /// `&SPEC` references, for the params slice.
    pub spec_refs: Vec<TokenStream>,
    /// `ParamDoc` expressions, one per spec (use `__gen`).
    pub docs: Vec<TokenStream>,
    /// The `DependencyInfo` of each dependency, for the declaration.
    pub dep_infos: Vec<TokenStream>,
    /// Statements resolving dependencies (use `__cx`, `__errors`; `?` stops the request).
    pub dep_resolves: Vec<TokenStream>,
    /// Statements extracting request data.
    pub extracts: Vec<TokenStream>,
    /// One variable per argument (the `&mut Response` excluded), each an `Option`.
    pub vars: Vec<Ident>,
    /// Their types.
    pub types: Vec<Type>,
    /// The call's arguments in declaration order: the variables, and `__response`.
    pub call_args: Vec<TokenStream>,
    /// True when a `&mut Response` parameter exists.
    pub sub_response: bool,
}

/// Generates specs, extraction and docs for `params`. `decl` is the expression of the
/// declaration that holds the specs (`Self::OPERATION`, `Self::INFO`).
pub fn generate(params: &[Param], decl: &TokenStream) -> Gen {
    let mut g = Gen::default();
    for (i, p) in params.iter().enumerate() {
        let ty = &p.ty;
        let var = format_ident!("__p{}", i);
        match &p.kind {
            Kind::SubResponse => {
                g.sub_response = true;
                g.call_args.push(quote!(&mut __response));
                continue;
            }
            Kind::Depends { path, instance: true, .. } => {
                g.dep_infos.push(quote_spanned!(path.span()=> ::brisk::__private::instance_info(&#path)));
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var = ::brisk::__private::resolve_instance::<_, #ty>(&#path, __cx, __errors).await?;
                });
            }
            Kind::Depends { path, use_cache, scopes, .. } => {
                if scopes.is_empty() {
                    g.dep_infos.push(quote_spanned!(path.span()=> <#path as ::brisk::__private::Dependency>::INFO));
                } else {
                    // A scoped use: a node carrying the scopes above the dependency.
                    let node = format_ident!("__SCOPED{}", i);
                    g.statics.push(quote_spanned! {path.span()=>
                        static #node: ::brisk::__private::DependencyInfo = ::brisk::__private::DependencyInfo::scoped(
                            &[<#path as ::brisk::__private::Dependency>::INFO], &[#(#scopes),*],
                        );
                    });
                    g.dep_infos.push(quote!(&#node));
                }
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var = ::brisk::__private::resolve::<#path, #ty>(__cx, __errors, #use_cache, &[#(#scopes),*]).await?;
                });
            }
            Kind::Security { path, scopes } => {
                let node = format_ident!("__SECURITY{}", i);
                g.statics.push(quote_spanned! {path.span()=>
                    static #node: ::brisk::__private::DependencyInfo =
                        ::brisk::__private::DependencyInfo::security(&#path, &[#(#scopes),*]);
                });
                g.dep_infos.push(quote!(&#node));
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var = ::brisk::__private::security_param::<_, #ty>(&#path, &__cx.req)?;
                });
            }
            Kind::Data { source, opts, wire, path_index } => {
                let k = g.spec_refs.len();
                let spec = format_ident!("__P{}", i);
                g.statics.push(spec_static(&spec, &p.ident, ty, source, opts, wire, *path_index));
                g.spec_refs.push(quote!(&#spec));
                g.docs.push(quote_spanned!(ty.span()=> <#ty as ::brisk::__private::Extract>::doc(&#spec, __gen)));
                let default_fn = match &opts.default {
                    Some(d) => {
                        let v = default_value(ty, d);
                        quote!(::core::option::Option::Some((|| #v) as fn() -> #ty))
                    }
                    None => quote!(::core::option::Option::None),
                };
                g.extracts.push(quote_spanned! {ty.span()=>
                    let #var = <#ty as ::brisk::__private::Extract>::extract(&mut __cx.req, #decl.params[#k], __errors, #default_fn);
                });
                if let Some(check) = &opts.validator {
                    g.extracts.push(quote_spanned! {check.span()=>
                        let #var = ::brisk::__private::after_validator(&__cx.req, #decl.params[#k], #var, #check, __errors);
                    });
                }
            }
        }
        g.call_args.push(quote!(#var));
        g.vars.push(var);
        g.types.push(ty.clone());
    }
    g
}

/// The `static` declaration of one request parameter.
fn spec_static(
    spec: &Ident,
    ident: &Ident,
    ty: &Type,
    source: &TokenStream,
    opts: &FieldOpts,
    wire: &str,
    path_index: usize,
) -> TokenStream {
    let name = ident.to_string();
    let mut docs = Vec::new();
    if let Some(t) = &opts.title {
        docs.push(quote!(title: ::core::option::Option::Some(#t),));
    }
    if let Some(d) = &opts.description {
        docs.push(quote!(description: ::core::option::Option::Some(#d),));
    }
    if opts.deprecated {
        docs.push(quote!(deprecated: true,));
    }
    if opts.include_in_schema == Some(false) {
        docs.push(quote!(include_in_schema: false,));
    }
    if let (Some(d), false) = (&opts.default, opts.default_factory) {
        let v = default_value(ty, d);
        docs.push(quote!(default: ::core::option::Option::Some(|| ::brisk::__private::serde_json::to_value(&#v).unwrap_or_default()),));
    }
    if let Some(e) = &opts.examples {
        docs.push(quote!(examples: ::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e)),));
    }
    if let Some(e) = &opts.openapi_examples {
        docs.push(
            quote!(openapi_examples: ::core::option::Option::Some(|| ::brisk::__private::serde_json::json!(#e)),),
        );
    }
    if let Some(f) = &opts.format {
        docs.push(quote!(format: ::core::option::Option::Some(#f),));
    }
    let docs = if docs.is_empty() {
        quote!(::brisk::__private::ParamDocs::NONE)
    } else {
        quote!(::brisk::__private::ParamDocs { #(#docs)* ..::brisk::__private::ParamDocs::NONE })
    };
    // Only what was declared; the rest comes from `ParamSpec::NONE`.
    let mut fields = vec![quote!(name: #name), quote!(wire: #wire), quote!(source: #source)];
    if path_index != 0 {
        fields.push(quote!(path_index: #path_index));
    }
    if opts.has_constraints() {
        let c = opts.constraints();
        fields.push(quote!(constraints: #c));
    }
    if opts.embed {
        fields.push(quote!(embed: true));
    }
    if opts.required {
        fields.push(quote!(required: true));
    }
    if source.to_string().ends_with("Header") {
        fields.push(quote!(header: ::core::option::Option::Some(::brisk::__private::HeaderName::from_static(#wire))));
    }
    if !docs.to_string().ends_with("NONE") {
        fields.push(quote!(docs: #docs));
    }
    quote! {
        static #spec: ::brisk::__private::ParamSpec =
            ::brisk::__private::ParamSpec { #(#fields,)* ..::brisk::__private::ParamSpec::NONE };
    }
}

/// The "call the function" expression with the extracted arguments.
pub fn call(callee: TokenStream, is_async: bool, args: &[TokenStream]) -> TokenStream {
    if is_async { quote!(#callee(#(#args),*).await) } else { quote!(#callee(#(#args),*)) }
}
