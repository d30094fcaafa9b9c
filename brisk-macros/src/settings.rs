//! `#[derive(Settings)]`: a model (everything `#[derive(Model)]` generates) that loads
//! itself from environment variables and `.env` files, as pydantic-settings' `BaseSettings`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Data, DeriveInput, Fields, LitBool, LitStr};

use crate::attrs::FieldOpts;

/// `#[settings(...)]` options (pydantic-settings' `SettingsConfigDict`).
struct SettingsOpts {
    env_prefix: String,
    env_files: Vec<LitStr>,
    env_nested_delimiter: Option<LitStr>,
    case_sensitive: bool,
    forbid_extra: bool,
    env_ignore_empty: bool,
}

/// A boolean option: `name` alone, or `name = true`.
fn flag(meta: &syn::meta::ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) { Ok(meta.value()?.parse::<LitBool>()?.value) } else { Ok(true) }
}

fn settings_opts(input: &DeriveInput) -> syn::Result<SettingsOpts> {
    let mut o = SettingsOpts {
        env_prefix: String::new(),
        env_files: Vec::new(),
        env_nested_delimiter: None,
        case_sensitive: false,
        forbid_extra: true,
        env_ignore_empty: false,
    };
    for attr in &input.attrs {
        if !attr.path().is_ident("settings") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("env_prefix") {
                o.env_prefix = meta.value()?.parse::<LitStr>()?.value();
            } else if meta.path.is_ident("env_file") {
                let value = meta.value()?;
                if value.peek(syn::token::Bracket) {
                    let content;
                    syn::bracketed!(content in value);
                    let files = content.parse_terminated(|p| p.parse::<LitStr>(), syn::Token![,])?;
                    o.env_files = files.into_iter().collect();
                } else {
                    o.env_files = vec![value.parse::<LitStr>()?];
                }
            } else if meta.path.is_ident("env_nested_delimiter") {
                let d = meta.value()?.parse::<LitStr>()?;
                if d.value().is_empty() {
                    return Err(syn::Error::new(d.span(), "the delimiter cannot be empty"));
                }
                o.env_nested_delimiter = Some(d);
            } else if meta.path.is_ident("case_sensitive") {
                o.case_sensitive = flag(&meta)?;
            } else if meta.path.is_ident("env_ignore_empty") {
                o.env_ignore_empty = flag(&meta)?;
            } else if meta.path.is_ident("extra") {
                let v = meta.value()?.parse::<LitStr>()?;
                o.forbid_extra = match v.value().as_str() {
                    "forbid" => true,
                    "ignore" => false,
                    _ => return Err(syn::Error::new(v.span(), "expected extra = \"forbid\" or \"ignore\"")),
                };
            } else {
                return Err(meta.error(
                    "unknown settings option; expected `env_prefix`, `env_file`, `env_nested_delimiter`, \
                     `case_sensitive`, `extra` or `env_ignore_empty`",
                ));
            }
            Ok(())
        })?;
    }
    Ok(o)
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let mut input: DeriveInput = syn::parse2(input)?;
    let ident = input.ident.clone();
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(f) => f.named.clone(),
            _ => {
                return Err(syn::Error::new(
                    ident.span(),
                    "#[derive(Settings)] needs named fields: `struct Settings { app_name: String }`",
                ));
            }
        },
        _ => return Err(syn::Error::new(ident.span(), "#[derive(Settings)] goes on a struct with named fields")),
    };
    let opts = settings_opts(&input)?;

    let mut rows = Vec::new();
    for f in &fields {
        let Some(fid) = &f.ident else { continue };
        if let Some(attr) = f.attrs.iter().find(|a| a.path().is_ident("settings")) {
            return Err(syn::Error::new_spanned(
                attr,
                "`#[settings(..)]` goes on the struct; name a field's variable with `#[field(alias = \"VAR\")]`",
            ));
        }
        let mut fo = FieldOpts::default();
        for attr in &f.attrs {
            if attr.path().is_ident("field") {
                attr.parse_nested_meta(|meta| fo.parse_one(&meta))?;
            }
        }
        let name = fid.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let (key, aliased) = match &fo.alias {
            Some(a) => (a.value(), true),
            None => (name.clone(), false),
        };
        let ty = &f.ty;
        rows.push(quote!(__brisk::SettingsField::new::<#ty>(#name, #key, #aliased)));
    }

    // The model: what `#[derive(Model)]` generates, with `extra` from `#[settings]`.
    let extra = if opts.forbid_extra { "forbid" } else { "ignore" };
    input.attrs.push(syn::parse_quote!(#[model(extra = #extra)]));
    let model = crate::model::expand(input.to_token_stream())?;

    let n = rows.len();
    let title = ident.to_string();
    let prefix = &opts.env_prefix;
    let files = &opts.env_files;
    let delimiter = match &opts.env_nested_delimiter {
        Some(d) => quote!(__brisk::Some(#d)),
        None => quote!(__brisk::None),
    };
    let case_sensitive = opts.case_sensitive;
    let forbid = opts.forbid_extra;
    let ignore_empty = opts.env_ignore_empty;
    let vis = &input.vis;
    Ok(quote! {
        #model
        const _: () = {
            use ::brisk::__private as __brisk;

            static __BRISK_SETTINGS_FIELDS: [__brisk::SettingsField; #n] = [#(#rows),*];
            static __BRISK_SETTINGS: __brisk::SettingsInfo = __brisk::SettingsInfo {
                title: #title,
                fields: &__BRISK_SETTINGS_FIELDS,
                config: __brisk::SettingsConfig {
                    env_prefix: #prefix,
                    env_files: &[#(#files),*],
                    env_nested_delimiter: #delimiter,
                    case_sensitive: #case_sensitive,
                    forbid_extra: #forbid,
                    env_ignore_empty: #ignore_empty,
                },
            };

            impl __brisk::SettingsTrait for #ident {
                fn settings_info() -> &'static __brisk::SettingsInfo {
                    &__BRISK_SETTINGS
                }
            }

            #[allow(dead_code)]
            impl #ident {
                /// Loads the settings from the process environment and the configured
                /// `.env` files; every missing or invalid value is reported at once.
                #vis fn load() -> __brisk::Result<Self, ::brisk::settings::SettingsError> {
                    <Self as __brisk::SettingsTrait>::load()
                }

                /// Loads the settings from the given variables (not the process
                /// environment) and the `.env` file `dotenv` (`None`: no file).
                #vis fn load_from(
                    env: impl ::core::iter::IntoIterator<Item = (::std::string::String, ::std::string::String)>,
                    dotenv: __brisk::Option<&::std::path::Path>,
                ) -> __brisk::Result<Self, ::brisk::settings::SettingsError> {
                    <Self as __brisk::SettingsTrait>::load_from(env, dotenv)
                }

                /// The sources to load from, chosen one by one (explicit values, the
                /// variables, the `.env` file).
                #vis fn sources() -> ::brisk::settings::Sources<Self> {
                    <Self as __brisk::SettingsTrait>::sources()
                }
            }
        };
    })
}
