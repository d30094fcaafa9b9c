//! Computed fields (pydantic's `@computed_field`): values a model's methods compute, written
//! after its stored fields and described in its output schema only (`readOnly`, always
//! `required`).
//!
//! `#[derive(Model)]` with `#[model(computed)]` takes them from the type's
//! [`ComputedFields`], which `#[brisk::computed_fields]` implements from the methods of an
//! `impl` block marked `#[model(computed)]`. The two halves check each other: each names
//! the trait the other implements.
//!
//! ```
//! use brisk::model::{JsonSchema, SchemaGenerator};
//! use brisk::prelude::*;
//! use serde_json::json;
//!
//! #[derive(Model)]
//! #[model(computed)]
//! struct Rect {
//!     width: f64,
//!     height: f64,
//! }
//!
//! #[computed_fields]
//! impl Rect {
//!     /// The area.
//!     #[model(computed)]
//!     fn area(&self) -> f64 {
//!         self.width * self.height
//!     }
//!
//!     #[model(computed, alias = "perim", title = "Perimeter")]
//!     fn perimeter(&self) -> f64 {
//!         2.0 * (self.width + self.height)
//!     }
//! }
//!
//! let r = Rect { width: 2.0, height: 3.0 };
//! assert_eq!(serde_json::to_value(&r).unwrap(), json!({"width": 2.0, "height": 3.0, "area": 6.0, "perim": 10.0}));
//! // Described as output, the computed fields are there, `readOnly` and required.
//! let mut schemas = SchemaGenerator::new();
//! schemas.serializing(Rect::json_schema);
//! let rect = &schemas.into_components()["Rect"];
//! assert_eq!(rect["required"], json!(["width", "height", "area", "perim"]));
//! assert_eq!(rect["properties"]["area"], json!({"type": "number", "title": "Area", "description": "The area.", "readOnly": true}));
//! ```

use serde::ser::SerializeStruct;
use serde_json::Value;

use super::{JsonSchema, SchemaGenerator, default_title, wants_title};

/// How many `rename_all` rules there are: a computed field carries its key under each.
///
/// ```
/// assert_eq!(brisk::model::RENAME_RULES, 7);
/// ```
pub const RENAME_RULES: usize = 7;

/// One computed field, described statically by `#[brisk::computed_fields]`.
#[doc(hidden)]
pub struct ComputedField {
    /// The method's name.
    pub name: &'static str,
    /// An explicit key (`alias = ".."`), which wins over `rename_all`.
    pub alias: Option<&'static str>,
    /// The key under each `rename_all` rule (camelCase, PascalCase, snake_case, lowercase,
    /// UPPERCASE, kebab-case, SCREAMING-KEBAB-CASE), worked out by the macro.
    pub renamed: [&'static str; RENAME_RULES],
    /// An explicit title (default: [`default_title`] of the key).
    pub title: Option<&'static str>,
    /// The description (the `description` option, or the doc comment).
    pub description: Option<&'static str>,
    /// The return type's schema.
    pub schema: fn(&mut SchemaGenerator) -> Value,
}

impl ComputedField {
    /// A computed field `name` returning `T`, with its key under each rule.
    pub const fn of<T: JsonSchema>(name: &'static str, renamed: [&'static str; RENAME_RULES]) -> Self {
        ComputedField { name, alias: None, renamed, title: None, description: None, schema: T::json_schema }
    }

    /// An explicit key.
    pub const fn alias(mut self, alias: &'static str) -> Self {
        self.alias = Some(alias);
        self
    }

    /// An explicit title.
    pub const fn title(mut self, title: &'static str) -> Self {
        self.title = Some(title);
        self
    }

    /// A description.
    pub const fn description(mut self, description: &'static str) -> Self {
        self.description = Some(description);
        self
    }

    /// The key in JSON under the model's `rename_all` rule (its index, if any).
    pub fn key(&self, rule: Option<usize>) -> &'static str {
        match (self.alias, rule) {
            (Some(a), _) => a,
            (None, Some(r)) => self.renamed.get(r).copied().unwrap_or(self.name),
            (None, None) => self.name,
        }
    }

    /// The field's schema, as pydantic writes it: the type's, its title (not on a `$ref`),
    /// the description and `readOnly`.
    pub fn field_schema(&self, key: &str, schemas: &mut SchemaGenerator) -> Value {
        let mut s = (self.schema)(schemas);
        if let Value::Object(m) = &mut s {
            if wants_title(m) {
                m.insert("title".into(), self.title.map_or_else(|| default_title(key), str::to_owned).into());
            }
            if let Some(d) = self.description {
                m.insert("description".into(), d.into());
            }
            m.insert("readOnly".into(), true.into());
        }
        s
    }
}

/// The computed fields of a model: implemented by `#[brisk::computed_fields]` on an `impl`
/// block, read by `#[derive(Model)]` with `#[model(computed)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is declared `#[model(computed)]` but no `impl` block gives its computed fields",
    label = "no `#[brisk::computed_fields]` impl block for this model",
    note = "put `#[brisk::computed_fields]` on an `impl {Self}` block and mark its computed methods \
            `#[model(computed)]`, or remove `computed` from the struct's `#[model(...)]`"
)]
///
/// ```
/// use brisk::prelude::*;
/// use brisk::model::{ComputedFields, ComputedModel};
///
/// #[derive(Model)]
/// #[model(computed)]
/// struct Rect {
///     width: f64,
///     height: f64,
/// }
///
/// #[computed_fields]
/// impl Rect {
///     /// The area.
///     #[model(computed)]
///     fn area(&self) -> f64 {
///         self.width * self.height
///     }
/// }
///
/// assert_eq!(<Rect as ComputedFields>::FIELDS.len(), 1);
/// assert_eq!(<Rect as ComputedModel>::RENAME, None);
/// ```
pub trait ComputedFields {
    /// The computed fields, in declaration order.
    const FIELDS: &'static [ComputedField];

    /// Writes the computed fields after the stored ones.
    fn serialize_computed<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error>;
}

/// A model that declares computed fields (`#[model(computed)]`), with its `rename_all`
/// rule: implemented by `#[derive(Model)]`, required by `#[brisk::computed_fields]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has computed fields, but its `#[derive(Model)]` does not declare them",
    label = "this model's derive lacks `#[model(computed)]`",
    note = "add `#[model(computed)]` to the struct `{Self}` (next to `#[derive(Model)]`)"
)]
///
/// ```
/// use brisk::prelude::*;
/// use brisk::model::{ComputedFields, ComputedModel};
///
/// #[derive(Model)]
/// #[model(computed)]
/// struct Rect {
///     width: f64,
///     height: f64,
/// }
///
/// #[computed_fields]
/// impl Rect {
///     /// The area.
///     #[model(computed)]
///     fn area(&self) -> f64 {
///         self.width * self.height
///     }
/// }
///
/// assert_eq!(<Rect as ComputedFields>::FIELDS.len(), 1);
/// assert_eq!(<Rect as ComputedModel>::RENAME, None);
/// ```
pub trait ComputedModel {
    /// The index of the model's `rename_all` rule (see [`ComputedField::renamed`]).
    const RENAME: Option<usize>;
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const FIELD: ComputedField = ComputedField::of::<Option<String>>(
        "full_name",
        ["fullName", "FullName", "full_name", "full_name", "FULL_NAME", "full-name", "FULL-NAME"],
    );

    #[test]
    fn keys_follow_the_alias_then_the_rename_rule() {
        assert_eq!(FIELD.key(None), "full_name");
        assert_eq!(FIELD.key(Some(0)), "fullName");
        assert_eq!(FIELD.key(Some(6)), "FULL-NAME");
        assert_eq!(FIELD.alias("name").key(Some(0)), "name");
    }

    #[test]
    fn schemas_are_read_only_and_titled_as_pydantic_titles_them() {
        let mut g = SchemaGenerator::new();
        assert_eq!(
            FIELD.description("The name.").field_schema("fullName", &mut g),
            json!({"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Fullname",
                   "description": "The name.", "readOnly": true})
        );
        let titled = ComputedField::of::<f64>("area", [""; RENAME_RULES]).title("Area!");
        assert_eq!(titled.field_schema("area", &mut g), json!({"type": "number", "title": "Area!", "readOnly": true}));
    }
}
