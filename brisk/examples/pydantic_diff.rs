//! brisk's side of the differential test against pydantic 2 (`e2e/pydantic_diff/run.sh`).
//!
//! Each declared type below gets a tiny app of its own under `/<name>`: a query parameter
//! (`GET /<name>/q?v=..`), a JSON body field (`POST /<name>/b`, `{"v": ..}`) and an
//! urlencoded form field (`POST /<name>/f`), each declared with the type and its
//! constraints, answering the validated value as FastAPI's `jsonable_encoder` writes it.
//!
//! `pydantic_diff types` prints the declared types with their Python annotations, from
//! which `generate.py` makes inputs and asks pydantic for its verdicts;
//! `pydantic_diff compare FILE` sends every input through brisk and prints
//! `compared N inputs, D differences` (exit status 1 when D > 0), showing the first three
//! differences of each type and way of sending it (every one with `PYDANTIC_DIFF_ALL=1`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;

use brisk::prelude::*;
use brisk::types::{Base64Bytes, Decimal, EmailStr, HttpUrl};
use serde_json::{Value, json};

/// One line of this macro adds one type to the suite:
/// `name: RustType, (constraints) = "Python annotation", "input family", modes;`
/// The constraints are written as in `#[field(..)]`; the annotation is evaluated by
/// `generate.py` (its namespace has `Annotated`, `Field`, the enums below...); the family
/// picks the input generator; modes are some of `query body form`.
macro_rules! diff_types {
    ($($name:ident: $t:ty, $c:tt = $py:literal, $family:literal, [$($mode:ident)*];)*) => {
        $(
            #[allow(non_snake_case, missing_docs)]
            mod $name {
                use super::*;

                #[derive(Model)]
                pub struct Body {
                    #[field $c]
                    pub v: $t,
                }

                #[post("/b")]
                pub async fn body(b: Body) -> Json<Value> {
                    Json(Encode::encode(&b.v))
                }

                $(diff_types!(@$mode $t, $c);)*
            }
        )*

        /// Every type's app, each under its name.
        fn app() -> App {
            let mut app = App::new();
            $(
                app = app.include_router(
                    ApiRouter::new()
                        .prefix(concat!("/", stringify!($name)))
                        .routes(routes![$name::body])
                        $(.routes(diff_types!(@route $name $mode)))*,
                );
            )*
            app
        }

        /// (name, Python annotation, input family, modes) of every type.
        const TYPES: &[(&str, &str, &str, &[&str])] = &[$((stringify!($name), $py, $family, &[$(stringify!($mode)),*])),*];
    };
    (@body $t:ty, $c:tt) => {};
    (@query $t:ty, $c:tt) => {
        #[get("/q")]
        pub async fn query(#[query $c] v: $t) -> Json<Value> {
            Json(Encode::encode(&v))
        }
    };
    (@form $t:ty, $c:tt) => {
        #[post("/f")]
        pub async fn form(#[form $c] v: $t) -> Json<Value> {
            Json(Encode::encode(&v))
        }
    };
    (@route $name:ident body) => { Vec::new() };
    (@route $name:ident query) => { routes![$name::query] };
    (@route $name:ident form) => { routes![$name::form] };
}

/// A string enum (pydantic: `class Color(str, Enum)`).
#[derive(Model, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Color {
    /// red
    #[value("red")]
    Red,
    /// green
    #[value("green")]
    Green,
    /// blue
    #[value("blue")]
    Blue,
}

/// A literal (pydantic: `Literal["asc", "desc"]`).
#[derive(Model, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[model(literal)]
pub enum Order {
    /// ascending
    #[value("asc")]
    Asc,
    /// descending
    #[value("desc")]
    Desc,
}

/// A union (pydantic: `Union[int, str]`).
#[derive(Model)]
pub enum IntOrStr {
    /// an integer
    Int(i64),
    /// a string
    Str(String),
}

/// A union (pydantic: `Union[float, bool]`).
#[derive(Model)]
pub enum FloatOrBool {
    /// a float
    Float(f64),
    /// a boolean
    Bool(bool),
}

diff_types! {
    int: i64, () = "int", "int", [query body form];
    int_ge_le: i64, (ge = -5, le = 100) = "Annotated[int, Field(ge=-5, le=100)]", "int", [query body form];
    int_gt_lt: i64, (gt = 0, lt = 10) = "Annotated[int, Field(gt=0, lt=10)]", "int", [query body];
    int_multiple: i64, (multiple_of = 3) = "Annotated[int, Field(multiple_of=3)]", "int", [query body];
    int_u8: u8, () = "Annotated[int, Field(ge=0, le=255)]", "int", [query body];
    int_i32: i32, () = "Annotated[int, Field(ge=-2147483648, le=2147483647)]", "int", [query body];
    float: f64, () = "float", "float", [query body form];
    float_ge_le: f64, (ge = 0, le = 1.5) = "Annotated[float, Field(ge=0, le=1.5)]", "float", [query body];
    float_gt_lt: f64, (gt = -1.5, lt = 1e3) = "Annotated[float, Field(gt=-1.5, lt=1e3)]", "float", [query body];
    float_multiple: f64, (multiple_of = 0.5) = "Annotated[float, Field(multiple_of=0.5)]", "float", [query body];
    float_finite: f64, (allow_inf_nan = false, ge = -1e300) = "Annotated[float, Field(allow_inf_nan=False, ge=-1e300)]", "float", [query body];
    boolean: bool, () = "bool", "bool", [query body form];
    string: String, () = "str", "str", [query body form];
    str_len: String, (min_length = 2, max_length = 5) = "Annotated[str, Field(min_length=2, max_length=5)]", "str", [query body form];
    str_pattern: String, (pattern = "^[a-z]+\\d?$") = "Annotated[str, Field(pattern=r'^[a-z]+\\d?$')]", "str", [query body];
    decimal: Decimal, () = "Decimal", "decimal", [query body];
    decimal_ge: Decimal, (ge = 0, lt = 100) = "Annotated[Decimal, Field(ge=0, lt=100)]", "decimal", [query body];
    decimal_money: Decimal, (max_digits = 5, decimal_places = 2) = "Annotated[Decimal, Field(max_digits=5, decimal_places=2)]", "decimal", [query body];
    decimal_digits: Decimal, (max_digits = 3) = "Annotated[Decimal, Field(max_digits=3)]", "decimal", [query body];
    decimal_multiple: Decimal, (multiple_of = 0.1) = "Annotated[Decimal, Field(multiple_of=Decimal('0.1'))]", "decimal", [query body];
    uuid: ::uuid::Uuid, () = "UUID", "uuid", [query body];
    date: chrono::NaiveDate, () = "date", "date", [query body];
    time: brisk::types::Time, () = "time", "time", [query body];
    datetime: DateTime, () = "datetime", "datetime", [query body];
    timedelta: TimeDelta, () = "timedelta", "timedelta", [query body];
    base64: Base64Bytes, () = "WithConfig(bytes, val_json_bytes='base64')", "base64", [query body];
    url: HttpUrl, () = "HttpUrl", "url", [query body];
    email: EmailStr, () = "EmailStr", "email", [query body form];
    literal: Order, () = "Literal['asc', 'desc']", "choice", [query body];
    color: Color, () = "Color", "choice", [query body];
    list_int: Vec<i64>, () = "list[int]", "list_int", [query body];
    list_len: Vec<i64>, (min_length = 1, max_length = 3) = "Annotated[list[int], Field(min_length=1, max_length=3)]", "list_int", [query body];
    list_str: Vec<String>, () = "list[str]", "list_str", [query body];
    set_int: BTreeSet<i64>, () = "set[int]", "list_int", [query body];
    dict_str_int: HashMap<String, i64>, () = "dict[str, int]", "dict", [body];
    dict_int_float: BTreeMap<i64, f64>, () = "dict[int, float]", "dict", [body];
    opt_int: Option<i64>, () = "Optional[int]", "int", [query body];
    opt_str: Option<String>, () = "Optional[str]", "str", [query body form];
    union_int_str: IntOrStr, () = "Union[int, str]", "scalar", [body];
    union_float_bool: FloatOrBool, () = "Union[float, bool]", "scalar", [body];
}

/// A validated value as FastAPI's `jsonable_encoder` writes it, non-finite floats as the
/// strings `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no such numbers).
trait Encode {
    fn encode(&self) -> Value;
}

macro_rules! encode_via_serde {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self) -> Value {
                jsonable_encoder(self)
            }
        }
    )*};
}
encode_via_serde!(i64, i32, u8, bool, String, ::uuid::Uuid, HttpUrl, EmailStr, Order, Color);

impl Encode for f64 {
    fn encode(&self) -> Value {
        if self.is_nan() {
            json!("NaN")
        } else if self.is_infinite() {
            json!(if *self > 0.0 { "Infinity" } else { "-Infinity" })
        } else {
            json!(self)
        }
    }
}

/// `jsonable_encoder(Decimal)`: an `int` when the exponent is not negative, else a `float`.
impl Encode for Decimal {
    fn encode(&self) -> Value {
        if self.scale() == 0 {
            match i64::try_from(self.mantissa()) {
                Ok(i) => json!(i),
                Err(_) => json!({"$bigint": self.to_string()}),
            }
        } else {
            let f: f64 = self.to_string().parse().unwrap_or(f64::NAN);
            if f == 0.0 && self.is_sign_negative() { (-0.0f64).encode() } else { f.encode() }
        }
    }
}

impl Encode for chrono::NaiveDate {
    fn encode(&self) -> Value {
        json!(self.format("%Y-%m-%d").to_string())
    }
}

/// `time.isoformat()`.
impl Encode for brisk::types::Time {
    fn encode(&self) -> Value {
        json!(self.isoformat())
    }
}

/// `datetime.isoformat()`.
impl Encode for DateTime {
    fn encode(&self) -> Value {
        json!(self.isoformat())
    }
}

/// `timedelta.total_seconds()`.
impl Encode for TimeDelta {
    fn encode(&self) -> Value {
        self.total_seconds().encode()
    }
}

/// `bytes.decode()`: the bytes as UTF-8 text (an undecodable value is written as such).
impl Encode for Base64Bytes {
    fn encode(&self) -> Value {
        match std::str::from_utf8(self.as_slice()) {
            Ok(s) => json!(s),
            Err(_) => json!({"undecodable": self.as_slice()}),
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        self.as_ref().map_or(Value::Null, Encode::encode)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Encode::encode).collect())
    }
}

/// A set, sorted: Python's iteration order of a set is not the comparison's business.
impl<T: Encode> Encode for BTreeSet<T> {
    fn encode(&self) -> Value {
        let mut items: Vec<Value> = self.iter().map(Encode::encode).collect();
        items.sort_by_key(|v| v.to_string());
        Value::Array(items)
    }
}

impl<K: ToString, V: Encode> Encode for HashMap<K, V> {
    fn encode(&self) -> Value {
        let sorted: BTreeMap<String, Value> = self.iter().map(|(k, v)| (k.to_string(), v.encode())).collect();
        json!(sorted)
    }
}

impl<K: ToString, V: Encode> Encode for BTreeMap<K, V> {
    fn encode(&self) -> Value {
        let sorted: BTreeMap<String, Value> = self.iter().map(|(k, v)| (k.to_string(), v.encode())).collect();
        json!(sorted)
    }
}

impl Encode for IntOrStr {
    fn encode(&self) -> Value {
        match self {
            IntOrStr::Int(i) => i.encode(),
            IntOrStr::Str(s) => s.encode(),
        }
    }
}

impl Encode for FloatOrBool {
    fn encode(&self) -> Value {
        match self {
            FloatOrBool::Float(f) => f.encode(),
            FloatOrBool::Bool(b) => b.encode(),
        }
    }
}

/// One input and pydantic's verdict, as `generate.py` writes them.
#[derive(serde::Deserialize)]
struct Case {
    /// The declared type's name.
    r#type: String,
    /// `query`, `body` or `form`.
    mode: String,
    /// body: the JSON text of the value; query and form: the values of `v`, in order.
    input: Value,
    /// What FastAPI answers: `{"value": ..}` or `{"errors": [..]}`, locations from the
    /// value (without `["query", "v"]` / `["body", "v"]`).
    expected: Value,
    /// Set when the case shows a known difference (listed in the README): the reason.
    #[serde(default)]
    known: Option<String>,
}

/// What brisk answered, in the same shape as [`Case::expected`].
async fn brisk_verdict(client: &TestClient, case: &Case) -> Value {
    let path = format!("/{}/{}", case.r#type, &case.mode[..1]);
    let values: Vec<String> = match &case.input {
        Value::Array(items) => items.iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect(),
        _ => Vec::new(),
    };
    let res = match case.mode.as_str() {
        "query" => {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for v in &values {
                q.append_pair("v", v);
            }
            client.get(&format!("{path}?{}", q.finish())).send().await
        }
        "form" => {
            let pairs: Vec<(&str, &str)> = values.iter().map(|v| ("v", v.as_str())).collect();
            client.post(&path).form(&pairs).send().await
        }
        _ => {
            let text = case.input.as_str().unwrap_or("null");
            client
                .post(&path)
                .header("content-type", "application/json")
                .body(format!("{{\"v\": {text}}}"))
                .send()
                .await
        }
    };
    let body: Value = serde_json::from_slice(res.bytes()).unwrap_or_else(|_| json!({"unparsable": res.text()}));
    match res.status() {
        200 => json!({"value": body}),
        422 => {
            let mut errors = body["detail"].as_array().cloned().unwrap_or_default();
            for e in &mut errors {
                if let Some(loc) = e.get_mut("loc").and_then(Value::as_array_mut) {
                    loc.drain(..loc.len().min(2));
                }
            }
            json!({"errors": errors})
        }
        status => json!({"status": status, "body": body}),
    }
}

/// Equal as verdicts: floats compare by value (`1.0` and `1` differ only in writing).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => {
                x == y && x.is_sign_negative() == y.is_sign_negative() || x.to_string() == y.to_string()
            }
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("types") => {
            let types: Vec<Value> = TYPES
                .iter()
                .map(|(name, py, family, modes)| json!({"name": name, "annotation": py, "family": family, "modes": modes}))
                .collect();
            println!("{}", Value::Array(types));
        }
        Some("compare") if args.len() == 3 => std::process::exit(compare(&args[2]).await),
        _ => {
            eprintln!("usage: pydantic_diff types | pydantic_diff compare CASES.jsonl");
            std::process::exit(2);
        }
    }
}

/// Compares every case of the file; the exit status: 0 when there is no difference.
async fn compare(file: &str) -> i32 {
    let reader = match std::fs::File::open(file) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) => {
            eprintln!("{file}: {e}");
            return 2;
        }
    };
    let client = TestClient::new(app());
    let (mut compared, mut differences) = (0usize, 0usize);
    let mut known: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let case: Case = match serde_json::from_str(&line) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("unreadable case ({e}): {line}");
                return 2;
            }
        };
        let got = brisk_verdict(&client, &case).await;
        compared += 1;
        let entry = per_type.entry(format!("{} {}", case.r#type, case.mode)).or_default();
        entry.0 += 1;
        if !same(&got, &case.expected) {
            if let Some(reason) = &case.known {
                *known.entry(reason.clone()).or_default() += 1;
                continue;
            }
            differences += 1;
            entry.1 += 1;
            if entry.1 <= 3 || std::env::var_os("PYDANTIC_DIFF_ALL").is_some() {
                println!(
                    "DIFF {} {} input {}\n  pydantic: {}\n  brisk:    {}",
                    case.r#type, case.mode, case.input, case.expected, got
                );
            }
        }
    }
    for (k, (n, d)) in &per_type {
        if *d > 0 {
            println!("  {k}: {d} of {n} differ");
        }
    }
    for (reason, n) in &known {
        println!("  known difference ({reason}): {n} inputs");
    }
    println!("compared {compared} inputs, {differences} differences");
    i32::from(differences > 0 || compared == 0)
}
