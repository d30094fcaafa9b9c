//! `#[derive(Model)]`: validation, JSON Schema, serialization and `IntoResponse` for a
//! struct with named fields, or a string enum of unit variants.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attrs::{FieldOpts, doc_comment};

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

/// `IntoResponse` for a model, inside the block that imports `::brisk::__private as __brisk`.
fn common_impls(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    quote! {
        impl __brisk::IntoResponse for #ident {
            ::brisk::__data_response_methods!();
            fn response_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::Option<__brisk::serde_json::Value> {
                __brisk::Some(<Self as __brisk::JsonSchema>::json_schema(schemas))
            }
        }
    }
}

/// The generated items, in an anonymous block that imports the runtime as `__brisk`: its
/// statics are shared by the impls without naming anything in the user's module.
fn wrap(items: TokenStream) -> TokenStream {
    quote! {
        const _: () = {
            use ::brisk::__private as __brisk;
            #items
        };
    }
}

/// The expression of a declared default where a value of the field's type is expected:
/// a string literal converts (`"a"` into `String`), anything else is taken as written
/// (`default = 10` on a `usize` infers the literal's type).
fn typed_default(d: &syn::Expr) -> TokenStream {
    match d {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(_), .. }) => quote!(::core::convert::Into::into(#d)),
        _ => quote!(#d),
    }
}

fn expand_struct(input: &DeriveInput, fields: &syn::FieldsNamed) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let opts = model_opts(input)?;
    let name = opts.name.clone().unwrap_or_else(|| ident.to_string());
    if fields.named.len() >= usize::from(u16::MAX) {
        return Err(syn::Error::new(ident.span(), "#[derive(Model)] supports at most 65534 fields"));
    }
    let mut table = Vec::new();
    let mut validate = Vec::new();
    let mut build = Vec::new();
    let mut fast_decl = Vec::new();
    let mut fast_keys = Vec::new();
    let mut fast_arms = Vec::new();
    let mut fast_build = Vec::new();
    let mut ser = Vec::new();
    for (i, f) in fields.named.iter().enumerate() {
        let Some(fid) = f.ident.as_ref() else { continue };
        let ty = &f.ty;
        let mut fo = FieldOpts::default();
        for attr in &f.attrs {
            if attr.path().is_ident("field") {
                attr.parse_nested_meta(|meta| fo.parse_one(&meta))?;
            }
        }
        let rust_name = fid.to_string();
        let rust_name = rust_name.strip_prefix("r#").unwrap_or(&rust_name).to_owned();
        let key = fo.alias.as_ref().map(|a| a.value()).unwrap_or_else(|| rust_name.clone());

        // The field's row of the static table.
        let mut entry = if has_constraints(&fo) {
            let c = fo.constraints();
            quote_spanned_ty(ty, quote!(__brisk::ModelField::constrained::<#ty>(#key, #c)))
        } else {
            quote_spanned_ty(ty, quote!(__brisk::ModelField::of::<#ty>(#key)))
        };
        if let Some(t) = &fo.title {
            entry = quote!(#entry.title(#t));
        }
        if let Some(d) = fo.description.as_ref().map(|d| d.value()).or_else(|| doc_comment(&f.attrs)) {
            entry = quote!(#entry.description(#d));
        }
        if fo.deprecated {
            entry = quote!(#entry.deprecated());
        }
        if let Some(fmt) = &fo.format {
            entry = quote!(#entry.format(#fmt));
        }
        match (&fo.default, fo.default_factory) {
            (Some(d), false) => {
                let d = typed_default(d);
                entry = quote!(#entry.default(|| __brisk::default_json::<#ty>(#d)));
            }
            (Some(_), true) => entry = quote!(#entry.defaulted()),
            (None, _) => {}
        }
        if let Some(e) = &fo.examples {
            entry = quote!(#entry.examples(|| __brisk::serde_json::json!(#e)));
        }
        if fo.required {
            if fo.default.is_some() {
                return Err(syn::Error::new_spanned(fid, "a field cannot be `required` and have a `default`"));
            }
            entry = quote!(#entry.no_default());
        }
        table.push(entry);

        // Validation (the slow path, which locates every error).
        let var = quote::format_ident!("__brisk_f{}", i);
        let i_usize = i;
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        let call = match &fo.default {
            Some(d) => {
                let d = typed_default(d);
                quote_spanned_ty(ty, quote!(__cx.field_or::<#ty>(#i, || #d)))
            }
            None if fo.required => quote_spanned_ty(ty, quote!(__cx.field_present::<#ty>(#i))),
            None => quote_spanned_ty(ty, quote!(__cx.field::<#ty>(#i))),
        };
        validate.push(quote!(let #var = #call;));
        build.push(quote!(#fid: #var?));

        // The fast path: serde straight into the struct.
        fast_decl.push(quote!(let mut #var = __brisk::None::<#ty>;));
        let k = proc_macro2::Literal::u16_unsuffixed(i_usize as u16);
        fast_keys.push(quote!(#key => #k));
        fast_arms.push(quote!(#k => __brisk::fast_value(&mut map, &mut #var)?,));
        let value = match &fo.default {
            Some(d) => {
                let d = typed_default(d);
                quote!(#var.unwrap_or_else(|| #d))
            }
            None if fo.required => quote!(__brisk::fast_take_present::<_, A::Error>(#var)?),
            None => quote!(__brisk::fast_take::<_, A::Error>(#var)?),
        };
        let value = if has_constraints(&fo) {
            quote!(__brisk::fast_check::<_, A::Error>(#value, &__BRISK_FIELDS[#i].constraints)?)
        } else {
            value
        };
        fast_build.push(quote!(#fid: #value));

        ser.push(quote!(st.serialize_field(#key, &self.#fid)?;));
    }
    let n = fields.named.len();
    let forbid = opts.forbid_extra;
    let mut info = quote!(__brisk::ModelInfo::new(#name, &__BRISK_FIELDS));
    if let Some(d) = doc_comment(&input.attrs) {
        info = quote!(#info.description(#d));
    }
    if forbid {
        info = quote!(#info.forbid_extra());
    }
    if let Some(ex) = &opts.examples {
        info = quote!(#info.examples(|| __brisk::serde_json::json!(#ex)));
    }
    let ignore_arm = if forbid {
        quote!(return __brisk::Err(__brisk::fast_error()))
    } else {
        quote!(map.next_value::<__brisk::serde::de::IgnoredAny>()?)
    };
    let common = common_impls(input);
    Ok(wrap(quote! {
        static __BRISK_FIELDS: [__brisk::ModelField; #n] = [#(#table),*];
        static __BRISK_MODEL: __brisk::ModelInfo = #info;

        impl __brisk::Validate for #ident {
            fn validate_json(
                value: &__brisk::serde_json::Value,
                _c: &__brisk::Constraints,
                loc: &mut __brisk::Vec<__brisk::LocItem>,
                errors: &mut __brisk::ValidationErrors,
            ) -> __brisk::Option<Self> {
                let mut __cx = __BRISK_MODEL.validator(value, loc, errors)?;
                #(#validate)*
                __cx.finish()?;
                __brisk::Some(#ident { #(#build),* })
            }
            fn body_by_default() -> bool {
                true
            }
            fn model_fields() -> __brisk::Vec<(&'static str, bool)> {
                __BRISK_MODEL.model_fields()
            }
            fn from_json_bytes(bytes: &[u8]) -> __brisk::Option<Self> {
                __brisk::serde_json::from_slice::<Self>(bytes).ok()
            }
        }

        impl __brisk::Constrained for #ident {}

        impl __brisk::FastModel for #ident {
            fn visit_map<'de, A: __brisk::serde::de::MapAccess<'de>>(mut map: A) -> __brisk::Result<Self, A::Error> {
                #(#fast_decl)*
                while let __brisk::Some(key) = map.next_key_seed(__brisk::FieldKey(|k: &str| match k {
                    #(#fast_keys,)*
                    _ => u16::MAX,
                }))? {
                    match key {
                        #(#fast_arms)*
                        _ => { #ignore_arm; }
                    }
                }
                __brisk::Ok(#ident { #(#fast_build),* })
            }
        }

        impl<'de> __brisk::serde::Deserialize<'de> for #ident {
            fn deserialize<D: __brisk::serde::Deserializer<'de>>(d: D) -> __brisk::Result<Self, D::Error> {
                __brisk::deserialize_model(d)
            }
        }

        impl __brisk::JsonSchema for #ident {
            fn fields(schemas: &mut __brisk::SchemaGenerator) -> __brisk::Option<__brisk::Vec<__brisk::FieldDoc>> {
                __brisk::Some(__BRISK_MODEL.field_docs(schemas))
            }
            fn json_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::serde_json::Value {
                __BRISK_MODEL.json_schema(schemas)
            }
        }

        impl __brisk::serde::Serialize for #ident {
            fn serialize<S: __brisk::serde::Serializer>(&self, serializer: S) -> __brisk::Result<S::Ok, S::Error> {
                use __brisk::serde::ser::SerializeStruct as _;
                let mut st = serializer.serialize_struct(#name, #n)?;
                #(#ser)*
                st.end()
            }
        }

        #common
    }))
}

fn has_constraints(o: &FieldOpts) -> bool {
    o.has_constraints()
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
    let opts = model_opts(input)?;
    let literal = opts.literal;
    let description = crate::attrs::opt_str(&description.map(|d| LitStr::new(&d, ident.span())));
    let common = common_impls(input);
    Ok(wrap(quote! {
        static __BRISK_ENUM: __brisk::EnumInfo = __brisk::EnumInfo {
            name: #name,
            description: #description,
            literal: #literal,
            values: &[#(#values),*],
            msg: #msg,
            expected: #expected,
        };

        fn __brisk_parse(v: &str) -> __brisk::Option<#ident> {
            match v {
                #(#values => __brisk::Some(#ident::#idents),)*
                _ => __brisk::None,
            }
        }

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

        impl __brisk::Validate for #ident {
            fn validate_json(
                value: &__brisk::serde_json::Value,
                _c: &__brisk::Constraints,
                loc: &mut __brisk::Vec<__brisk::LocItem>,
                errors: &mut __brisk::ValidationErrors,
            ) -> __brisk::Option<Self> {
                match value.as_str().and_then(__brisk_parse) {
                    __brisk::Some(v) => __brisk::Some(v),
                    __brisk::None => __BRISK_ENUM.invalid(value, loc, errors),
                }
            }
        }

        impl __brisk::Constrained for #ident {}

        impl<'de> __brisk::serde::Deserialize<'de> for #ident {
            fn deserialize<D: __brisk::serde::Deserializer<'de>>(d: D) -> __brisk::Result<Self, D::Error> {
                __brisk::deserialize_str_enum(d, #msg, __brisk_parse)
            }
        }

        impl __brisk::JsonSchema for #ident {
            fn json_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::serde_json::Value {
                __BRISK_ENUM.json_schema(schemas)
            }
        }

        impl __brisk::serde::Serialize for #ident {
            fn serialize<S: __brisk::serde::Serializer>(&self, serializer: S) -> __brisk::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #common
    }))
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
    Ok(wrap(quote! {
        impl __brisk::Validate for #ident {
            fn validate_json(
                value: &__brisk::serde_json::Value,
                _c: &__brisk::Constraints,
                loc: &mut __brisk::Vec<__brisk::LocItem>,
                errors: &mut __brisk::ValidationErrors,
            ) -> __brisk::Option<Self> {
                // pydantic's smart mode: an exact match first, then each member in order.
                #(
                    if let __brisk::Some(v) = __brisk::union_exact::<#tys>(value, loc) {
                        return __brisk::Some(#ident::#idents(v));
                    }
                )*
                let mut all = __brisk::ValidationErrors::new();
                #(
                    if let __brisk::Some(v) = __brisk::union_member::<#tys>(value, #names, loc, &mut all) {
                        return __brisk::Some(#ident::#idents(v));
                    }
                )*
                errors.extend(all);
                __brisk::None
            }
            fn body_by_default() -> bool {
                true
            }
        }

        impl __brisk::Constrained for #ident {}

        impl<'de> __brisk::serde::Deserialize<'de> for #ident {
            /// Unions always take the validating path, which tries each member.
            fn deserialize<D: __brisk::serde::Deserializer<'de>>(d: D) -> __brisk::Result<Self, D::Error> {
                let _ = <__brisk::serde::de::IgnoredAny as __brisk::serde::Deserialize>::deserialize(d)?;
                __brisk::Err(__brisk::fast_error())
            }
        }

        impl __brisk::JsonSchema for #ident {
            fn json_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::serde_json::Value {
                __brisk::any_of([#(<#tys as __brisk::JsonSchema>::json_schema(schemas)),*])
            }
        }

        impl __brisk::serde::Serialize for #ident {
            fn serialize<S: __brisk::serde::Serializer>(&self, serializer: S) -> __brisk::Result<S::Ok, S::Error> {
                match self {
                    #(#ident::#idents(v) => __brisk::serde::Serialize::serialize(v, serializer),)*
                }
            }
        }

        #common
    }))
}
