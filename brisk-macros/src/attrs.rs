//! Parsing of the options shared by parameters and model fields: constraints, names,
//! documentation, defaults.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Expr, Lit, LitStr, UnOp, meta::ParseNestedMeta};

/// Options of a parameter or field, as written.
#[derive(Default)]
pub struct FieldOpts {
    pub gt: Option<TokenStream>,
    pub ge: Option<TokenStream>,
    pub lt: Option<TokenStream>,
    pub le: Option<TokenStream>,
    pub multiple_of: Option<TokenStream>,
    pub min_length: Option<Expr>,
    pub max_length: Option<Expr>,
    pub pattern: Option<LitStr>,
    pub alias: Option<LitStr>,
    pub title: Option<LitStr>,
    pub description: Option<LitStr>,
    pub deprecated: bool,
    pub include_in_schema: Option<bool>,
    pub embed: bool,
    pub convert_underscores: Option<bool>,
    pub default: Option<Expr>,
    /// The default is computed (pydantic's `default_factory`): not written in the schema.
    pub default_factory: bool,
    /// JSON Schema `examples`: `examples = [ ... ]` (JSON).
    pub examples: Option<TokenStream>,
    /// OpenAPI named examples of a body: `openapi_examples = { "name": {...} }` (JSON).
    pub openapi_examples: Option<TokenStream>,
    /// A custom check run on the validated value (`AfterValidator`).
    pub validator: Option<syn::Path>,
    /// A JSON Schema `format` for the documentation (e.g. `password`).
    pub format: Option<LitStr>,
    /// Must be sent even though its type allows `None` (`str | None` with no default).
    pub required: bool,
    /// `allow_inf_nan = false`: NaN and infinities are `finite_number`.
    pub allow_inf_nan: Option<bool>,
    /// `max_digits` of a decimal.
    pub max_digits: Option<Expr>,
    /// `decimal_places` of a decimal.
    pub decimal_places: Option<Expr>,
}

/// A numeric bound from a literal (optionally negative): `brisk::model::Bound::int(..)`.
fn bound(e: &Expr) -> syn::Result<TokenStream> {
    let (neg, lit) = match e {
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => match &*u.expr {
            Expr::Lit(l) => (true, &l.lit),
            _ => return Err(syn::Error::new(e.span(), "expected a number literal, e.g. `ge = -1`")),
        },
        Expr::Lit(l) => (false, &l.lit),
        _ => return Err(syn::Error::new(e.span(), "expected a number literal, e.g. `gt = 0` or `le = 10.5`")),
    };
    let sign = if neg { "-" } else { "" };
    match lit {
        Lit::Int(i) => {
            let v: i64 = i.base10_parse()?;
            let v = if neg { -v } else { v };
            let repr = format!("{sign}{}", i.base10_digits());
            Ok(quote!(::brisk::__private::Bound::int(#v, #repr)))
        }
        Lit::Float(f) => {
            let v: f64 = f.base10_parse()?;
            let v = if neg { -v } else { v };
            let repr = format!("{sign}{}", f.base10_digits());
            Ok(quote!(::brisk::__private::Bound::float(#v, #repr)))
        }
        _ => Err(syn::Error::new(lit.span(), "expected a number literal, e.g. `gt = 0` or `le = 10.5`")),
    }
}

fn lit_bool(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        let b: syn::LitBool = meta.value()?.parse()?;
        Ok(b.value)
    } else {
        Ok(true)
    }
}

/// A JSON literal after `=`, as the tokens of a `json!` call: `[...]` or `{...}`.
pub fn json_tokens(meta: &ParseNestedMeta) -> syn::Result<TokenStream> {
    let value = meta.value()?;
    let tree: proc_macro2::TokenTree = value.parse()?;
    Ok(quote!(#tree))
}

impl FieldOpts {
    /// Parses one `key = value` (or flag) into these options.
    pub fn parse_one(&mut self, meta: &ParseNestedMeta) -> syn::Result<()> {
        let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
        match key.as_str() {
            "gt" => self.gt = Some(bound(&meta.value()?.parse()?)?),
            "ge" => self.ge = Some(bound(&meta.value()?.parse()?)?),
            "lt" => self.lt = Some(bound(&meta.value()?.parse()?)?),
            "le" => self.le = Some(bound(&meta.value()?.parse()?)?),
            "multiple_of" => self.multiple_of = Some(bound(&meta.value()?.parse()?)?),
            "min_length" => self.min_length = Some(meta.value()?.parse()?),
            "max_length" => self.max_length = Some(meta.value()?.parse()?),
            "pattern" | "regex" => self.pattern = Some(meta.value()?.parse()?),
            "alias" => self.alias = Some(meta.value()?.parse()?),
            "title" => self.title = Some(meta.value()?.parse()?),
            "description" => self.description = Some(meta.value()?.parse()?),
            "deprecated" => self.deprecated = lit_bool(meta)?,
            "include_in_schema" => self.include_in_schema = Some(lit_bool(meta)?),
            "embed" => self.embed = lit_bool(meta)?,
            "convert_underscores" => self.convert_underscores = Some(lit_bool(meta)?),
            "default" => self.default = Some(meta.value()?.parse()?),
            "default_factory" => {
                self.default = Some(meta.value()?.parse()?);
                self.default_factory = true;
            }
            "examples" => self.examples = Some(json_tokens(meta)?),
            "openapi_examples" => self.openapi_examples = Some(json_tokens(meta)?),
            "validator" | "after_validator" => self.validator = Some(meta.value()?.parse()?),
            "format" => self.format = Some(meta.value()?.parse()?),
            "required" => self.required = lit_bool(meta)?,
            "allow_inf_nan" => self.allow_inf_nan = Some(lit_bool(meta)?),
            "max_digits" => self.max_digits = Some(meta.value()?.parse()?),
            "decimal_places" => self.decimal_places = Some(meta.value()?.parse()?),
            _ => {
                return Err(meta.error(
                    "unknown option; expected one of: gt, ge, lt, le, multiple_of, min_length, max_length, \
                     pattern, alias, title, description, deprecated, include_in_schema, embed, \
                     convert_underscores, default, default_factory, examples, openapi_examples, validator, format, required, \
                     allow_inf_nan, max_digits, decimal_places",
                ));
            }
        }
        Ok(())
    }

    /// `brisk::model::Constraints` for these options: `Constraints::NONE` when there are
    /// none, otherwise only the options given, over `Constraints::NONE`.
    /// True when any constraint was declared.
    pub fn has_constraints(&self) -> bool {
        self.gt.is_some()
            || self.ge.is_some()
            || self.lt.is_some()
            || self.le.is_some()
            || self.multiple_of.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
            || self.pattern.is_some()
            || self.allow_inf_nan == Some(false)
            || self.max_digits.is_some()
            || self.decimal_places.is_some()
    }

    pub fn constraints(&self) -> TokenStream {
        let some = |t: &dyn quote::ToTokens| quote!(::core::option::Option::Some(#t));
        let mut set = Vec::new();
        let bounds = [
            ("gt", &self.gt),
            ("ge", &self.ge),
            ("lt", &self.lt),
            ("le", &self.le),
            ("multiple_of", &self.multiple_of),
        ];
        for (name, b) in bounds {
            if let Some(b) = b {
                let name = quote::format_ident!("{}", name);
                let v = some(b);
                set.push(quote!(#name: #v));
            }
        }
        for (name, e) in [
            ("min_length", &self.min_length),
            ("max_length", &self.max_length),
            ("max_digits", &self.max_digits),
            ("decimal_places", &self.decimal_places),
        ] {
            if let Some(e) = e {
                let name = quote::format_ident!("{}", name);
                let v = some(e);
                set.push(quote!(#name: #v));
            }
        }
        if let Some(p) = &self.pattern {
            set.push(quote!(pattern: ::core::option::Option::Some(::brisk::__private::Pattern::new(#p))));
        }
        if let Some(allow) = self.allow_inf_nan {
            set.push(quote!(allow_inf_nan: #allow));
        }
        if set.is_empty() {
            quote!(::brisk::__private::Constraints::NONE)
        } else {
            quote!(::brisk::__private::Constraints { #(#set,)* ..::brisk::__private::Constraints::NONE })
        }
    }
}

/// `Option<&'static str>` tokens.
pub fn opt_str(s: &Option<LitStr>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

/// The doc comment of an item, cleaned like Python's `inspect.cleandoc`.
pub fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    clean_doc(doc_text(attrs)?)
}

/// An operation's description from its doc comment: as FastAPI, only the text before a
/// form feed (`#[doc = "\x0c"]`); what follows is for readers of the code.
pub fn operation_doc(attrs: &[syn::Attribute]) -> Option<String> {
    let text = doc_text(attrs)?;
    clean_doc(text.split('\x0c').next().unwrap_or_default().to_owned())
}

/// The raw text of the doc comment lines, joined.
fn doc_text(attrs: &[syn::Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for a in attrs {
        if a.path().is_ident("doc")
            && let syn::Meta::NameValue(nv) = &a.meta
            && let Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. }) = &nv.value
        {
            lines.push(s.value());
        }
    }
    if lines.is_empty() { None } else { Some(lines.join("\n")) }
}

/// Doc text dedented (as Python's `inspect.cleandoc`), trailing spaces and blank edges
/// removed; `None` when nothing is left.
fn clean_doc(text: String) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let cleaned: Vec<String> = lines
        .iter()
        .map(|l| if l.len() >= indent { l[indent..].trim_end().to_owned() } else { l.trim().to_owned() })
        .collect();
    let out = cleaned.join("\n").trim().to_owned();
    if out.is_empty() { None } else { Some(out) }
}

/// The expression of a declared default, typed as the field: `default = 10` on a `usize`
/// infers the literal's type; a string literal converts (`"a"` into `String`).
pub fn default_value(ty: &syn::Type, d: &Expr) -> TokenStream {
    match d {
        Expr::Lit(syn::ExprLit { lit: Lit::Str(_), .. }) => {
            quote!({ let __d: #ty = ::core::convert::Into::into(#d); __d })
        }
        _ => quote!({ let __d: #ty = #d; __d }),
    }
}
