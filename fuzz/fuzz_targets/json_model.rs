//! JSON bodies validated as a nested model: never a panic; the fast path (typed serde) and
//! the lax validator agree whenever the fast path accepts; every refusal has errors that
//! render; a syntax error maps to a position inside the input.
#![no_main]

use std::collections::BTreeMap;

use brisk::error::ValidationErrors;
use brisk::model::{Constraints, Validate};
use brisk::prelude::*;
use libfuzzer_sys::fuzz_target;

/// A tag on an order.
#[derive(Model)]
struct Tag {
    #[field(min_length = 1, max_length = 8)]
    name: String,
    weight: Option<f64>,
}

/// Who placed an order.
#[derive(Model)]
struct Owner {
    #[field(pattern = "^[a-z]+$")]
    login: String,
    since: Option<chrono::NaiveDate>,
    tags: Vec<Tag>,
}

/// A kind of order.
#[derive(Model)]
enum Kind {
    #[value("retail")]
    Retail,
    #[value("wholesale")]
    Wholesale,
}

/// An order: scalars with constraints, dates and durations, lists, maps and nested models.
#[derive(Model)]
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
    id2: Option<uuid::Uuid>,
}

fuzz_target!(|data: &[u8]| {
    let fast = Order::from_json_bytes(data);
    let slow = match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(value) => {
            let mut errors = ValidationErrors::default();
            let got = Order::validate_json(&value, &Constraints::NONE, &mut Vec::new(), &mut errors);
            assert_eq!(got.is_none(), !errors.is_empty(), "a result and errors together, or neither");
            let body: serde_json::Value = serde_json::from_slice(&errors.to_body()).expect("the 422 body is JSON");
            assert!(body["detail"].is_array());
            got
        }
        Err(e) => {
            let pos = brisk::request::python_json_error(data, &e).pos;
            assert!(pos <= String::from_utf8_lossy(data).chars().count());
            None
        }
    };
    if let Some(fast) = fast {
        let slow = slow.expect("the lax validator refused what the fast path accepted");
        assert_eq!(serde_json::to_value(&fast).ok(), serde_json::to_value(&slow).ok());
    }
});
