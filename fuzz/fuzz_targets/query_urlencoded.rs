//! Query strings and urlencoded form bodies: never a panic, and both decode exactly as
//! `form_urlencoded` (the WHATWG parser, as Starlette's `parse_qsl` keeping blanks).
#![no_main]

use std::sync::LazyLock;

use brisk::forms::{FormLimits, FormValue};
use libfuzzer_sys::fuzz_target;

static RT: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_current_thread().build().expect("a runtime"));

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    let ours: Vec<_> = brisk::request::query_pairs(&q).collect();
    let reference: Vec<_> = form_urlencoded::parse(q.as_bytes()).collect();
    assert_eq!(ours, reference);

    // The body form, under small limits so that they are hit too.
    let limits = FormLimits::new().max_fields(8).max_part_size(64);
    let body = brisk::Body::full(data.to_vec());
    let parsed = RT.block_on(brisk::forms::parse("application/x-www-form-urlencoded", body, &limits, 1 << 20));
    if let Ok((form, raw)) = parsed {
        assert_eq!(raw.as_deref(), Some(data));
        let got: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| match v {
                FormValue::Text(t) => (k.to_owned(), t.clone()),
                FormValue::File(_) => panic!("a file in a urlencoded body"),
            })
            .collect();
        let want: Vec<(String, String)> =
            form_urlencoded::parse(data).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        assert_eq!(got, want);
    }
});
