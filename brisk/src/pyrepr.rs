//! Python's `repr` of a string, as pydantic and email-validator quote input in their
//! messages: single quotes unless the text holds one and no double quote, backslash escapes
//! for what Python does not print (`str.isprintable()`, by Unicode general category).

use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;

/// The character's general category.
pub(crate) fn category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

/// Python's `str.isprintable()` for one character.
fn is_printable(c: char) -> bool {
    c == ' '
        || !matches!(
            category(c),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::Surrogate
                | GeneralCategory::PrivateUse
                | GeneralCategory::Unassigned
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                | GeneralCategory::SpaceSeparator
        )
}

/// Python's `repr` of a string: single quotes unless it holds one and no double quote.
pub(crate) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::py_repr;

    #[test]
    fn strings_are_quoted_and_escaped_as_python_repr_does() {
        assert_eq!(py_repr("1.2.3"), "'1.2.3'");
        assert_eq!(py_repr("a'b"), "\"a'b\"");
        assert_eq!(py_repr("a'b\""), "'a\\'b\"'");
        assert_eq!(py_repr("\u{82}"), "'\\x82'");
        assert_eq!(py_repr("tab\there\n"), "'tab\\there\\n'");
        assert_eq!(py_repr("zero\u{200b}width"), "'zero\\u200bwidth'");
        assert_eq!(py_repr("\u{7f}"), "'\\x7f'");
        assert_eq!(py_repr("héllo ☃"), "'héllo ☃'");
    }
}
