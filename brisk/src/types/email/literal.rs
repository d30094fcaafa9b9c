//! Domain literals (`user@[192.0.2.1]`, `user@[IPv6:2001:db8::1]`): checked as
//! email-validator checks them, the address read as Python's `ipaddress` reads it, with its
//! error messages (pydantic then refuses any domain literal).

use super::chars::{bad_chars, py_repr};

/// email-validator's `validate_email_domain_literal`: `Err` with its reason when the
/// literal is not a valid address.
pub(super) fn validate(literal: &str) -> Result<(), String> {
    if !literal.is_empty() && literal.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return ipv4(literal).map(|_| ()).map_err(|e| {
            format!(
                "The address in brackets after the @-sign is not valid: It is not an IPv4 address ({e}) or is \
                 missing an address literal tag."
            )
        });
    }
    if literal.len() >= 5 && literal.is_char_boundary(5) && literal[..5].eq_ignore_ascii_case("ipv6:") {
        let address = &literal[5..];
        let e = if address.contains('/') {
            Some(format!("Unexpected '/' in {}", py_repr(address)))
        } else {
            match address.split_once('%') {
                Some((_, scope)) if scope.is_empty() || scope.contains('%') => {
                    Some(format!("Invalid IPv6 address: \"{}\"", py_repr(address)))
                }
                Some((ip, _)) => match ipv6(ip) {
                    Ok(()) => {
                        return Err(
                            "The IPv6 address in brackets after the @-sign is not valid (It has a zone index).".into(),
                        );
                    }
                    Err(e) => Some(e),
                },
                None => ipv6(address).err(),
            }
        };
        return match e {
            Some(e) => Err(format!("The IPv6 address in brackets after the @-sign is not valid ({e}).")),
            None => Ok(()),
        };
    }
    if !literal.contains(':') {
        return Err(
            "The part after the @-sign in brackets is not an IPv4 address and has no address literal tag.".into()
        );
    }
    if let Some(bad) = bad_chars(literal, |c| ('\u{21}'..='\u{fa}').contains(&c)) {
        return Err(format!("The part after the @-sign contains invalid characters in brackets: {bad}."));
    }
    Err("The part after the @-sign contains an invalid address literal tag in brackets.".into())
}

/// `ipaddress.IPv4Address(s)`: the address, or the message of its `AddressValueError`.
fn ipv4(s: &str) -> Result<u32, String> {
    if s.is_empty() {
        return Err("Address cannot be empty".into());
    }
    let octets: Vec<&str> = s.split('.').collect();
    if octets.len() != 4 {
        return Err(format!("Expected 4 octets in {}", py_repr(s)));
    }
    let mut ip = 0u32;
    for o in octets {
        let octet = parse_octet(o).map_err(|e| format!("{e} in {}", py_repr(s)))?;
        ip = (ip << 8) | octet;
    }
    Ok(ip)
}

fn parse_octet(o: &str) -> Result<u32, String> {
    if o.is_empty() {
        return Err("Empty octet not permitted".into());
    }
    if !o.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("Only decimal digits permitted in {}", py_repr(o)));
    }
    if o.len() > 3 {
        return Err(format!("At most 3 characters permitted in {}", py_repr(o)));
    }
    if o != "0" && o.starts_with('0') {
        return Err(format!("Leading zeros are not permitted in {}", py_repr(o)));
    }
    let n: u32 = o.parse().map_err(|_| format!("Only decimal digits permitted in {}", py_repr(o)))?;
    if n > 255 {
        return Err(format!("Octet {n} (> 255) not permitted"));
    }
    Ok(n)
}

/// `ipaddress.IPv6Address(s)` without a zone index: the message of its error, if any.
fn ipv6(s: &str) -> Result<(), String> {
    const HEXTETS: usize = 8;
    if s.is_empty() {
        return Err("Address cannot be empty".into());
    }
    let shown = py_repr(s);
    let mut parts: Vec<String> = s.split(':').map(str::to_owned).collect();
    if parts.len() < 3 {
        return Err(format!("At least 3 parts expected in {shown}"));
    }
    if parts.last().is_some_and(|p| p.contains('.')) {
        let v4 = parts.pop().unwrap_or_default();
        let ip = ipv4(&v4).map_err(|e| format!("{e} in {shown}"))?;
        parts.push(format!("{:x}", ip >> 16));
        parts.push(format!("{:x}", ip & 0xFFFF));
    }
    if parts.len() > HEXTETS + 1 {
        return Err(format!("At most {HEXTETS} colons permitted in {shown}"));
    }
    let mut skip = None;
    for (i, p) in parts.iter().enumerate().take(parts.len() - 1).skip(1) {
        if p.is_empty() {
            if skip.is_some() {
                return Err(format!("At most one '::' permitted in {shown}"));
            }
            skip = Some(i);
        }
    }
    let (hi, lo) = if let Some(i) = skip {
        let (mut hi, mut lo) = (i, parts.len() - i - 1);
        if parts[0].is_empty() {
            hi -= 1;
            if hi > 0 {
                return Err(format!("Leading ':' only permitted as part of '::' in {shown}"));
            }
        }
        if parts[parts.len() - 1].is_empty() {
            lo -= 1;
            if lo > 0 {
                return Err(format!("Trailing ':' only permitted as part of '::' in {shown}"));
            }
        }
        if HEXTETS < hi + lo + 1 {
            return Err(format!("Expected at most {} other parts with '::' in {shown}", HEXTETS - 1));
        }
        (hi, lo)
    } else {
        if parts.len() != HEXTETS {
            return Err(format!("Exactly {HEXTETS} parts expected without '::' in {shown}"));
        }
        if parts[0].is_empty() {
            return Err(format!("Leading ':' only permitted as part of '::' in {shown}"));
        }
        if parts[parts.len() - 1].is_empty() {
            return Err(format!("Trailing ':' only permitted as part of '::' in {shown}"));
        }
        (parts.len(), 0)
    };
    let read = parts[..hi].iter().chain(parts[parts.len() - lo..].iter());
    for h in read {
        if !h.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("Only hex digits permitted in {} in {shown}", py_repr(h)));
        }
        if h.len() > 4 {
            return Err(format!("At most 4 characters permitted in {} in {shown}", py_repr(h)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_pythons() {
        assert_eq!(ipv4("1.2.3").unwrap_err(), "Expected 4 octets in '1.2.3'");
        assert_eq!(ipv4("1.2.3.256").unwrap_err(), "Octet 256 (> 255) not permitted in '1.2.3.256'");
        assert_eq!(ipv4("1.02.3.4").unwrap_err(), "Leading zeros are not permitted in '02' in '1.02.3.4'");
        assert_eq!(ipv6("zz").unwrap_err(), "At least 3 parts expected in 'zz'");
        assert_eq!(ipv6("1:2:3").unwrap_err(), "Exactly 8 parts expected without '::' in '1:2:3'");
        assert_eq!(ipv6("::g").unwrap_err(), "Only hex digits permitted in 'g' in '::g'");
        assert!(ipv6("::1").is_ok() && ipv6("::ffff:1.2.3.4").is_ok() && ipv6("1:2:3:4:5:6:7::").is_ok());
        assert_eq!(ipv6("1::2::3").unwrap_err(), "At most one '::' permitted in '1::2::3'");
    }
}
