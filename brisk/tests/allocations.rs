//! Heap allocations per request on the bench endpoints (`../shared/bench/SPEC.md`), counted
//! by a `GlobalAlloc` wrapper while the app answers in-process: a regression guard for the
//! hot path that, unlike a timing, gives the same number on every machine.
//!
//! Run `cargo test -p brisk --test allocations -- --nocapture` to see the table.

#[path = "../../bench/examples/bench/app.rs"]
mod bench_app;
mod bench_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use http_body_util::BodyExt;

/// The system allocator, counting allocations (a `realloc` counts as one).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

use bench_support::{INVALID, VALID, request};

/// One bench request (`cases.json`'s `load`): name, method, target, headers, body,
/// expected status, and the most allocations it may cost.
type Endpoint =
    (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)], &'static str, u16, usize);

const ENDPOINTS: [Endpoint; 7] = [
    ("plaintext", "GET", "/plaintext", &[], "", 200, 3),
    ("json", "GET", "/json", &[], "", 200, 5),
    ("params", "GET", "/items/42?q=hello&limit=20", &[], "", 200, 6),
    ("body", "POST", "/items", &[("content-type", "application/json")], VALID, 201, 14),
    ("body422", "POST", "/items", &[("content-type", "application/json")], INVALID, 422, 61),
    ("deps", "GET", "/deps?skip=5&limit=20", &[("x-token", "bench-token")], "", 200, 6),
    ("routing", "GET", "/users/7/orders/42", &[], "", 200, 5),
];

#[test]
fn allocations_per_request_stay_within_budget() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let service = bench_app::app().into_service().expect("the bench app builds");
    let peer: std::net::SocketAddr = "127.0.0.1:50000".parse().expect("address");
    const RUNS: usize = 200;
    let mut over = Vec::new();
    println!("endpoint   allocations/request (budget)");
    for (name, method, target, headers, body, status, budget) in ENDPOINTS {
        let once = || {
            // The request is built before counting: hyper hands the app a parsed one.
            let req = request(method, target, headers, body);
            rt.block_on(async {
                let before = ALLOCATIONS.load(Ordering::Relaxed);
                let res = service.call_from(req, peer).await;
                let got = res.status().as_u16();
                // The body is read frame by frame, as hyper sends it, keeping nothing.
                let mut body = res.into_body();
                let mut len = 0;
                while let Some(Ok(frame)) = body.frame().await {
                    len += frame.data_ref().map_or(0, |d| d.len());
                }
                let spent = ALLOCATIONS.load(Ordering::Relaxed) - before;
                assert_eq!(got, status, "{name}: {len} bytes");
                spent
            })
        };
        for _ in 0..20 {
            once();
        }
        let total: usize = (0..RUNS).map(|_| once()).sum();
        let per = total as f64 / RUNS as f64;
        println!("{name:<10} {per:>6.1} ({budget})");
        if per > budget as f64 {
            over.push(format!("{name}: {per:.1} allocations per request, budget {budget}"));
        }
    }
    assert!(over.is_empty(), "the hot path allocates more than it did: {over:?}");
}
