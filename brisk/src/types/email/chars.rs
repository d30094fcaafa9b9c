//! Characters as email-validator sees them: Unicode general categories (its unsafe-character
//! rule), how its messages show a character (Python's `repr`, or the character's Unicode
//! name), and NFC normalization.

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};

use crate::pyrepr::category;
pub(super) use crate::pyrepr::py_repr;

/// True for letters, numbers, punctuation and symbols (categories `L`, `N`, `P`, `S`).
fn is_lnps(c: char) -> bool {
    let g = category(c);
    [GeneralCategoryGroup::Letter, GeneralCategoryGroup::Number, GeneralCategoryGroup::Punctuation]
        .iter()
        .chain([GeneralCategoryGroup::Symbol].iter())
        .any(|group| group.contains(g))
}

/// True for marks (category `M`), which are unsafe first in a string.
fn is_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(category(c))
}

/// How email-validator shows a character in a message (`safe_character_display`): `repr`
/// for letters, numbers, punctuation and symbols, else its Unicode name (or code point).
pub(super) fn display(c: char) -> String {
    if c == '\\' {
        return "\"\\\"".into();
    }
    if is_lnps(c) {
        return py_repr(c.encode_utf8(&mut [0; 4]));
    }
    match unicode_names2::name(c) {
        Some(name) => name.to_string(),
        None if (c as u32) < 0xFFFF => format!("U+{:04X}", c as u32),
        None => format!("U+{:08X}", c as u32),
    }
}

/// The sorted, distinct displays of the characters of `s` that fail `ok`, joined as
/// email-validator lists them.
pub(super) fn bad_chars(s: &str, ok: impl Fn(char) -> bool) -> Option<String> {
    let mut bad: Vec<String> = s.chars().filter(|&c| !ok(c)).map(display).collect();
    bad.sort();
    bad.dedup();
    (!bad.is_empty()).then(|| bad.join(", "))
}

/// email-validator's `check_unsafe_chars`: separators other than spaces (when allowed),
/// controls, format and unassigned characters, and a mark first, are refused.
pub(super) fn check_unsafe(s: &str, allow_space: bool) -> Result<(), String> {
    let mut bad: Vec<char> = s
        .chars()
        .enumerate()
        .filter(|&(i, c)| {
            if is_lnps(c) {
                false
            } else if is_mark(c) {
                i == 0
            } else {
                !(allow_space && category(c) == GeneralCategory::SpaceSeparator)
            }
        })
        .map(|(_, c)| c)
        .collect();
    bad.sort_unstable();
    bad.dedup();
    if bad.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = bad.into_iter().map(display).collect();
    Err(format!("The email address contains unsafe characters: {}.", shown.join(", ")))
}

/// True for what email-validator's `uts46_valid_char` refuses by category (format,
/// unassigned, private use, surrogates, separators) or by a decomposition holding a full
/// stop.
pub(super) fn uts46_refused(c: char) -> bool {
    matches!(
        category(c),
        GeneralCategory::Format
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
            | GeneralCategory::SpaceSeparator
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    ) || (c != '.' && DecomposingNormalizerBorrowed::new_nfkd().normalize(c.encode_utf8(&mut [0; 4])).contains('.'))
}

/// The text in Unicode normalization form C.
pub(super) fn nfc(s: &str) -> String {
    ComposingNormalizerBorrowed::new_nfc().normalize(s).into_owned()
}

/// True when the character at the start of `rest` combines with what follows it (NFC
/// changes it), so it is not read as a special character (`<`, `@`, `"`).
pub(super) fn combines(rest: &str) -> bool {
    let window: String = rest.chars().take(32).collect();
    nfc(&window).chars().next() != rest.chars().next()
}

/// Python's `str.strip()`/`rstrip()` whitespace: Unicode white space and the separators
/// `\x1c`..`\x1f`.
pub(super) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_shown_as_email_validator_shows_them() {
        assert_eq!(display('a'), "'a'");
        assert_eq!(display('\''), "\"'\"");
        assert_eq!(display('\\'), "\"\\\"");
        assert_eq!(display(' '), "SPACE");
        assert_eq!(display('\u{2028}'), "LINE SEPARATOR");
        assert_eq!(display('\u{301}'), "COMBINING ACUTE ACCENT");
        assert_eq!(display('\t'), "U+0009");
        assert_eq!(py_repr("1.2.3"), "'1.2.3'");
        assert_eq!(py_repr("a'b"), "\"a'b\"");
        assert_eq!(py_repr("\u{82}"), "'\\x82'");
        assert_eq!(
            check_unsafe("a\u{200b}b", false).unwrap_err(),
            "The email address contains unsafe characters: ZERO WIDTH SPACE."
        );
        assert!(check_unsafe("a b", true).is_ok());
        assert_eq!(nfc("a\u{301}"), "\u{e1}");
        assert!(combines("<\u{338}") && !combines("<a"));
    }
}
