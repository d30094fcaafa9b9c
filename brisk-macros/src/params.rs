//! Handler parameters, shared by path operations and dependencies: parsing the
//! declarations and generating the specs, the extraction code and the documentation.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Pat, Type};

use crate::attrs::{FieldOpts, default_value};
use crate::errors::{Errors, skip_to_comma};

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

/// Parses one parameter (and strips brisk's attributes from it, even when it has
/// mistakes: the function is emitted either way). Each mistake is pushed to `errs`;
/// `None` when the parameter cannot be used.
pub fn parse_param(arg: &mut syn::PatType, names: &[String], errs: &mut Errors) -> Option<Param> {
    let ty = (*arg.ty).clone();
    let mut source: Option<(String, Span)> = None;
    let mut opts = FieldOpts::default();
    let mut kept = Vec::new();
    let mut depends: Option<Depends> = None;
    let mut security: Option<Depends> = None;
    let mut broken = false;
    for attr in arg.attrs.drain(..) {
        let Some(id) = attr.path().get_ident().map(|i| i.to_string()) else {
            kept.push(attr);
            continue;
        };
        if id == "depends" || id == "security" {
            match parse_depends(&attr, &id, errs) {
                Some(d) if id == "depends" => depends = Some(d),
                Some(d) => security = Some(d),
                None => broken = true,
            }
            continue;
        }
        if !SOURCES.contains(&id.as_str()) {
            kept.push(attr);
            continue;
        }
        if source.is_some() {
            errs.push(syn::Error::new(
                attr.meta.span(),
                "a parameter has one source: use only one of #[path], #[query], #[header], #[cookie], #[body], #[form], #[file]",
            ));
            broken = true;
            continue;
        }
        source = Some((id, attr.meta.span()));
        if let syn::Meta::List(_) = attr.meta {
            let parsed = attr.parse_nested_meta(|meta| {
                if let Err(e) = opts.parse_one(&meta) {
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
    arg.attrs = kept;
    let Pat::Ident(pi) = &*arg.pat else {
        errs.push(syn::Error::new(arg.pat.span(), "parameters must be plain names, e.g. `item_id: u32`"));
        return None;
    };
    let ident = pi.ident.clone();
    let name = ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
    // `_id: String` binds `{id}` without using it, the Rust way to ignore a value.
    let name = match name.strip_prefix('_') {
        Some(bare) if !names.contains(&name) && names.iter().any(|n| n == bare) => bare.to_owned(),
        _ => name,
    };
    if let (Some(_), Some(_)) = (&depends, &security) {
        errs.push(syn::Error::new(
            arg.span(),
            "a parameter takes its value from #[depends(..)] or #[security(..)], not both",
        ));
        return None;
    }
    if (depends.is_some() || security.is_some())
        && let Some((_, span)) = source
    {
        errs.push(syn::Error::new(
            span,
            "a #[depends(..)] or #[security(..)] parameter takes its value from it; remove this source attribute",
        ));
        return None;
    }
    if broken {
        return None;
    }
    if let Some(Depends { path, use_cache, scopes, instance }) = depends {
        return Some(Param { ident, ty, kind: Kind::Depends { path, use_cache, scopes, instance } });
    }
    if let Some(Depends { path, scopes, .. }) = security {
        return Some(Param { ident, ty, kind: Kind::Security { path, scopes } });
    }
    // `&mut Response`: the response whose status and headers the data response takes
    // (the call passes it; any other `&mut` type fails to type-check there).
    if let Type::Reference(r) = &ty
        && r.mutability.is_some()
        && source.is_none()
    {
        return Some(Param { ident, ty, kind: Kind::SubResponse });
    }
    let in_template = names.iter().position(|n| *n == name || opts.alias.as_ref().is_some_and(|a| a.value() == *n));
    let source_name = match (&source, in_template) {
        (Some((s, _)), _) => s.clone(),
        (None, Some(_)) => "path".to_owned(),
        (None, None) => "inferred".to_owned(),
    };
    if source_name == "path" && in_template.is_none() {
        let span = source.as_ref().map(|s| s.1).unwrap_or_else(|| arg.span());
        errs.push(syn::Error::new(
            span,
            format!(
                "`{name}` is declared #[path] but the path template has no `{{{name}}}`; add it to the template or read it from another source (#[query], #[header], ...)"
            ),
        ));
        return None;
    }
    if source_name != "path" && source_name != "inferred" && in_template.is_some() {
        let span = source.as_ref().map(|s| s.1).unwrap_or_else(|| arg.span());
        errs.push(syn::Error::new(
            span,
            format!(
                "`{name}` is in the path template, so it is a path parameter; remove #[{source_name}] or rename it"
            ),
        ));
        return None;
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
    Some(Param {
        ident,
        ty,
        kind: Kind::Data { source, opts: Box::new(opts), wire, path_index: in_template.unwrap_or(0) },
    })
}

/// `#[depends(..)]` or `#[security(..)]` as written.
struct Depends {
    path: syn::Path,
    use_cache: bool,
    scopes: Vec<syn::LitStr>,
    instance: bool,
}

fn parse_depends(attr: &syn::Attribute, which: &str, errs: &mut Errors) -> Option<Depends> {
    let usage = if which == "depends" {
        "expected #[depends(dependency_fn)], optionally with `use_cache = false` or `scopes = [\"me\"]`"
    } else {
        "expected #[security(SCHEME)], optionally with `scopes = [\"me\"]`"
    };
    let syn::Meta::List(list) = &attr.meta else {
        errs.push(syn::Error::new(attr.span(), usage));
        return None;
    };
    let mut d = Depends {
        path: syn::Path { leading_colon: None, segments: Default::default() },
        use_cache: true,
        scopes: Vec::new(),
        instance: false,
    };
    let mut has_path = false;
    let mut broken = false;
    let parsed = list.parse_nested_meta(|meta| {
        let r = (|| {
            if which == "depends" && meta.path.is_ident("instance") {
                d.path = meta.value()?.parse::<syn::Path>()?;
                has_path = true;
                d.instance = true;
            } else if which == "depends" && meta.path.is_ident("use_cache") {
                d.use_cache = meta.value()?.parse::<syn::LitBool>()?.value;
            } else if meta.path.is_ident("scopes") {
                let content;
                let value = meta.value()?;
                syn::bracketed!(content in value);
                d.scopes = syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated(&content)?
                    .into_iter()
                    .collect();
            } else if !has_path && (meta.input.is_empty() || meta.input.peek(syn::Token![,])) {
                d.path = meta.path.clone();
                has_path = true;
            } else {
                let name = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
                let expected = if which == "depends" {
                    "expected `use_cache = false` or `scopes = [\"me\"]`"
                } else {
                    "expected `scopes = [\"me\"]`"
                };
                return Err(meta.error(format!("unknown #[{which}] option `{name}`; {expected}")));
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
        return None;
    }
    if !has_path {
        errs.push(syn::Error::new(attr.span(), usage));
        return None;
    }
    if broken { None } else { Some(d) }
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
    /// Items of the block around the generated impl: the names dependencies are used by
    /// (see [`dep_alias`]) and helpers.
    pub items: Vec<TokenStream>,
}

/// Brings dependency `path` into scope as `alias`, for use as a type, so that a path that
/// is not a dependency gets the `Dependency` trait's message ("add #[dependency] to ..")
/// instead of rustc's "expected type, found function": `use path as alias;` imports every
/// namespace `path` has and shadows a glob-imported fallback named `alias`, a struct
/// named like the function that implements nothing. A `#[dependency]` function has its
/// type (the import wins); a plain function has only a value, so `alias` is the fallback.
/// (The import resolves the name as imports do: a dependency named like an extern crate
/// is ambiguous there, and rustc says to write `crate::name`.)
pub fn dep_alias(path: &syn::Path, alias: &Ident) -> TokenStream {
    let Some(last) = path.segments.last() else { return quote!() };
    if !matches!(last.arguments, syn::PathArguments::None) {
        return quote!(#[allow(unused_imports)] use #path as #alias;);
    }
    let name = &last.ident;
    let module = format_ident!("__brisk_fallback_{}", alias.to_string().trim_start_matches('_'));
    quote_spanned! {name.span()=>
        #[allow(non_camel_case_types, non_snake_case, dead_code, unused_imports, clippy::all)]
        mod #module {
            pub mod n {
                pub struct #name;
            }
            pub use self::n::#name as #alias;
        }
        #[allow(unused_imports)]
        use #module::*;
        #[allow(unused_imports)]
        use #path as #alias;
    }
}

/// The helper that makes `#[security(S)]` require `S: SecurityScheme` (once, with its
/// message) wherever the scheme is used.
fn scheme_helper(span: Span) -> TokenStream {
    quote_spanned! {span=>
        #[allow(dead_code)]
        const fn __brisk_scheme<S: ::brisk::security::SecurityScheme>(s: &'static S) -> &'static S {
            s
        }
    }
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
                let alias = format_ident!("__brisk_dep{}", i, span = path.span());
                g.items.push(dep_alias(path, &alias));
                let path = &syn::Path::from(alias);
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
                if !g.items.iter().any(|it| it.to_string().contains("__brisk_scheme")) {
                    g.items.push(scheme_helper(path.span()));
                }
                let node = format_ident!("__SECURITY{}", i);
                g.statics.push(quote_spanned! {path.span()=>
                    static #node: ::brisk::__private::DependencyInfo =
                        ::brisk::__private::DependencyInfo::security({ let __s = __brisk_scheme(&#path); __s }, &[#(#scopes),*]);
                });
                g.dep_infos.push(quote!(&#node));
                g.dep_resolves.push(quote_spanned! {path.span()=>
                    let #var = ::brisk::__private::security_param::<_, #ty>(__brisk_scheme(&#path), &__cx.req)?;
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
    if opts.convert_underscores == Some(false) {
        fields.push(quote!(convert_underscores: false));
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

/// The "call the function" expression with the extracted arguments, for an `async`
/// block: `wrap` builds the value from the bare call. An `async fn` is awaited on the
/// runtime; a plain `fn` runs on tokio's blocking pool (FastAPI's threadpool for `def`),
/// `wrap`'s value built there, the arguments moved in (they are owned: extracted values,
/// a clone of the request, dependencies' values, `self` a `&'static` instance).
pub fn call(
    callee: TokenStream,
    is_async: bool,
    args: &[TokenStream],
    wrap: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    if is_async {
        wrap(quote!(#callee(#(#args),*).await))
    } else {
        let body = wrap(quote!(#callee(#(#args),*)));
        quote!(::brisk::__private::run_blocking(move || #body).await)
    }
}
