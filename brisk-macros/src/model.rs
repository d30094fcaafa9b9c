//! `#[derive(Model)]`: validation, JSON Schema, serialization and `IntoResponse` for a
//! struct with named fields, or a string enum of unit variants.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attrs::{FieldOpts, default_value, doc_comment};

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(input.generics.span(), "#[derive(Model)] does not support generic types yet"));
    }
    match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(f) => expand_struct(&input, f),
            _ => Err(syn::Error::new(
                input.ident.span(),
                "#[derive(Model)] needs named fields: `struct Item { name: String }`",
            )),
        },
        Data::Enum(e) => expand_enum(&input, e),
        Data::Union(_) => Err(syn::Error::new(input.ident.span(), "#[derive(Model)] does not support unions")),
    }
}

/// `#[model(...)]` options.
#[derive(Default)]
struct ModelOpts {
    /// The schema name (default: the type name).
    name: Option<String>,
    /// `extra = "forbid"`: unknown keys are errors.
    forbid_extra: bool,
    /// `literal`: a string enum written inline, with `literal_error` (Python's `Literal`).
    literal: bool,
    /// Model-level JSON Schema `examples`: `examples = [ {...} ]`.
    examples: Option<TokenStream>,
}

fn model_opts(input: &DeriveInput) -> syn::Result<ModelOpts> {
    let mut o = ModelOpts::default();
    for attr in &input.attrs {
        if attr.path().is_ident("model") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("title") || meta.path.is_ident("name") {
                    o.name = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("extra") {
                    let v = meta.value()?.parse::<LitStr>()?.value();
                    match v.as_str() {
                        "forbid" => o.forbid_extra = true,
                        "ignore" => o.forbid_extra = false,
                        _ => return Err(meta.error("expected extra = \"forbid\" or \"ignore\"")),
                    }
                } else if meta.path.is_ident("literal") {
                    o.literal = true;
                } else if meta.path.is_ident("examples") {
                    o.examples = Some(crate::attrs::json_tokens(&meta)?);
                } else {
                    return Err(meta.error("unknown model option; expected `name`, `extra`, `literal` or `examples`"));
                }
                Ok(())
            })?;
        }
    }
    Ok(o)
}

fn model_title(input: &DeriveInput) -> syn::Result<String> {
    Ok(model_opts(input)?.name.unwrap_or_else(|| input.ident.to_string()))
}

fn common_impls(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    quote! {
        impl ::brisk::__private::IntoResponse for #ident {
            ::brisk::__data_response_methods!();
            fn response_schema(schemas: &mut ::brisk::__private::SchemaGenerator) -> ::core::option::Option<::brisk::__private::serde_json::Value> {
                ::core::option::Option::Some(<Self as ::brisk::__private::JsonSchema>::json_schema(schemas))
            }
        }
    }
}

fn expand_struct(input: &DeriveInput, fields: &syn::FieldsNamed) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let name = model_title(input)?;
    let description = doc_comment(&input.attrs);
    let mut validate = Vec::new();
    let mut build = Vec::new();
    let mut statics = Vec::new();
    let mut props = Vec::new();
    let mut ser = Vec::new();
    let mut vars = Vec::new();
    let mut fast_decl = Vec::new();
    let mut fast_arms = Vec::new();
    let mut fast_finish = Vec::new();
    let mut field_variants = Vec::new();
    let mut field_keys = Vec::new();
    let mut field_collects = Vec::new();
    let mut param_docs = Vec::new();
    for (i, f) in fields.named.iter().enumerate() {
        let Some(fid) = f.ident.as_ref() else { continue };
        let ty = &f.ty;
        let mut opts = FieldOpts::default();
        for attr in &f.attrs {
            if attr.path().is_ident("field") {
                attr.parse_nested_meta(|meta| opts.parse_one(&meta))?;
            }
        }
        let rust_name = fid.to_string();
        let rust_name = rust_name.strip_prefix("r#").unwrap_or(&rust_name).to_owned();
        let key = opts.alias.as_ref().map(|a| a.value()).unwrap_or_else(|| rust_name.clone());
        let cname = quote::format_ident!("__BRISK_C{}", i);
        let c = opts.constraints();
        statics.push(quote!(static #cname: ::brisk::__private::Constraints = #c;));
        let var = quote::format_ident!("__brisk_f{}", i);
        let call = match &opts.default {
            Some(d) => quote_spanned_ty(
                ty,
                quote! {
                    ::brisk::__private::field_or::<#ty>(obj, #key, &#cname, loc, errors, || ::core::convert::Into::<#ty>::into(#d))
                },
            ),
            None => quote_spanned_ty(ty, quote!(::brisk::__private::field::<#ty>(obj, #key, &#cname, loc, errors))),
        };
        validate.push(quote!(let #var = #call;));
        let variant = quote::format_ident!("F{}", i);
        field_variants.push(variant.clone());
        field_keys.push(key.clone());
        fast_decl.push(quote!(let mut #var: ::core::option::Option<#ty> = ::core::option::Option::None;));
        fast_arms.push(quote!(__Field::#variant => { #var = ::core::option::Option::Some(map.next_value::<#ty>()?); }));
        let absent = match &opts.default {
            Some(d) => default_value(ty, d),
            None => quote! {
                match <#ty as ::brisk::__private::Validate>::when_absent() {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => return ::core::result::Result::Err(::brisk::__private::fast_error()),
                }
            },
        };
        let check = if has_constraints(&opts) {
            quote! {
                if !::brisk::__private::Constrained::satisfies(&#var, &#cname) {
                    return ::core::result::Result::Err(::brisk::__private::fast_error());
                }
            }
        } else {
            quote!()
        };
        fast_finish.push(quote! {
            let #var: #ty = match #var { ::core::option::Option::Some(v) => v, ::core::option::Option::None => #absent };
            #check
        });
        build.push(quote!(#fid: #var));
        vars.push(var);

        let title = match &opts.title {
            Some(t) => quote!(::std::string::String::from(#t)),
            None => quote!(::brisk::__private::default_title(#key)),
        };
        let fdesc = opts.description.as_ref().map(|d| d.value()).or_else(|| doc_comment(&f.attrs));
        let mut extra = Vec::new();
        if let (Some(d), false) = (&opts.default, opts.default_factory) {
            let v = default_value(ty, d);
            extra.push(
                quote!(m.insert("default".into(), ::brisk::__private::serde_json::to_value(&#v).unwrap_or_default());),
            );
        }
        if let Some(d) = fdesc {
            extra.push(quote!(m.insert("description".into(), #d.into());));
        }
        if opts.deprecated {
            extra.push(quote!(m.insert("deprecated".into(), true.into());));
        }
        if let Some(f) = &opts.format {
            extra.push(quote!(m.insert("format".into(), #f.into());));
        }
        if let Some(e) = &opts.examples {
            extra.push(quote!(m.insert("examples".into(), ::brisk::__private::serde_json::json!(#e));));
        }
        let required = opts.default.is_none();
        field_collects.push(quote!((#key, <#ty as ::brisk::__private::Validate>::collects_all())));
        let optional_or_default = !required;
        param_docs.push(quote! {{
            let mut s = <#ty as ::brisk::__private::JsonSchema>::constrained_schema(schemas, &#cname);
            if let ::brisk::__private::serde_json::Value::Object(m) = &mut s {
                if ::brisk::__private::wants_title(m) {
                    m.insert("title".into(), #title.into());
                }
                #(#extra)*
            }
            let required = !#optional_or_default && !<#ty as ::brisk::__private::JsonSchema>::is_optional();
            ::brisk::__private::FieldDoc { name: #key, schema: s, required }
        }});
        props.push(quote! {{
            let mut s = <#ty as ::brisk::__private::JsonSchema>::constrained_schema(schemas, &#cname);
            if let ::brisk::__private::serde_json::Value::Object(m) = &mut s {
                if ::brisk::__private::wants_title(m) {
                    m.insert("title".into(), #title.into());
                }
                #(#extra)*
            }
            props.insert(#key.into(), s);
            if #required && !<#ty as ::brisk::__private::JsonSchema>::is_optional() {
                required.push(::brisk::__private::serde_json::Value::from(#key));
            }
        }});
        ser.push(quote!(::brisk::__private::serde::ser::SerializeStruct::serialize_field(&mut st, #key, &self.#fid)?;));
    }
    let n = fields.named.len();
    let mut desc = match description {
        Some(d) => quote!(schema.insert("description".into(), #d.into());),
        None => quote!(),
    };
    if model_opts(input)?.forbid_extra {
        desc = quote!(#desc schema.insert("additionalProperties".into(), false.into()););
    }
    if let Some(ex) = model_opts(input)?.examples {
        desc = quote!(#desc schema.insert("examples".into(), ::brisk::__private::serde_json::json!(#ex)););
    }
    let common = common_impls(input);
    let pats = vars.iter().map(|v| quote!(::core::option::Option::Some(#v)));
    let ignore_arm = if model_opts(input)?.forbid_extra {
        quote!(return ::core::result::Result::Err(::brisk::__private::fast_error());)
    } else {
        quote!(map.next_value::<::brisk::__private::serde::de::IgnoredAny>()?;)
    };
    let forbid = if model_opts(input)?.forbid_extra {
        quote! {
            for (k, v) in obj {
                if ![#(#field_keys),*].contains(&k.as_str()) {
                    loc.push(::brisk::__private::LocItem::Key(k.clone().into()));
                    errors.push(::brisk::__private::Invalid::new("extra_forbidden", "Extra inputs are not permitted").at(loc.clone(), v.clone()));
                    loc.pop();
                }
            }
        }
    } else {
        quote!()
    };
    Ok(quote! {
        impl ::brisk::__private::Validate for #ident {
            fn validate_json(
                value: &::brisk::__private::serde_json::Value,
                _c: &::brisk::__private::Constraints,
                loc: &mut ::brisk::__private::Vec<::brisk::__private::LocItem>,
                errors: &mut ::brisk::__private::ValidationErrors,
            ) -> ::core::option::Option<Self> {
                #(#statics)*
                let ::brisk::__private::serde_json::Value::Object(obj) = value else {
                    return ::brisk::__private::record(::brisk::__private::model_type_error(#name), value.clone(), loc, errors);
                };
                let __before = errors.len();
                #(#validate)*
                #forbid
                match (#(#vars,)*) {
                    (#(#pats,)*) if errors.len() == __before => ::core::option::Option::Some(#ident { #(#build),* }),
                    _ => ::core::option::Option::None,
                }
            }
            fn body_by_default() -> bool {
                true
            }
            fn model_fields() -> ::brisk::__private::Vec<(&'static str, bool)> {
                ::std::vec![#(#field_collects),*]
            }
            fn from_json_bytes(bytes: &[u8]) -> ::core::option::Option<Self> {
                ::brisk::__private::serde_json::from_slice::<Self>(bytes).ok()
            }
        }

        impl ::brisk::__private::Constrained for #ident {}

        impl<'de> ::brisk::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::brisk::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                use ::brisk::__private::serde::de::{MapAccess, Visitor};
                #(#statics)*
                enum __Field { #(#field_variants,)* __Ignore }
                struct __FieldVisitor;
                impl<'de> Visitor<'de> for __FieldVisitor {
                    type Value = __Field;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: ::brisk::__private::serde::de::Error>(self, v: &str) -> ::core::result::Result<__Field, E> {
                        ::core::result::Result::Ok(match v { #(#field_keys => __Field::#field_variants,)* _ => __Field::__Ignore })
                    }
                }
                impl<'de> ::brisk::__private::serde::Deserialize<'de> for __Field {
                    fn deserialize<D: ::brisk::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                        d.deserialize_identifier(__FieldVisitor)
                    }
                }
                struct __Visitor;
                impl<'de> Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<#ident, A::Error> {
                        #(#fast_decl)*
                        while let ::core::option::Option::Some(key) = map.next_key::<__Field>()? {
                            match key {
                                #(#fast_arms)*
                                __Field::__Ignore => { #ignore_arm }
                            }
                        }
                        #(#fast_finish)*
                        ::core::result::Result::Ok(#ident { #(#build),* })
                    }
                }
                d.deserialize_map(__Visitor)
            }
        }

        impl ::brisk::__private::JsonSchema for #ident {
            fn fields(schemas: &mut ::brisk::__private::SchemaGenerator) -> ::core::option::Option<::brisk::__private::Vec<::brisk::__private::FieldDoc>> {
                #(#statics)*
                ::core::option::Option::Some(::std::vec![#(#param_docs),*])
            }
            fn json_schema(schemas: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::serde_json::Value {
                schemas.component(#name, |schemas| {
                    #(#statics)*
                    let mut props = ::brisk::__private::serde_json::Map::new();
                    let mut required: ::brisk::__private::Vec<::brisk::__private::serde_json::Value> = ::brisk::__private::Vec::new();
                    #(#props)*
                    let mut schema = ::brisk::__private::serde_json::Map::new();
                    schema.insert("properties".into(), props.into());
                    schema.insert("type".into(), "object".into());
                    if !required.is_empty() {
                        schema.insert("required".into(), required.into());
                    }
                    schema.insert("title".into(), #name.into());
                    #desc
                    ::brisk::__private::serde_json::Value::Object(schema)
                })
            }
        }

        impl ::brisk::__private::serde::Serialize for #ident {
            fn serialize<S: ::brisk::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let mut st = serializer.serialize_struct(#name, #n)?;
                #(#ser)*
                ::brisk::__private::serde::ser::SerializeStruct::end(st)
            }
        }

        #common
    })
}

fn has_constraints(o: &FieldOpts) -> bool {
    o.gt.is_some()
        || o.ge.is_some()
        || o.lt.is_some()
        || o.le.is_some()
        || o.multiple_of.is_some()
        || o.min_length.is_some()
        || o.max_length.is_some()
        || o.pattern.is_some()
}

fn quote_spanned_ty(ty: &syn::Type, t: TokenStream) -> TokenStream {
    let span = ty.span();
    quote::quote_spanned!(span=> #t)
}

fn expand_enum(input: &DeriveInput, e: &syn::DataEnum) -> syn::Result<TokenStream> {
    let is_union = !e.variants.is_empty()
        && e.variants.iter().all(|v| matches!(&v.fields, Fields::Unnamed(f) if f.unnamed.len() == 1));
    if is_union {
        return expand_union(input, e);
    }
    let ident = &input.ident;
    let name = model_title(input)?;
    let description = doc_comment(&input.attrs);
    let mut idents = Vec::new();
    let mut values = Vec::new();
    for v in &e.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(syn::Error::new(
                v.span(),
                "#[derive(Model)] on an enum makes a string enum (unit variants) or a union \
                 (one-field tuple variants, `Plane(PlaneItem)`); do not mix the two",
            ));
        }
        let mut value = v.ident.to_string();
        for attr in &v.attrs {
            if attr.path().is_ident("value") {
                value = match &attr.meta {
                    syn::Meta::NameValue(nv) => {
                        syn::parse2::<LitStr>(quote::ToTokens::to_token_stream(&nv.value))?.value()
                    }
                    _ => attr.parse_args::<LitStr>()?.value(),
                };
            }
        }
        idents.push(v.ident.clone());
        values.push(value);
    }
    let expected = match values.len() {
        0 => String::new(),
        1 => format!("'{}'", values[0]),
        n => {
            let head: Vec<String> = values[..n - 1].iter().map(|v| format!("'{v}'")).collect();
            format!("{} or '{}'", head.join(", "), values[n - 1])
        }
    };
    let msg = format!("Input should be {expected}");
    let literal = model_opts(input)?.literal;
    let error_type = if literal { "literal_error" } else { "enum" };
    let desc = match description {
        Some(d) => quote!(schema.insert("description".into(), #d.into());),
        None => quote!(),
    };
    let common = common_impls(input);
    Ok(quote! {
        impl #ident {
            /// The string value of this variant.
            pub fn as_str(&self) -> &'static str {
                match self { #(#ident::#idents => #values,)* }
            }
        }

        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::brisk::__private::Validate for #ident {
            fn validate_json(
                value: &::brisk::__private::serde_json::Value,
                _c: &::brisk::__private::Constraints,
                loc: &mut ::brisk::__private::Vec<::brisk::__private::LocItem>,
                errors: &mut ::brisk::__private::ValidationErrors,
            ) -> ::core::option::Option<Self> {
                match value.as_str() {
                    #(::core::option::Option::Some(#values) => ::core::option::Option::Some(#ident::#idents),)*
                    _ => ::brisk::__private::record(
                        ::brisk::__private::Invalid::new(#error_type, #msg).with_ctx("expected", #expected),
                        value.clone(), loc, errors,
                    ),
                }
            }
        }

        impl ::brisk::__private::Constrained for #ident {}

        impl<'de> ::brisk::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::brisk::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                struct __V;
                impl<'de> ::brisk::__private::serde::de::Visitor<'de> for __V {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#msg)
                    }
                    fn visit_str<E: ::brisk::__private::serde::de::Error>(self, v: &str) -> ::core::result::Result<#ident, E> {
                        match v {
                            #(#values => ::core::result::Result::Ok(#ident::#idents),)*
                            _ => ::core::result::Result::Err(::brisk::__private::fast_error()),
                        }
                    }
                }
                d.deserialize_str(__V)
            }
        }

        impl ::brisk::__private::JsonSchema for #ident {
            fn json_schema(schemas: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::serde_json::Value {
                if #literal {
                    return ::brisk::__private::serde_json::json!({"enum": [#(#values),*], "type": "string"});
                }
                schemas.component(#name, |_| {
                    let mut schema = ::brisk::__private::serde_json::Map::new();
                    schema.insert("type".into(), "string".into());
                    schema.insert("enum".into(), ::brisk::__private::serde_json::json!([#(#values),*]));
                    schema.insert("title".into(), #name.into());
                    #desc
                    ::brisk::__private::serde_json::Value::Object(schema)
                })
            }
        }

        impl ::brisk::__private::serde::Serialize for #ident {
            fn serialize<S: ::brisk::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #common
    })
}

/// An enum of one-field variants: a union (`PlaneItem | CarItem`), validated by trying each
/// member in order, documented as `anyOf`, serialized as the member it holds.
fn expand_union(input: &DeriveInput, e: &syn::DataEnum) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let mut idents = Vec::new();
    let mut tys = Vec::new();
    for v in &e.variants {
        if let Fields::Unnamed(f) = &v.fields {
            idents.push(v.ident.clone());
            tys.push(f.unnamed[0].ty.clone());
        }
    }
    let common = common_impls(input);
    let names: Vec<String> = idents.iter().map(|i| i.to_string()).collect();
    Ok(quote! {
        impl ::brisk::__private::Validate for #ident {
            fn validate_json(
                value: &::brisk::__private::serde_json::Value,
                _c: &::brisk::__private::Constraints,
                loc: &mut ::brisk::__private::Vec<::brisk::__private::LocItem>,
                errors: &mut ::brisk::__private::ValidationErrors,
            ) -> ::core::option::Option<Self> {
                let mut __all = ::brisk::__private::ValidationErrors::new();
                #(
                    let mut __errs = ::brisk::__private::ValidationErrors::new();
                    loc.push(::brisk::__private::LocItem::Key(#names.into()));
                    let __r = <#tys as ::brisk::__private::Validate>::validate_json(value, &::brisk::__private::Constraints::NONE, loc, &mut __errs);
                    loc.pop();
                    if let ::core::option::Option::Some(v) = __r {
                        if __errs.is_empty() {
                            return ::core::option::Option::Some(#ident::#idents(v));
                        }
                    }
                    __all.extend(__errs);
                )*
                errors.extend(__all);
                ::core::option::Option::None
            }
            fn body_by_default() -> bool {
                true
            }
        }

        impl ::brisk::__private::Constrained for #ident {}

        impl<'de> ::brisk::__private::serde::Deserialize<'de> for #ident {
            /// Unions always take the validating path, which tries each member.
            fn deserialize<D: ::brisk::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let _ = <::brisk::__private::serde::de::IgnoredAny as ::brisk::__private::serde::Deserialize>::deserialize(d)?;
                ::core::result::Result::Err(::brisk::__private::fast_error())
            }
        }

        impl ::brisk::__private::JsonSchema for #ident {
            fn json_schema(schemas: &mut ::brisk::__private::SchemaGenerator) -> ::brisk::__private::serde_json::Value {
                ::brisk::__private::serde_json::json!({
                    "anyOf": [#(<#tys as ::brisk::__private::JsonSchema>::json_schema(schemas)),*]
                })
            }
        }

        impl ::brisk::__private::serde::Serialize for #ident {
            fn serialize<S: ::brisk::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ident::#idents(v) => ::brisk::__private::serde::Serialize::serialize(v, serializer),)*
                }
            }
        }

        #common
    })
}
