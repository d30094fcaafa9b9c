//! `EmailStr`: pydantic's `EmailStr`, an e-mail address checked by the rules of the
//! `email-validator` package (syntax only, no DNS) with its error messages, and
//! normalized as it normalizes (the domain lowercased, or in Unicode when it was sent as
//! IDNA; role mailboxes such as `Postmaster` lowercased).

use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Invalid;

mod chars;
mod literal;

/// The longest input pydantic passes to the validator.
pub const MAX_INPUT_LENGTH: usize = 2048;
const EMAIL_MAX_LENGTH: usize = 254;
const DOMAIN_MAX_LENGTH: usize = 253;
const DNS_LABEL_LENGTH_LIMIT: usize = 63;
const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";
const CASE_INSENSITIVE_MAILBOX_NAMES: &[&str] = &[
    "info",
    "marketing",
    "sales",
    "support",
    "abuse",
    "noc",
    "security",
    "postmaster",
    "hostmaster",
    "usenet",
    "news",
    "webmaster",
    "www",
    "uucp",
    "ftp",
];
const SPECIAL_USE_DOMAIN_NAMES: &[&str] = &["arpa", "invalid", "local", "localhost", "onion", "test"];

/// pydantic's "pretty" form `Name <address>`: only the address is validated.
static PRETTY: LazyLock<regex::Regex> = LazyLock::new(|| {
    let name_chars = r"[\w.!#$%&'*+\-/=?^_`{|}~]";
    regex::Regex::new(&format!(r#"^\s*(?:((?:{name_chars}+\s+)*{name_chars}+)|"((?:[^"]|\")+)")?\s*<(.+)>\s*$"#))
        .unwrap_or_else(|e| unreachable!("the pattern is constant: {e}"))
});

/// A validated, normalized e-mail address (pydantic's `EmailStr`; schema
/// `{"type": "string", "format": "email"}`).
///
/// ```
/// use brisk::types::EmailStr;
/// assert_eq!(EmailStr::parse("Jane@Example.COM").unwrap().as_str(), "Jane@example.com");
/// let e = EmailStr::parse("not-an-email").unwrap_err();
/// assert_eq!(e.msg, "value is not a valid email address: An email address must have an @-sign.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailStr(String);

impl EmailStr {
    /// Validates and normalizes an address, with pydantic's `value_error`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        check(input).map(EmailStr).map_err(|reason| {
            Invalid::new("value_error", format!("value is not a valid email address: {reason}"))
                .with_ctx("reason", reason)
        })
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(l, _)| l)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

impl fmt::Display for EmailStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EmailStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for EmailStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EmailStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        EmailStr::parse(&s).map_err(|e| serde::de::Error::custom(e.msg))
    }
}

/// pydantic's `validate_email`, then email-validator's `validate_email` (no DNS): the
/// normalized address, or the reason it is invalid.
fn check(input: &str) -> Result<String, String> {
    if input.chars().count() > MAX_INPUT_LENGTH {
        return Err(format!("Length must not exceed {MAX_INPUT_LENGTH} characters"));
    }
    if input.contains(['\r', '\n']) {
        return Err("Carriage return and line feed characters are not allowed".into());
    }
    let email = match PRETTY.captures(input) {
        Some(c) => c.get(3).map_or("", |m| m.as_str()),
        None => input,
    };
    validate(email.trim_matches(chars::is_py_space))
}

/// Splits at the first special character outside quotes that nothing combines with
/// (email-validator's `split_string_at_unquoted_special`); the right part keeps it.
fn split_unquoted<'a>(text: &'a str, specials: &[char]) -> Result<(&'a str, &'a str), String> {
    let (mut quoted, mut escaped) = (false, false);
    for (i, c) in text.char_indices() {
        if chars::combines(&text[i..]) {
            continue;
        }
        if quoted {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    quoted = false;
                    escaped = false;
                }
                _ => escaped = false,
            }
        } else if c == '"' {
            quoted = true;
        } else if specials.contains(&c) {
            return Ok((&text[..i], &text[i..]));
        }
    }
    Err(if text.contains('＠') {
        "The email address has the \"full-width\" at-sign (@) character instead of a regular at-sign.".into()
    } else if text.contains('﹫') {
        "The email address has the \"small commercial at\" character instead of a regular at-sign.".into()
    } else {
        "An email address must have an @-sign.".into()
    })
}

/// A quoted string's content (`"a b"` -> `a b`), and whether it was quoted
/// (email-validator's `unquote_quoted_string`).
fn unquote(text: &str) -> Result<(String, bool), String> {
    if !text.starts_with('"') {
        return Ok((text.to_owned(), false));
    }
    let (mut value, mut escaped) = (String::new(), false);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate().skip(1) {
        if escaped {
            value.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            if i != chars.len() - 1 {
                let rest: Vec<String> = chars[i + 1..].iter().map(|&c| chars::display(c)).collect();
                return Err(format!("Extra character(s) found after close quote: {}", rest.join(", ")));
            }
            break;
        } else {
            value.push(c);
        }
    }
    Ok((value, true))
}

fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || ATEXT.contains(c)
}

fn atext_intl(c: char) -> bool {
    atext(c) || !c.is_ascii()
}

fn hostname_intl(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.' || !c.is_ascii()
}

fn dot_atom(s: &str, char_ok: impl Fn(char) -> bool) -> bool {
    s.split('.').all(|part| !part.is_empty() && part.chars().all(&char_ok))
}

fn check_dot_atom(label: &str, start: &str, end: &str, hostname: bool) -> Result<(), String> {
    if label.ends_with('.') {
        return Err(end.replace("{}", "period"));
    }
    if label.starts_with('.') {
        return Err(start.replace("{}", "period"));
    }
    if label.contains("..") {
        return Err("An email address cannot have two periods in a row.".into());
    }
    if hostname {
        if label.ends_with('-') {
            return Err(end.replace("{}", "hyphen"));
        }
        if label.starts_with('-') {
            return Err(start.replace("{}", "hyphen"));
        }
        if label.contains(".-") || label.contains("-.") {
            return Err("An email address cannot have a period and a hyphen next to each other.".into());
        }
    }
    Ok(())
}

/// An address split as email-validator's `split_email` splits it.
struct Parts<'a> {
    /// `Some` when the address was in angle brackets (the name may be empty).
    display_name: Option<String>,
    /// The local part as sent (quotes included).
    local: &'a str,
    domain: &'a str,
}

fn split_email(email: &str) -> Result<Parts<'_>, String> {
    let (left, right) = split_unquoted(email, &['@', '<'])?;
    let (display_name, local, domain) = if right.starts_with('<') {
        let (name, quoted) = unquote(left.trim_end_matches(chars::is_py_space))?;
        if !quoted && let Some(bad) = chars::bad_chars(&name, |c| c == ' ' || (c != '.' && (c.is_ascii() && atext(c))))
        {
            return Err(format!("The display name contains invalid characters when not quoted: {bad}."));
        }
        chars::check_unsafe(&name, true)?;
        if !right.contains('>') {
            return Err("An open angle bracket at the start of the email address has to be followed by a close \
                        angle bracket at the end."
                .into());
        }
        let right = right.trim_end_matches(' ');
        if !right.ends_with('>') {
            return Err("There can't be anything after the email address.".into());
        }
        let (local, domain) = split_unquoted(&right[1..right.len() - 1], &['@'])?;
        (Some(name), local, domain)
    } else {
        (None, left, right)
    };
    Ok(Parts { display_name, local, domain: domain.strip_prefix('@').unwrap_or(domain) })
}

/// email-validator's `validate_email` with its defaults (internationalized local parts
/// allowed; quoted local parts, domain literals and display names refused).
fn validate(email: &str) -> Result<String, String> {
    let parts = split_email(email)?;
    let (unescaped, quoted) = unquote(parts.local)?;
    let mut local = validate_local(&unescaped, quoted)?;
    let normalized = chars::nfc(&unescaped);
    if normalized != unescaped {
        local = validate_local(&normalized, quoted).map_err(|e| format!("After Unicode normalization: {e}"))?;
    }
    if quoted {
        return Err("Quoting the part before the @-sign is not allowed here.".into());
    }
    if local.is_ascii() && CASE_INSENSITIVE_MAILBOX_NAMES.contains(&local.to_ascii_lowercase().as_str()) {
        local = local.to_ascii_lowercase();
    }
    let domain = parts.domain;
    if domain.is_empty() {
        return Err("There must be something after the @-sign.".into());
    }
    if domain.starts_with('[') && domain.ends_with(']') {
        literal::validate(&domain[1..domain.len() - 1])?;
        return Err("A bracketed IP address after the @-sign is not allowed here.".into());
    }
    let (shown, ascii_domain) = validate_domain(domain)?;
    let ascii_local = if local.is_ascii() { local.as_str() } else { "" };
    check_length(&[
        (&format!("{}@{domain}", parts.local), None),
        (&format!("{local}@{shown}"), Some("after normalization")),
        (&format!("{ascii_local}@{ascii_domain}"), Some("when the part after the @-sign is converted to IDNA ASCII")),
    ])?;
    if parts.display_name.is_some() {
        return Err("A display name and angle brackets around the email address are not permitted here.".into());
    }
    Ok(format!("{local}@{shown}"))
}

/// email-validator's `validate_email_local_part`: the local part as it is kept.
fn validate_local(local: &str, quoted: bool) -> Result<String, String> {
    if local.is_empty() {
        return Err("There must be something before the @-sign.".into());
    }
    if dot_atom(local, atext) {
        return Ok(local.to_owned());
    }
    if dot_atom(local, atext_intl) {
        chars::check_unsafe(local, false)?;
        return Ok(local.to_owned());
    }
    if quoted {
        if let Some(bad) = chars::bad_chars(local, |c| c >= ' ' && c != '\u{7f}') {
            return Err(format!("The email address contains invalid characters in quotes before the @-sign: {bad}."));
        }
        chars::check_unsafe(local, true)?;
        let mut kept = String::from("\"");
        for c in local.chars() {
            if c == '"' || c == '\\' {
                kept.push('\\');
            }
            kept.push(c);
        }
        kept.push('"');
        return Ok(kept);
    }
    if let Some(bad) = chars::bad_chars(local, |c| c == '.' || atext_intl(c)) {
        return Err(format!("The email address contains invalid characters before the @-sign: {bad}."));
    }
    check_dot_atom(
        local,
        "An email address cannot start with a {}.",
        "An email address cannot have a {} immediately before the @-sign.",
        false,
    )?;
    Err("The email address contains invalid characters before the @-sign.".into())
}

fn too_many(len: usize, limit: usize) -> String {
    let diff = len - limit;
    format!("({diff} character{} too many)", if diff > 1 { "s" } else { "" })
}

/// UTS #46 valid characters as email-validator screens them before mapping
/// (`uts46_valid_char`).
fn uts46_valid_char(c: char) -> bool {
    let n = c as u32;
    if (0x80..=0x9f).contains(&n) {
        return false;
    }
    if ((0x2010..=0x2060).contains(&n) && !(0x2024..=0x2026).contains(&n) && !(0x2028..=0x202E).contains(&n))
        || [0xAD, 0x2064, 0xFF0E].contains(&n)
        || (0x200B..=0x200D).contains(&n)
        || (0x1BCA0..=0x1BCA3).contains(&n)
    {
        return true;
    }
    !chars::uts46_refused(c)
}

/// The domain as it is shown (Unicode) and as it is sent (ASCII, IDNA).
fn validate_domain(domain: &str) -> Result<(String, String), String> {
    if domain.chars().count() > DOMAIN_MAX_LENGTH {
        let reason = too_many(domain.chars().count(), DOMAIN_MAX_LENGTH);
        return Err(format!("The email address is too long after the @-sign {reason}."));
    }
    if let Some(bad) = chars::bad_chars(domain, hostname_intl) {
        return Err(format!("The part after the @-sign contains invalid characters: {bad}."));
    }
    chars::check_unsafe(domain, false)?;
    if let Some(bad) = chars::bad_chars(domain, uts46_valid_char) {
        return Err(format!("The part after the @-sign contains invalid characters: {bad}."));
    }
    // UTS #46 mapping: ASCII is lowercased; other text goes through IDNA.
    let mapped = if domain.is_ascii() {
        domain.to_ascii_lowercase()
    } else {
        let (unicode, result) = idna::domain_to_unicode(domain);
        result.map_err(|_| "The part after the @-sign contains invalid characters (IDNA).".to_owned())?;
        unicode
    };
    if let Some(bad) = chars::bad_chars(&mapped, hostname_intl) {
        return Err(format!(
            "The part after the @-sign contains invalid characters after Unicode normalization: {bad}."
        ));
    }
    check_dot_atom(
        &mapped,
        "An email address cannot have a {} immediately after the @-sign.",
        "An email address cannot end with a {}.",
        true,
    )?;
    for label in mapped.split('.') {
        let mut c = label.chars();
        let (a, b, d1, d2) = (c.next(), c.next(), c.next(), c.next());
        let xn = matches!((a, b), (Some('x' | 'X'), Some('n' | 'N')));
        if a.is_some() && b.is_some() && d1 == Some('-') && d2 == Some('-') && !xn {
            return Err("An email address cannot have two letters followed by two dashes immediately after the \
                        @-sign or after a period, except Punycode."
                .into());
        }
    }
    let ascii = if mapped.is_ascii() {
        mapped.clone()
    } else {
        idna::domain_to_ascii(&mapped).map_err(|_| "The part after the @-sign is invalid (IDNA).".to_owned())?
    };
    if ascii.len() > DOMAIN_MAX_LENGTH {
        return Err(if ascii == domain {
            format!("The email address is too long after the @-sign {}.", too_many(ascii.len(), DOMAIN_MAX_LENGTH))
        } else {
            let diff = ascii.len() - DOMAIN_MAX_LENGTH;
            format!(
                "The email address is too long after the @-sign ({diff} byte{} too many after IDNA encoding).",
                if diff == 1 { "" } else { "s" }
            )
        });
    }
    for label in ascii.split('.') {
        if label.len() > DNS_LABEL_LENGTH_LIMIT {
            let reason = too_many(label.len(), DNS_LABEL_LENGTH_LIMIT);
            return Err(format!("After the @-sign, periods cannot be separated by so many characters {reason}."));
        }
    }
    if !ascii.contains('.') {
        return Err("The part after the @-sign is not valid. It should have a period.".into());
    }
    if !ascii.ends_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("The part after the @-sign is not valid. It is not within a valid top-level domain.".into());
    }
    if SPECIAL_USE_DOMAIN_NAMES.iter().any(|d| ascii == *d || ascii.ends_with(&format!(".{d}"))) {
        return Err(
            "The part after the @-sign is a special-use or reserved name that cannot be used with email.".into()
        );
    }
    if !ascii.contains("xn--") {
        return Ok((ascii.clone(), ascii));
    }
    for label in ascii.split('.') {
        a_label(label).map_err(|e| format!("The part after the @-sign is not valid IDNA ({e})."))?;
    }
    let (shown, result) = idna::domain_to_unicode(&ascii);
    result.map_err(|_| "The part after the @-sign is not valid IDNA (Invalid A-label).".to_owned())?;
    if let Some(bad) = chars::bad_chars(&shown, hostname_intl) {
        return Err(format!("The part after the @-sign contains invalid characters: {bad}."));
    }
    chars::check_unsafe(&shown, false)?;
    Ok((shown, ascii))
}

/// An `xn--` label decoded as Python's `idna` package checks it first: Punycode that does
/// not decode, then a decoded character that is a control or otherwise refused, worded as
/// it words them (its other IDNA 2008 rules are the `idna` crate's UTS #46 ones here).
fn a_label(label: &str) -> Result<(), String> {
    let Some(encoded) = label.get(..4).filter(|p| p.eq_ignore_ascii_case("xn--")).map(|_| &label[4..]) else {
        return Ok(());
    };
    let decoded = idna::punycode::decode_to_string(encoded).ok_or_else(|| "Invalid A-label".to_owned())?;
    let refused = decoded.chars().position(|c| c.is_control() || chars::uts46_refused(c));
    if let Some(i) = refused {
        let c = decoded.chars().nth(i).unwrap_or_default();
        let shown = chars::py_repr(&decoded);
        return Err(format!("Codepoint U+{:04X} at position {} of {shown} not allowed", c as u32, i + 1));
    }
    Ok(())
}

/// email-validator's `validate_email_length`: the address as sent, normalized, and in
/// ASCII, each at most 254 bytes.
fn check_length(addresses: &[(&str, Option<&str>)]) -> Result<(), String> {
    for &(addr, when) in addresses {
        let (chars, bytes) = (addr.chars().count(), addr.len());
        let Some(diff) = bytes.checked_sub(EMAIL_MAX_LENGTH).filter(|d| *d > 0) else { continue };
        let s = if diff > 1 { "s" } else { "" };
        let reason = match when {
            None if chars == bytes => too_many(bytes, EMAIL_MAX_LENGTH),
            None => {
                let widest = addr.chars().map(char::len_utf8).max().unwrap_or(1);
                let fewest = (diff / widest).max(1);
                if fewest == diff {
                    format!("({diff} character{s} too many)")
                } else {
                    format!("({fewest}-{diff} character{s} too many)")
                }
            }
            Some(w) => format!("{w} ({diff} byte{s} too many)"),
        };
        return Err(format!("The email address is too long {reason}."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(s: &str) -> String {
        EmailStr::parse(s).unwrap_err().ctx.and_then(|c| c["reason"].as_str().map(str::to_owned)).unwrap_or_default()
    }

    #[test]
    fn valid_addresses_are_normalized() {
        assert_eq!(EmailStr::parse("foo@example.com").unwrap().as_str(), "foo@example.com");
        assert_eq!(EmailStr::parse(" Foo.Bar+x@EXAMPLE.com ").unwrap().as_str(), "Foo.Bar+x@example.com");
        assert_eq!(EmailStr::parse("Postmaster@example.com").unwrap().as_str(), "postmaster@example.com");
        assert_eq!(EmailStr::parse("John Doe <john@example.com>").unwrap().as_str(), "john@example.com");
        assert_eq!(EmailStr::parse("\"John\" <john@example.com>").unwrap().local_part(), "john");
        assert_eq!(EmailStr::parse("用户@例子.广告").unwrap().domain(), "例子.广告");
        assert_eq!(EmailStr::parse("a@xn--fsqu00a.xn--3lr804guic").unwrap().domain(), "例子.卷筒纸");
    }

    #[test]
    fn email_validator_reasons() {
        // Each as email-validator 2 words it (checked against the Python package).
        assert_eq!(reason("not-an-email"), "An email address must have an @-sign.");
        assert_eq!(reason("@example.com"), "There must be something before the @-sign.");
        assert_eq!(reason("foo@"), "There must be something after the @-sign.");
        assert_eq!(reason("foo@localhost"), "The part after the @-sign is not valid. It should have a period.");
        assert_eq!(
            reason("foo@bar.123"),
            "The part after the @-sign is not valid. It is not within a valid top-level domain."
        );
        assert_eq!(
            reason("fo o@example.com"),
            "The email address contains invalid characters before the @-sign: SPACE."
        );
        assert_eq!(
            reason("a(b)@example.com"),
            "The email address contains invalid characters before the @-sign: '(', ')'."
        );
        assert_eq!(reason(".foo@example.com"), "An email address cannot start with a period.");
        assert_eq!(reason("foo.@example.com"), "An email address cannot have a period immediately before the @-sign.");
        assert_eq!(reason("fo..o@example.com"), "An email address cannot have two periods in a row.");
        assert_eq!(reason("foo@-example.com"), "An email address cannot have a hyphen immediately after the @-sign.");
        assert_eq!(reason("foo@example.com."), "An email address cannot end with a period.");
        assert_eq!(reason("foo@exa_mple.com"), "The part after the @-sign contains invalid characters: '_'.");
        assert_eq!(
            reason("foo@my.local"),
            "The part after the @-sign is a special-use or reserved name that cannot be used with email."
        );
        assert_eq!(reason("\"a b\"@example.com"), "Quoting the part before the @-sign is not allowed here.");
        assert_eq!(reason("foo@[127.0.0.1]"), "A bracketed IP address after the @-sign is not allowed here.");
        assert_eq!(
            reason("foo@ab--cd.com"),
            "An email address cannot have two letters followed by two dashes immediately after the @-sign or after a period, except Punycode."
        );
        let long_label = format!("foo@{}.com", "a".repeat(64));
        assert_eq!(
            reason(&long_label),
            "After the @-sign, periods cannot be separated by so many characters (1 character too many)."
        );
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(reason(&long), "The email address is too long (8 characters too many).");
        assert_eq!(reason(&"a".repeat(2049)), "Length must not exceed 2048 characters");
        assert_eq!(reason("a\nb@example.com"), "Carriage return and line feed characters are not allowed");
        assert_eq!(
            reason("a\tb@example.com"),
            "The email address contains invalid characters before the @-sign: U+0009."
        );
        assert_eq!(
            reason("foo<bar@example.com"),
            "An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end."
        );
        assert_eq!(reason("<foo@example.com> x"), "There can't be anything after the email address.");
        assert_eq!(reason("a@b@example.com"), "The part after the @-sign contains invalid characters: '@'.");
    }
}
