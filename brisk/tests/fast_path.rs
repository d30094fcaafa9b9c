//! One validation path: a JSON body read on serde's fast path is accepted only when
//! validation accepts it, with the same value. Property tests compare both paths on
//! generated documents, for every built-in type and for derived models.

use std::collections::{BTreeSet, HashMap};

use brisk::error::{Invalid, LocItem, ValidationErrors};
use brisk::model::fast::fast_path_agrees;
use brisk::model::{Constraints, Validate, record};
use brisk::prelude::*;
use brisk::types::{Base64Bytes, HttpUrl, TimeDelta};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A custom type whose serde reading accepts any string while its validation accepts only
/// lowercase ones, and which does not opt in to a serde fast path.
#[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
struct Lower(String);

impl Validate for Lower {
    fn validate_json(
        v: &Value,
        _: &Constraints,
        loc: &mut Vec<LocItem>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        match v.as_str() {
            Some(s) if s.chars().all(|c| !c.is_uppercase()) => Some(Lower(s.to_owned())),
            _ => record(Invalid::new("value_error", "Value error, not lowercase"), v.clone(), loc, errors),
        }
    }
}

impl brisk::model::JsonSchema for Lower {
    fn json_schema(_: &mut brisk::model::SchemaGenerator) -> Value {
        json!({"type": "string"})
    }
}

#[derive(Model, Debug, PartialEq)]
struct Tagged {
    tag: Lower,
    #[field(default = Vec::new())]
    more: Vec<Lower>,
}

#[post("/tagged")]
async fn tagged(t: Tagged) -> Json<Tagged> {
    Json(t)
}

#[test]
fn a_lax_deserializer_does_not_reach_the_model() {
    // serde would read "ABC" as a `Lower`; the model's fast path must not.
    assert!(serde_json::from_str::<Lower>("\"ABC\"").is_ok());
    assert_eq!(Tagged::from_json_bytes(br#"{"tag": "ABC"}"#), None);
    assert_eq!(Tagged::from_json_bytes(br#"{"tag": "abc", "more": ["X"]}"#), None);
    assert_eq!(Tagged::from_json_bytes(br#"{"tag": "abc"}"#), Some(Tagged { tag: Lower("abc".into()), more: vec![] }));
}

#[test]
fn an_ignored_key_is_read_as_validation_reads_it() {
    // Found by the property test below: serde's `IgnoredAny` skipped `1E400` unread, so
    // the fast path took a body whose JSON validation refuses (number out of range).
    assert_eq!(Tagged::from_json_bytes(br#"{"tag":"abc","name":1E400}"#), None);
    assert!(serde_json::from_slice::<serde_json::Value>(br#"{"tag":"abc","name":1E400}"#).is_err());
    assert!(Tagged::from_json_bytes(br#"{"tag":"abc","name":[1, {"x": 2.5}]}"#).is_some());
}

#[tokio::test]
async fn a_lax_deserializer_still_answers_422() {
    let c = TestClient::new(App::new().routes(routes![tagged]));
    let res = c.post("/tagged").json(&json!({"tag": "ABC"})).send().await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>()["detail"][0]["loc"], json!(["body", "tag"]));
    let res = c.post("/tagged").json(&json!({"tag": "abc"})).send().await;
    assert_eq!(res.json::<Value>(), json!({"tag": "abc", "more": []}));
}

#[derive(Model, Debug, PartialEq)]
enum Color {
    Red,
    #[value("green")]
    Green,
}

#[derive(Model, Debug, PartialEq)]
struct Inner {
    #[field(ge = 0, le = 10)]
    n: i32,
    flag: Option<bool>,
}

#[derive(Model, Debug, PartialEq)]
struct Outer {
    #[field(min_length = 1, max_length = 5, pattern = "^[a-z]+$")]
    name: String,
    #[field(gt = 0.5)]
    score: f64,
    color: Color,
    #[field(default = None)]
    inner: Option<Inner>,
    #[field(default = Vec::new(), max_length = 3)]
    items: Vec<Inner>,
    #[field(default = HashMap::new())]
    counts: HashMap<i64, u8>,
    #[field(default = None)]
    when: Option<DateTime>,
    #[field(default = None)]
    day: Option<chrono::NaiveDate>,
    #[field(default = None)]
    at: Option<chrono::NaiveTime>,
    #[field(default = None)]
    wait: Option<TimeDelta>,
    #[field(default = None)]
    id: Option<uuid::Uuid>,
    #[field(default = None)]
    price: Option<brisk::types::Decimal>,
    #[field(default = None)]
    lower: Option<Lower>,
}

/// Numbers JSON can spell, the edge cases of every integer width and float forms.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (-300i64..300).prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::to_string(&f).unwrap()),
        (-20i64..20, 0u8..3).prop_map(|(n, z)| format!("{n}.{}", "0".repeat(z as usize + 1))),
        Just("-0".to_owned()),
        Just("1e2".to_owned()),
        Just("1E400".to_owned()),
        Just("0.5".to_owned()),
        Just("18446744073709551616".to_owned()),
    ]
}

/// Strings shaped like the values the types parse, near misses included.
fn string() -> impl Strategy<Value = String> {
    let s = prop_oneof![
        "[a-zA-Z]{0,7}",
        "[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?",
        "[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})?",
        " ?[+-]?[0-9]{1,12}(\\.[0-9]{0,4})?(e[+-]?[0-9])? ?",
        "P(T[0-9]{1,3}[HMS])?",
        "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
        "\\{?(urn:uuid:)?[0-9a-f]{32}\\}?",
        "(true|false|yes|no|on|off|1|0|True|t|f)",
        "(red|Red|green|Green)",
        "https?://[a-z]{1,5}(\\.[a-z]{2,3})?(/[a-z]{0,3})?",
        "[A-Za-z0-9+/]{0,8}={0,2}",
    ];
    s.prop_map(|s| serde_json::to_string(&s).unwrap())
}

/// A JSON document: scalars in every spelling, arrays and objects of them, objects with
/// the keys of the models under test.
fn json_text() -> impl Strategy<Value = String> {
    let leaf =
        prop_oneof![number(), string(), Just("null".to_owned()), Just("true".to_owned()), Just("false".to_owned()),];
    leaf.prop_recursive(3, 32, 6, |inner| {
        let key = prop_oneof![
            Just("name"),
            Just("score"),
            Just("color"),
            Just("inner"),
            Just("items"),
            Just("counts"),
            Just("when"),
            Just("day"),
            Just("at"),
            Just("wait"),
            Just("id"),
            Just("price"),
            Just("lower"),
            Just("n"),
            Just("flag"),
            Just("tag"),
            Just("1"),
            Just("x"),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key, inner), 0..8).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

/// A valid `Outer` with fields replaced by generated values, so that documents near
/// validity are common.
fn near_outer() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("name"),
        Just("score"),
        Just("color"),
        Just("inner"),
        Just("items"),
        Just("counts"),
        Just("when"),
        Just("day"),
        Just("at"),
        Just("wait"),
        Just("id"),
        Just("price"),
        Just("lower"),
    ];
    prop::collection::vec((field, json_text()), 0..4).prop_map(|changes| {
        let mut doc =
            json!({"name": "abc", "score": 1.5, "color": "Red", "inner": {"n": 3}, "items": [{"n": 1, "flag": true}]});
        for (k, v) in changes {
            doc[k] = serde_json::from_str(&v).unwrap_or(Value::Null);
        }
        doc.to_string()
    })
}

macro_rules! agree {
    ($json:expr; $($t:ty),* $(,)?) => {$(
        if let Err(e) = fast_path_agrees::<$t>($json) {
            return Err(TestCaseError::fail(format!("{}: {e}", stringify!($t))));
        }
    )*};
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn built_in_types_accept_only_what_validation_accepts(json in json_text()) {
        agree!(&json;
            i8, u8, i32, u32, i64, u64, usize, f32, f64, bool, String, Value,
            DateTime, TimeDelta, chrono::NaiveDate, chrono::NaiveTime, uuid::Uuid,
            brisk::types::Decimal, HttpUrl, Base64Bytes, Lower,
            Option<i64>, Option<String>, Vec<u8>, Vec<Option<f64>>, BTreeSet<i64>,
            HashMap<String, i64>, HashMap<i64, bool>, Vec<Vec<Lower>>,
        );
    }

    #[test]
    fn models_accept_only_what_validation_accepts(json in prop_oneof![json_text(), near_outer()]) {
        agree!(&json; Outer, Inner, Color, Tagged, Vec<Inner>, Option<Outer>);
    }
}

#[test]
fn valid_documents_take_the_fast_path() {
    let doc = r#"{"name": "abc", "score": 1.5, "color": "green", "items": [{"n": 1}], "counts": {"1": 2},
                  "when": "2024-01-01T00:00:00Z", "day": "2024-02-29", "id": "a8098c1a-f86e-11da-bd1a-00112444be1e"}"#;
    let fast = Outer::from_json_bytes(doc.as_bytes()).expect("the fast path reads a valid document");
    assert_eq!(fast.color, Color::Green);
    assert_eq!(fast.counts[&1], 2);
    fast_path_agrees::<Outer>(doc).unwrap();
    // Constraints are checked on the fast path, not left to serde.
    assert!(Outer::from_json_bytes(br#"{"name": "ABC", "score": 1.5, "color": "Red"}"#).is_none());
    assert!(Outer::from_json_bytes(br#"{"name": "abc", "score": 0.5, "color": "Red"}"#).is_none());
    assert!(Outer::from_json_bytes(br#"{"name": "abc", "score": 1, "color": "Red", "items": [{"n": 11}]}"#).is_none());
}
