//! `#[model(rename_all = "..")]`: pydantic's alias generators (`to_camel`, `to_pascal`,
//! `to_snake`, ported rule for rule) and serde's other case names.

/// The rule names accepted, for error messages.
pub const RULES: &str = "\"camelCase\" (to_camel), \"PascalCase\" (to_pascal), \"snake_case\" (to_snake), \
                         \"lowercase\", \"UPPERCASE\", \"SCREAMING_SNAKE_CASE\", \"kebab-case\", \"SCREAMING-KEBAB-CASE\"";

/// A renaming rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    Camel,
    Pascal,
    Snake,
    Lower,
    Upper,
    Kebab,
    ScreamingKebab,
}

impl Rule {
    /// The rule's index in the keys a computed field carries (`brisk::model::ComputedField::renamed`).
    pub fn index(self) -> usize {
        Rule::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }

    /// Every rule, in the order of `brisk::model::ComputedField::renamed`.
    pub const ALL: [Rule; 7] =
        [Rule::Camel, Rule::Pascal, Rule::Snake, Rule::Lower, Rule::Upper, Rule::Kebab, Rule::ScreamingKebab];

    /// The rule of a `rename_all` value: serde's names, or pydantic's generator names.
    pub fn parse(s: &str) -> Option<Rule> {
        Some(match s {
            "camelCase" | "to_camel" => Rule::Camel,
            "PascalCase" | "to_pascal" => Rule::Pascal,
            "snake_case" | "to_snake" => Rule::Snake,
            "lowercase" => Rule::Lower,
            "UPPERCASE" | "SCREAMING_SNAKE_CASE" => Rule::Upper,
            "kebab-case" => Rule::Kebab,
            "SCREAMING-KEBAB-CASE" => Rule::ScreamingKebab,
            _ => return None,
        })
    }

    /// The alias of a field named `name`.
    pub fn apply(self, name: &str) -> String {
        match self {
            Rule::Camel => to_camel(name),
            Rule::Pascal => to_pascal(name),
            Rule::Snake => to_snake(name),
            Rule::Lower => name.to_lowercase(),
            Rule::Upper => name.to_uppercase(),
            Rule::Kebab => name.replace('_', "-"),
            Rule::ScreamingKebab => name.to_uppercase().replace('_', "-"),
        }
    }
}

/// Python's `str.title()`: each run of letters capitalised, the rest lowercased.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for ch in s.chars() {
        if ch.is_alphabetic() {
            if prev_cased {
                out.extend(ch.to_lowercase());
            } else {
                out.extend(ch.to_uppercase());
            }
            prev_cased = true;
        } else {
            out.push(ch);
            prev_cased = false;
        }
    }
    out
}

/// pydantic's `to_pascal`: `snake.title()`, then `re.sub('([0-9A-Za-z])_(?=[0-9A-Z])', ..)`.
pub fn to_pascal(snake: &str) -> String {
    let c: Vec<char> = title(snake).chars().collect();
    let mut out = String::with_capacity(c.len());
    let mut i = 0;
    while i < c.len() {
        out.push(c[i]);
        if c[i].is_ascii_alphanumeric()
            && c.get(i + 1) == Some(&'_')
            && c.get(i + 2).is_some_and(|n| n.is_ascii_digit() || n.is_ascii_uppercase())
        {
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// pydantic's `to_camel`: unchanged when already camelCase, else `to_pascal` with the first
/// letter (after leading underscores) lowercased.
pub fn to_camel(snake: &str) -> String {
    let b = snake.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    let already = lead > 0
        && b[lead..].iter().all(|c| c.is_ascii_alphanumeric())
        && !b.windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_lowercase());
    if already {
        return snake.to_owned();
    }
    let pascal = to_pascal(snake);
    let underscores = pascal.chars().take_while(|c| *c == '_').count();
    let mut chars: Vec<char> = pascal.chars().collect();
    if let Some(first) = chars.get_mut(underscores)
        && first.is_ascii_uppercase()
    {
        *first = first.to_ascii_lowercase();
    }
    chars.into_iter().collect()
}

/// Inserts `_` between `a` and `b` wherever `pair(a, b)` holds, as `re.sub('(x)(y)', r'\1_\2')`
/// does when the second class never matches the first.
fn split_pairs(s: &str, pair: impl Fn(char, char) -> bool) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    for (i, ch) in c.iter().enumerate() {
        out.push(*ch);
        if c.get(i + 1).is_some_and(|n| pair(*ch, *n)) {
            out.push('_');
        }
    }
    out
}

/// pydantic's `to_snake`, its four substitutions in order, then `-` to `_` and lowercase.
pub fn to_snake(camel: &str) -> String {
    // ([A-Z]+)([A-Z][a-z]): an underscore before the last capital of a run of two or more
    // capitals followed by a lowercase letter.
    let c: Vec<char> = camel.chars().collect();
    let mut s = String::with_capacity(c.len() + 4);
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_uppercase() {
            let run = c[i..].iter().take_while(|x| x.is_ascii_uppercase()).count();
            if run >= 2 && c.get(i + run).is_some_and(|x| x.is_ascii_lowercase()) {
                s.extend(&c[i..i + run - 1]);
                s.push('_');
                s.push(c[i + run - 1]);
                s.push(c[i + run]);
                i += run + 1;
                continue;
            }
        }
        s.push(c[i]);
        i += 1;
    }
    let s = split_pairs(&s, |a, b| a.is_ascii_lowercase() && b.is_ascii_uppercase());
    let s = split_pairs(&s, |a, b| a.is_ascii_digit() && b.is_ascii_uppercase());
    let s = split_pairs(&s, |a, b| a.is_ascii_lowercase() && b.is_ascii_digit());
    s.replace('-', "_").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 11] = [
        "first_name",
        "http_url2",
        "a_b_c",
        "already",
        "item_ID",
        "__x",
        "x__y",
        "_private",
        "name2_x",
        "HTTPResponse",
        "firstName",
    ];

    /// Outputs of pydantic 2.14's generators on `NAMES`.
    #[test]
    fn generators_match_pydantic() {
        let camel = [
            "firstName",
            "httpUrl2",
            "aBC",
            "already",
            "itemId",
            "__x",
            "x__Y",
            "_private",
            "name2X",
            "httpresponse",
            "firstName",
        ];
        let pascal = [
            "FirstName",
            "HttpUrl2",
            "ABC",
            "Already",
            "ItemId",
            "__X",
            "X__Y",
            "_Private",
            "Name2X",
            "Httpresponse",
            "Firstname",
        ];
        let snake = [
            "first_name",
            "http_url_2",
            "a_b_c",
            "already",
            "item_id",
            "__x",
            "x__y",
            "_private",
            "name_2_x",
            "http_response",
            "first_name",
        ];
        for (i, n) in NAMES.iter().enumerate() {
            assert_eq!(to_camel(n), camel[i], "to_camel({n})");
            assert_eq!(to_pascal(n), pascal[i], "to_pascal({n})");
            assert_eq!(to_snake(n), snake[i], "to_snake({n})");
        }
    }

    #[test]
    fn serde_names() {
        assert_eq!(Rule::parse("kebab-case").unwrap().apply("max_size"), "max-size");
        assert_eq!(Rule::parse("SCREAMING-KEBAB-CASE").unwrap().apply("max_size"), "MAX-SIZE");
        assert_eq!(Rule::parse("SCREAMING_SNAKE_CASE").unwrap().apply("max_size"), "MAX_SIZE");
        assert_eq!(Rule::parse("lowercase").unwrap().apply("max_size"), "max_size");
        assert_eq!(Rule::parse("to_camel"), Some(Rule::Camel));
        assert_eq!(Rule::parse("camel"), None);
    }
}
