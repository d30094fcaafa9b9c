//! The names a model's field is read under as a parameter model (query, headers,
//! cookies, form): its key and, when the model populates by name, its Rust name; which one
//! a request used; and how header names map to them.

use super::Validate;

/// The names a model's field is read under: its key and, when the model populates by
/// name, its Rust name.
pub(crate) struct FieldNames {
    fields: Vec<(&'static str, bool)>,
    names: Vec<(&'static str, &'static str)>,
}

impl FieldNames {
    /// The names of model `T`'s fields.
    pub(crate) fn of<T: Validate>() -> Self {
        FieldNames { fields: T::model_fields(), names: T::model_names() }
    }

    /// Every `(name, list)` a field may be sent under, its key first.
    fn all(&self) -> impl Iterator<Item = (&'static str, bool)> + '_ {
        self.fields.iter().copied().chain(
            self.names
                .iter()
                .filter_map(|&(key, name)| self.fields.iter().find(|(f, _)| *f == key).map(|&(_, l)| (name, l))),
        )
    }

    /// True when `name` is a field's key or (populating by name) its Rust name.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.all().any(|(f, _)| f == name)
    }

    /// The name each field is read under, and whether it takes every value (FastAPI's
    /// `_get_param_aliases`): its key, or its Rust name when only that was sent. The other
    /// name, if sent too, is an extra input (`extra_forbidden` under `extra = "forbid"`).
    pub(crate) fn as_sent(&self, sent: impl Fn(&str) -> bool) -> Vec<(&'static str, bool)> {
        self.fields
            .iter()
            .map(|&(key, list)| match self.names.iter().find(|(k, _)| *k == key) {
                Some(&(_, name)) if !sent(key) && sent(name) => (name, list),
                _ => (key, list),
            })
            .collect()
    }

    /// The model key a header is read as (names compare without case), or `None` for a
    /// header FastAPI neither reads nor passes on: a field's name written with `_` while
    /// `-` is read (`convert_underscores`). Other headers keep their name.
    pub(crate) fn header_key(&self, header: &str, convert: bool) -> Option<String> {
        let request_name = |name: &str| if convert { name.replace('_', "-") } else { name.to_owned() };
        if let Some((name, _)) = self.all().find(|(n, _)| request_name(n).eq_ignore_ascii_case(header)) {
            return Some(name.to_owned());
        }
        if convert && header.contains('_') && self.all().any(|(n, _)| n.eq_ignore_ascii_case(header)) {
            return None;
        }
        Some(header.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_sent_and_as_headers() {
        let names =
            FieldNames { fields: vec![("save_data", false), ("sortBy", false)], names: vec![("sortBy", "sort_by")] };
        assert_eq!(names.header_key("save-data", true).as_deref(), Some("save_data"));
        assert_eq!(names.header_key("save_data", true), None);
        assert_eq!(names.header_key("save_data", false).as_deref(), Some("save_data"));
        assert_eq!(names.header_key("user-agent", true).as_deref(), Some("user-agent"));
        assert_eq!(names.header_key("sortby", true).as_deref(), Some("sortBy"));
        assert_eq!(names.header_key("sort-by", true).as_deref(), Some("sort_by"));
        assert_eq!(names.as_sent(|n| n == "sort_by"), [("save_data", false), ("sort_by", false)]);
        assert_eq!(names.as_sent(|n| n == "sort_by" || n == "sortBy"), [("save_data", false), ("sortBy", false)]);
    }
}
