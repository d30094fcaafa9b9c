"""Inputs for the differential test against pydantic 2, and pydantic's verdicts.

Reads the declared types (`pydantic_diff types`, as JSON on stdin), draws inputs for each
from a fixed seed, validates each one as FastAPI 0.163 does, and writes one JSON line per
input: `{"type", "mode", "input", "expected"}`.

- body: the JSON text of a value; FastAPI decodes it with `json.loads` and validates the
  result in pydantic's python mode (`TypeAdapter.validate_python`).
- query: the values of a repeated `v` parameter; a scalar takes the last one, a list all
  of them, validated in python mode as strings.
- form: as query, except that an empty string is the absent value (FastAPI's
  `_get_multidict_value`).

`expected` is `{"value": v}` with `v` as `jsonable_encoder` writes it, or
`{"errors": [...]}` as FastAPI's 422 lists them (`jsonable_encoder(exc.errors())`), with
locations relative to the value. Non-finite floats are written as the strings "NaN",
"Infinity" and "-Infinity".
"""

import argparse
import base64
import enum
import json
import math
import random
import string
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Literal, Optional, Union
from uuid import UUID

from fastapi.encoders import jsonable_encoder
from pydantic import ConfigDict, EmailStr, Field, HttpUrl, TypeAdapter, ValidationError


class Color(str, enum.Enum):
    red = "red"
    green = "green"
    blue = "blue"


class WithConfig:
    """`WithConfig(T, **config)`: `T` validated with a model's config (`val_json_bytes`)."""

    def __init__(self, annotation, **config):
        self.annotation = annotation
        self.config = config


def adapter_for(annotation):
    ann = eval(annotation, NAMESPACE)  # noqa: S307 - the suite's own declarations
    if isinstance(ann, WithConfig):
        return TypeAdapter(ann.annotation, config=ConfigDict(**ann.config))
    return TypeAdapter(ann)


NAMESPACE = {
    "Annotated": Annotated,
    "WithConfig": WithConfig,
    "Color": Color,
    "Decimal": Decimal,
    "EmailStr": EmailStr,
    "Field": Field,
    "HttpUrl": HttpUrl,
    "Literal": Literal,
    "Optional": Optional,
    "UUID": UUID,
    "Union": Union,
    "date": date,
    "datetime": datetime,
    "time": time,
    "timedelta": timedelta,
}


# ---- inputs as text (query, form, and strings inside bodies) ----

def int_text(r):
    pick = r.random()
    if pick < 0.35:
        return str(r.randint(-1000, 1000))
    if pick < 0.5:
        return str(r.choice([-1, 1]) * r.randint(0, 10 ** r.randint(1, 40)))
    if pick < 0.6:
        n = r.choice([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 2**64 - 1, 2**127, 2**128, 10**38, 10**40])
        return str(n + r.randint(-1, 1))
    if pick < 0.8:
        core = str(r.randint(-300, 300))
        decor = r.choice([
            lambda s: " " + s + " ", lambda s: "+" + s, lambda s: "00" + s, lambda s: s + ".0",
            lambda s: s + ".000", lambda s: s + ".5", lambda s: s + "e3", lambda s: s + "E1",
            lambda s: s[:1] + "_" + s[1:], lambda s: s + "_", lambda s: "_" + s, lambda s: s + "__0",
            lambda s: "\t" + s + "\n", lambda s: s + ".", lambda s: "." + s, lambda s: "0x" + s,
            lambda s: s + " 1", lambda s: "-" + s, lambda s: "--" + s, lambda s: "+-" + s,
            lambda s: s + "\u00a0", lambda s: "0" * 30 + s,
        ])
        return decor(core)
    return r.choice([
        "", " ", "abc", "nan", "NaN", "inf", "-inf", "infinity", "1e400", "True", "true", "null",
        "١٢٣", "１２", "1" * 4301, "0" * 5000, "-" + "9" * 4300, "1.0000000000000000001",
        "9223372036854775807.0", "9223372036854775808.0", "1e18", "0.0", "-0.0", "-0", "+0", "00",
    ])


def float_text(r):
    pick = r.random()
    if pick < 0.3:
        return repr(r.uniform(-1e3, 1e3))
    if pick < 0.45:
        return repr(r.choice([-1, 1]) * r.random() * 10.0 ** r.randint(-330, 308))
    if pick < 0.6:
        return str(r.randint(-50, 50)) + r.choice(["e", "E", "e+", "e-", ".5e", ".e"]) + str(r.randint(0, 400))
    if pick < 0.75:
        s = r.choice(["nan", "NaN", "NAN", "inf", "Inf", "INF", "infinity", "Infinity", "iNfInItY", "snan"])
        return r.choice(["", "-", "+", " ", "  -"]) + s + r.choice(["", " ", "x"])
    if pick < 0.9:
        core = repr(round(r.uniform(-100, 100), r.randint(0, 4)))
        decor = r.choice([
            lambda s: " " + s + " ", lambda s: "+" + s, lambda s: "00" + s, lambda s: s[:1] + "_" + s[1:],
            lambda s: s + "_", lambda s: s.replace(".", ","), lambda s: s + "f", lambda s: "0x" + s,
            lambda s: "\n" + s, lambda s: s.rstrip("0"), lambda s: "." + s.lstrip("-"),
        ])
        return decor(core)
    return r.choice([
        "", " ", "abc", "1e308", "1.7976931348623157e308", "1.8e308", "-1e309", "5e-324", "2e-324",
        "1e-400", "0x10", "1_000.5", "1__0", "0.1", "1.5", "0.5", "-0.0", "1.", ".5", "e5", "1e", "--1",
        "1" * 400, "1" * 4301, "1." + "1" * 400, "1_000_000", "١.٥",
    ])


def bool_text(r):
    words = ["0", "1", "t", "f", "true", "false", "y", "n", "yes", "no", "on", "off", "2", "-1", "00", "01",
             "1.0", "0.0", "", "tru", "yess", "none", "null", "ok", "T", "F"]
    w = r.choice(words)
    pick = r.random()
    if pick < 0.3:
        w = "".join(c.upper() if r.random() < 0.5 else c for c in w)
    elif pick < 0.4:
        w = r.choice([" ", "", "\t"]) + w + r.choice([" ", "", "\n"])
    return w


ALPHABET = string.ascii_letters + string.digits + " _-.é中\u00a0\t😀"


def str_text(r):
    pick = r.random()
    if pick < 0.6:
        return "".join(r.choice(string.ascii_lowercase + string.digits) for _ in range(r.randint(0, 7)))
    if pick < 0.9:
        return "".join(r.choice(ALPHABET) for _ in range(r.randint(0, 7)))
    return r.choice(["", " ", "ab", "abcde", "abcdef", "a1", "a12", "ab\n", "ÀB", "日本語", "😀😀", "a\u0301b"])


def decimal_text(r):
    pick = r.random()
    if pick < 0.3:
        return str(Decimal(r.randint(-10**6, 10**6)) / Decimal(10) ** r.randint(0, 6))
    if pick < 0.45:
        return str(r.randint(-10**r.randint(1, 35), 10**r.randint(1, 35)))
    if pick < 0.6:
        return str(r.randint(-99, 99)) + r.choice(["e", "E", "e+", "e-", "E-"]) + str(r.randint(0, 40))
    if pick < 0.8:
        return r.choice([lambda s: " " + s + " ", lambda s: "+" + s, lambda s: s + ".", lambda s: "." + s,
                         lambda s: s[:1] + "_" + s[1:], lambda s: "00" + s, lambda s: s + "0" * 30,
                         lambda s: "0." + "0" * 30 + s])(str(r.randint(1, 999)))
    return r.choice(["", "abc", "NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e", "1.2.3", "--1", "-0",
                     "0.000", "99.99", "100", "100.0", "1E+3", "1e-30", "0x10",
                     "1.0000000000000000000000000001", "79228162514264337593543950335",
                     "79228162514264337593543950336", "7922816251426433759354395033.5"])


def uuid_text(r):
    u = UUID(int=r.getrandbits(128))
    pick = r.random()
    if pick < 0.4:
        return str(u)
    if pick < 0.6:
        return r.choice([str(u).upper(), u.hex, "{" + str(u) + "}", "urn:uuid:" + str(u), u.hex.upper()])
    s = str(u)
    return r.choice([
        s[:-1], s + "0", s.replace("-", "_"), s[:8] + s[9:], " " + s, s[:5] + "g" + s[6:], "", "123",
        "00000000-0000-0000-0000-000000000000", "not-a-uuid", s.replace("-", ""), "{" + u.hex + "}",
    ])


def date_text(r):
    y, m, d = r.randint(1, 9999), r.randint(1, 12), r.randint(1, 28)
    pick = r.random()
    if pick < 0.35:
        return f"{y:04}-{m:02}-{d:02}"
    if pick < 0.5:
        return str(r.choice([r.randint(-10**10, 10**10), r.randint(0, 2 * 10**12), r.randint(0, 10**6)]))
    return r.choice([
        f"{y:04}-{m:02}-{d + 3:02}", f"{y}-{m}-{d}", f"{y:04}{m:02}{d:02}", "2024-02-29", "2023-02-29",
        "2024-13-01", "2024-00-10", "0000-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00:01",
        "2024-01-01T00:00:00Z", "2024-01-01 00:00", "2024-01-01T00:00:00.000", "", "today", "1700000000",
        "1700000000.5", "86400", "0", "-86400", "2024-1-01", "2024/01/01", " 2024-01-01",
        f"{y:04}-{m:02}-{d:02}T12:00:00+02:00",
    ])


def time_text(r):
    h, mi, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    frac = r.choice(["", ".5", ".123456", ".1234567", ".123456789", ","])
    tz = r.choice(["", "", "Z", "+02:00", "-0930", "+24:00", "+14:00", "z", "+2", "+02"])
    pick = r.random()
    if pick < 0.5:
        return f"{h:02}:{mi:02}:{s:02}{frac}{tz}"
    if pick < 0.65:
        return f"{h:02}:{mi:02}{tz}"
    if pick < 0.75:
        return str(r.choice([r.randint(0, 86400), round(r.uniform(0, 86400), 3), r.randint(-10, 10**6)]))
    return r.choice(["24:00:00", "25:00", "10:60", "10:20:61", "10:20:60", "1:2:3", "10", "", "T10:20",
                     "10:20:30 ", "10-20-30", "noon", "00:00", "23:59:59.999999", "10:20:30.", "3600.5"])


def datetime_text(r):
    y, m, d = r.randint(1, 9999), r.randint(1, 12), r.randint(1, 28)
    h, mi, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    sep = r.choice(["T", "T", "t", " ", "_"])
    frac = r.choice(["", "", ".5", ".123456", ".1234567"])
    tz = r.choice(["", "Z", "+00:00", "-00:00", "+05:30", "-0800", "+24:00", "+23:59", "z"])
    pick = r.random()
    if pick < 0.45:
        return f"{y:04}-{m:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{tz}"
    if pick < 0.6:
        return f"{y:04}-{m:02}-{d:02}" + r.choice(["", "T", f"T{h:02}", f"T{h:02}:{mi:02}"])
    if pick < 0.8:
        return str(r.choice([r.randint(-10**10, 10**10), r.randint(0, 2 * 10**13), round(r.uniform(0, 2e9), 3),
                             r.randint(10**14, 10**16), r.randint(-10**12, 0)]))
    return r.choice(["", "now", "2024-02-30T00:00:00", "2024-01-01T24:00:00", "0001-01-01T00:00:00",
                     "9999-12-31T23:59:59Z", "2024-01-01T00:00:00+25:00", "1e10", "1700000000.123456789",
                     "2024-01-01T00:00:00.000000001", "  2024-01-01", "inf", "nan", "-1", "253402300800"])


def timedelta_text(r):
    pick = r.random()
    if pick < 0.3:
        parts = "P"
        if r.random() < 0.5:
            parts += f"{r.randint(0, 400)}D"
        if r.random() < 0.2:
            parts += f"{r.randint(0, 5)}W"
        if r.random() < 0.2:
            parts += f"{r.randint(0, 3)}Y"
        if r.random() < 0.7:
            parts += "T" + "".join(f"{r.randint(0, 99)}{u}" for u in r.sample("HMS", r.randint(0, 3)))
        return r.choice(["", "-", "+"]) + parts
    if pick < 0.5:
        return f"{r.randint(0, 99):02}:{r.randint(0, 59):02}:{r.randint(0, 59):02}" + r.choice(["", ".5", ".123456"])
    if pick < 0.6:
        return f"{r.randint(-5, 5)} day{r.choice(['', 's'])}, {r.randint(0, 23)}:{r.randint(0, 59):02}:00"
    if pick < 0.8:
        return str(r.choice([r.randint(-10**6, 10**6), round(r.uniform(-1e5, 1e5), 6), r.randint(-10**12, 10**12)]))
    return r.choice(["", "P", "PT", "P1", "PT1.5S", "PT0.0000001S", "P1M", "P1.5D", "-PT1S", "1d", "1 day",
                     "1:00", "25:00:00", "10:60:00", "inf", "nan", "1e3", "P999999999D", "P1000000000D",
                     "86400000000000", "-86400000000000", "P1DT", "p1d", "PT1H1H"])


def base64_text(r):
    raw = "".join(r.choice(string.ascii_letters + string.digits + " ?>~") for _ in range(r.randint(0, 9))).encode()
    pick = r.random()
    if pick < 0.35:
        return base64.b64encode(raw).decode()
    if pick < 0.55:
        return base64.urlsafe_b64encode(raw).decode()
    if pick < 0.7:
        return base64.b64encode(raw).decode().rstrip("=")
    if pick < 0.8:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")
    s = base64.b64encode(raw).decode()
    return r.choice([s + "=", s + "==", s + "\n", " " + s, s[:2] + "\n" + s[2:], s + "*", "=" + s, s + "A",
                     s + "AB", s + "ABC", "", "====", "A", "AB==", "AB=", "ABC=", "QQ", "QUI", "Zm9v!",
                     "Zm9v YmFy", "Zm9v\tYmFy", "Zm8=Zm8=", "-_-_", "+/+/", "Zm9=v"])


def url_text(r):
    host = r.choice(["example.com", "EXAMPLE.com", "localhost", "127.0.0.1", "[::1]", "münchen.de", "a.b.c",
                     "xn--mnchen-3ya.de", "exa mple.com", "", "ex_ample.com", "256.1.1.1", "1.2.3", "-a.com"])
    scheme = r.choice(["http", "https", "HTTP", "ftp", "ws", "", "mailto", "file"])
    port = r.choice(["", "", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":abc", ":"])
    path = r.choice(["", "/", "/a/b", "/a b", "/ä", "/%zz", "/../x", "//x", "/a?b=c", "/a#f", "?q=1 2", "/a\\b"])
    user = r.choice(["", "", "", "user@", "user:pass@", "@"])
    sep = r.choice(["://", "://", ":", ":/", ":///"])
    pick = r.random()
    if pick < 0.8:
        return f"{scheme}{sep}{user}{host}{port}{path}"
    return r.choice(["", "example.com", "http://", "https://", "//example.com", "http://e.com/" + "a" * 2100,
                     "http:example.com", " http://e.com ", "http://e.com\n", "javascript:alert(1)"])


EMAIL_LOCALS = ["john", "John.Doe", "j+tag", "a", "x_y-z", "Postmaster", "INFO", "abuse", "user.name+tag",
                "!#$%&'*+-/=?^_`{|}~", "ñoño", "用户", "Ünïcode", "δοκιμή", "a\u0301", "\u0301a", "me\u200b",
                "a..b", ".a", "a.", "a b", "a(b)", "a,b", "a\"b", '"quoted"', '"a b"', '"a\\"b"', '"a"b',
                '""', "a@b", "a\tb", "a\u00a0b", "a\x00b", "a\x7fb", "😀", "a" * 64, "a" * 65, "é" * 40,
                "", "-", "~", "a\u2028b", "a\ufeffb", "\u00e9\u0065\u0301"]
EMAIL_DOMAINS = ["example.com", "EXAMPLE.COM", "x.org", "sub.domain.co.uk", "例子.广告", "münchen.de",
                 "xn--mnchen-3ya.de", "XN--MNCHEN-3YA.DE", "bücher.example", "ＥＸＡＭＰＬＥ.com", "localhost",
                 "my.local", "a.test", "b.invalid", "c.onion", "d.arpa", "x.localhost", "example", "bar.123",
                 "1.2.3.4", "[127.0.0.1]", "[IPv6:::1]", "[ipv6:zz]", "[1.2.3]", "[abc]", "[x:y]", "-a.com",
                 "a-.com", "a..com", ".a.com", "a.com.", "a.-b.com", "ab--cd.com", "xn--abc.com", "exa_mple.com",
                 "exa mple.com", "a" * 63 + ".com", "a" * 64 + ".com", ".".join(["abcdefghi"] * 26) + ".com",
                 "", "ex@mple.com", "ex\u00e4mple.com", "Ⅸ.com", "ß.de", "faß.de", "ς.gr", "a\u200db.com",
                 "xn--.com", "xn--zz.com", "a.b", "a.xn--p1ai", "пример.рф", "a.c0m", "_dmarc.example.com",
                 "ex\u00admple.com", "ex\u3002mple.com", "e.x", "a.b-", "1.com", "com"]


def email_text(r):
    local, domain = r.choice(EMAIL_LOCALS), r.choice(EMAIL_DOMAINS)
    if r.random() < 0.5:
        local, domain = r.choice(EMAIL_LOCALS[:12]), r.choice(EMAIL_DOMAINS[:10])
    addr = f"{local}@{domain}"
    pick = r.random()
    if pick < 0.45:
        return addr
    if pick < 0.6:
        name = r.choice(["John", "John Doe", '"Doe, John"', '"J \\"x\\""', "J.D.", "", "  ", "Jöhn", "a<b", "x@y"])
        return r.choice([f"{name} <{addr}>", f"{name}<{addr}>", f"  {name} <{addr}>  ", f"{name} <{addr}> x",
                         f"{name} <{addr}", f"<{addr}>", f"{name} <<{addr}>>", f"{name} <{addr}>>"])
    if pick < 0.75:
        return r.choice([lambda s: " " + s + " ", lambda s: "\t" + s, lambda s: s + "\n", lambda s: s + "\r",
                         lambda s: s.upper(), lambda s: s.replace("@", "＠"), lambda s: s.replace("@", "﹫"),
                         lambda s: s + "@", lambda s: "@" + s, lambda s: s.replace("@", "@@"),
                         lambda s: s + ".", lambda s: s + "\u00a0", lambda s: s + " x"])(addr)
    if pick < 0.85:
        return r.choice(["a" * 250 + "@example.com", "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".com",
                         "a@" + ".".join(["b" * 60] * 5) + ".com", "é" * 64 + "@example.com",
                         "a" * 60 + "@" + ".".join(["例" * 18] * 10) + ".com", "x" * 2049,
                         "a@" + "b" * 250 + ".com", "a" * 100 + "@" + "b" * 63 + "." + "c" * 63 + ".com"])
    return r.choice(["", " ", "@", "a", "a@", "@a.com", "plainaddress", "a@b.c", "<>", "<a@b.com>", "a <>",
                     "\"a\"@example.com", "\"\"@example.com", "a@[127.0.0.1]", "John <a@b.com", "a@b.com>",
                     "a@example.com (comment)", "(c)a@example.com", "mailto:a@example.com", "a%b@example.com",
                     "a@b.com,c@d.com", "a@xn--mnchen-3ya.de", "Jane@Example.COM", "用户@例子.广告"])


def choice_text(r):
    w = r.choice(["asc", "desc", "red", "green", "blue", "ASC", "Red", "", " asc", "desc ", "1", "0", "none",
                  "true", "ascending", "Color.red", "red\n"])
    return w


TEXT = {
    "int": int_text,
    "float": float_text,
    "bool": bool_text,
    "str": str_text,
    "decimal": decimal_text,
    "uuid": uuid_text,
    "date": date_text,
    "time": time_text,
    "datetime": datetime_text,
    "timedelta": timedelta_text,
    "base64": base64_text,
    "url": url_text,
    "email": email_text,
    "choice": choice_text,
    "list_int": int_text,
    "list_str": str_text,
    "dict": int_text,
    "scalar": lambda r: r.choice([int_text, float_text, bool_text, str_text])(r),
}


# ---- inputs as JSON values (bodies) ----

def json_scalar(r, family):
    """A JSON value for a scalar family: mostly its natural JSON type, often a string, sometimes other types."""
    pick = r.random()
    if pick < 0.4:
        return json.dumps(TEXT[family](r))
    if pick < 0.5:
        return r.choice(["null", "true", "false", "[]", "{}", "[1]", '{"a": 1}', "0", "1", "-1", "1.5", '""'])
    natural = {
        "int": lambda: r.choice([str(r.randint(-1000, 1000)), str(r.randint(-10**30, 10**30)), "1.0", "-2.0",
                                 "1.5", "1e3", "1E2", "-0.0", "0.0", "9223372036854775807", "9223372036854775808",
                                 "18446744073709551616", "-9223372036854775809", "1e19", "1e300", "123456789.0",
                                 "1" * 30, "2.5e-3", "4.000000000000001", "3.0000000000000001"]),
        "float": lambda: r.choice([repr(r.uniform(-1e3, 1e3)), str(r.randint(-10**6, 10**6)),
                                   repr(r.random() * 10.0 ** r.randint(-320, 308)), "1e308", "-1e308", "5e-324",
                                   "1e-400", "0.1", "0.5", "1.5", "1e2", "-0.0", "10", str(2**64),
                                   str(10**30), "0.30000000000000004"]),
        "decimal": lambda: r.choice([repr(round(r.uniform(-1e3, 1e3), r.randint(0, 5))), str(r.randint(-10**6, 10**6)),
                                     "0.1", "1e3", "1E-3", "1.5", "-0.0", "100", "99.99", "100.0", str(10**30),
                                     "1.0000000000000002", "1e30", "123456789012345678901234567890"]),
        "date": lambda: r.choice([str(r.randint(-10**10, 10**10)), repr(r.uniform(0, 2e9)), "0", "86400",
                                  "86400.0", "1700000000", "1e10", "-1"]),
        "time": lambda: r.choice([str(r.randint(-10, 90000)), repr(r.uniform(0, 86400)), "0", "3600.5", "86399.9999999"]),
        "datetime": lambda: r.choice([str(r.randint(-10**11, 10**14)), repr(r.uniform(-1e10, 1e10)), "0",
                                      "1700000000", "1700000000.123", "1e20", "-62135596800", "253402300799",
                                      "253402300800", "1e11", "20000000000", "1.5"]),
        "timedelta": lambda: r.choice([str(r.randint(-10**6, 10**6)), repr(r.uniform(-1e5, 1e5)), "0", "1e10",
                                       "86400000000000", "1e20", "-1.5", "0.0000001"]),
        "bool": lambda: r.choice(["true", "false", "0", "1", "2", "-1", "0.0", "1.0", "1.5", "0.5", "1e0"]),
    }.get(family)
    if natural is not None:
        return natural()
    return json.dumps(TEXT[family](r))


def json_value(r, family):
    if family in ("list_int", "list_str"):
        item = "int" if family == "list_int" else "str"
        pick = r.random()
        if pick < 0.8:
            return "[" + ", ".join(json_scalar(r, item) for _ in range(r.randint(0, 5))) + "]"
        return r.choice(['"1,2"', "1", "null", '{"0": 1}', '"[1]"', "true", "[[1]]", "[null]", "[]"])
    if family == "dict":
        pick = r.random()
        if pick < 0.8:
            keys = [r.choice([str(r.randint(-5, 99)), "a", " 1", "1.0", "01", "", "-0", "1e1", "1_0", "x y"])
                    for _ in range(r.randint(0, 4))]
            items = ", ".join(f"{json.dumps(k)}: {json_scalar(r, r.choice(['int', 'float']))}" for k in keys)
            return "{" + items + "}"
        return r.choice(["[]", "[[1, 2]]", "null", '"a"', "1", "{}"])
    return json_scalar(r, family)


# ---- pydantic's verdicts ----

BIG = 2**63


def has_bigint(v):
    """True when `v` holds an integer outside i64 (brisk's integers are i64)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return not -BIG <= v < BIG
    if isinstance(v, list):
        return any(has_bigint(x) for x in v)
    if isinstance(v, dict):
        return any(has_bigint(x) for x in v.values())
    return False


def finite(v):
    """Non-finite floats as strings, integers outside i64 as `{"$bigint": digits}`: what
    JSON readers without arbitrary precision can carry."""
    if isinstance(v, int) and not isinstance(v, bool) and not -BIG <= v < BIG:
        return {"$bigint": str(v)}
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, list):
        return [finite(x) for x in v]
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    return v


def encode(value):
    """`jsonable_encoder`, with what it cannot write (undecodable bytes) written explicitly."""
    if isinstance(value, bytes):
        try:
            return value.decode()
        except UnicodeDecodeError:
            return {"undecodable": list(value)}
    if isinstance(value, (set, frozenset)):
        return sorted((encode(x) for x in value), key=lambda x: json.dumps(x))
    if isinstance(value, dict):
        return {str(encode(k)): encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode(x) for x in value]
    return finite(jsonable_encoder(value))


DECIMAL_MAX = Decimal("79228162514264337593543950335")


def beyond_brisk(v):
    """Why brisk cannot hold a value pydantic produced, or None: an integer outside i64,
    a Decimal past rust_decimal's 28 digits (both listed in the README)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int) and not -BIG <= v < BIG:
        return "an integer beyond 64 bits"
    if isinstance(v, Decimal) and v.is_finite():
        t = v.as_tuple()
        if len(t.digits) > 28 or t.exponent < -28 or abs(v) > DECIMAL_MAX:
            return "a Decimal beyond 28 digits"
    if isinstance(v, (list, set, frozenset)):
        return next(filter(None, (beyond_brisk(x) for x in v)), None)
    if isinstance(v, dict):
        return next(filter(None, (beyond_brisk(x) for x in [*v.keys(), *v.values()])), None)
    return None


INT_ITEMS = TypeAdapter(int)


def items_beyond_brisk(t, items):
    """An integer item (of a list, set or dict of `int`) that pydantic takes beyond brisk's
    range, even when another item fails (brisk reports it too)."""
    if not t["annotation"].replace(" ", "").endswith("int]") and "[int]," not in t["annotation"]:
        return None
    for x in items:
        try:
            reason = beyond_brisk(INT_ITEMS.validate_python(x))
        except ValidationError:
            continue
        if reason:
            return reason
    return None


def verdict(adapter, value, t):
    """pydantic's verdict, and the known difference it shows, if any."""
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict):
        items = list(value.values())
    else:
        items = []
    known = items_beyond_brisk(t, items)
    try:
        out = adapter.validate_python(value, from_attributes=True)
    except ValidationError as exc:
        return {"errors": finite(jsonable_encoder(exc.errors(include_url=False)))}, known
    return {"value": encode(out)}, known or beyond_brisk(out)


MISSING = {"errors": [{"type": "missing", "loc": [], "msg": "Field required", "input": None}]}


def case(t, adapter, mode, r):
    family = t["family"]
    sequence = family.startswith("list")
    if mode == "body":
        text = json_value(r, family)
        value = json.loads(text)
        expected, known = verdict(adapter, value, t)
        if has_bigint(value):
            # brisk reads a JSON body without arbitrary precision: such an integer is a float.
            known = "an integer beyond 64 bits in a JSON body"
        return {"input": text, "expected": expected, **({"known": known} if known else {})}
    count = r.choice([1, 1, 1, 1, 2, 3]) if not sequence else r.randint(1, 4)
    values = [TEXT[family](r) for _ in range(count)]
    if sequence:
        value = values
    else:
        value = values[-1]
        if mode == "form" and value == "":
            optional = t["annotation"].startswith("Optional")
            return {"input": values, "expected": {"value": None} if optional else MISSING}
    expected, known = verdict(adapter, value, t)
    return {"input": values, "expected": expected, **({"known": known} if known else {})}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-mode", type=int, default=1000, help="inputs per type and mode")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    types = json.load(sys.stdin)
    out = sys.stdout
    for t in types:
        adapter = adapter_for(t["annotation"])
        for mode in t["modes"]:
            r = random.Random(f"{args.seed}/{t['name']}/{mode}")
            for _ in range(args.per_mode):
                c = case(t, adapter, mode, r)
                out.write(json.dumps({"type": t["name"], "mode": mode, **c}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
