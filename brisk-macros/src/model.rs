//! `#[derive(Model)]`: validation, JSON Schema, serialization and `IntoResponse` for a
//! struct with named fields, or a string enum of unit variants.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attrs::{FieldOpts, doc_comment};

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    if let Some(p) = input.generics.params.iter().find(|p| !matches!(p, syn::GenericParam::Type(_))) {
        return Err(syn::Error::new(
            p.span(),
            "#[derive(Model)] takes type parameters only (`struct Page<T>`); a model owns its data: \
             use `String` rather than `&str`, and no const parameters",
        ));
    }
    if !input.generics.params.is_empty() && !matches!(input.data, Data::Struct(_)) {
        return Err(syn::Error::new(
            input.generics.span(),
            "#[derive(Model)] supports generic structs (`struct Page<T>`), not generic enums",
        ));
    }
    if let (Some(span), false) = (model_opts(&input)?.computed, matches!(input.data, Data::Struct(_))) {
        return Err(syn::Error::new(
            span,
            "`computed` is for structs: computed fields are methods of a model with named fields",
        ));
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
    /// On a union: the field whose value picks the member (pydantic's
    /// `Field(discriminator=...)`), each variant's value given by `#[value("...")]`.
    discriminator: Option<LitStr>,
    /// `rename_all = "camelCase"`: every field's key from its name (pydantic's
    /// `alias_generator`); a field's own `alias` wins.
    rename_all: Option<crate::rename::Rule>,
    /// `populate_by_name`: a field with an alias also accepts its Rust name.
    populate_by_name: bool,
    /// `computed`: the model has computed fields, given by a `#[brisk::computed_fields]`
    /// impl block (the word's span, for errors pointing at it).
    computed: Option<proc_macro2::Span>,
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
                } else if meta.path.is_ident("discriminator") {
                    o.discriminator = Some(meta.value()?.parse::<LitStr>()?);
                } else if meta.path.is_ident("rename_all") {
                    let v = meta.value()?.parse::<LitStr>()?;
                    match crate::rename::Rule::parse(&v.value()) {
                        Some(rule) => o.rename_all = Some(rule),
                        None => {
                            return Err(syn::Error::new(
                                v.span(),
                                format!("unknown `rename_all` rule; expected one of {}", crate::rename::RULES),
                            ));
                        }
                    }
                } else if meta.path.is_ident("populate_by_name") {
                    o.populate_by_name = true;
                } else if meta.path.is_ident("computed") {
                    o.computed = Some(meta.path.span());
                } else {
                    return Err(meta.error(
                        "unknown model option; expected `name`, `extra`, `literal`, `examples`, `discriminator`, \
                         `rename_all`, `populate_by_name` or `computed`",
                    ));
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
    if fields.named.len() >= usize::from(u16::MAX) / 2 {
        return Err(syn::Error::new(ident.span(), "#[derive(Model)] supports at most 32766 fields"));
    }
    let mut table = Vec::new();
    let mut validate = Vec::new();
    let mut build = Vec::new();
    let mut fast_decl = Vec::new();
    let mut fast_keys = Vec::new();
    let mut fast_arms = Vec::new();
    let mut fast_build = Vec::new();
    let mut fast_merge = Vec::new();
    let mut ser = Vec::new();
    // Types whose declared default is written in the schema, as JSON.
    let mut defaulted = Vec::new();
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
        let key = match (&fo.alias, opts.rename_all) {
            (Some(a), _) => a.value(),
            (None, Some(rule)) => rule.apply(&rust_name),
            (None, None) => rust_name.clone(),
        };
        let by_name = (opts.populate_by_name && key != rust_name).then(|| rust_name.clone());

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
                defaulted.push(ty);
            }
            (Some(_), true) => entry = quote!(#entry.defaulted()),
            (None, _) => {}
        }
        if let Some(e) = &fo.examples {
            entry = quote!(#entry.examples(|| __brisk::serde_json::json!(#e)));
        }
        if let Some(n) = &by_name {
            entry = quote!(#entry.populated_by(#n));
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
        fast_arms.push(quote!(#k => __brisk::fast_value(&mut map, &mut #var, &__brisk_fields[#i].constraints)?,));
        if let Some(n) = &by_name {
            // The field under its Rust name: the alias wins when both are sent.
            let by_name_var = quote::format_ident!("__brisk_n{}", i_usize);
            let k2 = proc_macro2::Literal::u16_unsuffixed((fields.named.len() + i_usize) as u16);
            fast_decl.push(quote!(let mut #by_name_var = __brisk::None::<#ty>;));
            fast_keys.push(quote!(#n => #k2));
            fast_arms.push(
                quote!(#k2 => __brisk::fast_value(&mut map, &mut #by_name_var, &__brisk_fields[#i].constraints)?,),
            );
            let forbid = opts.forbid_extra;
            fast_merge.push(quote!(let #var = __brisk::fast_by_name::<_, __A::Error>(#var, #by_name_var, #forbid)?;));
        }
        let value = match &fo.default {
            Some(d) => {
                let d = typed_default(d);
                quote!(#var.unwrap_or_else(|| #d))
            }
            None if fo.required => quote!(__brisk::fast_take_present::<_, __A::Error>(#var)?),
            None => quote!(__brisk::fast_take::<_, __A::Error>(#var)?),
        };
        fast_build.push(quote!(#fid: #value));

        ser.push(quote!(st.serialize_field(#key, &(&__brisk::FieldSer(&self.#fid)).ser_field())?;));
    }
    let n = fields.named.len();
    let forbid = opts.forbid_extra;
    let generic = !input.generics.params.is_empty();
    let params: Vec<&syn::Ident> = input.generics.type_params().map(|p| &p.ident).collect();
    let (impl_g, ty_g, _) = input.generics.split_for_impl();
    let self_ty = quote!(#ident #ty_g);
    let field_tys: Vec<&syn::Type> = fields.named.iter().map(|f| &f.ty).collect();
    // Each impl holds when the fields have what it needs (`for<'b>` keeps the bound from
    // being checked where the model is declared): a model used only for output needs
    // only fields that serialize and describe themselves.
    let own: Vec<&syn::WherePredicate> = input.generics.where_clause.iter().flat_map(|w| w.predicates.iter()).collect();
    let bounds = |tr: TokenStream| -> TokenStream {
        let params = params.iter().map(|p| quote!(#p: 'static + __brisk::JsonSchema,));
        quote!(where #(#own,)* #(#params)* #(for<'__brisk> #field_tys: #tr,)*
            #(for<'__brisk> #defaulted: __brisk::serde::Serialize,)*)
    };
    let w_own = quote!(where #(#own,)*);
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('de));
    let (de_impl_g, _, _) = de_generics.split_for_impl();
    let w_validate = bounds(quote!(__brisk::Validate));
    let w_schema = bounds(quote!(__brisk::JsonSchema));
    let w_ser = bounds(quote!(__brisk::serde::Serialize));
    let w_out = bounds(quote!(__brisk::serde::Serialize + __brisk::JsonSchema));
    let mut info = if generic {
        let args = params.iter().map(|p| quote!(<#p as __brisk::JsonSchema>::type_name));
        quote!(__brisk::ModelInfo::generic(#name, &[#(#args),*], fields))
    } else {
        quote!(__brisk::ModelInfo::new(#name, &__BRISK_FIELDS))
    };
    // pydantic writes no description for a parametrized generic model.
    if let Some(d) = doc_comment(&input.attrs).filter(|_| !generic) {
        info = quote!(#info.description(#d));
    }
    if forbid {
        info = quote!(#info.forbid_extra());
    }
    // Computed fields: the `#[brisk::computed_fields]` impl block's, checked both ways
    // (each half names the trait the other implements).
    let rule = match opts.rename_all {
        Some(r) => {
            let i = r.index();
            quote!(__brisk::Some(#i))
        }
        None => quote!(__brisk::None),
    };
    let (computed_impl, computed_ser, computed_len) = match opts.computed {
        Some(span) => {
            let fields = quote_spanned!(span=> <#self_ty as __brisk::ComputedFields>::FIELDS);
            info = quote!(#info.computed(#fields, #rule));
            (
                quote! {
                    impl #impl_g __brisk::ComputedModel for #self_ty #w_own {
                        const RENAME: __brisk::Option<usize> = #rule;
                    }
                },
                quote_spanned!(span=> <Self as __brisk::ComputedFields>::serialize_computed(self, &mut st)?;),
                quote_spanned!(span=> + <Self as __brisk::ComputedFields>::FIELDS.len()),
            )
        }
        None => (quote!(), quote!(), quote!()),
    };
    if let Some(ex) = &opts.examples {
        info = quote!(#info.examples(|| __brisk::serde_json::json!(#ex)));
    }
    let (tables, model) = if generic {
        (
            quote! {
                impl #impl_g #self_ty #w_schema {
                    #[doc(hidden)]
                    fn __brisk_model() -> &'static __brisk::ModelInfo {
                        __brisk::generic_model::<Self>(|| {
                            let fields = __brisk::Vec::from([#(#table),*]);
                            #info
                        })
                    }
                }
            },
            quote!(<#self_ty>::__brisk_model()),
        )
    } else {
        (
            quote! {
                static __BRISK_FIELDS: [__brisk::ModelField; #n] = [#(#table),*];
                static __BRISK_MODEL: __brisk::ModelInfo = #info;
            },
            quote!((&__BRISK_MODEL)),
        )
    };
    let ignore_arm = if forbid {
        quote!(return __brisk::Err(__brisk::fast_error()))
    } else {
        quote!(map.next_value::<__brisk::SkippedValue>()?)
    };
    let keys: Vec<TokenStream> = (0..n).map(|i| quote!(#model.fields[#i].key)).collect();
    let type_name =
        if generic { quote!(__brisk::Cow::Borrowed(#model.title())) } else { quote!(__brisk::Cow::Borrowed(#name)) };
    Ok(wrap(quote! {
        #tables

        impl #impl_g __brisk::Validate for #self_ty #w_validate {
            fn validate_json(
                value: &__brisk::serde_json::Value,
                _c: &__brisk::Constraints,
                loc: &mut __brisk::Vec<__brisk::LocItem>,
                errors: &mut __brisk::ValidationErrors,
            ) -> __brisk::Option<Self> {
                let mut __cx = #model.validator(value, loc, errors)?;
                #(#validate)*
                __cx.finish()?;
                __brisk::Some(#ident { #(#build),* })
            }
            fn body_by_default() -> bool {
                true
            }
            fn model_fields() -> __brisk::Vec<(&'static str, bool)> {
                __brisk::Vec::from([#((#keys, <#field_tys as __brisk::Validate>::collects_all())),*])
            }
            fn model_names() -> __brisk::Vec<(&'static str, &'static str)> {
                #model.fields.iter().filter_map(|f| f.by_name.map(|n| (f.key, n))).collect()
            }
            fn from_json_bytes(bytes: &[u8]) -> __brisk::Option<Self> {
                __brisk::fast_from_slice::<Self>(bytes, &__brisk::Constraints::NONE)
            }
            fn fast_deserialize<'de, __D: __brisk::serde::Deserializer<'de>>(
                d: __D,
                _c: &__brisk::Constraints,
            ) -> __brisk::Result<Self, __D::Error> {
                __brisk::deserialize_model(d)
            }
        }

        impl #impl_g __brisk::Constrained for #self_ty #w_own {}

        impl #impl_g __brisk::ObjectModel for #self_ty #w_own {}

        #computed_impl

        impl #impl_g __brisk::FastModel for #self_ty #w_validate {
            fn visit_map<'de, __A: __brisk::serde::de::MapAccess<'de>>(mut map: __A) -> __brisk::Result<Self, __A::Error> {
                let __brisk_fields: &'static [__brisk::ModelField] = #model.fields;
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
                #(#fast_merge)*
                __brisk::Ok(#ident { #(#fast_build),* })
            }
        }

        impl #de_impl_g __brisk::serde::Deserialize<'de> for #self_ty #w_validate {
            fn deserialize<__D: __brisk::serde::Deserializer<'de>>(d: __D) -> __brisk::Result<Self, __D::Error> {
                __brisk::deserialize_model(d)
            }
        }

        impl #impl_g __brisk::JsonSchema for #self_ty #w_schema {
            fn fields(schemas: &mut __brisk::SchemaGenerator) -> __brisk::Option<__brisk::Vec<__brisk::FieldDoc>> {
                __brisk::Some(#model.field_docs(schemas))
            }
            fn json_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::serde_json::Value {
                #model.json_schema(schemas)
            }
            fn type_name() -> __brisk::Cow<'static, str> {
                #type_name
            }
        }

        impl #impl_g __brisk::serde::Serialize for #self_ty #w_ser {
            // `(&FieldSer(..)).ser_field()`: the borrow picks brisk's writer or serde's.
            #[allow(clippy::needless_borrow)]
            fn serialize<__S: __brisk::serde::Serializer>(&self, serializer: __S) -> __brisk::Result<__S::Ok, __S::Error> {
                use __brisk::serde::ser::SerializeStruct as _;
                use __brisk::{ViaPydantic as _, ViaSerde as _};
                let mut st = serializer.serialize_struct(#name, #n #computed_len)?;
                #(#ser)*
                #computed_ser
                st.end()
            }
        }

        impl #impl_g __brisk::IntoResponse for #self_ty #w_out {
            ::brisk::__data_response_methods!();
            fn response_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::Option<__brisk::serde_json::Value> {
                __brisk::Some(<Self as __brisk::JsonSchema>::json_schema(schemas))
            }
        }
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
            fn fast_deserialize<'de, __D: __brisk::serde::Deserializer<'de>>(
                d: __D,
                _c: &__brisk::Constraints,
            ) -> __brisk::Result<Self, __D::Error> {
                __brisk::deserialize_str_enum(d, #msg, __brisk_parse)
            }
        }

        impl __brisk::Constrained for #ident {}

        impl<'de> __brisk::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: __brisk::serde::Deserializer<'de>>(d: __D) -> __brisk::Result<Self, __D::Error> {
                __brisk::deserialize_str_enum(d, #msg, __brisk_parse)
            }
        }

        impl __brisk::JsonSchema for #ident {
            fn json_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::serde_json::Value {
                __BRISK_ENUM.json_schema(schemas)
            }
            fn type_name() -> __brisk::Cow<'static, str> {
                __brisk::Cow::Borrowed(#name)
            }
        }

        impl __brisk::serde::Serialize for #ident {
            fn serialize<__S: __brisk::serde::Serializer>(&self, serializer: __S) -> __brisk::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #common
    }))
}

/// A variant's `#[value("...")]`, if it has one.
fn variant_value(v: &syn::Variant) -> syn::Result<Option<String>> {
    for attr in &v.attrs {
        if attr.path().is_ident("value") {
            return Ok(Some(match &attr.meta {
                syn::Meta::NameValue(nv) => syn::parse2::<LitStr>(quote::ToTokens::to_token_stream(&nv.value))?.value(),
                _ => attr.parse_args::<LitStr>()?.value(),
            }));
        }
    }
    Ok(None)
}

/// An enum of one-field variants: a union (`PlaneItem | CarItem`), validated by trying each
/// member in order, documented as `anyOf`, serialized as the member it holds. With
/// `#[model(discriminator = "kind")]`, a tagged union: the `kind` value picks the member
/// (`#[value("...")]` on each variant), documented as `oneOf` with a `discriminator`.
fn expand_union(input: &DeriveInput, e: &syn::DataEnum) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let mut idents = Vec::new();
    let mut tys = Vec::new();
    let mut tags = Vec::new();
    let discriminator = model_opts(input)?.discriminator;
    for v in &e.variants {
        if let Fields::Unnamed(f) = &v.fields {
            idents.push(v.ident.clone());
            tys.push(f.unnamed[0].ty.clone());
            match (variant_value(v)?, &discriminator) {
                (Some(tag), Some(_)) => tags.push(tag),
                (None, Some(d)) => {
                    return Err(syn::Error::new(
                        v.span(),
                        format!(
                            "a union with a discriminator needs each variant's `{}` value: #[value(\"...\")]",
                            d.value()
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
    if let Some(d) = &discriminator {
        return Ok(expand_tagged_union(input, d, &idents, &tys, &tags));
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
                let mut all = errors.nested();
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
            fn deserialize<__D: __brisk::serde::Deserializer<'de>>(d: __D) -> __brisk::Result<Self, __D::Error> {
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
            fn serialize<__S: __brisk::serde::Serializer>(&self, serializer: __S) -> __brisk::Result<__S::Ok, __S::Error> {
                match self {
                    #(#ident::#idents(v) => __brisk::serde::Serialize::serialize(v, serializer),)*
                }
            }
        }

        #common
    }))
}

/// A tagged union (`#[model(discriminator = "kind")]`): see [`expand_union`].
fn expand_tagged_union(
    input: &DeriveInput,
    discriminator: &LitStr,
    idents: &[syn::Ident],
    tys: &[syn::Type],
    tags: &[String],
) -> TokenStream {
    let ident = &input.ident;
    let common = common_impls(input);
    let indexes: Vec<usize> = (0..idents.len()).collect();
    wrap(quote! {
        static __BRISK_TAGS: __brisk::TaggedUnion = __brisk::TaggedUnion {
            discriminator: #discriminator,
            tags: &[#(#tags),*],
        };

        impl __brisk::Validate for #ident {
            fn validate_json(
                value: &__brisk::serde_json::Value,
                _c: &__brisk::Constraints,
                loc: &mut __brisk::Vec<__brisk::LocItem>,
                errors: &mut __brisk::ValidationErrors,
            ) -> __brisk::Option<Self> {
                let (i, tag) = __BRISK_TAGS.member(value, loc, errors)?;
                loc.push(__brisk::LocItem::Key(tag.into()));
                let r = match i {
                    #(#indexes => <#tys as __brisk::Validate>::validate_json(value, &__brisk::Constraints::NONE, loc, errors).map(#ident::#idents),)*
                    _ => __brisk::None,
                };
                loc.pop();
                r
            }
            fn body_by_default() -> bool {
                true
            }
            fn model_fields() -> __brisk::Vec<(&'static str, bool)> {
                let mut all = __brisk::Vec::new();
                #(all.extend(<#tys as __brisk::Validate>::model_fields());)*
                all
            }
        }

        impl __brisk::Constrained for #ident {}

        impl<'de> __brisk::serde::Deserialize<'de> for #ident {
            /// Unions always take the validating path.
            fn deserialize<D: __brisk::serde::Deserializer<'de>>(d: D) -> __brisk::Result<Self, D::Error> {
                let _ = <__brisk::serde::de::IgnoredAny as __brisk::serde::Deserialize>::deserialize(d)?;
                __brisk::Err(__brisk::fast_error())
            }
        }

        impl __brisk::JsonSchema for #ident {
            fn json_schema(schemas: &mut __brisk::SchemaGenerator) -> __brisk::serde_json::Value {
                __BRISK_TAGS.json_schema([#(<#tys as __brisk::JsonSchema>::json_schema(schemas)),*])
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
    })
}
