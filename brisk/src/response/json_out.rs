//! The JSON text of returned data: byte for byte what `serde_json::to_vec` writes
//! (compact), written faster on the common shapes. A string or key that needs no escape
//! is checked eight bytes at a time and copied whole (serde_json looks each byte up in its
//! escape table and writes the quotes apart); numbers are written by serde_json's own
//! formatter. Anything else (byte strings, map keys that are not strings, serde_json's
//! number and raw-value tokens, an error) is left to serde_json, which writes the whole
//! value again: the same bytes, the same errors.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::ser::{CompactFormatter, Formatter};

/// `value` as compact JSON, as `serde_json::to_vec` writes it.
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut w = Writer { out: Vec::with_capacity(128) };
    match value.serialize(&mut w) {
        Ok(()) => Ok(w.out),
        Err(Declined) => serde_json::to_vec(value),
    }
}

/// What this writer leaves to serde_json.
#[derive(Debug)]
struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Declined {}

impl ser::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

struct Writer {
    out: Vec<u8>,
}

/// True when some byte of `chunk` is below 0x20, `"` or `\`: what JSON escapes in a
/// string (SWAR: a byte's high bit marks it, exact for these tests).
#[inline]
fn needs_escape(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = chunk.wrapping_sub(ONES * 0x20) & !chunk & HIGH;
    (below_space | zero_byte(chunk ^ (ONES * u64::from(b'"'))) | zero_byte(chunk ^ (ONES * u64::from(b'\\')))) != 0
}

/// The eight bytes of `b` from `at` (which has eight bytes from it).
#[inline]
fn chunk8(b: &[u8], at: usize) -> [u8; 8] {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    w
}

/// The four bytes of `b` from `at` (which has four bytes from it).
#[inline]
fn chunk4(b: &[u8], at: usize) -> [u8; 4] {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    w
}

impl Writer {
    /// Writes `s` as a JSON string. Its bytes are tested and copied as whole words, the
    /// last one overlapping the one before (the buffer is cut back to where it starts):
    /// fixed-size copies, no byte loop but for strings under 4 bytes.
    #[inline]
    fn str(&mut self, s: &str) {
        let b = s.as_bytes();
        let n = b.len();
        let quote = self.out.len();
        self.out.reserve(n + 2);
        self.out.push(b'"');
        let plain = if n >= 8 {
            let mut escapes = false;
            let mut at = 0;
            while at + 8 < n {
                let w = chunk8(b, at);
                escapes |= needs_escape(u64::from_le_bytes(w));
                self.out.extend_from_slice(&w);
                at += 8;
            }
            let w = chunk8(b, n - 8);
            self.out.truncate(quote + 1 + n - 8);
            self.out.extend_from_slice(&w);
            !escapes && !needs_escape(u64::from_le_bytes(w))
        } else if n >= 4 {
            let (lo, hi) = (chunk4(b, 0), chunk4(b, n - 4));
            self.out.extend_from_slice(&lo);
            self.out.truncate(quote + 1 + n - 4);
            self.out.extend_from_slice(&hi);
            !needs_escape(u64::from(u32::from_le_bytes(lo)) | (u64::from(u32::from_le_bytes(hi)) << 32))
        } else {
            for &c in b {
                self.out.push(c);
            }
            b.iter().all(|&c| c >= 0x20 && c != b'"' && c != b'\\')
        };
        if plain {
            self.out.push(b'"');
        } else {
            self.out.truncate(quote);
            // Writing into a `Vec` cannot fail.
            let _ = serde_json::to_writer(&mut self.out, s);
        }
    }

    /// Writes with serde_json's formatter (numbers); into a `Vec`, which cannot fail.
    #[inline]
    fn fmt(&mut self, write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> std::io::Result<()>) {
        let _ = write(&mut CompactFormatter, &mut self.out);
    }

    #[inline]
    fn comma(&mut self, first: &mut bool) {
        if !std::mem::take(first) {
            self.out.push(b',');
        }
    }
}

type Done = Result<(), Declined>;

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Declined;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Done {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.fmt(|f, out| f.write_i64(out, v));
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.fmt(|f, out| f.write_i128(out, v));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.fmt(|f, out| f.write_u64(out, v));
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.fmt(|f, out| f.write_u128(out, v));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        // serde_json writes a NaN or an infinity as `null`.
        if v.is_finite() {
            self.fmt(|f, out| f.write_f32(out, v));
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        if v.is_finite() {
            self.fmt(|f, out| f.write_f64(out, v));
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Done {
        Err(Declined)
    }
    fn serialize_none(self) -> Done {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.out.push(b'{');
        self.str(variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Declined> {
        self.out.push(b'[');
        Ok(Compound { w: self, first: true })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Declined> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Declined> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Declined> {
        self.out.push(b'{');
        self.str(variant);
        self.out.extend_from_slice(b":[");
        Ok(Compound { w: self, first: true })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Declined> {
        self.out.push(b'{');
        Ok(Compound { w: self, first: true })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'a>, Declined> {
        // serde_json's arbitrary-precision numbers and raw values are structs named
        // `$serde_json::private::...`, which its own serializer writes as they are.
        if name.starts_with('$') {
            return Err(Declined);
        }
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Declined> {
        self.out.push(b'{');
        self.str(variant);
        self.out.extend_from_slice(b":{");
        Ok(Compound { w: self, first: true })
    }
}

/// An array or object being written.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
}

impl Compound<'_> {
    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.w.comma(&mut self.first);
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Done {
        self.w.comma(&mut self.first);
        self.w.str(key);
        self.w.out.push(b':');
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn close(self, end: &[u8]) -> Done {
        self.w.out.extend_from_slice(end);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        self.close(b"]")
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        self.close(b"]")
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        self.close(b"]")
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        self.close(b"]}")
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.w.comma(&mut self.first);
        key.serialize(KeyWriter(&mut *self.w))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.w.out.push(b':');
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Done {
        self.close(b"}")
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.field(key, value)
    }
    fn end(self) -> Done {
        self.close(b"}")
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.field(key, value)
    }
    fn end(self) -> Done {
        self.close(b"}}")
    }
}

/// A map key: a string is written here, any other key is left to serde_json (which
/// quotes numbers and booleans, and rejects the rest).
struct KeyWriter<'a>(&'a mut Writer);

/// Methods of [`KeyWriter`] that leave the key to serde_json.
macro_rules! decline {
    ($($name:ident($($t:ty),*) -> $ret:ty;)*) => {$(
        fn $name(self, $(_: $t),*) -> Result<$ret, Declined> {
            Err(Declined)
        }
    )*};
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Declined;
    type SerializeSeq = Impossible<(), Declined>;
    type SerializeTuple = Impossible<(), Declined>;
    type SerializeTupleStruct = Impossible<(), Declined>;
    type SerializeTupleVariant = Impossible<(), Declined>;
    type SerializeMap = Impossible<(), Declined>;
    type SerializeStruct = Impossible<(), Declined>;
    type SerializeStructVariant = Impossible<(), Declined>;

    fn serialize_str(self, v: &str) -> Done {
        self.0.str(v);
        Ok(())
    }

    decline! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Done {
        Err(Declined)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Done {
        Err(Declined)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Done {
        Err(Declined)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    fn same<T: Serialize + ?Sized>(value: &T) {
        let ours = to_vec(value).map_err(|e| e.to_string());
        let theirs = serde_json::to_vec(value).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{:?}", ours.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()));
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(i32),
        Tuple(u8, String),
        Struct { a: Option<f64>, b: Vec<char> },
    }

    #[derive(Serialize)]
    struct S<'a> {
        text: &'a str,
        n: i64,
        unit: (),
        tuple: (bool, u128, i128),
        e: Vec<E>,
        #[serde(with = "serde_bytes_like")]
        bytes: &'a [u8],
    }

    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b)
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for s in [
            "",
            "a",
            "commons",
            "exactly8",
            "sixteen bytes ok",
            "quote \" inside a long string",
            "back\\slash",
            "tab\there",
            "\u{1}\u{1f}\u{7f}",
            "caf\u{e9} \u{2603} \u{1F600} long enough for chunks",
            "0123456\"",
            "01234567\n",
        ] {
            same(s);
            same(&json!({ s: s }));
        }
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        same(&json!({"a": [1, -2, 3.5, 1e300, null, true, false], "b": {}, "c": [], "d": {"e": "f"}}));
        same(&[f64::NAN, f64::INFINITY, -0.0, 0.1]);
        same(&[f32::NAN, 1.5f32, 0.1f32]);
        same(&(u64::MAX, i64::MIN, 'x', '"'));
        same(&E::Unit);
        same(&E::New(-1));
        same(&E::Tuple(1, "t".into()));
        same(&E::Struct { a: None, b: vec!['a', '\n'] });
        same(&S {
            text: "x",
            n: 7,
            unit: (),
            tuple: (true, u128::MAX, i128::MIN),
            e: vec![E::Unit, E::New(2)],
            bytes: b"\x00\xff",
        });
        same(&Some(Some(1)));
        same(&None::<u8>);
    }

    #[test]
    fn other_keys_and_errors_are_serde_json_s() {
        same(&BTreeMap::from([(1, "a"), (2, "b")]));
        same(&BTreeMap::from([(true, 1)]));
        same(&BTreeMap::from([((1, 2), 1)]));
        same(&BTreeMap::from([(f64::NAN.to_bits(), 1)]));
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no way"))
            }
        }
        same(&[Fails]);
        assert_eq!(to_vec(&[Fails]).unwrap_err().to_string(), "no way");
    }

    #[test]
    fn strings_of_every_length_are_written_as_serde_json_writes_them() {
        for n in 0..20 {
            for pos in 0..n {
                for bad in [b'"', b'\\', 0, 0x1f, b'\n'] {
                    let mut v = vec![b'x'; n];
                    v[pos] = bad;
                    let s = std::str::from_utf8(&v).unwrap();
                    same(s);
                    same(&["ab", s, "cd"]);
                }
            }
            same(&"x".repeat(n));
            same(&"\u{e9}".repeat(n));
            same(&["\u{2603}".repeat(n), "x".repeat(n)]);
        }
    }

    #[test]
    fn the_escape_test_is_exact() {
        for b in 0..=255u8 {
            let expect = b < 0x20 || b == b'"' || b == b'\\';
            for pos in 0..8 {
                let mut word = [b'a'; 8];
                word[pos] = b;
                assert_eq!(needs_escape(u64::from_le_bytes(word)), expect, "byte {b:#x} at {pos}");
                // Neighbours do not hide or fake it.
                let mut word = [0x7f; 8];
                word[pos] = b;
                assert_eq!(needs_escape(u64::from_le_bytes(word)), expect, "byte {b:#x} at {pos} among 0x7f");
                let mut word = [0xff; 8];
                word[pos] = b;
                assert_eq!(needs_escape(u64::from_le_bytes(word)), expect, "byte {b:#x} at {pos} among 0xff");
            }
        }
    }
}
