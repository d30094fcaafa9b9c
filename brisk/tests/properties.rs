//! Property tests of the parsers a client's bytes reach: query strings and urlencoded
//! forms, multipart bodies, JSON validation of a nested model, date/time and duration
//! coercion, routing on percent-decoded paths. Each property holds for any input (no
//! panic, a 4xx and never a 500) and, where a value can be written out, round-trips.
//! The same parsers are fuzzed by the targets in `fuzz/`; case counts here are kept small
//! so the suite runs in seconds.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use brisk::Body;
use brisk::error::ValidationErrors;
use brisk::forms::{FormLimits, FormValue};
use brisk::model::{Constraints, Validate, coerce};
use brisk::prelude::*;
use bytes::Bytes;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;
use serde_json::Value;

static RT: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"));

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Strings made mostly of the characters that matter to a URL-encoded parser.
fn urlish() -> impl Strategy<Value = String> {
    let special = ["&", "=", "+", "%", "%2", "%20", "%26", "%3D", "%E2%98%83", "%FF", "a", "b"];
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(special.to_vec()).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn texts(form: &brisk::forms::FormData) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| match v {
            FormValue::Text(t) => (k.to_owned(), t.clone()),
            FormValue::File(_) => panic!("a file in a urlencoded form"),
        })
        .collect()
}

fn parse_form(content_type: &str, body: Body, limits: &FormLimits) -> Result<brisk::forms::FormData, String> {
    RT.block_on(brisk::forms::parse(content_type, body, limits, 1 << 20)).map(|(f, _)| f).map_err(|e| format!("{e:?}"))
}

proptest! {
    #![proptest_config(config(256))]

    /// A query string decodes exactly as the WHATWG urlencoded parser decodes it.
    #[test]
    fn query_pairs_decode_as_urlencoded(q in urlish()) {
        let ours: Vec<_> = brisk::request::query_pairs(&q).collect();
        let reference: Vec<_> = form_urlencoded::parse(q.as_bytes()).collect();
        prop_assert_eq!(ours, reference);
    }

    /// Pairs encoded into a query string or a form body decode back to themselves.
    #[test]
    fn urlencoded_round_trips(pairs in proptest::collection::vec((".{0,12}", ".{0,12}"), 0..8)) {
        let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        // (An empty pair is written `=`, so it survives.)
        let expect = pairs.clone();
        let decoded: Vec<(String, String)> =
            brisk::request::query_pairs(&encoded).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        prop_assert_eq!(&decoded, &expect);
        let form = parse_form("application/x-www-form-urlencoded", Body::full(encoded), &FormLimits::new()).unwrap();
        prop_assert_eq!(texts(&form), expect);
    }

    /// Any bytes as a form body: parsed as `form_urlencoded` parses them, or refused by a
    /// limit; never a panic.
    #[test]
    fn urlencoded_bodies_parse_or_hit_a_limit(body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let limits = FormLimits::new().max_fields(6).max_part_size(40);
        match parse_form("application/x-www-form-urlencoded", Body::full(body.clone()), &limits) {
            Ok(form) => {
                let want: Vec<(String, String)> =
                    form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                prop_assert_eq!(texts(&form), want);
            }
            Err(e) => prop_assert!(e.contains("Too many fields") || e.contains("exceeded maximum size"), "{e}"),
        }
    }
}

// ---------------------------------------------------------------- multipart

const BOUNDARY: &str = "brisk-prop-7MA4YWxkTrZu0gW";

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file: Option<(String, Option<String>)>,
    body: Vec<u8>,
}

fn part() -> impl Strategy<Value = Part> {
    let token = "[A-Za-z0-9_.-]{1,10}";
    (token, proptest::option::of((token, proptest::option::of("[a-z]{1,5}/[a-z0-9.+-]{1,10}"))), any::<Vec<u8>>())
        .prop_map(|(name, file, body)| Part { name, file, body })
}

fn multipart_body(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"", p.name).as_bytes(),
        );
        if let Some((filename, ct)) = &p.file {
            out.extend_from_slice(format!("; filename=\"{filename}\"").as_bytes());
            if let Some(ct) = ct {
                out.extend_from_slice(format!("\r\nContent-Type: {ct}").as_bytes());
            }
        }
        out.extend_from_slice(b"\r\n\r\n");
        out.extend_from_slice(&p.body);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

/// A body in chunks of `size` bytes, as a network would deliver it.
fn chunked(body: Vec<u8>, size: usize) -> Body {
    let chunks: Vec<Result<http_body::Frame<Bytes>, std::io::Error>> =
        body.chunks(size).map(|c| Ok(http_body::Frame::data(Bytes::copy_from_slice(c)))).collect();
    Body::from_stream(http_body_util::StreamBody::new(futures_util::stream::iter(chunks)))
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

proptest! {
    #![proptest_config(config(128))]

    /// Parts written as a multipart body, delivered in any chunking and spooled to disk
    /// or not, parse back to the same names, file names, content types and contents.
    #[test]
    fn multipart_round_trips(parts in proptest::collection::vec(part(), 0..5), chunk in 1usize..64, spool in any::<bool>()) {
        let body = multipart_body(&parts);
        let limits = FormLimits::new().spool_threshold(if spool { 8 } else { 1 << 20 });
        let form = parse_form(&multipart_type(), chunked(body, chunk), &limits).unwrap();
        let got: Vec<(&str, &FormValue)> = form.iter().collect();
        prop_assert_eq!(got.len(), parts.len());
        for ((name, value), part) in got.into_iter().zip(&parts) {
            prop_assert_eq!(name, part.name.as_str());
            match (value, &part.file) {
                (FormValue::Text(t), None) => {
                    // UTF-8, else Latin-1 (Starlette's `_user_safe_decode`).
                    let want = String::from_utf8(part.body.clone())
                        .unwrap_or_else(|_| part.body.iter().map(|&b| char::from(b)).collect());
                    prop_assert_eq!(t, &want);
                }
                (FormValue::File(f), Some((filename, ct))) => {
                    prop_assert_eq!(f.filename(), Some(filename.as_str()));
                    prop_assert_eq!(f.content_type(), ct.as_deref());
                    prop_assert_eq!(f.size(), part.body.len() as u64);
                    prop_assert_eq!(RT.block_on(f.read()).unwrap(), part.body.clone());
                }
                _ => prop_assert!(false, "a text field and a file swapped"),
            }
        }
    }

    /// A damaged multipart body (cut short, bytes flipped, garbage appended) is parsed or
    /// refused with a 400/413 reason; never a panic, never a hang.
    #[test]
    fn damaged_multipart_is_refused_cleanly(
        parts in proptest::collection::vec(part(), 1..4),
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        tail in proptest::collection::vec(any::<u8>(), 0..16),
        chunk in 1usize..32,
    ) {
        let mut body = multipart_body(&parts);
        for (at, byte) in flips {
            let i = at.index(body.len());
            body[i] = byte;
        }
        body.truncate(cut.index(body.len() + 1));
        body.extend_from_slice(&tail);
        let limits = FormLimits::new().max_fields(2).max_files(2).max_part_size(64);
        let _ = parse_form(&multipart_type(), chunked(body, chunk), &limits);
    }

    /// Any bytes under any multipart content type: never a panic.
    #[test]
    fn any_multipart_bytes(ct in "multipart/form-data(; ?boundary=\"?[-a-z]{0,6}\"?)?", body in any::<Vec<u8>>()) {
        let _ = parse_form(&ct, Body::full(body), &FormLimits::new());
    }
}

// ---------------------------------------------------------------- JSON models

/// A tag on an order.
#[derive(Model, Debug)]
struct Tag {
    #[field(min_length = 1, max_length = 8)]
    name: String,
    weight: Option<f64>,
}

/// Who placed an order.
#[derive(Model, Debug)]
struct Owner {
    #[field(pattern = "^[a-z]+$")]
    login: String,
    since: Option<NaiveDate>,
    tags: Vec<Tag>,
}

/// A kind of order.
#[derive(Model, Debug)]
enum Kind {
    #[value("retail")]
    Retail,
    #[value("wholesale")]
    Wholesale,
}

/// An order: constrained scalars, a date, a duration, lists, a map and nested models.
#[derive(Model, Debug)]
struct Order {
    #[field(ge = 0, le = 1_000_000)]
    id: i64,
    #[field(gt = 0)]
    price: f64,
    title: String,
    kind: Kind,
    created: DateTime,
    ttl: Option<TimeDelta>,
    paid: bool,
    owner: Option<Owner>,
    #[field(default = Vec::new(), max_length = 16)]
    tags: Vec<Tag>,
    #[field(default = BTreeMap::new())]
    counts: BTreeMap<String, i64>,
}

/// Any JSON value, biased towards the shapes of an `Order`.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        proptest::sample::select(vec![
            "retail",
            "x",
            "",
            "2024-01-01T10:00:00Z",
            "2024-02-30",
            "PT1H",
            "P1D",
            "abc",
            "1e3",
            "true",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        let key = proptest::sample::select(vec![
            "id", "price", "title", "kind", "created", "ttl", "paid", "owner", "tags", "counts", "name", "weight",
            "login", "since", "other",
        ]);
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..10)
                .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// A valid order, as JSON.
fn order_json() -> impl Strategy<Value = Value> {
    let tag = ("[a-z]{1,8}", proptest::option::of(-1e6f64..1e6))
        .prop_map(|(name, weight)| serde_json::json!({"name": name, "weight": weight}));
    let owner = ("[a-z]{1,6}", proptest::option::of(0i64..100_000), proptest::collection::vec(tag.clone(), 0..3))
        .prop_map(|(login, days, tags)| {
            let since =
                days.map(|d| (NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(d as u64)).to_string());
            serde_json::json!({"login": login, "since": since, "tags": tags})
        });
    (
        (0i64..=1_000_000, 0.01f64..1e9, ".{0,10}", any::<bool>(), any::<bool>()),
        (0i64..4_000_000_000, proptest::option::of(-1_000_000_000i64..1_000_000_000), proptest::option::of(owner)),
        (proptest::collection::vec(tag, 0..4), proptest::collection::btree_map("[a-z]{0,4}", any::<i64>(), 0..3)),
    )
        .prop_map(|((id, price, title, wholesale, paid), (ts, ttl, owner), (tags, counts))| {
            let created = chrono::DateTime::from_timestamp(ts, 0).unwrap().to_rfc3339();
            serde_json::json!({
                "id": id, "price": price, "title": title, "kind": if wholesale { "wholesale" } else { "retail" },
                "created": created, "ttl": ttl, "paid": paid, "owner": owner, "tags": tags, "counts": counts,
            })
        })
}

/// Validates `v` as an `Order` the lax way, checking that a result and errors never come
/// together and that the errors render as FastAPI's 422 body.
fn validate(v: &Value) -> Option<Order> {
    let mut errors = ValidationErrors::default();
    let got = Order::validate_json(v, &Constraints::NONE, &mut Vec::new(), &mut errors);
    assert_eq!(got.is_none(), !errors.is_empty(), "{v}: {:?}", errors.errors());
    let body: Value = serde_json::from_slice(&errors.to_body()).expect("the 422 body is JSON");
    assert!(body["detail"].is_array());
    got
}

proptest! {
    #![proptest_config(config(256))]

    /// Any JSON value: validated or refused with errors; when the fast path (typed serde)
    /// accepts the bytes, the lax validator accepts them too, with the same result.
    #[test]
    fn json_fast_and_lax_paths_agree(v in json_value()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let slow = validate(&v);
        if let Some(fast) = Order::from_json_bytes(&bytes) {
            let slow = slow.expect("the lax validator refused what the fast path accepted");
            prop_assert_eq!(serde_json::to_value(&fast).unwrap(), serde_json::to_value(&slow).unwrap());
        }
    }

    /// A valid order validates on both paths, and its serialization validates back to the
    /// same serialization.
    #[test]
    fn valid_orders_round_trip(v in order_json()) {
        let order = validate(&v).expect("a valid order");
        let fast = Order::from_json_bytes(&serde_json::to_vec(&v).unwrap());
        let out = serde_json::to_value(&order).unwrap();
        if let Some(fast) = fast {
            prop_assert_eq!(&serde_json::to_value(&fast).unwrap(), &out);
        }
        let again = validate(&out).expect("the serialized order validates");
        prop_assert_eq!(serde_json::to_value(&again).unwrap(), out);
    }

    /// Broken JSON: the `json_invalid` position is inside the input.
    #[test]
    fn json_error_positions_are_in_range(s in "[\\[\\]{}\":, 0-9a-z\\\\\u{e9}\u{2603}\n]{0,24}") {
        if let Err(e) = serde_json::from_str::<Value>(&s) {
            let err = brisk::request::python_json_error(s.as_bytes(), &e);
            prop_assert!(err.pos <= s.chars().count(), "{s:?}: {err:?}");
        }
    }
}

// ---------------------------------------------------------------- dates and durations

fn naive_datetime() -> impl Strategy<Value = NaiveDateTime> {
    // Years 1..=9999 (Python's range), any microsecond.
    (-62_135_596_800i64..253_402_300_799, 0u32..1_000_000)
        .prop_map(|(secs, micros)| chrono::DateTime::from_timestamp(secs, micros * 1000).unwrap().naive_utc())
}

fn offset() -> impl Strategy<Value = Option<FixedOffset>> {
    // Whole minutes within a day, as RFC 3339 writes them.
    proptest::option::of((-1439i32..=1439).prop_map(|m| FixedOffset::east_opt(m * 60).unwrap()))
}

proptest! {
    #![proptest_config(config(512))]

    /// A datetime written by `isoformat` (and as pydantic's JSON) parses back to the same
    /// wall-clock value and offset.
    #[test]
    fn datetimes_round_trip(naive in naive_datetime(), offset in offset()) {
        let dt = DateTime::new(naive, offset);
        for text in [dt.isoformat(), dt.json_string()] {
            let again = coerce::datetime_from_str(&text).unwrap();
            prop_assert_eq!((again.naive(), again.offset()), (naive, offset), "{}", text);
        }
    }

    /// A date prints and parses back; a time too.
    #[test]
    fn dates_and_times_round_trip(naive in naive_datetime()) {
        prop_assert_eq!(coerce::date_from_str(&naive.date().to_string()).unwrap(), naive.date());
        let t: NaiveTime = naive.time();
        prop_assert_eq!(coerce::time_from_str(&t.format("%H:%M:%S%.6f").to_string()).unwrap(), t);
    }

    /// A duration written as pydantic writes it (ISO 8601), or as a number of seconds,
    /// parses back to itself.
    #[test]
    fn durations_round_trip(micros in -(86_400_000_000i64 * 100_000_000)..(86_400_000_000i64 * 100_000_000)) {
        let td = chrono::TimeDelta::microseconds(micros);
        let iso = brisk::types::timedelta_isoformat(&td);
        prop_assert_eq!(coerce::timedelta_from_str(&iso).unwrap(), td, "{}", iso);
        if micros.unsigned_abs() < 1 << 53 {
            let secs = Value::from(brisk::types::timedelta_seconds(&td));
            prop_assert_eq!(coerce::timedelta_from_json(&secs).unwrap(), td, "{}", secs);
        }
    }

    /// Any string or number as a date, time, datetime or duration: a value or an error.
    #[test]
    fn any_temporal_input(s in "[-+0-9:TZPWDHMSYtz., ]{0,32}|.{0,16}", n in any::<f64>(), i in any::<i64>()) {
        for v in [Value::String(s.clone()), Value::from(i), serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)] {
            let _ = coerce::datetime_from_json(&v);
            let _ = coerce::date_from_json(&v);
            let _ = coerce::time_from_json(&v);
            let _ = coerce::time_with_offset_from_json(&v);
            let _ = coerce::timedelta_from_json(&v);
        }
    }
}

// ---------------------------------------------------------------- routing

#[get("/items/{item_id}")]
async fn read_item(#[path(ge = 1)] item_id: i64, q: Option<String>, #[query(default = 10)] limit: i64) -> Json<Value> {
    Json(serde_json::json!({"item_id": item_id, "q": q, "limit": limit}))
}

#[get("/users/me")]
async fn me() -> Json<&'static str> {
    Json("me")
}

#[get("/users/{user_id}/")]
async fn user(user_id: String, tags: Vec<String>) -> Json<(String, Vec<String>)> {
    Json((user_id, tags))
}

#[get("/files/{file_path:path}")]
async fn file(file_path: String) -> Json<String> {
    Json(file_path)
}

#[put("/things/{id}")]
async fn put_thing(id: uuid::Uuid) -> Json<String> {
    Json(id.to_string())
}

#[get("/")]
async fn sub_root() -> Json<&'static str> {
    Json("sub")
}

static APP: LazyLock<brisk::AppService> = LazyLock::new(|| {
    App::new()
        .routes(routes![read_item, me, user, file, put_thing])
        .mount("/sub", App::new().routes(routes![sub_root]))
        .into_service()
        .expect("the app builds")
});

/// The status and body of `method target` (with a `Host`, if given), or `None` when
/// `target` is not a URI.
fn send_with_host(method: &str, target: &str, host: Option<&str>) -> Option<(u16, Vec<u8>)> {
    let mut req = http::Request::builder().method(method).uri(target);
    if let Some(host) = host {
        req = req.header(http::header::HOST, host);
    }
    let req = req.body(Body::empty()).ok()?;
    let res = RT.block_on(APP.call(req));
    let status = res.status().as_u16();
    let body = RT.block_on(http_body_util::BodyExt::collect(res.into_body())).unwrap().to_bytes();
    Some((status, body.to_vec()))
}

fn send(method: &str, target: &str) -> Option<(u16, Vec<u8>)> {
    send_with_host(method, target, None)
}

proptest! {
    #![proptest_config(config(256))]

    /// A `{name:path}` parameter is the percent-decoded path it was sent as, whatever
    /// it holds (slashes, `%`, non-ASCII).
    #[test]
    fn path_parameters_are_decoded(path in ".{1,24}") {
        let target = format!("/files/{}", utf8_percent_encode(&path, NON_ALPHANUMERIC));
        let (status, body) = send("GET", &target).unwrap();
        prop_assert_eq!(status, 200);
        prop_assert_eq!(serde_json::from_slice::<String>(&body).unwrap(), path);
    }

    /// Query values are decoded: what a client encodes, the route reads.
    #[test]
    fn query_values_are_decoded(q in ".{0,16}", id in 1i64..1000) {
        let query = form_urlencoded::Serializer::new(String::new()).append_pair("q", &q).finish();
        let (status, body) = send("GET", &format!("/items/{id}?{query}")).unwrap();
        prop_assert_eq!(status, 200);
        let got: Value = serde_json::from_slice(&body).unwrap();
        prop_assert_eq!(&got["q"], &Value::String(q));
    }

    /// Any method, request target and `Host` (redirects are built from it): an answer
    /// below 500.
    #[test]
    fn any_request_target_is_answered(
        method in proptest::sample::select(vec!["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
        target in "/(items|users|files|things|sub|docs|openapi\\.json)?[/a-zA-Z0-9%?&=+.\u{e9}-]{0,24}",
        host in proptest::option::of("[a-z0-9.:\\[\\]@-]{0,12}|[ -~]{0,8}"),
    ) {
        if let Some((status, body)) = send_with_host(method, &target, host.as_deref()) {
            prop_assert!(status < 500, "{} {:?}: {} {}", method, target, status, String::from_utf8_lossy(&body));
        }
    }
}
